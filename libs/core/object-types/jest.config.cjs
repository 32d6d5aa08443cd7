module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'object-types',
  rootDir: __dirname,
};
