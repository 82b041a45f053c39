import { EventTypes } from '@scimflow/contracts';
import { runInTransaction } from '@scimflow/persistence';
import { resolveEventPayloads } from '../event-log/event-envelopes';
import { DirectoryEntity } from '../entities/directory.entity';
import { DirectoryEventWriter } from '../scim/directory-event-writer';
import {
  openDirectoryTestDatabase,
  type DirectoryTestDatabase,
} from '../spec-support/directory-test-database';
import { AddOutboxPayloadReferences1764345600006 } from './1764345600006-AddOutboxPayloadReferences';

jest.setTimeout(120_000);

describe(AddOutboxPayloadReferences1764345600006.name, () => {
  let database: DirectoryTestDatabase;

  beforeAll(async () => {
    database = await openDirectoryTestDatabase('outbox_refs');
  });

  afterAll(async () => {
    await database?.close();
  });

  it('down writes back the payload of every message waiting by reference, as the relay would have published it', async () => {
    const directory = await database.createDirectory();
    const envelopes = await runInTransaction(database.dataSource, async (manager) => {
      const entity = await manager.findOneByOrFail(DirectoryEntity, { id: directory.id });
      return new DirectoryEventWriter().append(manager, entity, [
        { type: EventTypes.directoryTokenRotated, data: { id: directory.id, n: null } },
        {
          type: EventTypes.userUpdated,
          data: { id: 'a-user', title: 'Engineer' },
          previousAttributes: { title: null },
        },
      ]);
    });
    const published = await resolveEventPayloads(
      database.dataSource,
      envelopes.map((envelope) => envelope.id),
    );
    expect([...published.values()]).toEqual(expect.arrayContaining(JSON.parse(JSON.stringify(envelopes))));

    const queryRunner = database.dataSource.createQueryRunner();
    try {
      await new AddOutboxPayloadReferences1764345600006().down(queryRunner);
      const rows = await queryRunner.query(
        `SELECT payload FROM directory.outbox WHERE key = $1 ORDER BY position`,
        [directory.id],
      );
      expect(rows.map((row: { payload: unknown }) => row.payload)).toEqual(
        envelopes.map((envelope) => published.get(envelope.id)),
      );
      await new AddOutboxPayloadReferences1764345600006().up(queryRunner);
    } finally {
      await queryRunner.release();
    }
  });
});
