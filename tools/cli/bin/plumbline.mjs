#!/usr/bin/env node
// Launcher: bundles the TypeScript sources with esbuild on first use (and whenever a source is
// newer than the bundle), so the command works in a fresh clone without a build step.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workspaceRoot = resolve(cliRoot, '../..');
const bundle = join(cliRoot, 'dist', 'plumbline.mjs');
const sourceDirs = ['tools/cli/src', 'libs/core/diff-engine/src', 'libs/core/object-types/src'];

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of sourceDirs) walk(join(workspaceRoot, dir));
  return newest;
}

async function ensureBundle() {
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource()) return;
  const { build } = await import('esbuild');
  mkdirSync(dirname(bundle), { recursive: true });
  const partial = `${bundle}.${process.pid}.tmp`;
  await build({
    entryPoints: [join(cliRoot, 'src', 'main.ts')],
    outfile: partial,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: join(workspaceRoot, 'tsconfig.base.json'),
    logLevel: 'error',
  });
  renameSync(partial, bundle); // atomic, so parallel first runs never read half a bundle
}

await ensureBundle();
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = main(process.argv.slice(2));
