import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { OAuthSigningKeyEntity } from '@plumbline/server-database';
import { type EntityManager, IsNull, MoreThan, Repository } from 'typeorm';

export interface NewSigningKey {
  kid: string;
  privateKeySealed: string;
  publicJwk: Record<string, string>;
}

// pg_advisory_xact_lock key (an arbitrary constant): serialises key creation and rotation
// across every api process, so two processes never both make "the first" key.
const SIGNING_KEYS_LOCK = 7_347_112_001;

@Injectable()
export class SigningKeysRepository {
  constructor(
    @InjectRepository(OAuthSigningKeyEntity)
    private readonly keys: Repository<OAuthSigningKeyEntity>,
  ) {}

  /** Keys that still verify tokens: active ones and those retired after `retiredSince`. */
  listUsable(retiredSince: Date): Promise<OAuthSigningKeyEntity[]> {
    return this.keys.find({
      where: [{ retiredAt: IsNull() }, { retiredAt: MoreThan(retiredSince) }],
      order: { activatedAt: 'DESC' },
    });
  }

  /** Creates the first key unless another process got there first; false when one exists. */
  insertFirstKey(key: NewSigningKey): Promise<boolean> {
    return this.keys.manager.transaction(async (manager) => {
      await lock(manager);
      const active = await manager.count(OAuthSigningKeyEntity, {
        where: { retiredAt: IsNull() },
      });
      if (active > 0) return false;
      await insertActive(manager, key);
      return true;
    });
  }

  /** Makes `key` the active key and retires every other one, atomically. */
  rotateTo(key: NewSigningKey): Promise<void> {
    return this.keys.manager.transaction(async (manager) => {
      await lock(manager);
      await manager.update(
        OAuthSigningKeyEntity,
        { retiredAt: IsNull() },
        { retiredAt: () => 'now()' },
      );
      await insertActive(manager, key);
    });
  }
}

async function lock(manager: EntityManager): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1)', [SIGNING_KEYS_LOCK]);
}

async function insertActive(manager: EntityManager, key: NewSigningKey): Promise<void> {
  await manager.insert(OAuthSigningKeyEntity, {
    ...key,
    algorithm: 'ES256',
    activatedAt: () => 'clock_timestamp()',
  });
}
