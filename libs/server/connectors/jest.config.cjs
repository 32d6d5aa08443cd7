module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'server-connectors',
  rootDir: __dirname,
};
