import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One peer as the harness (scripts/peers/peers.sh) writes it to peers.json. */
export interface PeerEntry {
  kind: 'netbox' | 'nautobot';
  name: string;
  url: string;
  token: string;
  version: string;
}

export interface PeersFile {
  peers: {
    netbox: PeerEntry;
    nautobotProduction: PeerEntry;
    nautobotDiscovery: PeerEntry;
  };
}

/** Where the harness writes peers.json: the repository root, or PLUMBLINE_PEERS_FILE. */
export function peersFilePath(root: string = process.cwd()): string {
  return process.env['PLUMBLINE_PEERS_FILE'] ?? join(root, 'peers.json');
}

/**
 * The running peers, or the reason there are none. Integration specs skip with that reason,
 * except under CI=true where a missing peer is a failure (see requirePeers).
 */
export function readPeersFile(path: string = peersFilePath()): PeersFile | { reason: string } {
  if (!existsSync(path)) {
    return { reason: `${path} is missing: run npm run peers:up to start NetBox and Nautobot` };
  }
  return JSON.parse(readFileSync(path, 'utf8')) as PeersFile;
}

/** For specs: the peers, or undefined after printing why the suite is skipped. Throws under CI. */
export function requirePeers(suite: string): PeersFile | undefined {
  const peers = readPeersFile();
  if ('reason' in peers) {
    if (process.env['CI'] === 'true') {
      throw new Error(`${suite}: real peers required under CI=true: ${peers.reason}`);
    }
    console.warn(`SKIPPED ${suite}: ${peers.reason}`);
    return undefined;
  }
  return peers;
}
