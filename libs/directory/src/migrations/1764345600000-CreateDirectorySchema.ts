import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDirectorySchema1764345600000 implements MigrationInterface {
  name = 'CreateDirectorySchema1764345600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS directory`);
    await queryRunner.query(`
      CREATE TABLE directory.organizations (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        external_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX organizations_external_id_key ON directory.organizations (external_id) WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE directory.directories (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES directory.organizations (id) ON DELETE CASCADE,
        provider text NOT NULL,
        name text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        token_hash text NOT NULL,
        previous_token_hash text,
        previous_token_expires_at timestamptz,
        last_request_at timestamptz,
        activated_at timestamptz,
        last_sequence bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX directories_token_hash_key ON directory.directories (token_hash)`,
    );
    await queryRunner.query(
      `CREATE INDEX directories_previous_token_hash_idx ON directory.directories (previous_token_hash) WHERE previous_token_hash IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX directories_organization_id_idx ON directory.directories (organization_id, created_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE directory.users (
        id uuid PRIMARY KEY,
        directory_id uuid NOT NULL REFERENCES directory.directories (id) ON DELETE CASCADE,
        organization_id uuid NOT NULL,
        external_id text,
        user_name text NOT NULL,
        user_name_lower text NOT NULL,
        email_lower text,
        display_name text,
        active boolean NOT NULL,
        attributes jsonb NOT NULL,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX users_directory_user_name_key ON directory.users (directory_id, user_name_lower)`,
    );
    await queryRunner.query(
      `CREATE INDEX users_directory_external_id_idx ON directory.users (directory_id, external_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX users_directory_email_idx ON directory.users (directory_id, email_lower)`,
    );
    await queryRunner.query(
      `CREATE INDEX users_directory_created_idx ON directory.users (directory_id, created_at, id)`,
    );
    await queryRunner.query(`
      CREATE TABLE directory.groups (
        id uuid PRIMARY KEY,
        directory_id uuid NOT NULL REFERENCES directory.directories (id) ON DELETE CASCADE,
        organization_id uuid NOT NULL,
        external_id text,
        display_name text NOT NULL,
        display_name_lower text NOT NULL,
        attributes jsonb NOT NULL,
        member_count integer NOT NULL DEFAULT 0,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX groups_directory_display_name_key ON directory.groups (directory_id, display_name_lower)`,
    );
    await queryRunner.query(
      `CREATE INDEX groups_directory_external_id_idx ON directory.groups (directory_id, external_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX groups_directory_created_idx ON directory.groups (directory_id, created_at, id)`,
    );
    await queryRunner.query(`
      CREATE TABLE directory.memberships (
        group_id uuid NOT NULL REFERENCES directory.groups (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES directory.users (id) ON DELETE CASCADE,
        directory_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (group_id, user_id)
      )`);
    await queryRunner.query(`CREATE INDEX memberships_user_idx ON directory.memberships (user_id)`);
    await queryRunner.query(`
      CREATE TABLE directory.events (
        id uuid PRIMARY KEY,
        directory_id uuid NOT NULL,
        organization_id uuid NOT NULL,
        sequence bigint NOT NULL,
        type text NOT NULL,
        version integer NOT NULL,
        occurred_at timestamptz NOT NULL,
        data jsonb NOT NULL,
        previous_attributes jsonb
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX events_directory_sequence_key ON directory.events (directory_id, sequence)`,
    );
    await queryRunner.query(
      `CREATE INDEX events_organization_idx ON directory.events (organization_id, occurred_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['events', 'memberships', 'groups', 'users', 'directories', 'organizations']) {
      await queryRunner.query(`DROP TABLE IF EXISTS directory.${table}`);
    }
  }
}
