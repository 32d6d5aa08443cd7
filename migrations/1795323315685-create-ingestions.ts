import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateIngestions1795323315685 implements MigrationInterface {
  name = 'CreateIngestions1795323315685';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "ingestions" ("id" uuid NOT NULL, "object_type" character varying(100) NOT NULL, "source" character varying(200) NOT NULL, "principal" character varying(200) NOT NULL, "idempotency_key" character varying(200), "request_hash" character(64) NOT NULL, "connector_ids" uuid array NOT NULL, "state" character varying(16) NOT NULL, "total" integer NOT NULL, "counts" jsonb NOT NULL, "attempts" integer NOT NULL DEFAULT \'0\', "lease_until" TIMESTAMP WITH TIME ZONE, "correlation_id" character varying(100), "accepted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "error" text, CONSTRAINT "PK_71cd42dcb8c3b621cd1f7141b2d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ingestions_open" ON "ingestions" ("state", "lease_until") WHERE state IN (\'accepted\', \'running\')',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ingestions_idempotency" ON "ingestions" ("principal", "idempotency_key") WHERE idempotency_key IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "ingestion_entities" ("ingestion_id" uuid NOT NULL, "position" integer NOT NULL, "entity" jsonb NOT NULL, "object_key" text, "outcome" character varying(16) NOT NULL, "reasons" jsonb, "targets" jsonb, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_fdf4d3ce9b96df79635a8ff1f94" PRIMARY KEY ("ingestion_id", "position"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ingestion_entities_pending" ON "ingestion_entities" ("ingestion_id", "position") WHERE outcome = \'pending\'',
    );
    await queryRunner.query(
      'CREATE TABLE "ingested_records" ("connector_id" uuid NOT NULL, "object_type" character varying(100) NOT NULL, "object_key" text NOT NULL, "attrs" jsonb NOT NULL, "refs" jsonb NOT NULL, "source" character varying(200) NOT NULL, "ingestion_id" uuid NOT NULL, "ingested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "checked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2d7b08e4625dd92f3612bb8dfe8" PRIMARY KEY ("connector_id", "object_type", "object_key"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ingested_records_check_order" ON "ingested_records" ("checked_at") ',
    );
    await queryRunner.query(
      'ALTER TABLE "connectors" ADD "receives_ingest" boolean NOT NULL DEFAULT true',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "connectors" DROP COLUMN "receives_ingest"');
    await queryRunner.query('DROP INDEX "public"."ingested_records_check_order"');
    await queryRunner.query('DROP TABLE "ingested_records"');
    await queryRunner.query('DROP INDEX "public"."ingestion_entities_pending"');
    await queryRunner.query('DROP TABLE "ingestion_entities"');
    await queryRunner.query('DROP INDEX "public"."ingestions_idempotency"');
    await queryRunner.query('DROP INDEX "public"."ingestions_open"');
    await queryRunner.query('DROP TABLE "ingestions"');
  }
}
