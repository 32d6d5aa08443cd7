// Runs the NestJS Swagger plugin over the api's sources (DTO types and JSDoc comments)
// and writes apps/api/src/metadata.ts, which the api loads at start-up.
const {
  PluginMetadataGenerator,
} = require('@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator');
const { ReadonlyVisitor } = require('@nestjs/swagger/plugin');
const path = require('node:path');

const sourceDir = path.resolve(__dirname, '../apps/api/src');
new PluginMetadataGenerator().generate({
  visitors: [
    new ReadonlyVisitor({
      introspectComments: true,
      pathToSource: sourceDir,
      dtoFileNameSuffix: ['.dto.ts'],
      controllerFileNameSuffix: ['.controller.ts'],
      classValidatorShim: true,
    }),
  ],
  outputDir: sourceDir,
  tsconfigPath: 'apps/api/tsconfig.json',
  filename: 'metadata.ts',
  printDiagnostics: false,
});
