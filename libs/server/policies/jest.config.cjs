module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'server-policies',
  rootDir: __dirname,
};
