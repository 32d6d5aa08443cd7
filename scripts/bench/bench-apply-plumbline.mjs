// The Plumbline half of bench:apply, bundled and run by bench-apply.mjs. Reads the benchmark
// records (JSON lines on disk), diffs them against what the Nautobot holds (none of them),
// applies the plan through the Nautobot connector's bulk writes and prints the timing as JSON.
// With --delete it removes the records instead (between the two runs and at the end).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { connectorRegistry, failuresOf, syncTo } from '@plumbline/connector-http';
import { NautobotAdapter } from '@plumbline/connector-nautobot';
import { RecordLoader, RecordSet } from '@plumbline/diff-engine';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    token: { type: 'string' },
    records: { type: 'string' },
    delete: { type: 'boolean', default: false },
  },
});

async function main() {
  const token = values.token ?? process.env['BENCH_NAUTOBOT_TOKEN'];
  if (!values.url || !token || !values.records) {
    throw new Error('--url, --records and a token (BENCH_NAUTOBOT_TOKEN) are required');
  }
  const loader = new RecordLoader(connectorRegistry);
  const lines = readFileSync(values.records, 'utf8').split('\n').filter(Boolean);
  const desired = RecordSet.of(
    lines.map((line, index) => loader.toRecord(JSON.parse(line), index + 1)),
  );
  const keys = {};
  for (const record of desired) (keys[record.type] ??= []).push(record.key);
  const scope = { types: Object.keys(keys), keys };
  const adapter = new NautobotAdapter({
    url: values.url,
    token,
    // Nautobot saves the objects of a bulk request one by one (validation, signals, change
    // log), so throughput comes from keeping every uwsgi worker busy: small batches, several
    // in flight.
    batchSize: 50,
    batchesInFlight: 6,
    maxConcurrency: 8,
  });
  const startedAt = performance.now();
  process.stderr.write(`  start\n`);
  // A fresh target: no re-check reads between batches (they serve plans applied later).
  const outcome = await syncTo(
    adapter,
    values.delete ? new RecordSet() : desired,
    { scope },
    {
      // Per batch timings on stderr: where the time goes.
      write: async (batch) => {
        const batchStart = performance.now();
        const written = await adapter.write(batch);
        process.stderr.write(
          `  ${batch.action} ${batch.type}: ${batch.operations.length} in ${((performance.now() - batchStart) / 1000).toFixed(1)} s\n`,
        );
        return written;
      },
    },
    // The runner hands the adapter whole levels; the adapter splits them into bulk requests.
    { batchSize: 10_000 },
  );
  const seconds = (performance.now() - startedAt) / 1000;
  const failures = failuresOf(outcome);
  process.stdout.write(
    `${JSON.stringify({
      seconds,
      applied: outcome.result.counts.applied,
      failed: failures.length,
      firstFailures: failures.slice(0, 5),
    })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
