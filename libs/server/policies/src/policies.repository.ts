import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SyncPolicyEntity, SyncPolicyVersionEntity } from '@plumbline/server-database';
import { DataSource, type EntityManager } from 'typeorm';

export interface PolicyWrite {
  scope: string;
  /** null deletes the policy. */
  document: Record<string, unknown> | null;
  action: SyncPolicyVersionEntity['action'];
  actor: string;
}

@Injectable()
export class PoliciesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findAll(): Promise<SyncPolicyEntity[]> {
    return this.dataSource.getRepository(SyncPolicyEntity).find({ order: { scope: 'ASC' } });
  }

  findOne(scope: string): Promise<SyncPolicyEntity | null> {
    return this.dataSource.getRepository(SyncPolicyEntity).findOne({ where: { scope } });
  }

  findVersions(scope: string): Promise<SyncPolicyVersionEntity[]> {
    return this.dataSource
      .getRepository(SyncPolicyVersionEntity)
      .find({ where: { scope }, order: { version: 'DESC' } });
  }

  /** Runs writes in one transaction; the rows they touch are locked until it ends. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The current row, locked against concurrent saves of the same scope. */
  lockCurrent(manager: EntityManager, scope: string): Promise<SyncPolicyEntity | null> {
    return manager
      .getRepository(SyncPolicyEntity)
      .createQueryBuilder('policy')
      .setLock('pessimistic_write')
      .where('policy.scope = :scope', { scope })
      .getOne();
  }

  /** Stores a new version (or a deletion) and keeps it in the history. */
  async write(
    manager: EntityManager,
    current: SyncPolicyEntity | null,
    write: PolicyWrite,
  ): Promise<number> {
    const lastVersion = await manager
      .getRepository(SyncPolicyVersionEntity)
      .maximum('version', { scope: write.scope });
    const version = Math.max(lastVersion ?? 0, current?.version ?? 0) + 1;
    const now = new Date();
    const versions = manager.getRepository(SyncPolicyVersionEntity);
    await versions.save(
      versions.create({
        scope: write.scope,
        version,
        document: write.document,
        action: write.action,
        savedBy: write.actor,
        savedAt: now,
      }),
    );
    if (write.document === null) {
      await manager.getRepository(SyncPolicyEntity).delete({ scope: write.scope });
    } else {
      await manager.getRepository(SyncPolicyEntity).save({
        scope: write.scope,
        version,
        document: write.document,
        updatedBy: write.actor,
        updatedAt: now,
      });
    }
    return version;
  }
}
