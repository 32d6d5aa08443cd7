import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateUsersOutboxAndHeartbeats1795313781262 implements MigrationInterface {
  name = 'CreateUsersOutboxAndHeartbeats1795313781262';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "outbox_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "queue" character varying(64) NOT NULL, "job_name" character varying(64) NOT NULL, "payload" jsonb NOT NULL, "correlation_id" character varying(128), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT \'0\', "last_error" text, CONSTRAINT "PK_0171348f527c64b137e4d4f5b66" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_outbox_messages_pending" ON "outbox_messages" ("created_at") WHERE "dispatched_at" IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "system_heartbeats" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "requested_by" character varying(320) NOT NULL, "correlation_id" character varying(128), "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "processed_at" TIMESTAMP WITH TIME ZONE, "worker_id" character varying(128), CONSTRAINT "PK_8a8d02a4d20a8fa84c6cf5de6c6" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_system_heartbeats_requested_at" ON "system_heartbeats" ("requested_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(320) NOT NULL, "password_hash" text NOT NULL, "role" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "users"');
    await queryRunner.query('DROP INDEX "public"."idx_system_heartbeats_requested_at"');
    await queryRunner.query('DROP TABLE "system_heartbeats"');
    await queryRunner.query('DROP INDEX "public"."idx_outbox_messages_pending"');
    await queryRunner.query('DROP TABLE "outbox_messages"');
  }
}
