import { EventTypes } from '@scimflow/contracts';
import { runInTransaction } from '@scimflow/persistence';
import { randomUUID } from 'node:crypto';
import { DirectoryEntity } from '../entities/directory.entity';
import { DirectoryEventWriter } from '../scim/directory-event-writer';
import {
  openDirectoryTestDatabase,
  type DirectoryTestDatabase,
} from '../spec-support/directory-test-database';
import { DirectoryHousekeeping } from './directory-housekeeping';
import { EventPositionAssigner } from './event-position-assigner';

jest.setTimeout(120_000);

const DAY_MS = 24 * 60 * 60 * 1000;

describe(DirectoryHousekeeping.name, () => {
  let database: DirectoryTestDatabase;
  const now = new Date('2026-06-01T12:00:00.000Z');

  beforeAll(async () => {
    database = await openDirectoryTestDatabase('housekeeping');
  });

  afterAll(async () => {
    await database?.close();
  });

  async function writeEventsAt(directoryId: string, days: number[]): Promise<void> {
    for (const daysAgo of days) {
      await runInTransaction(database.dataSource, async (manager) => {
        const directory = await manager.findOneByOrFail(DirectoryEntity, { id: directoryId });
        await new DirectoryEventWriter().append(
          manager,
          directory,
          [{ type: EventTypes.directoryTokenRotated, data: { id: directoryId } }],
          new Date(now.getTime() - daysAgo * DAY_MS),
        );
      });
    }
    await new EventPositionAssigner(database.dataSource).assignPending();
  }

  async function sequencesOf(directoryId: string): Promise<number[]> {
    const rows = await database.dataSource.query<Array<{ sequence: string }>>(
      `SELECT sequence FROM directory.events WHERE directory_id = $1 ORDER BY sequence`,
      [directoryId],
    );
    return rows.map((row) => Number(row.sequence));
  }

  it('deletes the events past their retention, oldest first, and keeps the rest and the sequence counter', async () => {
    await database.dataSource.query(`DELETE FROM directory.events`);
    const directory = await database.createDirectory();
    await writeEventsAt(directory.id, [45, 40, 31, 29, 1, 0]);
    const housekeeping = new DirectoryHousekeeping(database.dataSource, { eventRetentionDays: 30 });

    expect((await housekeeping.runOnce(now)).events).toBe(3);
    expect(await sequencesOf(directory.id)).toEqual([4, 5, 6]);
    expect((await housekeeping.runOnce(now)).events).toBe(0);
    const [row] = await database.dataSource.query<Array<{ last_sequence: string }>>(
      `SELECT last_sequence FROM directory.directories WHERE id = $1`,
      [directory.id],
    );
    expect(Number(row!.last_sequence)).toBe(6);
  });

  it('deletes in chunks until it meets an event within retention', async () => {
    await database.dataSource.query(`DELETE FROM directory.events`);
    const directory = await database.createDirectory();
    await runInTransaction(database.dataSource, async (manager) => {
      const entity = await manager.findOneByOrFail(DirectoryEntity, { id: directory.id });
      await new DirectoryEventWriter().append(
        manager,
        entity,
        Array.from({ length: 2500 }, () => ({
          type: EventTypes.directoryTokenRotated,
          data: { id: directory.id },
        })),
        new Date(now.getTime() - 60 * DAY_MS),
      );
    });
    await writeEventsAt(directory.id, [2]);
    const housekeeping = new DirectoryHousekeeping(database.dataSource, { eventRetentionDays: 30 });
    expect((await housekeeping.runOnce(now)).events).toBe(2500);
    expect(await sequencesOf(directory.id)).toEqual([2501]);
  });

  it('keeps the events an outbox message still waiting may refer to (a relay stopped past the retention)', async () => {
    await database.dataSource.query(`DELETE FROM directory.events`);
    await database.dataSource.query(
      `UPDATE directory.outbox SET published_at = now() WHERE published_at IS NULL`,
    );
    const directory = await database.createDirectory();
    await writeEventsAt(directory.id, [45, 40, 1]);
    // the outbox message of the event of 40 days ago has waited since then
    await database.dataSource.query(
      `UPDATE directory.outbox SET created_at = $2, published_at = CASE WHEN payload_ref = (
         SELECT id::text FROM directory.events WHERE directory_id = $1::uuid AND sequence = 2) THEN NULL ELSE now() END
       WHERE key = $1`,
      [directory.id, new Date(now.getTime() - 40 * DAY_MS)],
    );
    const housekeeping = new DirectoryHousekeeping(database.dataSource, { eventRetentionDays: 30 });

    // a day's margin before the message's time: only the event of 45 days ago goes
    expect((await housekeeping.runOnce(now)).events).toBe(1);
    expect(await sequencesOf(directory.id)).toEqual([2, 3]);

    await database.dataSource.query(`UPDATE directory.outbox SET published_at = now() WHERE key = $1`, [
      directory.id,
    ]);
    expect((await housekeeping.runOnce(now)).events).toBe(1);
    expect(await sequencesOf(directory.id)).toEqual([3]);
  });

  it('keeps every event when the retention is 0', async () => {
    await database.dataSource.query(`DELETE FROM directory.events`);
    const directory = await database.createDirectory();
    await writeEventsAt(directory.id, [400, 1]);
    const housekeeping = new DirectoryHousekeeping(database.dataSource, { eventRetentionDays: 0 });
    expect((await housekeeping.runOnce(now)).events).toBe(0);
    expect(await sequencesOf(directory.id)).toEqual([1, 2]);
  });

  it('forgets command replies after a day and inbox rows after 30 days', async () => {
    const oldReply = randomUUID();
    const newReply = randomUUID();
    await database.dataSource.query(
      `INSERT INTO directory.command_replies (command_id, reply, created_at) VALUES ($1, '{"ok":true,"status":204}', $2), ($3, '{"ok":true,"status":204}', $4)`,
      [
        oldReply,
        new Date(now.getTime() - DAY_MS - 1000),
        newReply,
        new Date(now.getTime() - DAY_MS + 60_000),
      ],
    );
    const oldMessage = randomUUID();
    const newMessage = randomUUID();
    await database.dataSource.query(
      `INSERT INTO directory.inbox (consumer, message_id, processed_at) VALUES ('test', $1, $2), ('test', $3, $4)`,
      [oldMessage, new Date(now.getTime() - 31 * DAY_MS), newMessage, new Date(now.getTime() - 29 * DAY_MS)],
    );
    const housekeeping = new DirectoryHousekeeping(database.dataSource, { eventRetentionDays: 30 });
    const deleted = await housekeeping.runOnce(now);
    expect(deleted.replies).toBeGreaterThanOrEqual(1);
    expect(deleted.inbox).toBeGreaterThanOrEqual(1);
    const replies = await database.dataSource.query<Array<{ command_id: string }>>(
      `SELECT command_id FROM directory.command_replies WHERE command_id = ANY($1)`,
      [[oldReply, newReply]],
    );
    expect(replies.map((row) => row.command_id)).toEqual([newReply]);
    const inbox = await database.dataSource.query<Array<{ message_id: string }>>(
      `SELECT message_id FROM directory.inbox WHERE message_id = ANY($1)`,
      [[oldMessage, newMessage]],
    );
    expect(inbox.map((row) => row.message_id)).toEqual([newMessage]);
  });
});
