module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'server-queue',
  rootDir: __dirname,
};
