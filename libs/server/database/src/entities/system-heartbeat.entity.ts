import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One round trip api → queue → worker → database, recorded by the worker. */
@Entity({ name: 'system_heartbeats' })
@Index('idx_system_heartbeats_requested_at', ['requestedAt'])
export class SystemHeartbeatEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'requested_by', type: 'varchar', length: 320 })
  requestedBy!: string;

  @Column({ name: 'correlation_id', type: 'varchar', length: 128, nullable: true })
  correlationId!: string | null;

  @CreateDateColumn({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt!: Date | null;

  @Column({ name: 'worker_id', type: 'varchar', length: 128, nullable: true })
  workerId!: string | null;
}
