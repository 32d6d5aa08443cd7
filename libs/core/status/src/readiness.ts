import { type HealthStatus } from './status';

export interface ReadySummary {
  ready: number;
  total: number;
  /** For display, e.g. `3/4 ready`. */
  text: string;
}

/** Only `healthy` counts as ready: a progressing switch is not yet serving. */
export function isReady(health: HealthStatus): boolean {
  return health === 'healthy';
}

/** The "N/M ready" line shown for a fabric, from the health of its components. */
export function readySummary(healths: Iterable<HealthStatus>): ReadySummary {
  let ready = 0;
  let total = 0;
  for (const health of healths) {
    total += 1;
    if (isReady(health)) ready += 1;
  }
  return { ready, total, text: `${ready}/${total} ready` };
}
