import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRoleMappingSchema1764950400000 implements MigrationInterface {
  name = 'CreateRoleMappingSchema1764950400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS role_mapping`);
    await queryRunner.query(`
      CREATE TABLE role_mapping.roles (
        key text PRIMARY KEY,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        priority integer NOT NULL DEFAULT 0,
        is_default boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT roles_key_kebab_case CHECK (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
      )`);
    // At most one default role: every row with is_default = true has the same index key.
    await queryRunner.query(
      `CREATE UNIQUE INDEX roles_single_default_key ON role_mapping.roles (is_default) WHERE is_default`,
    );
    await queryRunner.query(`
      CREATE TABLE role_mapping.organization_mappings (
        organization_id uuid PRIMARY KEY,
        mode text NOT NULL,
        default_role text REFERENCES role_mapping.roles (key),
        rules jsonb NOT NULL DEFAULT '[]',
        version integer NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT organization_mappings_mode_check CHECK (mode IN ('multiple', 'highest-priority'))
      )`);
    await queryRunner.query(`
      CREATE TABLE role_mapping.users (
        id uuid PRIMARY KEY,
        directory_id uuid NOT NULL,
        organization_id uuid NOT NULL,
        active boolean NOT NULL,
        snapshot jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX users_organization_id_idx ON role_mapping.users (organization_id, id)`,
    );
    await queryRunner.query(`CREATE INDEX users_directory_id_idx ON role_mapping.users (directory_id)`);
    await queryRunner.query(`
      CREATE TABLE role_mapping.groups (
        id uuid PRIMARY KEY,
        directory_id uuid NOT NULL,
        organization_id uuid NOT NULL,
        display_name text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX groups_directory_id_idx ON role_mapping.groups (directory_id)`);
    await queryRunner.query(`
      CREATE TABLE role_mapping.memberships (
        user_id uuid NOT NULL REFERENCES role_mapping.users (id) ON DELETE CASCADE,
        group_id uuid NOT NULL REFERENCES role_mapping.groups (id) ON DELETE CASCADE,
        directory_id uuid NOT NULL,
        PRIMARY KEY (user_id, group_id)
      )`);
    await queryRunner.query(`CREATE INDEX memberships_group_id_idx ON role_mapping.memberships (group_id)`);
    await queryRunner.query(`
      CREATE TABLE role_mapping.user_roles (
        user_id uuid PRIMARY KEY,
        directory_id uuid NOT NULL,
        organization_id uuid NOT NULL,
        roles text[] NOT NULL DEFAULT '{}',
        grants jsonb NOT NULL DEFAULT '[]',
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX user_roles_roles_idx ON role_mapping.user_roles USING gin (roles)`);
    await queryRunner.query(`
      CREATE TABLE role_mapping.recompute_jobs (
        organization_id uuid PRIMARY KEY,
        status text NOT NULL,
        total integer NOT NULL,
        done integer NOT NULL,
        last_user_id uuid,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        CONSTRAINT recompute_jobs_status_check CHECK (status IN ('running', 'done'))
      )`);
    await queryRunner.query(
      `CREATE INDEX recompute_jobs_running_idx ON role_mapping.recompute_jobs (started_at) WHERE status = 'running'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'recompute_jobs',
      'user_roles',
      'memberships',
      'groups',
      'users',
      'organization_mappings',
      'roles',
    ]) {
      await queryRunner.query(`DROP TABLE IF EXISTS role_mapping.${table}`);
    }
  }
}
