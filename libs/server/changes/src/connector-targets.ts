import { Injectable } from '@nestjs/common';
import { type Operation, type PlanWriter } from '@plumbline/diff-engine';
import { NautobotAdapter } from '@plumbline/connector-nautobot';
import { NetboxAdapter } from '@plumbline/connector-netbox';
import { type ReviewTarget, type ReviewTargets } from '@plumbline/server-reviews';
import { ConnectorsService } from './connectors.service';

/**
 * Reads and writes single records of a configured connector through its adapter. An
 * adapter is made per use: its id index must reflect the instance as it is now.
 */
@Injectable()
export class ConnectorTargets implements ReviewTargets {
  constructor(private readonly connectors: ConnectorsService) {}

  async forConnector(connectorId: string): Promise<ReviewTarget> {
    const { connector, token } = await this.connectors.credentialsFor(connectorId);
    const adapter: PlanWriter & { read: NonNullable<PlanWriter['read']> } =
      connector.kind === 'netbox'
        ? new NetboxAdapter({ url: connector.url, token, sourceName: connector.name })
        : new NautobotAdapter({
            url: connector.url,
            token,
            sourceName: connector.name,
            ...(connector.apiVersion && { apiVersion: connector.apiVersion }),
          });
    return {
      read: async (type: string, key: string) => (await adapter.read(type, [key])).get(key),
      write: async (operation: Operation) => {
        const [result] = await adapter.write({
          action: operation.action,
          type: operation.type,
          level: operation.level,
          operations: [operation],
        });
        return result ?? { status: 'failed', error: 'the adapter returned no result' };
      },
    };
  }
}
