import { Injectable } from '@nestjs/common';
import { type MappedAdapter } from '@plumbline/connector-http';
import { NautobotAdapter } from '@plumbline/connector-nautobot';
import { NetboxAdapter } from '@plumbline/connector-netbox';
import { type Operation } from '@plumbline/diff-engine';
import { type ConnectorDto, ConnectorsService } from '@plumbline/server-connectors';
import { type ReviewTarget, type ReviewTargets } from '@plumbline/server-reviews';
import { BaselinesRepository } from './baselines.repository';

/** How long a shared adapter (and the parent ids it has indexed) is reused. */
export const SHARED_ADAPTER_TTL_MS = 10 * 60 * 1000;

interface SharedAdapter {
  adapter: MappedAdapter;
  /** The connector row's `updatedAt` the adapter was built from. */
  version: number;
  createdAt: number;
}

/**
 * Adapters for configured connectors. `adapterFor` builds a fresh one (an empty id index);
 * `sharedAdapterFor` keeps one per connector for long-lived workers that handle many small
 * jobs, so the ids of parents (locations, device types …) are looked up once, not per job.
 * Every successful single-record write refreshes that record's baseline from what the
 * instance then holds.
 */
@Injectable()
export class ConnectorTargets implements ReviewTargets {
  private readonly shared = new Map<string, SharedAdapter>();

  constructor(
    private readonly connectors: ConnectorsService,
    private readonly baselines: BaselinesRepository,
  ) {}

  /** A new adapter: nothing cached, every id it needs is read from the instance. */
  async adapterFor(connectorId: string): Promise<MappedAdapter> {
    const { connector, token } = await this.connectors.credentialsFor(connectorId);
    return buildAdapter(connector, token);
  }

  /**
   * The connector's long-lived adapter: rebuilt when the connector was edited (URL, token …)
   * and after `SHARED_ADAPTER_TTL_MS`. Its id index may lag behind the instance; keyed reads
   * refresh the keys they read and a reference missing from the index is looked up by key.
   */
  async sharedAdapterFor(connectorId: string): Promise<MappedAdapter> {
    let credentials: { connector: ConnectorDto; token: string };
    try {
      credentials = await this.connectors.credentialsFor(connectorId);
    } catch (error) {
      this.shared.delete(connectorId);
      throw error;
    }
    const version = new Date(credentials.connector.updatedAt).getTime();
    const now = Date.now();
    const cached = this.shared.get(connectorId);
    if (cached && cached.version === version && now - cached.createdAt < SHARED_ADAPTER_TTL_MS) {
      return cached.adapter;
    }
    const adapter = buildAdapter(credentials.connector, credentials.token);
    this.shared.set(connectorId, { adapter, version, createdAt: now });
    return adapter;
  }

  /** Drops the shared adapter of a connector (or of all), e.g. after the instance was reset. */
  forgetShared(connectorId?: string): void {
    if (connectorId === undefined) this.shared.clear();
    else this.shared.delete(connectorId);
  }

  async forConnector(connectorId: string): Promise<ReviewTarget> {
    const adapter = await this.sharedAdapterFor(connectorId);
    return {
      read: async (type: string, key: string) => (await adapter.read(type, [key])).get(key),
      write: async (operation: Operation) => {
        const [result] = await adapter.write({
          action: operation.action,
          type: operation.type,
          level: operation.level,
          operations: [operation],
        });
        if (result?.status === 'applied' && operation.action !== 'delete') {
          const key = operation.newKey ?? operation.key;
          const now = (await adapter.read(operation.type, [key])).get(key);
          if (now) await this.baselines.save(connectorId, [now]);
        }
        return result ?? { status: 'failed', error: 'the adapter returned no result' };
      },
    };
  }
}

function buildAdapter(connector: ConnectorDto, token: string): MappedAdapter {
  return connector.kind === 'netbox'
    ? new NetboxAdapter({ url: connector.url, token, sourceName: connector.name })
    : new NautobotAdapter({
        url: connector.url,
        token,
        sourceName: connector.name,
        ...(connector.apiVersion && { apiVersion: connector.apiVersion }),
      });
}
