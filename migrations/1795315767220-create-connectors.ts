import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateConnectors1795315767220 implements MigrationInterface {
  name = 'CreateConnectors1795315767220';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "connectors" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "kind" character varying(16) NOT NULL, "url" text NOT NULL, "token_sealed" text NOT NULL, "verify_tls" boolean NOT NULL DEFAULT true, "api_version" character varying(16), "description" text NOT NULL DEFAULT \'\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_bfd468c6d7ef3151e3d7c561744" UNIQUE ("name"), CONSTRAINT "PK_c1334e2a68a8de86d1732a8e3fb" PRIMARY KEY ("id"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "connectors"');
  }
}
