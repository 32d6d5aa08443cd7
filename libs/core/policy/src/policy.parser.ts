import { type z } from 'zod';
import { type PolicyIssue, PolicyValidationError } from './policy-validation.error';
import {
  type ObjectTypePolicy,
  objectTypePolicySchema,
  type PolicySet,
  policySetSchema,
} from './policy.schema';

export type PolicyParseResult<T> =
  { ok: true; value: T } | { ok: false; error: PolicyValidationError };

/** Checks a whole policy set (e.g. a JSON body); never throws for bad input. */
export function validatePolicySet(input: unknown): PolicyParseResult<PolicySet> {
  return toResult(policySetSchema.safeParse(input));
}

/**
 * Checks a whole policy set and fills in defaults.
 *
 * @throws PolicyValidationError listing every bad field by path.
 */
export function parsePolicySet(input: unknown): PolicySet {
  return unwrap(validatePolicySet(input));
}

/** Checks one object type's policy (the unit the API stores and versions). */
export function validateObjectTypePolicy(input: unknown): PolicyParseResult<ObjectTypePolicy> {
  return toResult(objectTypePolicySchema.safeParse(input));
}

/** @throws PolicyValidationError listing every bad field by path. */
export function parseObjectTypePolicy(input: unknown): ObjectTypePolicy {
  return unwrap(validateObjectTypePolicy(input));
}

/** The policy of an object type, or undefined when the set has none for it. */
export function findPolicy(set: PolicySet, objectType: string): ObjectTypePolicy | undefined {
  return set.policies.find((policy) => policy.object_type === objectType);
}

/** Zod issues as path/reason pairs; `prefix` places them inside a larger document. */
export function toPolicyIssues(
  error: z.ZodError,
  prefix: readonly PropertyKey[] = [],
): PolicyIssue[] {
  return error.issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    // Zod reports unknown keys on their parent; the key itself is what the operator must fix.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: joinPath([...path, key]),
        reason: 'is not a known setting',
      }));
    }
    return [{ path: joinPath(path), reason: issue.message }];
  });
}

export function joinPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

function toResult<T>(result: z.ZodSafeParseResult<T>): PolicyParseResult<T> {
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, error: new PolicyValidationError(toPolicyIssues(result.error)) };
}

function unwrap<T>(result: PolicyParseResult<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}
