import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateBaselines1795317050935 implements MigrationInterface {
  name = 'CreateBaselines1795317050935';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "baselines" ("connector_id" uuid NOT NULL, "object_type" character varying(100) NOT NULL, "object_key" text NOT NULL, "attrs" jsonb NOT NULL, "refs" jsonb NOT NULL, "ids" jsonb, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_b316e65b42f954a7fea51afb4d3" PRIMARY KEY ("connector_id", "object_type", "object_key"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "baselines"');
  }
}
