import { createInboxTable, dropInboxTable } from '@scimflow/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWebhooksSchema1764950400000 implements MigrationInterface {
  name = 'CreateWebhooksSchema1764950400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS webhooks`);
    await queryRunner.query(`
      CREATE TABLE webhooks.endpoints (
        id uuid PRIMARY KEY,
        url text NOT NULL,
        description text,
        event_types text[] NOT NULL DEFAULT '{}',
        organization_id uuid,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        disabled_at timestamptz,
        secret_encrypted text NOT NULL,
        previous_secret_encrypted text,
        previous_secret_expires_at timestamptz,
        failing_since timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX endpoints_created_idx ON webhooks.endpoints (created_at, id)`);
    await queryRunner.query(
      `CREATE INDEX endpoints_enabled_organization_idx ON webhooks.endpoints (organization_id) WHERE enabled`,
    );
    await queryRunner.query(`
      CREATE TABLE webhooks.events (
        id uuid PRIMARY KEY,
        directory_id uuid NOT NULL,
        organization_id uuid NOT NULL,
        sequence bigint NOT NULL,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        body jsonb NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX events_organization_occurred_idx ON webhooks.events (organization_id, occurred_at)`,
    );
    await queryRunner.query(`CREATE INDEX events_occurred_idx ON webhooks.events (occurred_at)`);
    await queryRunner.query(`
      CREATE TABLE webhooks.deliveries (
        id uuid PRIMARY KEY,
        endpoint_id uuid NOT NULL REFERENCES webhooks.endpoints (id) ON DELETE CASCADE,
        event_id uuid NOT NULL REFERENCES webhooks.events (id),
        directory_id uuid NOT NULL,
        sequence bigint NOT NULL,
        replay_id uuid,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        locked_until timestamptz,
        locked_by text,
        last_status integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT deliveries_status_check CHECK (status IN ('pending', 'succeeded', 'failed', 'dead'))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX deliveries_endpoint_event_key ON webhooks.deliveries (endpoint_id, event_id) ` +
        `WHERE replay_id IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX deliveries_endpoint_event_replay_key ON webhooks.deliveries (endpoint_id, event_id, replay_id) ` +
        `WHERE replay_id IS NOT NULL`,
    );
    // the head of each stream (endpoint, directory) and "is an earlier one still open?"
    await queryRunner.query(
      `CREATE INDEX deliveries_stream_open_idx ON webhooks.deliveries (endpoint_id, directory_id, sequence, created_at, id) ` +
        `WHERE status IN ('pending', 'failed')`,
    );
    // what the dispatcher claims, endpoint by endpoint: due deliveries only (those waiting behind an earlier one
    // of their stream have no time yet)
    await queryRunner.query(
      `CREATE INDEX deliveries_endpoint_due_idx ON webhooks.deliveries (endpoint_id, next_attempt_at) ` +
        `WHERE status IN ('pending', 'failed') AND next_attempt_at IS NOT NULL`,
    );
    // when the next retry is due
    await queryRunner.query(
      `CREATE INDEX deliveries_due_idx ON webhooks.deliveries (next_attempt_at) ` +
        `WHERE status IN ('pending', 'failed') AND next_attempt_at IS NOT NULL`,
    );
    // in-flight deliveries per endpoint (its concurrency limit) and per stream (one at a time)
    await queryRunner.query(
      `CREATE INDEX deliveries_leased_idx ON webhooks.deliveries (endpoint_id, directory_id) WHERE locked_until IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX deliveries_endpoint_created_idx ON webhooks.deliveries (endpoint_id, created_at, sequence, id)`,
    );
    await queryRunner.query(
      `CREATE INDEX deliveries_replay_idx ON webhooks.deliveries (replay_id, directory_id) WHERE replay_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX deliveries_event_idx ON webhooks.deliveries (event_id)`);
    await queryRunner.query(`
      CREATE TABLE webhooks.delivery_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        delivery_id uuid NOT NULL REFERENCES webhooks.deliveries (id) ON DELETE CASCADE,
        attempted_at timestamptz NOT NULL,
        http_status integer,
        duration_ms integer NOT NULL,
        response_body text,
        error text
      )`);
    await queryRunner.query(
      `CREATE INDEX delivery_attempts_delivery_idx ON webhooks.delivery_attempts (delivery_id, attempted_at)`,
    );
    await createInboxTable(queryRunner, 'webhooks');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropInboxTable(queryRunner, 'webhooks');
    await queryRunner.query(`DROP TABLE webhooks.delivery_attempts`);
    await queryRunner.query(`DROP TABLE webhooks.deliveries`);
    await queryRunner.query(`DROP TABLE webhooks.events`);
    await queryRunner.query(`DROP TABLE webhooks.endpoints`);
  }
}
