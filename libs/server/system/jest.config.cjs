module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'server-system',
  rootDir: __dirname,
};
