import { Injectable } from '@nestjs/common';
import { type MappedAdapter } from '@plumbline/connector-http';
import { NautobotAdapter } from '@plumbline/connector-nautobot';
import { NetboxAdapter } from '@plumbline/connector-netbox';
import { type Operation } from '@plumbline/diff-engine';
import { ConnectorsService } from '@plumbline/server-connectors';
import { type ReviewTarget, type ReviewTargets } from '@plumbline/server-reviews';
import { BaselinesRepository } from './baselines.repository';

/**
 * Adapters for configured connectors. One is made per use: its id index must reflect the
 * instance as it is now. Every successful single-record write refreshes that record's
 * baseline from what the instance then holds.
 */
@Injectable()
export class ConnectorTargets implements ReviewTargets {
  constructor(
    private readonly connectors: ConnectorsService,
    private readonly baselines: BaselinesRepository,
  ) {}

  async adapterFor(connectorId: string): Promise<MappedAdapter> {
    const { connector, token } = await this.connectors.credentialsFor(connectorId);
    return connector.kind === 'netbox'
      ? new NetboxAdapter({ url: connector.url, token, sourceName: connector.name })
      : new NautobotAdapter({
          url: connector.url,
          token,
          sourceName: connector.name,
          ...(connector.apiVersion && { apiVersion: connector.apiVersion }),
        });
  }

  async forConnector(connectorId: string): Promise<ReviewTarget> {
    const adapter = await this.adapterFor(connectorId);
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
