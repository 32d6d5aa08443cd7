export class ConnectorNotFoundError extends Error {
  override readonly name = 'ConnectorNotFoundError';

  constructor(readonly connectorId: string) {
    super(`Connector ${connectorId} does not exist`);
  }
}

export class ConnectorNameTakenError extends Error {
  override readonly name = 'ConnectorNameTakenError';
  readonly details: Array<{ field: string; reason: string }>;

  constructor(readonly connectorName: string) {
    super(`A connector named "${connectorName}" already exists`);
    this.details = [{ field: 'name', reason: 'is already used by another connector' }];
  }
}

export const CONNECTOR_ERROR_STATUSES = {
  ConnectorNotFoundError: 404,
  ConnectorNameTakenError: 409,
} as const;
