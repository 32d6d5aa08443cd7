/** One bad field of a policy: where it is and what is wrong with it. */
export interface PolicyIssue {
  /** Dotted path of the field, e.g. `policies.0.conflict_resolution.strategy`; `` for the whole input. */
  path: string;
  reason: string;
}

/**
 * Policy input (JSON or YAML) that cannot be used. Lists every bad field rather than the
 * first, so an operator fixes a file in one go; the API answers it with a 400 and `issues`.
 */
export class PolicyValidationError extends Error {
  override readonly name = 'PolicyValidationError';

  constructor(readonly issues: readonly PolicyIssue[]) {
    super(`invalid policy: ${issues.map(describeIssue).join('; ')}`);
  }
}

function describeIssue(issue: PolicyIssue): string {
  return issue.path === '' ? issue.reason : `${issue.path}: ${issue.reason}`;
}
