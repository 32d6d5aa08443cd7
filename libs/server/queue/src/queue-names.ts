/** Every Bull queue and job name, in one place. Payloads are typed per job. */
export const QUEUE = {
  system: 'system',
  ingest: 'ingest',
  drift: 'drift',
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

export const JOB = {
  heartbeat: 'heartbeat',
  ingestRun: 'ingest.run',
  driftCheck: 'drift.check',
  driftReconcile: 'drift.reconcile',
} as const;

export interface HeartbeatJob {
  heartbeatId: string;
  correlationId: string | null;
}

/** Work through one accepted ingestion (its pending entities are in PostgreSQL). */
export interface IngestRunJob {
  ingestionId: string;
  correlationId: string | null;
}

/** Re-check one object a webhook said changed (`peerId`: its id on the instance). */
export interface DriftCheckJob {
  connectorId: string;
  objectType: string;
  /** The ingested record's natural key. */
  objectKey: string;
  peerId: string | number;
  /** The list endpoint the object lives at, e.g. `dcim/devices/`. */
  endpoint: string;
  event: 'created' | 'updated' | 'deleted';
  /** When the webhook arrived (ISO 8601), for the webhook-to-decision latency. */
  receivedAt: string;
  correlationId: string | null;
}

/** A tick of the reconciler: checks the ingested records that are due. */
export interface DriftReconcileJob {
  tick: true;
}

export interface JobPayloads {
  [JOB.heartbeat]: HeartbeatJob;
  [JOB.driftCheck]: DriftCheckJob;
  [JOB.driftReconcile]: DriftReconcileJob;
  [JOB.ingestRun]: IngestRunJob;
}

export type JobName = keyof JobPayloads;
