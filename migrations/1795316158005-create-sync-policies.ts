import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateSyncPolicies1795316158005 implements MigrationInterface {
  name = 'CreateSyncPolicies1795316158005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "sync_policies" ("scope" character varying(100) NOT NULL, "version" integer NOT NULL, "document" jsonb NOT NULL, "updated_by" character varying(320) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f5242781e6d2b45a759414b4e3f" PRIMARY KEY ("scope"))',
    );
    await queryRunner.query(
      'CREATE TABLE "sync_policy_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "scope" character varying(100) NOT NULL, "version" integer NOT NULL, "document" jsonb, "action" character varying(16) NOT NULL, "saved_by" character varying(320) NOT NULL, "saved_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_66ab67520e3d76c27600b67b5a6" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "idx_sync_policy_versions_scope_version" ON "sync_policy_versions" ("scope", "version") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."idx_sync_policy_versions_scope_version"');
    await queryRunner.query('DROP TABLE "sync_policy_versions"');
    await queryRunner.query('DROP TABLE "sync_policies"');
  }
}
