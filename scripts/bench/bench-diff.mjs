#!/usr/bin/env node
// Diff benchmark: Plumbline against DiffSync 2.x on identical generated data, each engine in
// its own child process so each peak RSS (VmHWM, covering load and diff) is its own.
//   npm run bench:diff -- --objects 110000 [--skip-diffsync] [--runs 3] [--keep]
// The last line of stdout is the JSON result: the keys first (diff phase, peak memory),
// then load and load + diff (total) for both engines.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    objects: { type: 'string', default: '110000' },
    'skip-diffsync': { type: 'boolean', default: false },
    runs: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    'out-dir': { type: 'string', default: join(root, 'bench-out') },
  },
});
const requested = Number(values.objects);
const runs = Math.max(1, Number(values.runs));
if (!Number.isInteger(requested) || requested < 11) {
  fail('--objects must be an integer of at least 11');
}

function fail(message) {
  process.stderr.write(`bench:diff: ${message}\n`);
  process.exit(1);
}

function log(message) {
  process.stderr.write(`${message}\n`);
}

/**
 * Devices with ten interfaces each; every object has three attributes besides its natural
 * key. On the target, every hundredth interface has another description (1% changed).
 */
function generate(directory, objects) {
  const devices = Math.ceil(objects / 11);
  const pad = (value) => String(value).padStart(7, '0');
  const write = (path, isTarget) => {
    const descriptor = openSync(path, 'w');
    let lines = [];
    let interfaceIndex = 0;
    for (let device = 0; device < devices; device += 1) {
      const name = `device-${pad(device)}`;
      lines.push(
        JSON.stringify({
          type: 'dcim.device',
          attrs: {
            name,
            serial: `SN${pad(device)}`,
            asset_tag: `AT-${pad(device)}`,
            comments: `rack row ${device % 40}`,
          },
        }),
      );
      for (let port = 0; port < 10; port += 1) {
        const isChanged = isTarget && interfaceIndex % 100 === 0;
        interfaceIndex += 1;
        lines.push(
          JSON.stringify({
            type: 'dcim.interface',
            attrs: {
              name: `Ethernet1/${port + 1}`,
              description: isChanged ? `changed uplink ${port}` : `uplink ${port} of ${name}`,
              mtu: port % 2 === 0 ? 1500 : 9000,
              enabled: port !== 9,
            },
            refs: { device: name },
          }),
        );
      }
      if (lines.length >= 11_000) {
        writeSync(descriptor, `${lines.join('\n')}\n`);
        lines = [];
      }
    }
    writeSync(descriptor, `${lines.join('\n')}\n`);
    closeSync(descriptor);
  };
  const source = join(directory, `source-${objects}.jsonl`);
  const target = join(directory, `target-${objects}.jsonl`);
  write(source, false);
  write(target, true);
  return {
    source,
    target,
    objectsPerSide: devices * 11,
    expectedChanges: Math.ceil((devices * 10) / 100),
  };
}

/** Runs a child and returns the JSON it printed last (on the given stream). */
function runChild(command, args, stream) {
  const child = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (child.status !== 0) {
    fail(`${command} ${args.join(' ')} failed (${child.status}):\n${child.stderr}`);
  }
  const lines = child[stream].trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

function plumblineRun(files) {
  const bin = join(root, 'tools/cli/bin/plumbline.mjs');
  return runChild(
    process.execPath,
    [bin, 'diff', files.source, files.target, '--summary', '--stats'],
    'stderr',
  );
}

/** A virtual environment with DiffSync 2.x under the user's cache directory, made once. */
function diffsyncPython() {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const venv = join(cache, 'plumbline', 'diffsync-venv');
  const python = join(venv, 'bin', 'python');
  const check = spawnSync(
    python,
    [
      '-c',
      'import diffsync, sys; assert diffsync.__version__ if hasattr(diffsync, "__version__") else True',
    ],
    {
      encoding: 'utf8',
    },
  );
  if (check.status === 0) return python;
  log(`bench:diff: installing DiffSync 2.x into ${venv}`);
  mkdirSync(dirname(venv), { recursive: true });
  for (const [command, args] of [
    ['python3', ['-m', 'venv', venv]],
    [python, ['-m', 'pip', 'install', '--quiet', 'diffsync>=2,<3']],
  ]) {
    const step = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (step.status !== 0) fail(`${command} ${args.join(' ')} failed`);
  }
  return python;
}

function diffsyncRun(files, python) {
  return runChild(
    python,
    [join(root, 'scripts/bench/diffsync_bench.py'), files.source, files.target],
    'stdout',
  );
}

/** The run with the median of one timing, so one noisy run does not decide the figure. */
function median(results, timing = 'diffSeconds') {
  const sorted = [...results].sort((left, right) => left[timing] - right[timing]);
  return sorted[Math.floor(sorted.length / 2)];
}

const ratio = (slower, faster) => Math.round((slower / faster) * 100) / 100;

mkdirSync(values['out-dir'], { recursive: true });
log(`bench:diff: generating ${requested} objects per side in ${values['out-dir']}`);
const files = generate(values['out-dir'], requested);
// Build the CLI bundle outside the measured runs.
const build = spawnSync(process.execPath, [join(root, 'tools/cli/bin/plumbline.mjs'), '--help'], {
  cwd: root,
});
if (build.status !== 0) fail(`building the CLI failed:\n${build.stderr}`);

const plumblineRuns = Array.from({ length: runs }, (_, run) => {
  const result = plumblineRun(files);
  log(`plumbline run ${run + 1}: ${JSON.stringify(result)}`);
  return result;
});
const plumbline = median(plumblineRuns);
// Load and total (load + diff) come from the run with the median total.
const plumblineTotal = median(plumblineRuns, 'totalSeconds');
if (plumbline.changes !== files.expectedChanges) {
  fail(`Plumbline found ${plumbline.changes} changes; the data holds ${files.expectedChanges}`);
}
const result = {
  objectsPerSide: files.objectsPerSide,
  diffSeconds: plumbline.diffSeconds,
  peakRssMiB: plumbline.peakRssMiB,
  changes: plumbline.changes,
  loadSeconds: plumblineTotal.loadSeconds,
  totalSeconds: plumblineTotal.totalSeconds,
};
if (!values['skip-diffsync']) {
  const python = diffsyncPython();
  const diffsyncRuns = Array.from({ length: runs }, (_, run) => {
    const outcome = diffsyncRun(files, python);
    log(`diffsync run ${run + 1}: ${JSON.stringify(outcome)}`);
    return outcome;
  });
  const diffsync = median(diffsyncRuns);
  const diffsyncTotal = median(diffsyncRuns, 'totalSeconds');
  if (diffsync.changes !== plumbline.changes) {
    fail(
      `engines disagree: Plumbline found ${plumbline.changes} changes, DiffSync ${diffsync.changes}`,
    );
  }
  Object.assign(result, {
    diffsyncDiffSeconds: diffsync.diffSeconds,
    diffsyncPeakRssMiB: diffsync.peakRssMiB,
    speedupVsDiffsync: ratio(diffsync.diffSeconds, plumbline.diffSeconds),
    memoryRatioVsDiffsync: ratio(diffsync.peakRssMiB, plumbline.peakRssMiB),
    diffsyncLoadSeconds: diffsyncTotal.loadSeconds,
    diffsyncTotalSeconds: diffsyncTotal.totalSeconds,
    totalSpeedupVsDiffsync: ratio(diffsyncTotal.totalSeconds, plumblineTotal.totalSeconds),
  });
}
if (!values.keep) {
  for (const path of [files.source, files.target]) if (existsSync(path)) rmSync(path);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
