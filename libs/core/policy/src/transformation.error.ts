/**
 * A transformation could not be compiled (bad pattern, unknown type) or could not be
 * applied to a value (wrong value type, unparseable date). Names the rule that failed by
 * its position in the list and its type, so an operator can find it in the policy.
 */
export class TransformationError extends Error {
  override readonly name = 'TransformationError';

  constructor(
    /** Zero-based position of the failing transformation in its list. */
    readonly index: number,
    /** The failing transformation's `type`, as written in the policy. */
    readonly transformation: string,
    /** What went wrong, without the rule prefix. */
    readonly reason: string,
  ) {
    super(`transformation #${index + 1} (${transformation}): ${reason}`);
  }
}
