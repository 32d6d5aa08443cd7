import { readFileSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { countChanges, DiffEngine, RecordLoader, type RecordSet } from '@plumbline/diff-engine';
import { NETBOX_NAUTOBOT_TYPES, ObjectTypeRegistry } from '@plumbline/object-types';
import { writePlan } from './plan-output';
import { readRecordFile } from './record-file';

const USAGE = `Usage: plumbline diff SOURCE.jsonl TARGET.jsonl [--base BASE.jsonl] [--types a,b]
                      [--skip-creates] [--skip-deletes] [--summary] [--stats]

Compares two record files (docs/record-format.md) and prints the plan as JSON.
  --base FILE     baseline records: a three-way diff with conflicts
  --types a,b     only these object types (e.g. dcim.device,dcim.interface)
  --skip-creates  no creates for records only the source has
  --skip-deletes  no deletes for records only the target has
  --summary       print the summary counts instead of the whole plan
  --stats         print timings and peak memory as one JSON line on stderr`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface DiffStats {
  loadSeconds: number;
  diffSeconds: number;
  totalSeconds: number;
  records: number;
  changes: number;
  peakRssMiB: number;
}

/** Runs the command line; returns the exit code. */
export function main(argv: readonly string[], out = stdoutWriter, err = stderrWriter): number {
  try {
    return run(argv, out, err);
  } catch (error) {
    const isUsage = error instanceof UsageError;
    err(`plumbline: ${error instanceof Error ? error.message : String(error)}\n`);
    if (isUsage) err(`${USAGE}\n`);
    return isUsage ? 2 : 1;
  }
}

function run(
  argv: readonly string[],
  out: (text: string) => void,
  err: (text: string) => void,
): number {
  const { values, positionals } = parseCommand(argv);
  if (values.help) {
    out(`${USAGE}\n`);
    return 0;
  }
  const [command, sourcePath, targetPath, ...rest] = positionals;
  if (command !== 'diff' || !sourcePath || !targetPath || rest.length > 0) {
    throw new UsageError('expected: diff SOURCE TARGET');
  }
  const registry = new ObjectTypeRegistry(NETBOX_NAUTOBOT_TYPES);
  const types = values.types
    ?.split(',')
    .map((type) => type.trim())
    .filter(Boolean);
  for (const type of types ?? []) {
    if (!registry.has(type)) throw new UsageError(`--types: unknown object type ${type}`);
  }
  const started = performance.now();
  const load = (path: string): RecordSet => readRecordFile(path, new RecordLoader(registry));
  const source = load(sourcePath);
  const target = load(targetPath);
  const base = values.base === undefined ? undefined : load(values.base);
  const loaded = performance.now();
  const plan = new DiffEngine(registry).diff(source, target, {
    ...(base ? { base } : {}),
    ...(types ? { scope: { types } } : {}),
    shouldSkipUnmatchedSource: values['skip-creates'] ?? false,
    shouldSkipUnmatchedTarget: values['skip-deletes'] ?? false,
  });
  const finished = performance.now();
  if (values.stats) {
    const stats: DiffStats = {
      loadSeconds: round((loaded - started) / 1000),
      diffSeconds: round((finished - loaded) / 1000),
      totalSeconds: round((finished - started) / 1000),
      records: source.size + target.size + (base?.size ?? 0),
      changes: countChanges(plan.summary),
      peakRssMiB: peakRssMiB(),
    };
    err(`${JSON.stringify(stats)}\n`);
  }
  if (values.summary) {
    out(`${JSON.stringify(plan.summary, undefined, 2)}\n`);
  } else {
    writePlan(plan, out);
  }
  return 0;
}

function parseCommand(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        base: { type: 'string' },
        types: { type: 'string' },
        'skip-creates': { type: 'boolean' },
        'skip-deletes': { type: 'boolean' },
        summary: { type: 'boolean' },
        stats: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Peak resident set size of this process (VmHWM), in MiB; 0 where /proc is missing. */
export function peakRssMiB(): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? round(Number(match[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

const stdoutWriter = (text: string) => writeFully(1, text);
const stderrWriter = (text: string) => writeFully(2, text);

/** Synchronous writes; a pipe in non-blocking mode answers EAGAIN until the reader catches up. */
function writeFully(descriptor: number, text: string): void {
  let pending = Buffer.from(text);
  while (pending.length > 0) {
    try {
      pending = pending.subarray(writeSync(descriptor, pending));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}
