/** How two values of one field are compared. Everything is opt-in per field. */
export interface FieldRule {
  /** Value kind; drives normalisation. Defaults to plain JSON equality. */
  kind?: 'string' | 'number' | 'boolean' | 'ip' | 'cidr' | 'json';
  /** Compare strings without regard to case. */
  isCaseInsensitive?: boolean;
  /** Ignore leading and trailing whitespace of strings. */
  isTrimmed?: boolean;
  /** Treat null, undefined and the empty string as the same value. */
  isNullEmpty?: boolean;
  /** The value is a list whose order carries no meaning (tags, tagged VLANs). */
  isUnordered?: boolean;
}

/** An attribute: a plain value stored on the object. */
export interface AttributeDefinition extends FieldRule {
  name: string;
}

/** A reference to other records, by their natural key. */
export interface ReferenceDefinition {
  name: string;
  /** The referenced object type, e.g. `dcim.device`. */
  to: string;
  /** Many references (tags); compared as an unordered set. */
  isList?: boolean;
  /**
   * Breaks a dependency cycle: when the referenced record is created in the same plan, the
   * referencing record is written without this field and patched afterwards.
   */
  isDeferrable?: boolean;
}

export interface ObjectTypeDefinition {
  /** `app_label.model`, e.g. `dcim.device`. */
  name: string;
  /** Field names (attributes or references) that together identify a record. */
  naturalKey: readonly string[];
  attributes: readonly AttributeDefinition[];
  references: readonly ReferenceDefinition[];
}
