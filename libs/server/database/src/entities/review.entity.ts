import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const REVIEW_STATES = [
  'open',
  'approved',
  'rejected',
  'applied',
  'failed',
  'stale',
] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** One field of a contested change: value at the baseline, on the target now, and proposed. */
export interface ReviewField {
  field: string;
  base: unknown;
  current: unknown;
  proposed: unknown;
  isReference?: boolean;
  isConflict?: boolean;
}

export interface ReviewSource {
  /** `target` for the instance itself, else the source name (e.g. `discovery`). */
  name: string;
  /** When that side last saw or changed the record (ISO 8601), when known. */
  observedAt: string | null;
}

/** An operation waiting for an operator: approve, reject or edit. */
@Entity({ name: 'review_items' })
@Index('idx_review_items_state_created', ['state', 'createdAt'])
@Index('idx_review_items_object', ['objectType', 'objectKey'])
@Index('idx_review_items_fingerprint', ['fingerprint'])
export class ReviewItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: ReviewState;

  /** The connector the change is for. */
  @Column({ name: 'connector_id', type: 'uuid' })
  connectorId!: string;

  @Column({ name: 'object_type', type: 'varchar', length: 100 })
  objectType!: string;

  /** Natural key on the target, its parts joined by U+001F. */
  @Column({ name: 'object_key', type: 'text' })
  objectKey!: string;

  @Column({ type: 'varchar', length: 16 })
  action!: 'create' | 'update' | 'delete';

  /** The operation as the plan had it, applied exactly as reviewed (plus edits). */
  @Column({ type: 'jsonb' })
  operation!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  fields!: ReviewField[];

  @Column({ type: 'jsonb' })
  sources!: ReviewSource[];

  /** The source proposing the change. */
  @Column({ type: 'varchar', length: 100 })
  source!: string;

  /** The rule that sent it to review, e.g. `conflict:name` or `trigger:value_changes`. */
  @Column({ type: 'varchar', length: 200 })
  rule!: string;

  /** Why, in words, for the operator. */
  @Column({ type: 'text' })
  reason!: string;

  /** Identifies the proposal (connector, type, key, fields, values, source): one open item each. */
  @Column({ type: 'varchar', length: 100 })
  fingerprint!: string;

  /** One per field: what a rejection is remembered by (same value, same source: not asked again). */
  @Column({ name: 'field_fingerprints', type: 'jsonb' })
  fieldFingerprints!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'decided_by', type: 'varchar', length: 320, nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  /** Values the approver chose instead of the proposed ones, by field. */
  @Column({ name: 'edited_values', type: 'jsonb', nullable: true })
  editedValues!: Record<string, unknown> | null;

  @Column({ name: 'applied_at', type: 'timestamptz', nullable: true })
  appliedAt!: Date | null;

  /** Why applying failed, or what made the item stale. */
  @Column({ type: 'text', nullable: true })
  outcome!: string | null;
}

@Entity({ name: 'review_comments' })
@Index('idx_review_comments_item', ['itemId', 'createdAt'])
export class ReviewCommentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @Column({ type: 'varchar', length: 320 })
  author!: string;

  @Column({ type: 'text' })
  body!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export const REVIEW_EVENTS = [
  'created',
  'approved',
  'rejected',
  'commented',
  'applied',
  'failed',
  'stale',
] as const;
export type ReviewEvent = (typeof REVIEW_EVENTS)[number];

/** Who did what to which item, when, with which values and comment. Never updated. */
@Entity({ name: 'review_audit' })
@Index('idx_review_audit_item', ['itemId', 'at'])
@Index('idx_review_audit_actor', ['actor', 'at'])
export class ReviewAuditEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @Column({ type: 'varchar', length: 320 })
  actor!: string;

  @Column({ type: 'varchar', length: 16 })
  event!: ReviewEvent;

  /** Values written or chosen, when the event has any. */
  @Column({ type: 'jsonb', nullable: true })
  values!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;
}

/** A rejected proposed value of one field: the same value from the same source is not asked again. */
@Entity({ name: 'review_rejections' })
@Index('idx_review_rejections_object', ['objectType', 'objectKey'])
export class ReviewRejectionEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  fingerprint!: string;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @Column({ name: 'object_type', type: 'varchar', length: 100 })
  objectType!: string;

  @Column({ name: 'object_key', type: 'text' })
  objectKey!: string;

  @Column({ type: 'varchar', length: 100 })
  field!: string;

  @Column({ name: 'rejected_by', type: 'varchar', length: 320 })
  rejectedBy!: string;

  @Column({ name: 'rejected_at', type: 'timestamptz' })
  rejectedAt!: Date;
}
