import { BlockList, isIP } from 'node:net';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const bucketSchema = z.strictObject({
  requests_per_minute: z.number().int().min(1),
  burst_size: z.number().int().min(1),
});

const cidrSchema = z.string().refine(isCidr, 'must be an IPv4 or IPv6 address or CIDR block');

/** The `rate_limiting` section of the seed's configuration format. */
export const rateLimitsFileSchema = z.strictObject({
  rate_limiting: z.strictObject({
    global: bucketSchema,
    per_client: bucketSchema,
    per_endpoint: z
      .record(
        z.string().regex(/^\//, 'endpoint keys must be paths starting with "/"'),
        bucketSchema,
      )
      .default({}),
    // Plumbline refuses token-less calls on every route that is not public, always; the key
    // is accepted for the seed's format but may not switch authentication off.
    authentication_required: z
      .literal(true, { error: 'must be true: Plumbline always requires authentication' })
      .default(true),
    whitelist_ips: z.array(cidrSchema).default([]),
  }),
});

export interface BucketLimit {
  /** Tokens added per minute (the sustained rate). */
  requestsPerMinute: number;
  /** Bucket capacity: how many requests may come at once. */
  burstSize: number;
}

export interface RateLimits {
  global: BucketLimit;
  perClient: BucketLimit;
  /** Longest prefix first, so the most specific endpoint wins. */
  perEndpoint: Array<{ pathPrefix: string } & BucketLimit>;
  whitelistIps: string[];
}

/** Used when RATE_LIMITS_FILE is unset; the same figures as config/rate-limits.yml. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  global: { requestsPerMinute: 1000, burstSize: 100 },
  perClient: { requestsPerMinute: 100, burstSize: 20 },
  perEndpoint: [
    { pathPrefix: '/api/v1/ingest', requestsPerMinute: 500, burstSize: 50 },
    { pathPrefix: '/api/v1/sync', requestsPerMinute: 100, burstSize: 10 },
  ],
  whitelistIps: [],
};

export class RateLimitsFileError extends Error {
  override readonly name = 'RateLimitsFileError';
}

/** Parses and validates the rate-limit YAML; the error names the file and each bad field. */
export function parseRateLimits(text: string, source: string): RateLimits {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new RateLimitsFileError(`${source} is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = rateLimitsFileSchema.safeParse(document);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || '(top level)'} ${issue.message}`,
    );
    throw new RateLimitsFileError(`${source}: ${problems.join('; ')}`);
  }
  const section = parsed.data.rate_limiting;
  const toLimit = (bucket: z.infer<typeof bucketSchema>): BucketLimit => ({
    requestsPerMinute: bucket.requests_per_minute,
    burstSize: bucket.burst_size,
  });
  return {
    global: toLimit(section.global),
    perClient: toLimit(section.per_client),
    perEndpoint: Object.entries(section.per_endpoint)
      .map(([pathPrefix, bucket]) => ({ pathPrefix, ...toLimit(bucket) }))
      .sort((left, right) => right.pathPrefix.length - left.pathPrefix.length),
    whitelistIps: section.whitelist_ips,
  };
}

/** The limits in `path`, or the built-in defaults when no file is configured. */
export function loadRateLimits(path: string | undefined): RateLimits {
  if (path === undefined) return DEFAULT_RATE_LIMITS;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RateLimitsFileError(`${path} cannot be read: ${(error as Error).message}`);
  }
  return parseRateLimits(text, path);
}

/** A matcher for the whitelisted addresses (IPv4-mapped IPv6 addresses count as IPv4). */
export function buildIpWhitelist(entries: readonly string[]): (ip: string) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return (ip: string) => {
    const plain = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
    const family = isIP(plain);
    if (family === 0) return false;
    return list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  };
}

function isCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}
