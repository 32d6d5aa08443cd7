// Bundles the api, its admin CLI and the worker with esbuild. SWC compiles our
// TypeScript first because NestJS and TypeORM need decorator metadata, which esbuild
// does not emit. Packages in node_modules stay external.
import { transformFile } from '@swc/core';
import { build } from 'esbuild';

const swcDecorators = {
  name: 'swc-decorators',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, async (args) => {
      const { code, map } = await transformFile(args.path, {
        sourceMaps: true,
        jsc: {
          target: 'es2022',
          keepClassNames: true,
          parser: { syntax: 'typescript', decorators: true },
          transform: {
            legacyDecorator: true,
            decoratorMetadata: true,
            useDefineForClassFields: false,
          },
        },
        module: { type: 'es6' },
      });
      const inlineMap = `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString('base64')}`;
      return { contents: code + inlineMap, loader: 'js' };
    });
  },
};

const entries = [
  { in: 'apps/api/src/main.ts', out: 'dist/apps/api/main.js' },
  { in: 'apps/api/src/cli.ts', out: 'dist/apps/api/cli.js' },
  { in: 'apps/worker/src/main.ts', out: 'dist/apps/worker/main.js' },
];

const startedAt = Date.now();
await Promise.all(
  entries.map((entry) =>
    build({
      entryPoints: [entry.in],
      outfile: entry.out,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      sourcemap: true,
      keepNames: true,
      tsconfig: 'tsconfig.base.json',
      plugins: [swcDecorators],
      logLevel: 'warning',
    }),
  ),
);
console.log(`server bundles built in ${Date.now() - startedAt} ms`);
