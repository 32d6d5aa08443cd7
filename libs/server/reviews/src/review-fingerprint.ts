import { isSameJson } from '@plumbline/diff-engine';
import { rejectionFingerprint } from '@plumbline/policy';
import { type ReviewField } from '@plumbline/server-database';

/**
 * Identifies a review item's proposal: the same source proposing the same values for the
 * same fields of the same record on the same connector. A rejected fingerprint is not asked
 * again; a new value is a new fingerprint.
 */
export function reviewFingerprint(proposal: {
  connectorId: string;
  objectType: string;
  objectKey: string;
  action: string;
  source: string;
  fields: readonly Pick<ReviewField, 'field' | 'proposed'>[];
}): string {
  const fields = [...proposal.fields].sort((left, right) => (left.field < right.field ? -1 : 1));
  return rejectionFingerprint({
    objectType: proposal.objectType,
    key: `${proposal.connectorId}/${proposal.objectKey}`,
    field: `${proposal.action}:${fields.map((field) => field.field).join(',')}`,
    proposed: Object.fromEntries(fields.map((field) => [field.field, field.proposed ?? null])),
    source: proposal.source,
  });
}

/** Whether two field values are the same once serialised canonically. */
export function isSameFieldValue(left: unknown, right: unknown): boolean {
  return isSameJson(left ?? null, right ?? null);
}
