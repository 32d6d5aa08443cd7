/** Every Bull queue and job name, in one place. Payloads are typed per job. */
export const QUEUE = {
  system: 'system',
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

export const JOB = {
  heartbeat: 'heartbeat',
} as const;

export interface HeartbeatJob {
  heartbeatId: string;
  correlationId: string | null;
}

export interface JobPayloads {
  [JOB.heartbeat]: HeartbeatJob;
}

export type JobName = keyof JobPayloads;
