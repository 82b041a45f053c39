import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRequestLog1765000000000 implements MigrationInterface {
  name = 'CreateRequestLog1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS scim_ingress`);
    await queryRunner.query(`
      CREATE TABLE scim_ingress.request_log (
        id uuid NOT NULL,
        directory_id uuid NOT NULL,
        organization_id uuid NOT NULL,
        received_at timestamptz NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        query json NOT NULL,
        status smallint NOT NULL,
        duration_ms double precision NOT NULL,
        provider text NOT NULL,
        detected_provider text,
        request_body json,
        response_body json,
        normalization json NOT NULL,
        correlation_id text NOT NULL,
        CONSTRAINT request_log_pkey PRIMARY KEY (id)
      )`);
    await queryRunner.query(
      `CREATE INDEX request_log_directory_received_idx ON scim_ingress.request_log (directory_id, received_at, id)`,
    );
    await queryRunner.query(
      `CREATE INDEX request_log_received_idx ON scim_ingress.request_log (received_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE scim_ingress.request_log`);
  }
}
