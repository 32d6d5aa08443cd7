import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** The scope of the settings shared by every object type (default strategy, triggers). */
export const POLICY_DEFAULTS_SCOPE = '*';

/** The current sync policy of one object type (or the shared defaults, scope `*`). */
@Entity({ name: 'sync_policies' })
export class SyncPolicyEntity {
  /** An object type such as `dcim.device`, or `*` for the shared defaults. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  scope!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  document!: Record<string, unknown>;

  @Column({ name: 'updated_by', type: 'varchar', length: 320 })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Every saved version of a policy, kept when a newer one replaces it or it is deleted. */
@Entity({ name: 'sync_policy_versions' })
@Index('idx_sync_policy_versions_scope_version', ['scope', 'version'], { unique: true })
export class SyncPolicyVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  scope!: string;

  @Column({ type: 'integer' })
  version!: number;

  /** The policy as saved; null when this version deleted it. */
  @Column({ type: 'jsonb', nullable: true })
  document!: Record<string, unknown> | null;

  /** `save`, `import` or `delete`. */
  @Column({ type: 'varchar', length: 16 })
  action!: 'save' | 'import' | 'delete';

  @Column({ name: 'saved_by', type: 'varchar', length: 320 })
  savedBy!: string;

  @Column({ name: 'saved_at', type: 'timestamptz' })
  savedAt!: Date;
}
