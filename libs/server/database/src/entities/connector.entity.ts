import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const CONNECTOR_KINDS = ['netbox', 'nautobot'] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];

/** A configured NetBox or Nautobot instance. The token is stored sealed, never in clear. */
@Entity({ name: 'connectors' })
export class ConnectorEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: ConnectorKind;

  @Column({ type: 'text' })
  url!: string;

  @Column({ name: 'token_sealed', type: 'text' })
  tokenSealed!: string;

  /** Key of the HMAC-SHA512 signatures on the instance's webhooks, sealed like the token. */
  @Column({ name: 'webhook_secret_sealed', type: 'text', nullable: true })
  webhookSecretSealed!: string | null;

  @Column({ name: 'verify_tls', type: 'boolean', default: true })
  verifyTls!: boolean;

  /** REST API version to ask for (Nautobot's `Accept: …; version=`); null for the server's default. */
  @Column({ name: 'api_version', type: 'varchar', length: 16, nullable: true })
  apiVersion!: string | null;

  @Column({ type: 'text', default: '' })
  description!: string;

  /** Whether ingested entities are applied to this instance (when a request names no targets). */
  @Column({ name: 'receives_ingest', type: 'boolean', default: true })
  receivesIngest!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
