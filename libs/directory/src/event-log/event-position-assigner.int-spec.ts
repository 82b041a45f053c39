import { EventTypes } from '@scimflow/contracts';
import { createDataSource, runInTransaction } from '@scimflow/persistence';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { DIRECTORY_ENTITIES } from '../entities';
import { DirectoryEntity } from '../entities/directory.entity';
import { DirectoryEventsService } from '../management/directory-events.service';
import type { EventEnvelopeDto } from '../management/dto/event-envelope.dto';
import { encodeEventCursor } from '../management/page-cursor';
import { DirectoryEventWriter } from '../scim/directory-event-writer';
import {
  openDirectoryTestDatabase,
  type DirectoryTestDatabase,
} from '../spec-support/directory-test-database';
import { EventPositionAssigner } from './event-position-assigner';

jest.setTimeout(120_000);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(EventPositionAssigner.name, () => {
  let database: DirectoryTestDatabase;

  beforeAll(async () => {
    database = await openDirectoryTestDatabase('event_positions');
  });

  afterAll(async () => {
    await database?.close();
  });

  /**
   * A command of `directory`: takes its row lock, appends `count` events stamped now, then holds the transaction
   * open for `holdMs` — so commits come out of the order of their timestamps, as under real load.
   */
  function writeEvents(directoryId: string, count: number, holdMs: number): Promise<void> {
    return runInTransaction(database.dataSource, async (manager) => {
      const directory = await manager
        .createQueryBuilder(DirectoryEntity, 'directory')
        .setLock('pessimistic_write')
        .where('directory.id = :id', { id: directoryId })
        .getOneOrFail();
      await new DirectoryEventWriter().append(
        manager,
        directory,
        Array.from({ length: count }, () => ({
          type: EventTypes.directoryTokenRotated,
          data: { id: directoryId },
        })),
      );
      await pause(holdMs);
    });
  }

  it('lets a reader paging across directories see every event once, each directory in sequence order, while events are being written', async () => {
    const directories = await Promise.all(Array.from({ length: 4 }, () => database.createDirectory()));
    const organizationIds = new Set(directories.map((directory) => directory.organizationId));
    // Two instances, as with two directory-service replicas.
    const assigners = [
      new EventPositionAssigner(database.dataSource, { intervalMs: 3, batchSize: 7 }),
      new EventPositionAssigner(database.dataSource, { intervalMs: 5, batchSize: 11 }),
    ];
    assigners.forEach((assigner) => assigner.start());
    const service = new DirectoryEventsService(database.dataSource);
    const seen: EventEnvelopeDto[] = [];
    let cursor: string | undefined;
    const readPage = async (): Promise<number> => {
      const page = await service.list({ limit: 5, ...(cursor ? { after: cursor } : {}) });
      seen.push(...page.data.filter((event) => organizationIds.has(event.organizationId)));
      if (page.data.length > 0 && page.nextCursor) cursor = page.nextCursor;
      else if (page.data.length > 0) {
        // the last page of the moment: go on from its last event's position
        const last = await database.dataSource.query<Array<{ position: string }>>(
          `SELECT position FROM directory.events WHERE id = $1`,
          [page.data.at(-1)!.id],
        );
        cursor = encodeEventCursor(Number(last[0]!.position));
      }
      return page.data.length;
    };

    let writing = true;
    const writers = directories.map(async (directory, index) => {
      for (let round = 0; round < 25; round += 1) {
        await writeEvents(directory.id, 1 + ((round + index) % 3), (round * 7 + index * 13) % 23);
      }
    });
    const reader = (async () => {
      while (writing) await readPage();
    })();
    await Promise.all(writers);
    writing = false;
    await reader;
    await Promise.all(assigners.map((assigner) => assigner.stop()));
    await new EventPositionAssigner(database.dataSource).assignPending();
    while ((await readPage()) > 0);

    const stored = await database.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM directory.events WHERE directory_id = ANY($1::uuid[])`,
      [directories.map((directory) => directory.id)],
    );
    expect(seen).toHaveLength(stored.length);
    expect(new Set(seen.map((event) => event.id))).toEqual(new Set(stored.map((row) => row.id)));
    for (const directory of directories) {
      const sequences = seen
        .filter((event) => event.directoryId === directory.id)
        .map((event) => event.sequence);
      expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, index) => index + 1));
    }
  });

  it('numbers above every position given before, never reusing one, and leaves positioned events alone', async () => {
    const directory = await database.createDirectory();
    const assigner = new EventPositionAssigner(database.dataSource);
    await writeEvents(directory.id, 3, 0);
    await assigner.assignPending();
    const first = await positions(directory.id);
    await writeEvents(directory.id, 2, 0);
    expect(await assigner.assignPending()).toBe(2);
    expect(await assigner.assignPending()).toBe(0);
    const second = await positions(directory.id);
    expect(second.slice(0, 3)).toEqual(first);
    expect(Math.min(...second.slice(3))).toBeGreaterThan(Math.max(...first));
    expect(second).toEqual([...second].sort((a, b) => a - b));
  });

  it("positions a commit's events within intervalMs, and looks only every idleIntervalMs while nothing is committed", async () => {
    const directory = await database.createDirectory();
    const assigner = new EventPositionAssigner(database.dataSource, {
      intervalMs: 20,
      idleIntervalMs: 60_000,
    });
    const runners = jest.spyOn(database.dataSource, 'createQueryRunner');
    try {
      assigner.start();
      await pause(300);
      // idle: no round (each round takes a query runner) in 50 times intervalMs
      runners.mockClear();
      await pause(1_000);
      expect(runners).not.toHaveBeenCalled();
      // a commit wakes it: positioned long before the idle interval is over
      const committed = Date.now();
      await writeEvents(directory.id, 2, 0);
      while ((await positions(directory.id)).some((position) => position === 0)) {
        expect(Date.now() - committed).toBeLessThan(5_000);
        await pause(10);
      }
    } finally {
      runners.mockRestore();
      await assigner.stop();
    }
  });

  it('positions events committed by another instance within idleIntervalMs', async () => {
    const directory = await database.createDirectory();
    // this instance's data source sees no commit of the other's
    const own = await createDataSource({
      schema: 'directory',
      entities: DIRECTORY_ENTITIES,
      connection: { kind: 'postgres', url: (database.dataSource.options as PostgresConnectionOptions).url! },
      runMigrations: false,
    });
    const assigner = new EventPositionAssigner(own, { intervalMs: 20, idleIntervalMs: 300 });
    try {
      assigner.start();
      await writeEvents(directory.id, 3, 0);
      const committed = Date.now();
      while ((await positions(directory.id)).some((position) => position === 0)) {
        expect(Date.now() - committed).toBeLessThan(5_000);
        await pause(10);
      }
    } finally {
      await assigner.stop();
      await own.destroy();
    }
  });

  async function positions(directoryId: string): Promise<number[]> {
    const rows = await database.dataSource.query<Array<{ position: string }>>(
      `SELECT position FROM directory.events WHERE directory_id = $1 ORDER BY sequence`,
      [directoryId],
    );
    return rows.map((row) => Number(row.position));
  }
});
