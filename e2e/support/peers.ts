import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT } from './stack';

export interface PeerInfo {
  kind: 'netbox' | 'nautobot';
  url: string;
  token: string;
  version: string;
}

export interface Peers {
  netbox: PeerInfo;
  nautobotProduction: PeerInfo;
  nautobotDiscovery: PeerInfo;
}

/**
 * The real NetBox and Nautobot instances `npm run peers:up` started, or the reason there
 * are none. Under CI a missing peer is a failure, elsewhere the suite is skipped with it.
 */
export function loadPeers(): { peers: Peers } | { reason: string } {
  const unavailable = process.env['PLUMBLINE_PEERS_UNAVAILABLE'];
  if (unavailable) return { reason: unavailable };
  const file = resolve(ROOT, 'peers.json');
  if (!existsSync(file)) return { reason: 'no peers.json: run `npm run peers:up` first' };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { peers: Peers };
  return { peers: parsed.peers };
}

export function describeWithPeers(name: string, body: (peers: () => Peers) => void): void {
  const loaded = loadPeers();
  if ('reason' in loaded) {
    if (process.env['CI'] === 'true')
      throw new Error(`${name}: real peers are required under CI (${loaded.reason})`);
    describe.skip(`${name} (skipped: ${loaded.reason})`, () => body(() => ({}) as Peers));
    return;
  }
  describe(name, () => body(() => loaded.peers));
}
