export class ReviewNotFoundError extends Error {
  override readonly name = 'ReviewNotFoundError';

  constructor(readonly itemId: string) {
    super(`Review item ${itemId} does not exist`);
  }
}

export class ReviewNotOpenError extends Error {
  override readonly name = 'ReviewNotOpenError';

  constructor(
    readonly itemId: string,
    readonly state: string,
  ) {
    super(`Review item ${itemId} is ${state}; only open items can be decided`);
  }
}

export class ReviewEditError extends Error {
  override readonly name = 'ReviewEditError';
  readonly details: Array<{ field: string; reason: string }>;

  constructor(fields: readonly string[]) {
    super(`Only fields of the change can be edited: ${fields.join(', ')}`);
    this.details = fields.map((field) => ({
      field: `values.${field}`,
      reason: 'is not a field of this change',
    }));
  }
}

export const REVIEW_ERROR_STATUSES = {
  ReviewNotFoundError: 404,
  ReviewNotOpenError: 409,
  ReviewEditError: 400,
} as const;
