import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateDriftEventsAndWebhookSecrets1795323925675 implements MigrationInterface {
  name = 'CreateDriftEventsAndWebhookSecrets1795323925675';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "drift_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "connector_id" uuid NOT NULL, "object_type" character varying(100) NOT NULL, "object_key" text NOT NULL, "trigger" character varying(16) NOT NULL, "fields" jsonb NOT NULL, "is_deleted" boolean NOT NULL DEFAULT false, "decision" character varying(16) NOT NULL, "error" text, "review_item_id" uuid, "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_58743faa447e8e03e94367c48ce" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "drift_events_record" ON "drift_events" ("connector_id", "object_type", "object_key") ',
    );
    await queryRunner.query(
      'CREATE INDEX "drift_events_detected" ON "drift_events" ("detected_at") ',
    );
    await queryRunner.query('ALTER TABLE "connectors" ADD "webhook_secret_sealed" text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "connectors" DROP COLUMN "webhook_secret_sealed"');
    await queryRunner.query('DROP INDEX "public"."drift_events_detected"');
    await queryRunner.query('DROP INDEX "public"."drift_events_record"');
    await queryRunner.query('DROP TABLE "drift_events"');
  }
}
