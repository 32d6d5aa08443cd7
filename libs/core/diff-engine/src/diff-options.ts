import { type RecordSet } from './record';

export interface DiffOptions {
  /** The baseline: makes the diff three-way. */
  base?: RecordSet;
  /** No creates: records only the source has are counted as skipped. */
  shouldSkipUnmatchedSource?: boolean;
  /** No deletes: records only the target has are counted as skipped. */
  shouldSkipUnmatchedTarget?: boolean;
  /** Types left out entirely. */
  ignoredTypes?: readonly string[];
  /** Fields never compared nor written, per type. */
  ignoredFields?: Readonly<Record<string, readonly string[]>>;
  /** Limits the diff to these types and, per type, to these natural keys (a re-check). */
  scope?: {
    types?: readonly string[];
    keys?: Readonly<Record<string, readonly string[]>>;
  };
  /**
   * Deletes only target records this source owns (their `source` provenance); records of other
   * sources, and unowned ones unless allowed, are skipped.
   */
  ownership?: { owner: string; canDeleteUnowned?: boolean };
}
