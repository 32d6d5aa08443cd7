module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'server-drift',
  rootDir: __dirname,
};
