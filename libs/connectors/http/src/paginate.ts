import { type Query, type RestClient } from './rest-client';

/** A NetBox / Nautobot list response. */
export interface ListPage<T> {
  count: number;
  next: string | null;
  results: T[];
}

export interface PaginateOptions {
  /** Objects per page; both peers cap it at MAX_PAGE_SIZE, 1000 by default. */
  pageSize?: number;
  /** Pages requested at once after the first one told the total. */
  pagesInFlight?: number;
  signal?: AbortSignal;
}

/**
 * Streams every object of a list endpoint, page by page in offset order. The first page gives
 * the total; the following offsets are requested several at a time (offset paging lets them be
 * computed up front) while earlier pages are consumed, so memory holds only the pages in flight.
 * A page that comes back short (objects deleted meanwhile) simply yields fewer objects.
 */
export async function* paginate<T>(
  client: RestClient,
  path: string,
  query: Query = {},
  options: PaginateOptions = {},
): AsyncGenerator<T[], void, undefined> {
  const pageSize = options.pageSize ?? 1000;
  const pagesInFlight = Math.max(1, options.pagesInFlight ?? 4);
  const fetchPage = (offset: number): Promise<ListPage<T>> =>
    client.get<ListPage<T>>(path, { ...query, limit: pageSize, offset }, options.signal);
  const first = await fetchPage(0);
  yield first.results;
  if (first.next === null || first.results.length === 0) return;
  const offsets: number[] = [];
  for (let offset = pageSize; offset < first.count; offset += pageSize) offsets.push(offset);
  const inFlight: Promise<ListPage<T>>[] = [];
  let nextIndex = 0;
  const refill = (): void => {
    while (inFlight.length < pagesInFlight && nextIndex < offsets.length) {
      const page = fetchPage(offsets[nextIndex] as number);
      // Handled when awaited in order; this keeps an early failure from being "unhandled".
      page.catch(() => undefined);
      inFlight.push(page);
      nextIndex += 1;
    }
  };
  refill();
  while (inFlight.length > 0) {
    const page = await (inFlight.shift() as Promise<ListPage<T>>);
    refill();
    yield page.results;
  }
}

/** Collects a whole list (small catalogues: statuses, roles, location types). */
export async function listAll<T>(
  client: RestClient,
  path: string,
  query: Query = {},
  options: PaginateOptions = {},
): Promise<T[]> {
  const all: T[] = [];
  for await (const page of paginate<T>(client, path, query, options)) all.push(...page);
  return all;
}
