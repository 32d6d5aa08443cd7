import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, SecretBox } from '@plumbline/server-config';
import { type ConnectorEntity, type ConnectorKind } from '@plumbline/server-database';
import { HealthService } from '@plumbline/server-system';
import { probeConnector } from './connector-probe';
import { ConnectorNameTakenError, ConnectorNotFoundError } from './connectors.errors';
import { ConnectorsRepository } from './connectors.repository';
import {
  type ConnectionTestDto,
  type ConnectorDto,
  type CreateConnectorDto,
  type UpdateConnectorDto,
} from './dto/connector.dto';

export function toConnectorDto(connector: ConnectorEntity): ConnectorDto {
  return {
    id: connector.id,
    name: connector.name,
    kind: connector.kind,
    url: connector.url,
    verifyTls: connector.verifyTls,
    apiVersion: connector.apiVersion,
    description: connector.description,
    hasToken: connector.tokenSealed.length > 0,
    hasWebhookSecret: connector.webhookSecretSealed !== null,
    createdAt: connector.createdAt,
    updatedAt: connector.updatedAt,
  };
}

@Injectable()
export class ConnectorsService implements OnModuleInit {
  private readonly secrets: SecretBox;

  constructor(
    private readonly connectors: ConnectorsRepository,
    private readonly health: HealthService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secrets = new SecretBox(config.ENCRYPTION_KEY);
  }

  /** Every configured connector shows in /health/ready; a peer being down degrades, never fails, readiness. */
  onModuleInit(): void {
    this.health.registerOptional(async () => {
      const connectors = await this.connectors.findAll();
      return connectors.map((connector) => ({
        name: `connector:${connector.name}`,
        check: async () => {
          const result = await this.test(connector);
          if (!result.ok) throw new Error(result.error ?? 'unreachable');
        },
      }));
    });
  }

  async list(): Promise<ConnectorDto[]> {
    return (await this.connectors.findAll()).map(toConnectorDto);
  }

  async get(id: string): Promise<ConnectorDto> {
    return toConnectorDto(await this.load(id));
  }

  async create(input: CreateConnectorDto): Promise<ConnectorDto> {
    await this.assertNameFree(input.name);
    const saved = await this.connectors.save({
      name: input.name,
      kind: input.kind,
      url: input.url.replace(/\/+$/, ''),
      tokenSealed: this.secrets.seal(input.token),
      webhookSecretSealed: this.sealWebhookSecret(input.webhookSecret),
      verifyTls: input.verifyTls ?? true,
      apiVersion: input.apiVersion ?? null,
      description: input.description ?? '',
    });
    return toConnectorDto(saved);
  }

  async update(id: string, input: UpdateConnectorDto): Promise<ConnectorDto> {
    const current = await this.load(id);
    if (input.name !== undefined && input.name !== current.name)
      await this.assertNameFree(input.name);
    const saved = await this.connectors.save({
      ...current,
      ...(input.name !== undefined && { name: input.name }),
      ...(input.kind !== undefined && { kind: input.kind }),
      ...(input.url !== undefined && { url: input.url.replace(/\/+$/, '') }),
      ...(input.token !== undefined && { tokenSealed: this.secrets.seal(input.token) }),
      ...(input.webhookSecret !== undefined && {
        webhookSecretSealed: this.sealWebhookSecret(input.webhookSecret),
      }),
      ...(input.verifyTls !== undefined && { verifyTls: input.verifyTls }),
      ...(input.apiVersion !== undefined && { apiVersion: input.apiVersion }),
      ...(input.description !== undefined && { description: input.description }),
    });
    return toConnectorDto(saved);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.connectors.remove(id))) throw new ConnectorNotFoundError(id);
  }

  async testById(id: string): Promise<ConnectionTestDto> {
    return this.test(await this.load(id));
  }

  /** The connector's token in clear, for adapters that talk to the instance. Never log it. */
  async credentialsFor(id: string): Promise<{ connector: ConnectorDto; token: string }> {
    const connector = await this.load(id);
    return {
      connector: toConnectorDto(connector),
      token: this.secrets.open(connector.tokenSealed),
    };
  }

  /**
   * Connectors of one kind that accept webhooks, with their secrets in clear, for checking a
   * delivery's signature. Never log them.
   */
  async webhookSecretsFor(
    kind: ConnectorKind,
  ): Promise<Array<{ connector: ConnectorDto; secret: string }>> {
    const connectors = await this.connectors.findAll();
    return connectors
      .filter((connector) => connector.kind === kind && connector.webhookSecretSealed !== null)
      .map((connector) => ({
        connector: toConnectorDto(connector),
        secret: this.secrets.open(connector.webhookSecretSealed as string),
      }));
  }

  private sealWebhookSecret(secret: string | undefined): string | null {
    return secret === undefined || secret === '' ? null : this.secrets.seal(secret);
  }

  private test(connector: ConnectorEntity): Promise<ConnectionTestDto> {
    return probeConnector({
      kind: connector.kind,
      url: connector.url,
      token: this.secrets.open(connector.tokenSealed),
      verifyTls: connector.verifyTls,
      apiVersion: connector.apiVersion,
    });
  }

  private async load(id: string): Promise<ConnectorEntity> {
    const connector = await this.connectors.findById(id);
    if (!connector) throw new ConnectorNotFoundError(id);
    return connector;
  }

  private async assertNameFree(name: string): Promise<void> {
    if (await this.connectors.findByName(name)) throw new ConnectorNameTakenError(name);
  }
}
