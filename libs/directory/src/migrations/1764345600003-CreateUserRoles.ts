import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUserRoles1764345600003 implements MigrationInterface {
  name = 'CreateUserRoles1764345600003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE directory.user_roles (
        user_id uuid PRIMARY KEY REFERENCES directory.users (id) ON DELETE CASCADE,
        directory_id uuid NOT NULL,
        grants jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS directory.user_roles`);
  }
}
