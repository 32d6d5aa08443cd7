import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The last state Plumbline applied or confirmed for a record on a connector's instance:
 * what makes diffs three-way (what the source changed, what the target changed).
 */
@Entity({ name: 'baselines' })
// GIN (jsonb_path_ops) on ids, made by its migration: TypeORM cannot declare the method.
@Index('baselines_peer_ids', { synchronize: false })
export class BaselineEntity {
  @PrimaryColumn({ name: 'connector_id', type: 'uuid' })
  connectorId!: string;

  @PrimaryColumn({ name: 'object_type', type: 'varchar', length: 100 })
  objectType!: string;

  @PrimaryColumn({ name: 'object_key', type: 'text' })
  objectKey!: string;

  @Column({ type: 'jsonb' })
  attrs!: object;

  @Column({ type: 'jsonb' })
  refs!: object;

  @Column({ type: 'jsonb', nullable: true })
  ids!: Record<string, string | number> | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
