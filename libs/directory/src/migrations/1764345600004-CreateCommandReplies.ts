import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCommandReplies1764345600004 implements MigrationInterface {
  name = 'CreateCommandReplies1764345600004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE directory.command_replies (
        command_id text PRIMARY KEY,
        reply jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX command_replies_created_at_idx ON directory.command_replies (created_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS directory.command_replies`);
  }
}
