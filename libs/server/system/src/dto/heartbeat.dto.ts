export class HeartbeatDto {
  id!: string;

  /** Who asked for the heartbeat. */
  requestedBy!: string;

  /** Correlation id of the request that asked for it. */
  correlationId!: string | null;

  requestedAt!: Date;

  /** When the worker recorded it; null while it is still queued. */
  processedAt!: Date | null;

  /** Which worker process recorded it. */
  workerId!: string | null;
}
