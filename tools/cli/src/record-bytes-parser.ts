import {
  type CanonicalRecord,
  RecordFormatError,
  type RecordLoader,
  RecordSet,
} from '@plumbline/diff-engine';

const NEWLINE = 0x0a;
const RETURN = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const LOWER_F = 0x66;
const LOWER_N = 0x6e;
const LOWER_T = 0x74;

/** Strings up to this many bytes go through the cache, so repeated values share one string. */
const CACHED_STRING_BYTES = 32;
const CACHE_SLOTS = 1 << 16;
/** More integer digits than this may not be exact as a double: Number() decides. */
const EXACT_DIGITS = 15;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/**
 * Thrown inside the fast path when a line holds something it leaves to `JSON.parse` (escapes,
 * control characters, a `__proto__` key, invalid JSON); one instance, no stack to capture.
 */
class NeedsJsonParse extends Error {
  override name = 'NeedsJsonParse';
}
const NEEDS_JSON_PARSE = new NeedsJsonParse();

type Slice = (bytes: Buffer, start: number, end: number) => string;

interface NodeStringSlices {
  latin1Slice?: (start: number, end: number) => string;
  utf8Slice?: (start: number, end: number) => string;
}

// Buffer's own slicers skip toString's argument checks; fall back to toString without them.
const bufferPrototype = Buffer.prototype as unknown as NodeStringSlices;
const latin1Slice: Slice =
  typeof bufferPrototype.latin1Slice === 'function'
    ? (bytes, start, end) =>
        (bytes as unknown as Required<NodeStringSlices>).latin1Slice(start, end)
    : (bytes, start, end) => bytes.toString('latin1', start, end);
const utf8Slice: Slice =
  typeof bufferPrototype.utf8Slice === 'function'
    ? (bytes, start, end) => (bytes as unknown as Required<NodeStringSlices>).utf8Slice(start, end)
    : (bytes, start, end) => bytes.toString('utf8', start, end);

/**
 * Reads JSON Lines record files (docs/record-format.md) straight from UTF-8 bytes, without
 * decoding the file into strings first or calling `JSON.parse` per line. Short strings (type
 * names, attribute names, interface names, referenced keys …) are taken from a cache, so a
 * value repeated on many lines is one string in memory. Anything unusual on a line (escapes,
 * control characters, invalid JSON) sends that line to `JSON.parse`, so results and error
 * messages are those of the general parser.
 */
export class RecordBytesParser {
  readonly records = new RecordSet();
  /** Keys seen twice: the later record wins; callers may report them. */
  duplicates = 0;
  /** Lines the fast path handed to `JSON.parse`. */
  slowLines = 0;
  private lineNumber = 0;
  private bytes: Buffer = Buffer.alloc(0);
  private position = 0;
  private end = 0;
  private readonly cachedStrings: (string | undefined)[] = new Array<string | undefined>(
    CACHE_SLOTS,
  ).fill(undefined);
  private readonly cachedHashes = new Int32Array(CACHE_SLOTS);

  constructor(private readonly loader: RecordLoader) {}

  /**
   * Parses every line in `bytes[start, end)`. The last line must be complete: callers cut
   * chunks after a newline (or at the end of the file).
   */
  parseLines(bytes: Buffer, start = 0, end = bytes.length): RecordSet {
    // A view that ends at `end`, so reading past the last line gives undefined, never stale
    // bytes of the caller's buffer.
    this.bytes = bytes.subarray(start, end);
    this.position = 0;
    this.end = this.bytes.length;
    while (this.position < this.end) {
      this.lineNumber += 1;
      const lineStart = this.position;
      let record: CanonicalRecord | undefined;
      try {
        record = this.readLine();
      } catch (error) {
        if (error !== NEEDS_JSON_PARSE) throw error;
        record = this.parseSlowly(lineStart);
      }
      if (record !== undefined && !this.records.put(record)) {
        this.duplicates += 1;
      }
    }
    this.bytes = Buffer.alloc(0);
    return this.records;
  }

  /** One line through `JSON.parse` and the loader, as `RecordParser` reads it. */
  private parseSlowly(lineStart: number): CanonicalRecord | undefined {
    this.slowLines += 1;
    let lineEnd = this.bytes.indexOf(NEWLINE, lineStart);
    if (lineEnd === -1 || lineEnd > this.end) lineEnd = this.end;
    this.position = lineEnd + 1;
    const line = utf8Slice(this.bytes, lineStart, lineEnd);
    if (line.trim() === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new RecordFormatError(`line ${this.lineNumber}: ${(error as Error).message}`);
    }
    return this.loader.toRecord(value, this.lineNumber);
  }

  /** The record on the line at `position`, or undefined for a blank line; moves past it. */
  private readLine(): CanonicalRecord | undefined {
    const bytes = this.bytes;
    this.skipSpace();
    if (this.position >= this.end || bytes[this.position] === NEWLINE) {
      this.position += 1;
      return undefined;
    }
    if (bytes[this.position] !== OPEN_BRACE) throw NEEDS_JSON_PARSE;
    this.position += 1;
    let type: unknown;
    let attrs: unknown;
    let refs: unknown;
    let ids: unknown;
    let source: unknown;
    let observedAt: unknown;
    this.skipSpace();
    if (bytes[this.position] === CLOSE_BRACE) {
      this.position += 1;
    } else {
      for (;;) {
        const name = this.readKey();
        const value = this.readValue();
        switch (name) {
          case 'type':
            type = value;
            break;
          case 'attrs':
            attrs = value;
            break;
          case 'refs':
            refs = value;
            break;
          case 'ids':
            ids = value;
            break;
          case 'source':
            source = value;
            break;
          case 'observedAt':
            observedAt = value;
            break;
          default: // other fields are not part of the format; JSON.parse keeps them, unused
        }
        if (this.isAtCloseOf(CLOSE_BRACE)) break;
      }
    }
    this.skipSpace();
    if (this.position < this.end) {
      if (bytes[this.position] !== NEWLINE) throw NEEDS_JSON_PARSE;
      this.position += 1;
    }
    return this.loader.fromFields(type, attrs, refs, ids, source, observedAt, this.lineNumber);
  }

  /** After a member or element: true at the closing bracket, false after a comma. */
  private isAtCloseOf(close: number): boolean {
    this.skipSpace();
    const byte = this.bytes[this.position];
    this.position += 1;
    if (byte === COMMA) {
      this.skipSpace();
      return false;
    }
    if (byte === close) return true;
    throw NEEDS_JSON_PARSE;
  }

  /** A member name and its colon; the value follows. */
  private readKey(): string {
    if (this.bytes[this.position] !== QUOTE) throw NEEDS_JSON_PARSE;
    const key = this.readString();
    // An own property named __proto__ cannot be made by assignment.
    if (key === '__proto__') throw NEEDS_JSON_PARSE;
    this.skipSpace();
    if (this.bytes[this.position] !== COLON) throw NEEDS_JSON_PARSE;
    this.position += 1;
    this.skipSpace();
    return key;
  }

  private readValue(): unknown {
    const byte = this.bytes[this.position];
    if (byte === QUOTE) return this.readString();
    if ((byte !== undefined && byte >= ZERO && byte <= NINE) || byte === MINUS) {
      return this.readNumber();
    }
    if (byte === OPEN_BRACE) return this.readObject();
    if (byte === OPEN_BRACKET) return this.readArray();
    if (byte === LOWER_T) return this.readLiteral('true', true);
    if (byte === LOWER_F) return this.readLiteral('false', false);
    if (byte === LOWER_N) return this.readLiteral('null', null);
    throw NEEDS_JSON_PARSE;
  }

  private readObject(): Record<string, unknown> {
    this.position += 1;
    const object: Record<string, unknown> = {};
    this.skipSpace();
    if (this.bytes[this.position] === CLOSE_BRACE) {
      this.position += 1;
      return object;
    }
    do {
      const key = this.readKey();
      object[key] = this.readValue();
    } while (!this.isAtCloseOf(CLOSE_BRACE));
    return object;
  }

  private readArray(): unknown[] {
    this.position += 1;
    const array: unknown[] = [];
    this.skipSpace();
    if (this.bytes[this.position] === CLOSE_BRACKET) {
      this.position += 1;
      return array;
    }
    do {
      array.push(this.readValue());
    } while (!this.isAtCloseOf(CLOSE_BRACKET));
    return array;
  }

  private readLiteral<T>(text: string, value: T): T {
    const bytes = this.bytes;
    const start = this.position;
    for (let index = 0; index < text.length; index += 1) {
      if (bytes[start + index] !== text.charCodeAt(index)) throw NEEDS_JSON_PARSE;
    }
    this.position = start + text.length;
    return value;
  }

  /** A JSON number; small integers are computed here, the rest by Number(). */
  private readNumber(): number {
    const bytes = this.bytes;
    const start = this.position;
    let position = start;
    const isNegative = bytes[position] === MINUS;
    if (isNegative) position += 1;
    let byte = bytes[position];
    let value = 0;
    if (byte === ZERO) {
      position += 1;
    } else if (byte !== undefined && byte > ZERO && byte <= NINE) {
      while (byte !== undefined && byte >= ZERO && byte <= NINE) {
        value = value * 10 + (byte - ZERO);
        position += 1;
        byte = bytes[position];
      }
    } else {
      throw NEEDS_JSON_PARSE;
    }
    let isExact = position - start - (isNegative ? 1 : 0) <= EXACT_DIGITS;
    byte = bytes[position];
    if (byte === DOT) {
      isExact = false;
      position = this.skipDigits(position + 1);
      byte = bytes[position];
    }
    if (byte === LOWER_E || byte === UPPER_E) {
      isExact = false;
      position += 1;
      byte = bytes[position];
      if (byte === PLUS || byte === MINUS) position += 1;
      position = this.skipDigits(position);
    }
    this.position = position;
    if (!isExact) return Number(latin1Slice(bytes, start, position));
    return isNegative ? -value : value;
  }

  /** At least one digit; returns the position after the last. */
  private skipDigits(start: number): number {
    const bytes = this.bytes;
    let position = start;
    let byte = bytes[position];
    while (byte !== undefined && byte >= ZERO && byte <= NINE) {
      position += 1;
      byte = bytes[position];
    }
    if (position === start) throw NEEDS_JSON_PARSE;
    return position;
  }

  /** A string at its opening quote. */
  private readString(): string {
    const bytes = this.bytes;
    const start = this.position + 1;
    const end = this.end;
    let position = start;
    let hash = FNV_OFFSET;
    let isAscii = true;
    for (;;) {
      if (position >= end) throw NEEDS_JSON_PARSE;
      const byte = bytes[position] as number;
      if (byte === QUOTE) break;
      // Escapes and control characters (invalid unescaped) are left to JSON.parse.
      if (byte === BACKSLASH || byte < SPACE) throw NEEDS_JSON_PARSE;
      if (byte >= 0x80) isAscii = false;
      hash = Math.imul(hash ^ byte, FNV_PRIME);
      position += 1;
    }
    this.position = position + 1;
    const length = position - start;
    if (!isAscii) return utf8Slice(bytes, start, position);
    if (length > CACHED_STRING_BYTES) return latin1Slice(bytes, start, position);
    const slot = (hash ^ (hash >>> 16)) & (CACHE_SLOTS - 1);
    const cached = this.cachedStrings[slot];
    if (
      cached !== undefined &&
      this.cachedHashes[slot] === hash &&
      cached.length === length &&
      isSameText(cached, bytes, start)
    ) {
      return cached;
    }
    const text = latin1Slice(bytes, start, position);
    this.cachedStrings[slot] = text;
    this.cachedHashes[slot] = hash;
    return text;
  }

  private skipSpace(): void {
    const bytes = this.bytes;
    let position = this.position;
    let byte = bytes[position];
    while (byte === SPACE || byte === TAB || byte === RETURN) {
      position += 1;
      byte = bytes[position];
    }
    this.position = position;
  }
}

/** Whether the ASCII `text` equals the bytes from `start` on (the length is checked first). */
function isSameText(text: string, bytes: Buffer, start: number): boolean {
  for (let index = 0; index < text.length; index += 1) {
    if (text.charCodeAt(index) !== bytes[start + index]) return false;
  }
  return true;
}
