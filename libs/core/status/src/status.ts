/**
 * Sync status and health are kept apart (as in Argo CD): a component can be in sync with
 * its desired state and still be unhealthy, or healthy while drifting from it.
 */
export const SYNC_STATUSES = ['synced', 'out_of_sync', 'unknown'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

/**
 * Health states, listed from least to most severe. The order is the aggregation rule:
 * a parent takes the health of its worst child.
 *
 * - `healthy`: working as intended.
 * - `progressing`: not healthy yet but on its way (rolling out, syncing).
 * - `unknown`: no evidence either way. Worse than progressing because nobody can vouch
 *   for it, but milder than a confirmed problem so that real faults are what surface.
 * - `missing`: expected but not found.
 * - `degraded`: running with a fault.
 * - `failed`: not working.
 */
export const HEALTH_STATUSES = [
  'healthy',
  'progressing',
  'unknown',
  'missing',
  'degraded',
  'failed',
] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export interface ComponentStatus {
  sync: SyncStatus;
  health: HealthStatus;
}

export function isSyncStatus(value: unknown): value is SyncStatus {
  return typeof value === 'string' && (SYNC_STATUSES as readonly string[]).includes(value);
}

export function isHealthStatus(value: unknown): value is HealthStatus {
  return typeof value === 'string' && (HEALTH_STATUSES as readonly string[]).includes(value);
}

/** 0 for `healthy`, rising with severity. */
export function healthSeverity(health: HealthStatus): number {
  return HEALTH_STATUSES.indexOf(health);
}

/** Comparator for sorting the most severe first, e.g. `list.sort(compareHealth)`. */
export function compareHealth(left: HealthStatus, right: HealthStatus): number {
  return healthSeverity(right) - healthSeverity(left);
}

/**
 * Health of a parent from its children: the most severe child wins. A parent without
 * children is `unknown`, not `healthy`: an empty fabric has shown nothing to be trusted.
 */
export function worstHealth(children: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus | undefined;
  for (const health of children) {
    if (worst === undefined || healthSeverity(health) > healthSeverity(worst)) {
      worst = health;
    }
  }
  return worst ?? 'unknown';
}

/**
 * Sync status of a parent: out of sync as soon as one child is, synced only when every
 * child is known to be synced, otherwise unknown (including when there are no children).
 */
export function aggregateSync(children: Iterable<SyncStatus>): SyncStatus {
  let hasChildren = false;
  let isAllSynced = true;
  for (const sync of children) {
    hasChildren = true;
    if (sync === 'out_of_sync') return 'out_of_sync';
    if (sync !== 'synced') isAllSynced = false;
  }
  return hasChildren && isAllSynced ? 'synced' : 'unknown';
}
