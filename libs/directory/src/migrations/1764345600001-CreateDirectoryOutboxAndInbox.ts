import { createInboxTable, createOutboxTable, dropInboxTable, dropOutboxTable } from '@scimflow/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDirectoryOutboxAndInbox1764345600001 implements MigrationInterface {
  name = 'CreateDirectoryOutboxAndInbox1764345600001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createOutboxTable(queryRunner, 'directory');
    await createInboxTable(queryRunner, 'directory');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropInboxTable(queryRunner, 'directory');
    await dropOutboxTable(queryRunner, 'directory');
  }
}
