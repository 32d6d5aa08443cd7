module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'connector-http',
  rootDir: __dirname,
};
