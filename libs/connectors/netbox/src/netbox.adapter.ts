import {
  connectorRegistry,
  createPeerClient,
  type PeerStatus,
  readPeerStatus,
  MappedAdapter,
  type MappedAdapterOptions,
  type RestClient,
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

export type NetboxStatus = PeerStatus;

/** Builds the REST client a NetBox connector uses. The token only ever goes into headers. */
export function createNetboxClient(options: NetboxConnectorOptions): RestClient {
  return createPeerClient(options, 'netbox', buildNetboxHeaders(options.token));
}

/** GET /api/status/: proves URL and token work and tells the NetBox version. */
export function testNetboxConnection(client: RestClient): Promise<NetboxStatus> {
  return readPeerStatus(client, 'netbox-version');
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
