module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'server-reviews',
  rootDir: __dirname,
};
