import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const INGESTION_STATES = ['accepted', 'running', 'completed', 'cancelled'] as const;
export type IngestionState = (typeof INGESTION_STATES)[number];

/** What became of one ingested entity. `pending` until the worker has dealt with it. */
export const ENTITY_OUTCOMES = [
  'pending',
  'created',
  'updated',
  'unchanged',
  'in_review',
  'rejected',
  'failed',
  'cancelled',
] as const;
export type EntityOutcome = (typeof ENTITY_OUTCOMES)[number];

export type OutcomeCounts = Record<EntityOutcome, number>;

/**
 * One accepted request of the ingest API. It exists (committed) before the API answers 202;
 * the worker leases it while it works, so a lost job is found again and resumed.
 */
@Entity({ name: 'ingestions' })
@Index('ingestions_idempotency', ['principal', 'idempotencyKey'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
@Index('ingestions_open', ['state', 'leaseUntil'], {
  where: "state IN ('accepted', 'running')",
})
export class IngestionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'object_type', type: 'varchar', length: 100 })
  objectType!: string;

  /** Provenance of the entities for policies (the client's name). */
  @Column({ type: 'varchar', length: 200 })
  source!: string;

  /** Who sent it: `client:<clientId>` or `user:<userId>`; scopes the idempotency key. */
  @Column({ type: 'varchar', length: 200 })
  principal!: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, nullable: true })
  idempotencyKey!: string | null;

  /** SHA-256 of the request (type, targets, body): a reused key with another body is refused. */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash!: string;

  /** Connector ids the entities are applied to. */
  @Column({ name: 'connector_ids', type: 'uuid', array: true })
  connectorIds!: string[];

  @Column({ type: 'varchar', length: 16 })
  state!: IngestionState;

  @Column({ type: 'integer' })
  total!: number;

  /** Entities per outcome, kept current by the worker. */
  @Column({ type: 'jsonb' })
  counts!: OutcomeCounts;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** While a worker holds it; after this passes, another worker may take it over. */
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  @Column({ name: 'correlation_id', type: 'varchar', length: 100, nullable: true })
  correlationId!: string | null;

  @Column({ name: 'accepted_at', type: 'timestamptz' })
  acceptedAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** Why the ingestion as a whole could not go on (per-entity errors are on the entities). */
  @Column({ type: 'text', nullable: true })
  error!: string | null;
}

/** One entity of an ingestion, as received, and what became of it on every target. */
@Entity({ name: 'ingestion_entities' })
@Index('ingestion_entities_pending', ['ingestionId', 'position'], {
  where: "outcome = 'pending'",
})
export class IngestionEntityRow {
  @PrimaryColumn({ name: 'ingestion_id', type: 'uuid' })
  ingestionId!: string;

  @PrimaryColumn({ type: 'integer' })
  position!: number;

  /** The entity exactly as the producer sent it. */
  @Column({ type: 'jsonb' })
  entity!: Record<string, unknown>;

  /** Natural key, once known (after the policy's mappings and transformations). */
  @Column({ name: 'object_key', type: 'text', nullable: true })
  objectKey!: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome!: EntityOutcome;

  /** Rejected: `[{field, reason}]`; failed: the target's error per connector. */
  @Column({ type: 'jsonb', nullable: true })
  reasons!: Array<{ field: string; reason: string; connector?: string }> | null;

  /** Per connector name: outcome, fields written, error, review item. */
  @Column({ type: 'jsonb', nullable: true })
  targets!: Record<string, IngestionTargetOutcome> | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}

export interface IngestionTargetOutcome {
  outcome: Exclude<EntityOutcome, 'pending' | 'rejected' | 'cancelled'>;
  fields?: string[];
  error?: string;
  reviewItemId?: string;
}

/**
 * What producers asserted about a record on a connector's instance: only the fields they
 * sent, after the policy's transformations. Drift is the instance contradicting this.
 */
@Entity({ name: 'ingested_records' })
@Index('ingested_records_check_order', ['checkedAt'])
export class IngestedRecordEntity {
  @PrimaryColumn({ name: 'connector_id', type: 'uuid' })
  connectorId!: string;

  @PrimaryColumn({ name: 'object_type', type: 'varchar', length: 100 })
  objectType!: string;

  @PrimaryColumn({ name: 'object_key', type: 'text' })
  objectKey!: string;

  @Column({ type: 'jsonb' })
  attrs!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  refs!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 200 })
  source!: string;

  @Column({ name: 'ingestion_id', type: 'uuid' })
  ingestionId!: string;

  @Column({ name: 'ingested_at', type: 'timestamptz' })
  ingestedAt!: Date;

  /** Last time the instance was compared with it (webhook or reconciler); null: never. */
  @Column({ name: 'checked_at', type: 'timestamptz', nullable: true })
  checkedAt!: Date | null;
}
