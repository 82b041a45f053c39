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

/** Drops the `outbox` table made by {@link createOutboxTable}. */
export async function dropOutboxTable(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`DROP TABLE ${assertSchemaName(schema)}.outbox`);
}
