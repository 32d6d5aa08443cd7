// Value transformations (uppercase, replace, lookup, format …).
export * from './transformation.types';
export * from './transformation.error';
export * from './transformations';
export { normalizeIso8601 } from './iso8601';

// Policy model, validation and YAML import/export.
export * from './policy.schema';
export * from './policy-validation.error';
export * from './policy.parser';
export * from './policy-yaml';
export { OBJECT_TYPE_ALIASES, resolveObjectTypeName } from './object-type-aliases';
export { parseDuration } from './duration';
export { canonicalJson, isSameJson } from './canonical-json';

// Ingest side and conflict resolution.
export * from './conflict-resolution.types';
export * from './conflict-resolver';
export { concatenateValues, unionValues, type MergeResult } from './merge-values';
export * from './rejection-fingerprint';
export * from './record-policy';
export { parseIpAddress, privateRangeOf, reservedRangeOf, type IpAddress } from './ip-address';
