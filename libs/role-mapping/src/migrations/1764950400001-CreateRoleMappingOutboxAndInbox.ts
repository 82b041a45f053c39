import { createInboxTable, createOutboxTable, dropInboxTable, dropOutboxTable } from '@scimflow/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRoleMappingOutboxAndInbox1764950400001 implements MigrationInterface {
  name = 'CreateRoleMappingOutboxAndInbox1764950400001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createOutboxTable(queryRunner, 'role_mapping');
    await createInboxTable(queryRunner, 'role_mapping');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropInboxTable(queryRunner, 'role_mapping');
    await dropOutboxTable(queryRunner, 'role_mapping');
  }
}
