import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@plumbline/server-config';
import { type OAuthClientEntity } from '@plumbline/server-database';
import { isScope, type Scope } from '../scopes';
import { ClientSecretHasher, generateClientId, generateClientSecret } from './client-secret';
import {
  type CreateOAuthClientDto,
  type OAuthClientDto,
  type OAuthClientWithSecretDto,
} from './dto/oauth-client.dto';
import { OAuthClientNameTakenError, OAuthClientNotFoundError } from './oauth.errors';
import { OAuthClientsRepository } from './oauth-clients.repository';

/** What a token's client may currently do, as seen by this process (cached briefly). */
export interface ActiveClient {
  clientId: string;
  name: string;
  scopes: Scope[];
}

/** A disabled or deleted client's tokens stop working within this long on every process. */
export const CLIENT_CACHE_MS = 30_000;

@Injectable()
export class OAuthClientsService {
  private readonly logger = new Logger(OAuthClientsService.name);
  private readonly hasher: ClientSecretHasher;
  private readonly cache = new Map<string, { at: number; client: ActiveClient | null }>();

  constructor(
    private readonly clients: OAuthClientsRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.hasher = new ClientSecretHasher(config.ENCRYPTION_KEY);
  }

  async create(input: CreateOAuthClientDto): Promise<OAuthClientWithSecretDto> {
    const clientSecret = generateClientSecret();
    const created = await this.clients.create({
      clientId: generateClientId(),
      name: input.name,
      description: input.description ?? '',
      scopes: [...new Set(input.scopes)],
      secretHash: this.hasher.hash(clientSecret),
    });
    if (!created) throw new OAuthClientNameTakenError(input.name);
    this.logger.log({ clientId: created.clientId, name: created.name }, 'OAuth2 client created');
    return { ...toDto(created), clientSecret };
  }

  async list(): Promise<OAuthClientDto[]> {
    return (await this.clients.list()).map(toDto);
  }

  async get(id: string): Promise<OAuthClientDto> {
    return toDto(await this.require(id));
  }

  async setDisabled(id: string, isDisabled: boolean): Promise<OAuthClientDto> {
    if (!(await this.clients.setDisabled(id, isDisabled))) throw new OAuthClientNotFoundError(id);
    const client = await this.require(id);
    this.cache.delete(client.clientId);
    return toDto(client);
  }

  async rotateSecret(id: string): Promise<OAuthClientWithSecretDto> {
    const clientSecret = generateClientSecret();
    if (!(await this.clients.replaceSecret(id, this.hasher.hash(clientSecret)))) {
      throw new OAuthClientNotFoundError(id);
    }
    const client = await this.require(id);
    this.logger.log({ clientId: client.clientId }, 'OAuth2 client secret rotated');
    return { ...toDto(client), clientSecret };
  }

  async remove(id: string): Promise<void> {
    const client = await this.require(id);
    await this.clients.remove(id);
    this.cache.delete(client.clientId);
  }

  /**
   * Checks a client id and secret; the client when they match, null otherwise. A disabled
   * client still authenticates, so the token endpoint can say it is not allowed.
   */
  async authenticate(clientId: string, secret: string): Promise<OAuthClientEntity | null> {
    const client = await this.clients.findByClientId(clientId);
    if (!client || !this.hasher.verify(secret, client.secretHash)) return null;
    return client;
  }

  /** Records use; the query itself writes at most once a minute per client. */
  recordUse(clientId: string): void {
    this.clients.touchLastUsed(clientId).catch((error: Error) => {
      this.logger.warn({ clientId, reason: error.message }, 'could not record client use');
    });
  }

  /** The client behind a token when it still exists and is enabled, from a short cache. */
  async activeClient(clientId: string): Promise<ActiveClient | null> {
    const cached = this.cache.get(clientId);
    if (cached && Date.now() - cached.at < CLIENT_CACHE_MS) return cached.client;
    const row = await this.clients.findByClientId(clientId);
    const client =
      row && !row.isDisabled
        ? { clientId: row.clientId, name: row.name, scopes: row.scopes.filter(isScope) }
        : null;
    this.cache.set(clientId, { at: Date.now(), client });
    // Once per cache period per process, not once per request.
    if (client) this.recordUse(clientId);
    return client;
  }

  private async require(id: string): Promise<OAuthClientEntity> {
    const client = await this.clients.findById(id);
    if (!client) throw new OAuthClientNotFoundError(id);
    return client;
  }
}

function toDto(client: OAuthClientEntity): OAuthClientDto {
  return {
    id: client.id,
    clientId: client.clientId,
    name: client.name,
    description: client.description,
    scopes: client.scopes.filter(isScope),
    isDisabled: client.isDisabled,
    createdAt: client.createdAt,
    updatedAt: client.updatedAt,
    secretRotatedAt: client.secretRotatedAt,
    lastUsedAt: client.lastUsedAt,
  };
}
