import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Webhooks name an object by its peer id; the drift check finds its baseline by that id
 * (`ids @> {"netbox": 12}`). A GIN index keeps that a lookup instead of a scan of the type.
 */
export class IndexBaselinePeerIds1795328918901 implements MigrationInterface {
  name = 'IndexBaselinePeerIds1795328918901';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX "baselines_peer_ids" ON "baselines" USING gin ("ids" jsonb_path_ops)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "baselines_peer_ids"');
  }
}
