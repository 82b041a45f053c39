import type { QueryRunner } from 'typeorm';
import { assertSchemaName } from '../data-source/schema-name';

/**
 * Creates the `outbox` table of {@link OutboxMessage} in `schema`. Call it from the `up` of one of the service's
 * own migrations (and {@link dropOutboxTable} from its `down`).
 */
export async function createOutboxTable(queryRunner: QueryRunner, schema: string): Promise<void> {
  const table = `${assertSchemaName(schema)}.outbox`;
  await queryRunner.query(
    `CREATE TABLE ${table} (` +
      '"id" uuid NOT NULL, ' +
      '"position" bigserial NOT NULL, ' +
      '"topic" text NOT NULL, ' +
      '"key" text NOT NULL, ' +
      '"payload" jsonb NOT NULL, ' +
      '"headers" jsonb NOT NULL, ' +
      '"created_at" timestamptz NOT NULL DEFAULT now(), ' +
      '"published_at" timestamptz, ' +
      'CONSTRAINT "outbox_pkey" PRIMARY KEY ("id"))',
  );
  await queryRunner.query(
    `CREATE INDEX "outbox_unpublished_idx" ON ${table} ("position") WHERE published_at IS NULL`,
  );
  await queryRunner.query(
    `CREATE INDEX "outbox_published_at_idx" ON ${table} ("published_at") WHERE published_at IS NOT NULL`,
  );
}

/**
 * Lets the `outbox` table of `schema` hold messages whose payload is stored elsewhere by the same transaction (a
 * `payload_ref` instead of the `payload`, which the relay resolves when it publishes): call it from a migration
 * after {@link createOutboxTable}, and {@link removeOutboxPayloadReferences} from its `down`.
 */
export async function addOutboxPayloadReferences(queryRunner: QueryRunner, schema: string): Promise<void> {
  const table = `${assertSchemaName(schema)}.outbox`;
  await queryRunner.query(`ALTER TABLE ${table} ALTER COLUMN "payload" DROP NOT NULL`);
  await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN "payload_ref" text`);
}

/** Undoes {@link addOutboxPayloadReferences}; fails while a message still has only a reference. */
export async function removeOutboxPayloadReferences(queryRunner: QueryRunner, schema: string): Promise<void> {
  const table = `${assertSchemaName(schema)}.outbox`;
  await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN "payload_ref"`);
  await queryRunner.query(`ALTER TABLE ${table} ALTER COLUMN "payload" SET NOT NULL`);
}

/** Drops the `outbox` table made by {@link createOutboxTable}. */
export async function dropOutboxTable(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`DROP TABLE ${assertSchemaName(schema)}.outbox`);
}
