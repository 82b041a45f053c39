import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePortalSchema1765324800000 implements MigrationInterface {
  name = 'CreatePortalSchema1765324800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS portal`);
    // No foreign key to the organization: organizations live in directory-service's schema.
    await queryRunner.query(`
      CREATE TABLE portal.portal_links (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX portal_links_token_hash_key ON portal.portal_links (token_hash)`,
    );
    await queryRunner.query(
      `CREATE INDEX portal_links_organization_id_idx ON portal.portal_links (organization_id, created_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE portal.portal_links`);
  }
}
