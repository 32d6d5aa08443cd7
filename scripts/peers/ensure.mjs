// Bring the real peers up for a test run and tell the caller whether they can be used.
//
//   import { ensurePeers } from './peers/ensure.mjs';
//   const peers = await ensurePeers();
//   // { ok: true, doc }                      peers.json parsed (URLs, tokens, versions)
//   // { ok: false, unavailable: true, reason } exit 3: not possible on this machine (no root…)
//   // { ok: false, unavailable: false, reason } a real failure (the harness printed the log tail)
//
// Policy stays with the caller (see docs/peers.md): under CI=true any { ok: false } fails the
// run; elsewhere the suites that need peers are skipped and `reason` is printed at the end.
// Run directly (`node scripts/peers/ensure.mjs`) it prints the result as one JSON line and
// exits with the harness's code.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
export const EXIT_UNAVAILABLE = 3;

// The harness's progress (stderr) is passed through unless quiet; its JSON (stdout) is not.
export function ensurePeers({ command = 'up', quiet = false } = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn('bash', [resolve(here, 'peers.sh'), command], {
      cwd: repo,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderrTail = '';
    child.stderr.on('data', (chunk) => {
      if (!quiet) process.stderr.write(chunk);
      stderrTail = (stderrTail + chunk).slice(-4000);
    });
    child.on('error', (err) =>
      resolvePromise({ ok: false, unavailable: true, reason: `cannot run bash: ${err.message}` }),
    );
    child.on('close', (code) => {
      if (code === 0) {
        try {
          const doc = JSON.parse(
            readFileSync(process.env.PEERS_JSON || resolve(repo, 'peers.json'), 'utf8'),
          );
          resolvePromise({ ok: true, doc });
        } catch (err) {
          resolvePromise({
            ok: false,
            unavailable: false,
            reason: `peers.json unreadable: ${err.message}`,
          });
        }
        return;
      }
      const lastLine = stderrTail
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('peers: '))
        .pop();
      resolvePromise({
        ok: false,
        unavailable: code === EXIT_UNAVAILABLE,
        reason: lastLine ?? `scripts/peers/peers.sh ${command} exited with ${code}`,
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await ensurePeers();
  console.log(
    JSON.stringify(result.ok ? { ok: true, peers: Object.keys(result.doc.peers) } : result),
  );
  process.exit(result.ok ? 0 : result.unavailable ? EXIT_UNAVAILABLE : 1);
}
