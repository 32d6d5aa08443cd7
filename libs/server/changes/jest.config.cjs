module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'server-changes',
  rootDir: __dirname,
};
