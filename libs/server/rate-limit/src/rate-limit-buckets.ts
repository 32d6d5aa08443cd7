import { type RateLimits } from '@plumbline/server-config';
import { type Bucket } from './redis-rate-limiter';

/** Paths no limit applies to: probes, scrapes and the public keys. */
const UNLIMITED_PATHS = /^\/(health(\/.*)?|metrics|\.well-known\/jwks\.json)$/;

export interface LimitedRequest {
  path: string;
  ip: string;
  /** The caller's identity when known: `client:<id>` / `user:<id>`; else the IP is used. */
  callerKey: string | undefined;
}

/** The buckets a request is charged to; empty when it is not limited at all. */
export function bucketsFor(
  request: LimitedRequest,
  limits: RateLimits,
  keyPrefix: string,
  isWhitelisted: (ip: string) => boolean,
): Bucket[] {
  if (UNLIMITED_PATHS.test(request.path) || isWhitelisted(request.ip)) return [];
  const caller = request.callerKey ?? `ip:${request.ip}`;
  const buckets: Bucket[] = [
    { scope: 'global', key: `${keyPrefix}:global`, ...limits.global },
    { scope: 'client', key: `${keyPrefix}:client:${caller}`, ...limits.perClient },
  ];
  const endpoint = limits.perEndpoint.find((entry) =>
    matchesPrefix(request.path, entry.pathPrefix),
  );
  if (endpoint) {
    buckets.push({
      scope: 'endpoint',
      key: `${keyPrefix}:endpoint:${endpoint.pathPrefix}`,
      requestsPerMinute: endpoint.requestsPerMinute,
      burstSize: endpoint.burstSize,
    });
  }
  return buckets;
}

/** `/api/v1/ingest` covers `/api/v1/ingest` and `/api/v1/ingest/…`, not `/api/v1/ingestions`. */
export function matchesPrefix(path: string, prefix: string): boolean {
  const base = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return path === base || path.startsWith(`${base}/`);
}

/** Whose bucket a token request is charged to: the client id it presents, else nothing. */
export function tokenRequestClientId(
  authorization: string | undefined,
  body: unknown,
): string | undefined {
  const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return decoded.slice(0, colon);
  }
  if (typeof body === 'object' && body !== null) {
    const clientId = (body as Record<string, unknown>)['client_id'];
    if (typeof clientId === 'string' && clientId.length > 0) return clientId;
  }
  return undefined;
}
