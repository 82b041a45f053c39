import type { QueryRunner } from 'typeorm';
import { assertSchemaName } from '../data-source/schema-name';

/**
 * Creates the `inbox` table of {@link InboxRecord} in `schema`. Call it from the `up` of one of the service's own
 * migrations (and {@link dropInboxTable} from its `down`).
 */
export async function createInboxTable(queryRunner: QueryRunner, schema: string): Promise<void> {
  const table = `${assertSchemaName(schema)}.inbox`;
  await queryRunner.query(
    `CREATE TABLE ${table} (` +
      '"consumer" text NOT NULL, ' +
      '"message_id" text NOT NULL, ' +
      '"processed_at" timestamptz NOT NULL DEFAULT now(), ' +
      'CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer", "message_id"))',
  );
  await queryRunner.query(`CREATE INDEX "inbox_processed_at_idx" ON ${table} ("processed_at")`);
}

/** Drops the `inbox` table made by {@link createInboxTable}. */
export async function dropInboxTable(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`DROP TABLE ${assertSchemaName(schema)}.inbox`);
}
