import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { type RecordParser } from '@plumbline/diff-engine';

const CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * Streams a record file into a parser in fixed-size chunks, so the whole file is never held
 * as one string (the peak memory stays with the records, not the text).
 */
export function readRecordFile(path: string, parser: RecordParser): void {
  const descriptor = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  const decoder = new StringDecoder('utf8');
  try {
    for (;;) {
      const read = readSync(descriptor, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      parser.push(decoder.write(buffer.subarray(0, read)));
    }
    parser.push(decoder.end());
  } finally {
    closeSync(descriptor);
  }
}
