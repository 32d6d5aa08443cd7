/** A field value as it arrives from a source, before and after transformation. */
export type FieldValue = string | number | boolean | null | undefined;

/** A value a policy may write: what YAML or JSON can express for a scalar field. */
export type ScalarValue = string | number | boolean;

export interface UppercaseSpec {
  type: 'uppercase';
}

export interface LowercaseSpec {
  type: 'lowercase';
}

export interface TrimWhitespaceSpec {
  type: 'trim_whitespace';
}

export interface ReplaceSpec {
  type: 'replace';
  /** A JavaScript regular expression source, e.g. `_` or `^(\w+)-old$`. */
  pattern: string;
  /** May refer to groups: `$1`, `$<name>`. */
  replacement: string;
  /** Regular expression flags; defaults to `g` so that every match is replaced. */
  flags?: string;
}

export interface LookupSpec {
  type: 'lookup';
  /** Source value (as text) to target value. */
  mapping: Readonly<Record<string, ScalarValue>>;
  /** Used for values the mapping does not know; without it they pass through as is. */
  default?: ScalarValue;
}

export interface DefaultSpec {
  type: 'default';
  value: ScalarValue;
}

export interface FormatSpec {
  type: 'format';
  format: 'iso8601';
}

export type TransformationSpec =
  | UppercaseSpec
  | LowercaseSpec
  | TrimWhitespaceSpec
  | ReplaceSpec
  | LookupSpec
  | DefaultSpec
  | FormatSpec;

export type TransformationType = TransformationSpec['type'];
