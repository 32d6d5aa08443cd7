import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const DRIFT_TRIGGERS = ['webhook', 'reconciler'] as const;
export type DriftTrigger = (typeof DRIFT_TRIGGERS)[number];

export const DRIFT_DECISIONS = ['corrected', 'review', 'accepted', 'failed'] as const;
export type DriftDecision = (typeof DRIFT_DECISIONS)[number];

/** One field the instance holds differently from what was ingested; null `live`: deleted. */
export interface DriftField {
  field: string;
  intended: unknown;
  live: unknown;
}

/**
 * A drift check that found the instance contradicting an ingested record, and what was done
 * about it. Checks that found nothing only move the record's `checked_at`.
 */
@Entity({ name: 'drift_events' })
@Index('drift_events_detected', ['detectedAt'])
@Index('drift_events_record', ['connectorId', 'objectType', 'objectKey'])
export class DriftEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'connector_id', type: 'uuid' })
  connectorId!: string;

  @Column({ name: 'object_type', type: 'varchar', length: 100 })
  objectType!: string;

  @Column({ name: 'object_key', type: 'text' })
  objectKey!: string;

  @Column({ type: 'varchar', length: 16 })
  trigger!: DriftTrigger;

  /** The drifted fields; a deleted object lists every ingested field with `live: null`. */
  @Column({ type: 'jsonb' })
  fields!: DriftField[];

  /** Whether the instance had deleted the object. */
  @Column({ name: 'is_deleted', type: 'boolean', default: false })
  isDeleted!: boolean;

  @Column({ type: 'varchar', length: 16 })
  decision!: DriftDecision;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'review_item_id', type: 'uuid', nullable: true })
  reviewItemId!: string | null;

  @Column({ name: 'detected_at', type: 'timestamptz' })
  detectedAt!: Date;
}
