import { addOutboxPayloadReferences, removeOutboxPayloadReferences } from '@scimflow/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Keeps this outbox in the shape of the shared OutboxMessage entity; this service writes its payloads inline. */
export class AddOutboxPayloadReferences1764950400002 implements MigrationInterface {
  name = 'AddOutboxPayloadReferences1764950400002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addOutboxPayloadReferences(queryRunner, 'role_mapping');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await removeOutboxPayloadReferences(queryRunner, 'role_mapping');
  }
}
