import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateReviewQueue1795316791487 implements MigrationInterface {
  name = 'CreateReviewQueue1795316791487';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "review_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "state" character varying(16) NOT NULL, "connector_id" uuid NOT NULL, "object_type" character varying(100) NOT NULL, "object_key" text NOT NULL, "action" character varying(16) NOT NULL, "operation" jsonb NOT NULL, "fields" jsonb NOT NULL, "sources" jsonb NOT NULL, "source" character varying(100) NOT NULL, "rule" character varying(200) NOT NULL, "reason" text NOT NULL, "fingerprint" character varying(100) NOT NULL, "field_fingerprints" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_by" character varying(320), "decided_at" TIMESTAMP WITH TIME ZONE, "edited_values" jsonb, "applied_at" TIMESTAMP WITH TIME ZONE, "outcome" text, CONSTRAINT "PK_417e5a69fd5f01f31e3c0303dfe" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_review_items_fingerprint" ON "review_items" ("fingerprint") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_review_items_object" ON "review_items" ("object_type", "object_key") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_review_items_state_created" ON "review_items" ("state", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "review_comments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_id" uuid NOT NULL, "author" character varying(320) NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7a18556c348d381630855d05f0a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_review_comments_item" ON "review_comments" ("item_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "review_audit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_id" uuid NOT NULL, "actor" character varying(320) NOT NULL, "event" character varying(16) NOT NULL, "values" jsonb, "comment" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_69a9287c1272767e8592beb59d4" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_review_audit_actor" ON "review_audit" ("actor", "at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_review_audit_item" ON "review_audit" ("item_id", "at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "review_rejections" ("fingerprint" character varying(100) NOT NULL, "item_id" uuid NOT NULL, "object_type" character varying(100) NOT NULL, "object_key" text NOT NULL, "field" character varying(100) NOT NULL, "rejected_by" character varying(320) NOT NULL, "rejected_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_16fc4bb9d01e558ca59d0c3f371" PRIMARY KEY ("fingerprint"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_review_rejections_object" ON "review_rejections" ("object_type", "object_key") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."idx_review_rejections_object"');
    await queryRunner.query('DROP TABLE "review_rejections"');
    await queryRunner.query('DROP INDEX "public"."idx_review_audit_item"');
    await queryRunner.query('DROP INDEX "public"."idx_review_audit_actor"');
    await queryRunner.query('DROP TABLE "review_audit"');
    await queryRunner.query('DROP INDEX "public"."idx_review_comments_item"');
    await queryRunner.query('DROP TABLE "review_comments"');
    await queryRunner.query('DROP INDEX "public"."idx_review_items_state_created"');
    await queryRunner.query('DROP INDEX "public"."idx_review_items_object"');
    await queryRunner.query('DROP INDEX "public"."idx_review_items_fingerprint"');
    await queryRunner.query('DROP TABLE "review_items"');
  }
}
