import { canonicalJson } from './canonical-json';
import { sha256Hex } from './sha256';

/** What an operator rejected: one proposed value of one field, from one source. */
export interface RejectedProposal {
  objectType: string;
  /** Natural key of the record on the target. */
  key: string;
  /** The field; `CREATE_FIELD` / `DELETE_FIELD` for a whole create or delete. */
  field: string;
  /** The value the source proposed (for a create: its attributes and references). */
  proposed: unknown;
  source: string;
}

/** Stands for the field of a rejected create (the proposal is the whole record). */
export const CREATE_FIELD = '(create)';
/** Stands for the field of a rejected delete. */
export const DELETE_FIELD = '(delete)';

const FINGERPRINT_VERSION = 'rj1';

/**
 * A stable fingerprint of a rejected proposal: the same proposal from the same source
 * gives the same fingerprint on any machine and run, so it is not asked again; a new
 * value (or another source) gives a new one. Key order inside values does not matter.
 * Prefixed with a version so the scheme can change without matching old fingerprints.
 */
export function rejectionFingerprint(proposal: RejectedProposal): string {
  const { objectType, key, field, proposed, source } = proposal;
  const text = canonicalJson([objectType, key, field, proposed ?? null, source]);
  return `${FINGERPRINT_VERSION}:${sha256Hex(text)}`;
}
