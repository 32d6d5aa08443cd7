/** Every Bull queue and job name, in one place. Payloads are typed per job. */
export const QUEUE = {
  system: 'system',
  ingest: 'ingest',
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

export const JOB = {
  heartbeat: 'heartbeat',
  ingestRun: 'ingest.run',
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

export interface JobPayloads {
  [JOB.heartbeat]: HeartbeatJob;
  [JOB.ingestRun]: IngestRunJob;
}

export type JobName = keyof JobPayloads;
