import {
  connectorRegistry,
  MappedAdapter,
  type MappedAdapterOptions,
  RestClient,
  type RestClientOptions,
} from '@plumbline/connector-http';
import { type ObjectTypeRegistry } from '@plumbline/object-types';
import { buildNetboxHeaders } from './netbox-auth';
import { netboxVariants } from './netbox-variants';

export interface NetboxConnectorOptions
  extends
    Partial<Omit<RestClientOptions, 'baseUrl' | 'headers'>>,
    Pick<MappedAdapterOptions, 'pageSize' | 'pagesInFlight' | 'batchSize' | 'batchesInFlight'> {
  /** The NetBox root URL, e.g. `https://netbox.example.com` (`/api/` is appended). */
  url: string;
  /** v2 (`nbt_…`, sent as Bearer) or v1 (sent as Token). */
  token: string;
  registry?: ObjectTypeRegistry;
  /** Provenance on loaded records; defaults to `netbox`. */
  sourceName?: string;
}

export interface NetboxStatus {
  version: string;
  pythonVersion: string | undefined;
}

/** Builds the REST client a NetBox connector uses. The token only ever goes into headers. */
export function createNetboxClient(options: NetboxConnectorOptions): RestClient {
  const headers = buildNetboxHeaders(options.token);
  return new RestClient({
    ...options,
    name: options.name ?? `netbox ${new URL(options.url).host}`,
    baseUrl: new URL('api/', options.url.endsWith('/') ? options.url : `${options.url}/`).href,
    headers: () => headers,
  });
}

/** GET /api/status/: proves URL and token work and tells the NetBox version. */
export async function testNetboxConnection(client: RestClient): Promise<NetboxStatus> {
  const status = await client.get<Record<string, unknown>>('status/');
  const version = status['netbox-version'];
  if (typeof version !== 'string')
    throw new Error(`${client.name} did not report a NetBox version`);
  const python = status['python-version'];
  return { version, pythonVersion: typeof python === 'string' ? python : undefined };
}

/**
 * Loads a NetBox instance as canonical records and applies plans to it (PlanWriter). See
 * netbox-variants.ts for how each type maps; NetBox sets ids itself, so creates are matched
 * by natural key when a write's outcome is unknown.
 */
export class NetboxAdapter extends MappedAdapter {
  private userIdPromise: Promise<number> | undefined;

  constructor(options: NetboxConnectorOptions, client: RestClient = createNetboxClient(options)) {
    // The variants ask the adapter for the token's user, which exists only after super().
    const late: { adapter?: NetboxAdapter } = {};
    super({
      client,
      registry: options.registry ?? connectorRegistry,
      variants: netboxVariants({ userId: () => (late.adapter as NetboxAdapter).currentUserId() }),
      idKey: 'netbox',
      sourceName: options.sourceName ?? 'netbox',
      ...pick(options),
    });
    late.adapter = this;
  }

  testConnection(): Promise<NetboxStatus> {
    return testNetboxConnection(this.client);
  }

  /** The token's user; rack reservations need one. */
  currentUserId(): Promise<number> {
    this.userIdPromise ??= this.client
      .get<{ user?: { id?: number }; id?: number }>('authentication-check/')
      .then((body) => {
        const id = body.user?.id ?? body.id;
        if (typeof id !== 'number') throw new Error('NetBox did not say which user the token has');
        return id;
      });
    return this.userIdPromise;
  }
}

function pick(
  options: NetboxConnectorOptions,
): Pick<MappedAdapterOptions, 'pageSize' | 'pagesInFlight' | 'batchSize' | 'batchesInFlight'> {
  const picked: Pick<
    MappedAdapterOptions,
    'pageSize' | 'pagesInFlight' | 'batchSize' | 'batchesInFlight'
  > = {};
  if (options.pageSize !== undefined) picked.pageSize = options.pageSize;
  if (options.pagesInFlight !== undefined) picked.pagesInFlight = options.pagesInFlight;
  if (options.batchSize !== undefined) picked.batchSize = options.batchSize;
  if (options.batchesInFlight !== undefined) picked.batchesInFlight = options.batchesInFlight;
  return picked;
}
