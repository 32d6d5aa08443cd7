module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'connector-nautobot',
  rootDir: __dirname,
};
