import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateOauthClientsAndKeys1795323756347 implements MigrationInterface {
  name = 'CreateOauthClientsAndKeys1795323756347';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "oauth_clients" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "client_id" character varying(64) NOT NULL, "name" character varying(100) NOT NULL, "description" text NOT NULL DEFAULT \'\', "scopes" text array NOT NULL DEFAULT \'{}\', "secret_hash" text NOT NULL, "is_disabled" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "secret_rotated_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_c5c4af500cc8bfc05500fff7f90" UNIQUE ("client_id"), CONSTRAINT "UQ_cfbb24c16976ef9dc7e7e5c8176" UNIQUE ("name"), CONSTRAINT "PK_c4759172d3431bae6f04e678e0d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "oauth_signing_keys" ("kid" character varying(64) NOT NULL, "algorithm" character varying(16) NOT NULL DEFAULT \'ES256\', "private_key_sealed" text NOT NULL, "public_jwk" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "activated_at" TIMESTAMP WITH TIME ZONE, "retired_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c8e0e251f213a0f7b7bd2563201" PRIMARY KEY ("kid"))',
    );
    await queryRunner.query(
      'CREATE INDEX "oauth_signing_keys_activated_at_idx" ON "oauth_signing_keys" ("activated_at") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."oauth_signing_keys_activated_at_idx"');
    await queryRunner.query('DROP TABLE "oauth_signing_keys"');
    await queryRunner.query('DROP TABLE "oauth_clients"');
  }
}
