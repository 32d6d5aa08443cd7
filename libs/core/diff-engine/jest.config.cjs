module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'diff-engine',
  rootDir: __dirname,
};
