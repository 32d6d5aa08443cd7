export class InvalidRecordsError extends Error {
  override readonly name = 'InvalidRecordsError';

  constructor(readonly details: ReadonlyArray<{ field: string; reason: string }>) {
    super(
      `Invalid records: ${details.map((problem) => `${problem.field}: ${problem.reason}`).join('; ')}`,
    );
  }
}

export const CHANGES_ERROR_STATUSES = {
  InvalidRecordsError: 400,
} as const;
