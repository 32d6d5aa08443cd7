// Some registries (the one this project is developed against among them) do not serve
// every platform build of packages such as @swc/core or rollup. `npm install` then leaves
// those optional, foreign-platform packages out of package-lock.json and `npm ci` refuses
// the lock file as out of sync. This adds them back as optional entries that carry their
// os/cpu/libc, so `npm ci` skips them on other platforms exactly as it would with a
// complete registry. Run it after `npm install` whenever the lock file changes.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;

const OS = [
  'darwin',
  'win32',
  'android',
  'freebsd',
  'openbsd',
  'openharmony',
  'linux',
  'sunos',
  'aix',
  'netbsd',
];
const CPU = ['arm64', 'x64', 'arm', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el'];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = OS.find((candidate) => parts.includes(candidate));
  const cpu = CPU.find(
    (candidate) => parts.includes(candidate) || parts.some((part) => part.startsWith(candidate)),
  );
  if (!os || !cpu) return null;
  const platform = { os: [os], cpu: [cpu] };
  if (os === 'linux')
    platform.libc = [parts.some((part) => part.startsWith('musl')) ? 'musl' : 'glibc'];
  return platform;
}

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = location === '' ? '' : `${location}/`;
    const candidates = [`${base}node_modules/${name}`, `node_modules/${name}`];
    if (candidates.some((candidate) => packages[candidate])) continue;
    const platform = platformOf(name);
    if (!platform) continue; // not a platform build: leave it for npm to resolve
    packages[`node_modules/${name}`] = { version, optional: true, ...platform };
    if (entry.dev) packages[`node_modules/${name}`].dev = true;
    added += 1;
  }
}

writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} foreign-platform optional entries`);
