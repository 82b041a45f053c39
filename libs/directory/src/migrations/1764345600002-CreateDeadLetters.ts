import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDeadLetters1764345600002 implements MigrationInterface {
  name = 'CreateDeadLetters1764345600002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE directory.dead_letters (
        id uuid PRIMARY KEY,
        topic text NOT NULL,
        source text NOT NULL,
        consumer_group text NOT NULL,
        reason text NOT NULL,
        message_key text NOT NULL,
        payload jsonb,
        headers jsonb NOT NULL,
        received_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX dead_letters_source_key ON directory.dead_letters (source)`);
    await queryRunner.query(
      `CREATE INDEX dead_letters_received_idx ON directory.dead_letters (received_at, id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS directory.dead_letters`);
  }
}
