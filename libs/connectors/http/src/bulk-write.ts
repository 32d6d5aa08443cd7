import { PeerHttpError, type RestClient } from './rest-client';

export type BulkMethod = 'POST' | 'PATCH' | 'DELETE';

export type BulkItemResult<T> =
  | { isOk: true; object: T | undefined }
  | { isOk: false; error: string; status?: number; fieldErrors?: unknown };

export interface BulkWriteOptions {
  /** Objects per request. */
  batchSize?: number;
  /** Requests in flight at once (independent objects only). */
  batchesInFlight?: number;
  /** See RequestOptions.isIdempotent; creates with client-set ids pass true. */
  isIdempotent?: boolean;
}

/**
 * Writes objects through a list endpoint in batches (NetBox and Nautobot take a JSON list on
 * POST, PATCH and DELETE). Both peers write a list in one transaction, so one invalid object
 * rejects its whole batch: the batch is then split to find the culprits. When the peer answers
 * with one error object per item (DRF's ListSerializer does for creates and updates), the
 * clean items go again as one batch; otherwise each item is sent alone. Every rejected item
 * keeps the peer's own field errors. Failures that are not about the data (peer down after
 * all retries, an ambiguous create) are thrown for the caller to handle.
 */
export async function bulkWrite<T>(
  client: RestClient,
  method: BulkMethod,
  path: string,
  items: readonly object[],
  options: BulkWriteOptions = {},
): Promise<BulkItemResult<T>[]> {
  const batchSize = Math.max(1, options.batchSize ?? 250);
  const results: BulkItemResult<T>[] = new Array<BulkItemResult<T>>(items.length);
  const starts: number[] = [];
  for (let start = 0; start < items.length; start += batchSize) starts.push(start);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < starts.length) {
      const start = starts[next] as number;
      next += 1;
      const chunk = items.slice(start, start + batchSize);
      const written = await writeChunk<T>(client, method, path, chunk, options, true);
      written.forEach((result, index) => (results[start + index] = result));
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(starts.length, options.batchesInFlight ?? 2) }, worker),
  );
  return results;
}

async function writeChunk<T>(
  client: RestClient,
  method: BulkMethod,
  path: string,
  chunk: readonly object[],
  options: BulkWriteOptions,
  maySplitByItemErrors: boolean,
): Promise<BulkItemResult<T>[]> {
  try {
    const body = await client.request<T[] | null>(method, path, {
      body: chunk,
      ...(options.isIdempotent !== undefined ? { isIdempotent: options.isIdempotent } : {}),
    });
    return chunk.map((_item, index) => ({
      isOk: true,
      object: Array.isArray(body) ? body[index] : undefined,
    }));
  } catch (error) {
    if (!isDataError(error)) throw error;
    if (chunk.length === 1) return [itemFailure(error, error.body)];
    const perItem = error.body;
    if (maySplitByItemErrors && Array.isArray(perItem) && perItem.length === chunk.length) {
      const results: BulkItemResult<T>[] = [];
      const cleanIndexes: number[] = [];
      perItem.forEach((itemErrors: unknown, index) => {
        if (isEmptyErrors(itemErrors)) {
          cleanIndexes.push(index);
        } else {
          results[index] = itemFailure(error, itemErrors);
        }
      });
      if (cleanIndexes.length > 0) {
        const clean = cleanIndexes.map((index) => chunk[index] as object);
        const again = await writeChunk<T>(client, method, path, clean, options, false);
        again.forEach((result, position) => (results[cleanIndexes[position] as number] = result));
      }
      return results;
    }
    const results: BulkItemResult<T>[] = [];
    for (const item of chunk) {
      results.push(...(await writeChunk<T>(client, method, path, [item], options, false)));
    }
    return results;
  }
}

/** 4xx other than 429, and 500 (a peer bug triggered by one object): about this data. */
function isDataError(error: unknown): error is PeerHttpError {
  return (
    error instanceof PeerHttpError &&
    ((error.status >= 400 && error.status < 500 && error.status !== 429) || error.status === 500)
  );
}

function isEmptyErrors(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === 'object' && Object.keys(value).length === 0)
  );
}

function itemFailure<T>(error: PeerHttpError, fieldErrors: unknown): BulkItemResult<T> {
  const unwrapped: unknown =
    Array.isArray(fieldErrors) && fieldErrors.length === 1
      ? (fieldErrors[0] as unknown)
      : fieldErrors;
  return {
    isOk: false,
    status: error.status,
    error: `HTTP ${error.status}: ${typeof unwrapped === 'string' ? unwrapped : JSON.stringify(unwrapped)}`,
    fieldErrors: unwrapped,
  };
}
