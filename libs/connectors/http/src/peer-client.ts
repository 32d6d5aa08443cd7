import { RestClient, type RestClientOptions } from './rest-client';

/** What "test connection" reports: GET /api/status/ of NetBox or Nautobot. */
export interface PeerStatus {
  version: string;
  pythonVersion: string | undefined;
}

/**
 * The REST client of one NetBox or Nautobot connector: `/api/` under the peer's root URL and
 * fixed headers built once from the token (which never goes anywhere but the headers).
 */
export function createPeerClient(
  options: Partial<Omit<RestClientOptions, 'baseUrl' | 'headers'>> & { url: string },
  kind: string,
  headers: Record<string, string>,
): RestClient {
  const root = options.url.endsWith('/') ? options.url : `${options.url}/`;
  return new RestClient({
    ...options,
    name: options.name ?? `${kind} ${new URL(root).host}`,
    baseUrl: new URL('api/', root).href,
    headers: () => headers,
  });
}

/** GET /api/status/: proves URL and token work; `versionField` is `netbox-version` or `nautobot-version`. */
export async function readPeerStatus(
  client: RestClient,
  versionField: string,
): Promise<PeerStatus> {
  const status = await client.get<Record<string, unknown>>('status/');
  const version = status[versionField];
  if (typeof version !== 'string') {
    throw new Error(`${client.name} did not report ${versionField} on /api/status/`);
  }
  const python = status['python-version'];
  return { version, pythonVersion: typeof python === 'string' ? python : undefined };
}
