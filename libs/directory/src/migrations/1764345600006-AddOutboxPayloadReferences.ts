import { addOutboxPayloadReferences, removeOutboxPayloadReferences } from '@scimflow/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Directory events are published from the event log: their outbox rows hold the event id, not a second copy. */
export class AddOutboxPayloadReferences1764345600006 implements MigrationInterface {
  name = 'AddOutboxPayloadReferences1764345600006';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addOutboxPayloadReferences(queryRunner, 'directory');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // a message still waiting by reference gets its value back from the log before the column goes
    await queryRunner.query(
      `UPDATE directory.outbox AS message SET payload = jsonb_build_object(
         'id', event.id, 'type', event.type, 'version', event.version, 'sequence', event.sequence,
         'occurredAt', to_char(event.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'organizationId', event.organization_id, 'directoryId', event.directory_id, 'data', event.data)
         || CASE WHEN event.previous_attributes IS NULL THEN '{}'::jsonb
            ELSE jsonb_build_object('previousAttributes', event.previous_attributes) END
       FROM directory.events AS event
       WHERE message.payload IS NULL AND event.id::text = message.payload_ref`,
    );
    await removeOutboxPayloadReferences(queryRunner, 'directory');
  }
}
