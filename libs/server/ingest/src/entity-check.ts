import { type CanonicalRecord } from '@plumbline/diff-engine';
import { type CompiledRecordPolicy } from '@plumbline/policy';
import { type EntityNormalizer, type FieldProblem } from './entity-normalizer';

export type EntityCheck = { record: CanonicalRecord } | { problems: FieldProblem[] };

/**
 * What the accepting api and the applying worker both ask of an entity: the type's policy
 * (mappings, transformations, filters, validation), then the object-type checks.
 */
export function checkEntity(
  normalizer: EntityNormalizer,
  policy: CompiledRecordPolicy | undefined,
  objectType: string,
  entity: Readonly<Record<string, unknown>>,
  provenance: { source: string; observedAt: string },
): EntityCheck {
  const checked = policy?.apply(entity) ?? { status: 'accepted', record: { ...entity } };
  if (checked.status === 'rejected') {
    return { problems: checked.violations.map(({ field, reason }) => ({ field, reason })) };
  }
  if (checked.status === 'filtered') {
    return {
      problems: [
        { field: checked.field, reason: `left out by ${checked.filter}: ${checked.reason}` },
      ],
    };
  }
  const normalized = normalizer.normalize(objectType, checked.record, provenance);
  return normalized.isValid ? { record: normalized.record } : { problems: normalized.problems };
}
