module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'server-rate-limit',
  rootDir: __dirname,
};
