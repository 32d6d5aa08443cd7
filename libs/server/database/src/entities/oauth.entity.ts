import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** A machine caller of the API (n8n, CI, discovery jobs) using the client-credentials grant. */
@Entity({ name: 'oauth_clients' })
export class OAuthClientEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The readable identifier presented at the token endpoint, `pl_…`. */
  @Column({ name: 'client_id', type: 'varchar', length: 64, unique: true })
  clientId!: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  scopes!: string[];

  /** A keyed hash of the secret; the secret itself is shown once and never stored. */
  @Column({ name: 'secret_hash', type: 'text' })
  secretHash!: string;

  @Column({ name: 'is_disabled', type: 'boolean', default: false })
  isDisabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'secret_rotated_at', type: 'timestamptz', nullable: true })
  secretRotatedAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}

/** An ES256 key pair that signs access tokens; the private half is sealed under ENCRYPTION_KEY. */
@Entity({ name: 'oauth_signing_keys' })
@Index('oauth_signing_keys_activated_at_idx', ['activatedAt'])
export class OAuthSigningKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  kid!: string;

  @Column({ type: 'varchar', length: 16, default: 'ES256' })
  algorithm!: string;

  @Column({ name: 'private_key_sealed', type: 'text' })
  privateKeySealed!: string;

  @Column({ name: 'public_jwk', type: 'jsonb' })
  publicJwk!: Record<string, string>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt!: Date | null;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;
}
