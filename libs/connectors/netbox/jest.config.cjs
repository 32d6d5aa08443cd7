module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'connector-netbox',
  rootDir: __dirname,
};
