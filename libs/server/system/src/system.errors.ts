export class HeartbeatNotFoundError extends Error {
  override readonly name = 'HeartbeatNotFoundError';

  constructor(readonly heartbeatId: string) {
    super(`Heartbeat ${heartbeatId} does not exist`);
  }
}

export const SYSTEM_ERROR_STATUSES = {
  HeartbeatNotFoundError: 404,
} as const;
