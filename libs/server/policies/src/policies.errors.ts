export class PolicyNotFoundError extends Error {
  override readonly name = 'PolicyNotFoundError';

  constructor(readonly scope: string) {
    super(`There is no sync policy for ${scope}`);
  }
}

export class PolicyVersionConflictError extends Error {
  override readonly name = 'PolicyVersionConflictError';
  readonly details: Array<{ field: string; reason: string }>;

  constructor(
    readonly scope: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      `The policy for ${scope} is at version ${actual}, not ${expected}: reload it and edit again`,
    );
    this.details = [
      { field: 'expectedVersion', reason: `is ${expected} but the policy is at version ${actual}` },
    ];
  }
}

/** Policy input that fails validation; `details` names each bad field by its path. */
export class InvalidPolicyError extends Error {
  override readonly name = 'InvalidPolicyError';

  constructor(
    message: string,
    readonly details: ReadonlyArray<{ field: string; reason: string }>,
  ) {
    super(message);
  }
}

export const POLICY_ERROR_STATUSES = {
  PolicyNotFoundError: 404,
  PolicyVersionConflictError: 409,
  InvalidPolicyError: 400,
} as const;
