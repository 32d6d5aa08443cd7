import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { RecordParser, type RecordLoader, type RecordSet } from '@plumbline/diff-engine';
import { RecordBytesParser } from './record-bytes-parser';

const CHUNK_BYTES = 8 * 1024 * 1024;
const NEWLINE = 0x0a;

/**
 * Reads a record file in fixed-size chunks, so the whole file is never held at once (the peak
 * memory stays with the records, not the text). JSON Lines go through the byte parser; a
 * file that starts with `[` (one JSON array) through `RecordParser`.
 */
export function readRecordFile(
  path: string,
  loader: RecordLoader,
  chunkBytes = CHUNK_BYTES,
): RecordSet {
  const descriptor = openSync(path, 'r');
  let buffer = Buffer.allocUnsafe(chunkBytes);
  let filled = 0;
  /** Fills the buffer as far as the file allows; a buffer left short means the end of file. */
  const fill = (): void => {
    for (;;) {
      const read = readSync(descriptor, buffer, filled, buffer.length - filled, null);
      filled += read;
      if (read === 0 || filled === buffer.length) return;
    }
  };
  try {
    fill();
    if (startsWithBracket(buffer.subarray(0, filled))) {
      return readAsText(descriptor, buffer.subarray(0, filled), new RecordParser(loader));
    }
    const parser = new RecordBytesParser(loader);
    while (filled === buffer.length) {
      const lastNewline = buffer.lastIndexOf(NEWLINE, filled - 1);
      if (lastNewline === -1) {
        // One line longer than the buffer: make room and read on.
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, filled);
        buffer = larger;
      } else {
        parser.parseLines(buffer, 0, lastNewline + 1);
        filled = buffer.copy(buffer, 0, lastNewline + 1, filled);
      }
      fill();
    }
    return parser.parseLines(buffer, 0, filled);
  } finally {
    closeSync(descriptor);
  }
}

function startsWithBracket(bytes: Buffer): boolean {
  for (const byte of bytes) {
    if (byte === 0x5b) return true;
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  }
  return false;
}

function readAsText(descriptor: number, first: Buffer, parser: RecordParser): RecordSet {
  const decoder = new StringDecoder('utf8');
  parser.push(decoder.write(first));
  const buffer = Buffer.allocUnsafe(first.length);
  for (;;) {
    const read = readSync(descriptor, buffer, 0, buffer.length, null);
    if (read === 0) break;
    parser.push(decoder.write(buffer.subarray(0, read)));
  }
  parser.push(decoder.end());
  return parser.end();
}
