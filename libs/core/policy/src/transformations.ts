import { normalizeIso8601 } from './iso8601';
import { TransformationError } from './transformation.error';
import { type FieldValue, type ScalarValue, type TransformationSpec } from './transformation.types';

export type TransformationResult =
  { ok: true; value: FieldValue } | { ok: false; error: TransformationError };

/** A list of transformations checked and compiled once, to run over many records. */
export interface CompiledTransformations {
  readonly specs: readonly TransformationSpec[];
  apply(value: FieldValue): TransformationResult;
}

type Step = (value: FieldValue) => FieldValue;

/**
 * Thrown inside a step and caught by `apply`, which adds the step's position and type;
 * steps do not know where they sit in the list.
 */
class StepFailure extends Error {
  override readonly name = 'StepFailure';
}

/**
 * Checks and compiles a list of transformations: regular expressions are built here, so
 * a bad pattern is reported when the policy is loaded, not in the middle of a sync run.
 *
 * @throws TransformationError naming the first invalid transformation.
 */
export function compileTransformations(
  specs: readonly TransformationSpec[],
): CompiledTransformations {
  const steps = specs.map((spec, index) => {
    try {
      return compileStep(spec);
    } catch (error) {
      throw new TransformationError(index, describeType(spec), messageOf(error));
    }
  });

  return {
    specs,
    apply(value: FieldValue): TransformationResult {
      let current = value;
      for (const [index, step] of steps.entries()) {
        try {
          current = step(current);
        } catch (error) {
          if (!(error instanceof StepFailure)) throw error;
          const type = describeType(specs[index]);
          return { ok: false, error: new TransformationError(index, type, error.message) };
        }
      }
      return { ok: true, value: current };
    },
  };
}

/**
 * Applies the transformations in order. Never throws for bad input or a bad rule: the
 * result names the failing transformation instead.
 */
export function applyTransformations(
  value: FieldValue,
  specs: readonly TransformationSpec[],
): TransformationResult {
  let compiled: CompiledTransformations;
  try {
    compiled = compileTransformations(specs);
  } catch (error) {
    if (error instanceof TransformationError) return { ok: false, error };
    throw error;
  }
  return compiled.apply(value);
}

function compileStep(spec: TransformationSpec): Step {
  if (typeof spec !== 'object' || spec === null) {
    throw new Error('must be an object with a "type"');
  }
  switch (spec.type) {
    case 'uppercase':
      return textStep((text) => text.toUpperCase());
    case 'lowercase':
      return textStep((text) => text.toLowerCase());
    case 'trim_whitespace':
      return textStep((text) => text.trim());
    case 'replace':
      return compileReplace(spec.pattern, spec.replacement, spec.flags);
    case 'lookup':
      return compileLookup(spec.mapping, spec.default);
    case 'default': {
      const fallback = spec.value;
      if (!isScalar(fallback)) throw new Error('value must be a string, number or boolean');
      return (value) => (isEmpty(value) ? fallback : value);
    }
    case 'format':
      if (spec.format !== 'iso8601') {
        throw new Error(`unsupported format ${JSON.stringify(spec.format)}; expected "iso8601"`);
      }
      return formatIso8601;
    default:
      // Specs come from stored YAML/JSON, so the type union is not a runtime guarantee.
      throw new Error(`unknown transformation type ${JSON.stringify(describeType(spec))}`);
  }
}

/**
 * Text-only transformations leave a missing value missing (so a later `default` can
 * fill it) and refuse numbers and booleans rather than quietly stringify them.
 */
function textStep(transform: (text: string) => string): Step {
  return (value) => {
    if (value === null || value === undefined) return value;
    if (typeof value !== 'string') {
      throw new StepFailure(`expects text, got ${typeof value} ${JSON.stringify(value)}`);
    }
    return transform(value);
  };
}

function compileReplace(pattern: unknown, replacement: unknown, flags: unknown): Step {
  if (typeof pattern !== 'string' || pattern === '') {
    throw new Error('pattern must be a non-empty string');
  }
  if (typeof replacement !== 'string') {
    throw new Error('replacement must be a string');
  }
  if (flags !== undefined && typeof flags !== 'string') {
    throw new Error('flags must be a string');
  }
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags ?? 'g');
  } catch (error) {
    throw new Error(`invalid pattern ${JSON.stringify(pattern)}: ${messageOf(error)}`);
  }
  // A sticky or non-global regex carries lastIndex between calls; a fresh copy per value
  // keeps one record from affecting the next.
  return textStep((text) => text.replace(new RegExp(regex), replacement));
}

function compileLookup(mapping: unknown, fallback: unknown): Step {
  if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) {
    throw new Error('mapping must be an object of source value to target value');
  }
  for (const [key, target] of Object.entries(mapping)) {
    if (!isScalar(target)) {
      throw new Error(`mapping for ${JSON.stringify(key)} must be a string, number or boolean`);
    }
  }
  if (fallback !== undefined && !isScalar(fallback)) {
    throw new Error('default must be a string, number or boolean');
  }
  const table = mapping as Readonly<Record<string, ScalarValue>>;
  return (value) => {
    if (value === null || value === undefined) return value;
    const key = String(value);
    // Own keys only: a value such as "constructor" must not match Object.prototype.
    if (Object.hasOwn(table, key)) return table[key];
    return fallback === undefined ? value : fallback;
  };
}

function isScalar(value: unknown): value is ScalarValue {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** Missing, or text with nothing but whitespace: what a person would call "empty". */
function isEmpty(value: FieldValue): boolean {
  return (
    value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
  );
}

function formatIso8601(value: FieldValue): FieldValue {
  if (value === null || value === undefined) return value;
  if (typeof value === 'boolean') {
    throw new StepFailure(`expects a date/time, got boolean ${value}`);
  }
  const result = normalizeIso8601(value);
  if (!result.ok) throw new StepFailure(result.reason);
  return result.value;
}

function describeType(spec: unknown): string {
  const type = (spec as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : '(no type)';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
