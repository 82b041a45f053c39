import { Column, Entity, Index, type MigrationInterface, PrimaryColumn, type QueryRunner } from 'typeorm';
import { CreatedAtColumn } from '../lib/columns/timestamp-columns';
import { createInboxTable, dropInboxTable } from '../lib/inbox/inbox-table';
import { InboxRecord } from '../lib/inbox/inbox-record.entity';
import { OutboxMessage } from '../lib/outbox/outbox-message.entity';
import {
  addOutboxPayloadReferences,
  createOutboxTable,
  dropOutboxTable,
  removeOutboxPayloadReferences,
} from '../lib/outbox/outbox-table';

/** A service's own table in the specs: a uniquely named thing per directory. */
@Entity({ name: 'widgets' })
// an expression index (case-insensitive names) that TypeORM cannot describe: the migration owns it
@Index('widgets_directory_id_display_name_key', { synchronize: false })
export class Widget {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'widgets_pkey' })
  id!: string;

  @Column({ type: 'uuid' })
  directoryId!: string;

  @Column({ type: 'text' })
  displayName!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}

/** The entities of the specs' service. */
export const testEntities = [Widget, OutboxMessage, InboxRecord];

/**
 * The migrations of the specs' service: its own table, then the outbox (taking payload references) and the inbox,
 * as a service writes them.
 */
export function testMigrations(schema: string): (new () => MigrationInterface)[] {
  class CreateWidgets1700000000000 implements MigrationInterface {
    name = 'CreateWidgets1700000000000';

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(
        `CREATE TABLE ${schema}.widgets (id uuid NOT NULL, directory_id uuid NOT NULL, display_name text NOT NULL, ` +
          'created_at timestamptz NOT NULL DEFAULT now(), CONSTRAINT widgets_pkey PRIMARY KEY (id))',
      );
      await queryRunner.query(
        `CREATE UNIQUE INDEX widgets_directory_id_display_name_key ON ${schema}.widgets (directory_id, lower(display_name))`,
      );
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE ${schema}.widgets`);
    }
  }

  class CreateOutboxAndInbox1700000000001 implements MigrationInterface {
    name = 'CreateOutboxAndInbox1700000000001';

    async up(queryRunner: QueryRunner): Promise<void> {
      await createOutboxTable(queryRunner, schema);
      await createInboxTable(queryRunner, schema);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await dropInboxTable(queryRunner, schema);
      await dropOutboxTable(queryRunner, schema);
    }
  }

  class AddOutboxPayloadReferences1700000000002 implements MigrationInterface {
    name = 'AddOutboxPayloadReferences1700000000002';

    async up(queryRunner: QueryRunner): Promise<void> {
      await addOutboxPayloadReferences(queryRunner, schema);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await removeOutboxPayloadReferences(queryRunner, schema);
    }
  }

  return [
    CreateWidgets1700000000000,
    CreateOutboxAndInbox1700000000001,
    AddOutboxPayloadReferences1700000000002,
  ];
}
