import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { OAuthClientEntity } from '@plumbline/server-database';
import { Repository } from 'typeorm';

export interface NewOAuthClient {
  clientId: string;
  name: string;
  description: string;
  scopes: string[];
  secretHash: string;
}

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class OAuthClientsRepository {
  constructor(
    @InjectRepository(OAuthClientEntity) private readonly clients: Repository<OAuthClientEntity>,
  ) {}

  list(): Promise<OAuthClientEntity[]> {
    return this.clients.find({ order: { createdAt: 'ASC' } });
  }

  findById(id: string): Promise<OAuthClientEntity | null> {
    return this.clients.findOne({ where: { id } });
  }

  findByClientId(clientId: string): Promise<OAuthClientEntity | null> {
    return this.clients.findOne({ where: { clientId } });
  }

  /** Inserts the client; null when the name is taken (by a concurrent request too). */
  async create(client: NewOAuthClient): Promise<OAuthClientEntity | null> {
    try {
      return await this.clients.save(this.clients.create(client));
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return null;
      throw error;
    }
  }

  /** Sets the disabled flag; false when the client does not exist. */
  async setDisabled(id: string, isDisabled: boolean): Promise<boolean> {
    const result = await this.clients.update({ id }, { isDisabled });
    return (result.affected ?? 0) > 0;
  }

  async replaceSecret(id: string, secretHash: string): Promise<boolean> {
    const result = await this.clients.update(
      { id },
      { secretHash, secretRotatedAt: () => 'now()' },
    );
    return (result.affected ?? 0) > 0;
  }

  async remove(id: string): Promise<boolean> {
    const result = await this.clients.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  /**
   * Stamps last use, at most once a minute per client: the condition makes the frequent
   * case a no-op and `updated_at` is left alone, so using a client is not editing it.
   */
  async touchLastUsed(clientId: string): Promise<void> {
    await this.clients.query(
      `UPDATE oauth_clients SET last_used_at = now()
        WHERE client_id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [clientId],
    );
  }
}
