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
import { buildNautobotHeaders } from './nautobot-auth';
import { nautobotVariants } from './nautobot-variants';

/** The REST API version the mappings are written against. */
export const NAUTOBOT_API_VERSION = '2.4';

type TuningOptions = Pick<
  MappedAdapterOptions,
  | 'pageSize'
  | 'pagesInFlight'
  | 'batchSize'
  | 'batchesInFlight'
  | 'shouldPreserveIds'
  | 'onReconcile'
>;

export interface NautobotConnectorOptions
  extends Partial<Omit<RestClientOptions, 'baseUrl' | 'headers'>>, TuningOptions {
  /** The Nautobot root URL (`/api/` is appended). */
  url: string;
  token: string;
  /** REST API version sent in the Accept header; defaults to NAUTOBOT_API_VERSION. */
  apiVersion?: string;
  registry?: ObjectTypeRegistry;
  /** Provenance on loaded records; defaults to `nautobot`. */
  sourceName?: string;
}

export type NautobotStatus = PeerStatus;

export function createNautobotClient(options: NautobotConnectorOptions): RestClient {
  const headers = buildNautobotHeaders({
    token: options.token,
    apiVersion: options.apiVersion ?? NAUTOBOT_API_VERSION,
  });
  return createPeerClient(options, 'nautobot', headers);
}

/** GET /api/status/: proves URL and token work and tells the Nautobot version. */
export function testNautobotConnection(client: RestClient): Promise<NautobotStatus> {
  return readPeerStatus(client, 'nautobot-version');
}

/**
 * Loads a Nautobot instance as canonical records and applies plans to it. Creates carry their
 * own UUID: the source's when `shouldPreserveIds` is set and the create has a Nautobot id
 * (UUID preservation, production -> discovery), a fresh one otherwise. Knowing the id up front
 * is also what makes a create safe to retry after the peer failed mid-batch.
 */
export class NautobotAdapter extends MappedAdapter {
  constructor(
    options: NautobotConnectorOptions,
    client: RestClient = createNautobotClient(options),
  ) {
    // The variants reach back into the adapter's id cache, which exists only after super().
    const late: { adapter?: NautobotAdapter } = {};
    super({
      client,
      registry: options.registry ?? connectorRegistry,
      variants: nautobotVariants({ client, forget: (type) => late.adapter?.forget(type) }),
      idKey: 'nautobot',
      sourceName: options.sourceName ?? 'nautobot',
      hasClientIds: true,
      ...pickTuning(options),
    });
    late.adapter = this;
  }

  testConnection(): Promise<NautobotStatus> {
    return testNautobotConnection(this.client);
  }
}

function pickTuning(options: NautobotConnectorOptions): TuningOptions {
  const picked: TuningOptions = {};
  if (options.pageSize !== undefined) picked.pageSize = options.pageSize;
  if (options.pagesInFlight !== undefined) picked.pagesInFlight = options.pagesInFlight;
  if (options.batchSize !== undefined) picked.batchSize = options.batchSize;
  if (options.batchesInFlight !== undefined) picked.batchesInFlight = options.batchesInFlight;
  if (options.shouldPreserveIds !== undefined) picked.shouldPreserveIds = options.shouldPreserveIds;
  if (options.onReconcile !== undefined) picked.onReconcile = options.onReconcile;
  return picked;
}
