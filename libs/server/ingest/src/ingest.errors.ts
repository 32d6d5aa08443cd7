interface FieldProblem {
  field: string;
  reason: string;
}

/** The request itself is unusable (body shape, headers, object type, targets). */
export class InvalidIngestRequestError extends Error {
  override readonly name = 'InvalidIngestRequestError';

  constructor(readonly details: readonly FieldProblem[]) {
    super(details.map((problem) => `${problem.field}: ${problem.reason}`).join('; '));
  }
}

export class IngestBatchTooLargeError extends Error {
  override readonly name = 'IngestBatchTooLargeError';

  constructor(
    readonly count: number,
    readonly limit: number,
  ) {
    super(`body: holds ${count} entities; at most ${limit} are taken per request`);
  }
}

export class UnknownObjectTypeError extends Error {
  override readonly name = 'UnknownObjectTypeError';

  constructor(readonly objectType: string) {
    super(`objectType: ${objectType} is not an object type Plumbline knows`);
  }
}

/** Every entity of the request was invalid. The ingestion is recorded all the same. */
export class AllEntitiesRejectedError extends Error {
  override readonly name = 'AllEntitiesRejectedError';

  constructor(
    readonly ingestionId: string,
    readonly details: ReadonlyArray<{ index: number; field: string; reason: string }>,
  ) {
    super(
      `Every entity was rejected (ingestion ${ingestionId}): ${details
        .slice(0, 5)
        .map((problem) => `entities.${problem.index}.${problem.field}: ${problem.reason}`)
        .join('; ')}${details.length > 5 ? '; …' : ''}`,
    );
  }
}

export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';

  constructor(readonly ingestionId: string) {
    super(`Idempotency-Key: was already used for a different request (ingestion ${ingestionId})`);
  }
}

export class IngestionNotFoundError extends Error {
  override readonly name = 'IngestionNotFoundError';

  constructor(readonly id: string) {
    super(`Ingestion ${id} does not exist`);
  }
}

export class IngestionFinishedError extends Error {
  override readonly name = 'IngestionFinishedError';

  constructor(readonly id: string) {
    super(`Ingestion ${id} has already finished`);
  }
}

export const INGEST_ERROR_STATUSES = {
  InvalidIngestRequestError: 400,
  IngestBatchTooLargeError: 413,
  UnknownObjectTypeError: 404,
  AllEntitiesRejectedError: 422,
  IdempotencyKeyReusedError: 422,
  IngestionNotFoundError: 404,
  IngestionFinishedError: 409,
} as const;
