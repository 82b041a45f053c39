import { EVENT_VERSIONS, EventTypes, SCIM_COMMAND_VERSION, ScimCommandTypes } from '@scimflow/contracts';
import { PermanentMessageError } from '@scimflow/messaging';
import { randomUUID } from 'node:crypto';
import type { DirectoryEntity } from '../entities/directory.entity';
import { DirectoryEventWriter } from '../scim/directory-event-writer';
import { ScimCommandService } from '../scim/scim-command.service';
import { ScimEngine } from '../scim/scim-engine';
import {
  openDirectoryTestDatabase,
  type DirectoryTestDatabase,
} from '../spec-support/directory-test-database';
import { AccessEventsHandler } from './access-events.handler';

jest.setTimeout(120_000);

describe(AccessEventsHandler.name, () => {
  let database: DirectoryTestDatabase;
  let handler: AccessEventsHandler;
  let scim: ScimCommandService;

  beforeAll(async () => {
    database = await openDirectoryTestDatabase('access_events');
    const writer = new DirectoryEventWriter();
    handler = new AccessEventsHandler(database.dataSource, writer);
    scim = new ScimCommandService(
      database.dataSource,
      { publicUrl: 'https://scim.example.test', tokenGracePeriodMs: 0 },
      writer,
      new ScimEngine(),
    );
  });

  afterAll(async () => {
    await database?.close();
  });

  async function userIn(directory: DirectoryEntity, userName: string): Promise<string> {
    const reply = await scim.execute({
      commandId: randomUUID(),
      type: ScimCommandTypes.userCreate,
      version: SCIM_COMMAND_VERSION,
      organizationId: directory.organizationId,
      directoryId: directory.id,
      provider: 'generic-scim',
      issuedAt: new Date().toISOString(),
      resource: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName },
    });
    if (!reply.ok) throw new Error(`user ${userName} not created`);
    return String(reply.resource?.['id']);
  }

  const roleEvent = (
    directory: { id: string; organizationId: string },
    userId: string,
    role: string,
    occurredAt = '2026-11-28T10:00:00.000Z',
  ) => ({
    id: randomUUID(),
    type: EventTypes.userRolesUpdated,
    version: EVENT_VERSIONS[EventTypes.userRolesUpdated],
    occurredAt,
    organizationId: directory.organizationId,
    directoryId: directory.id,
    data: { user: { id: userId }, roles: [role], previousRoles: [], grants: [{ role, groupIds: [] }] },
    causationId: randomUUID(),
  });

  async function logOf(directory: DirectoryEntity) {
    const events = await database.dataSource.query<Array<{ id: string; sequence: string }>>(
      `SELECT id, sequence FROM directory.events WHERE directory_id = $1 AND type = $2 ORDER BY sequence`,
      [directory.id, EventTypes.userRolesUpdated],
    );
    const published = await database.dataSource.query<Array<{ id: string }>>(
      `SELECT payload_ref AS id FROM directory.outbox WHERE key = $1 AND headers->>'event-type' = $2 ORDER BY position`,
      [directory.id, EventTypes.userRolesUpdated],
    );
    const [{ last_sequence: last }] = await database.dataSource.query<Array<{ last_sequence: string }>>(
      `SELECT last_sequence FROM directory.directories WHERE id = $1`,
      [directory.id],
    );
    return { events, published: published.map((row) => row.id), lastSequence: Number(last) };
  }

  async function grantsOf(userId: string): Promise<unknown> {
    const rows = await database.dataSource.query<Array<{ grants: unknown }>>(
      `SELECT grants FROM directory.user_roles WHERE user_id = $1`,
      [userId],
    );
    return rows[0]?.grants;
  }

  it('sequences a batch into the directory logs in its order, each directory after its last event', async () => {
    const [first, second] = [await database.createDirectory(), await database.createDirectory()];
    const ada = await userIn(first, 'ada@example.com');
    const bob = await userIn(second, 'bob@example.com');
    const before = (await logOf(first)).lastSequence;
    const batch = [
      roleEvent(first, ada, 'member'),
      roleEvent(second, bob, 'member'),
      roleEvent(first, ada, 'admin'),
      roleEvent(first, ada, 'owner', '2026-11-28T10:00:01.000Z'),
    ];

    await handler.handle(batch);

    const log = await logOf(first);
    expect(log.events.map((event) => [event.id, Number(event.sequence)])).toEqual([
      [batch[0].id, before + 1],
      [batch[2].id, before + 2],
      [batch[3].id, before + 3],
    ]);
    expect(log.lastSequence).toBe(before + 3);
    expect(log.published).toEqual([batch[0].id, batch[2].id, batch[3].id]);
    expect((await logOf(second)).events.map((event) => event.id)).toEqual([batch[1].id]);
    expect(await grantsOf(ada)).toEqual([{ role: 'owner', groupIds: [] }]);
    expect(await grantsOf(bob)).toEqual([{ role: 'member', groupIds: [] }]);
  });

  it('changes nothing for a redelivered batch and sequences only the new events of a partly seen one', async () => {
    const directory = await database.createDirectory();
    const ada = await userIn(directory, 'ada@example.com');
    const seen = [roleEvent(directory, ada, 'member'), roleEvent(directory, ada, 'admin')];
    await handler.handle(seen);
    const once = await logOf(directory);

    await handler.handle(seen);
    expect(await logOf(directory)).toEqual(once);

    const fresh = roleEvent(directory, ada, 'owner');
    await handler.handle([...seen, fresh, fresh]);
    const log = await logOf(directory);
    expect(log.events.map((event) => event.id)).toEqual([...seen, fresh].map((event) => event.id));
    expect(log.lastSequence).toBe(once.lastSequence + 1);
  });

  it('drops the events of a directory that is gone and sequences the others', async () => {
    const directory = await database.createDirectory();
    const ada = await userIn(directory, 'ada@example.com');
    const gone = { id: randomUUID(), organizationId: directory.organizationId };
    const kept = roleEvent(directory, ada, 'admin');

    await handler.handle([roleEvent(gone, ada, 'member'), kept]);

    expect((await logOf(directory)).events.map((event) => event.id)).toEqual([kept.id]);
    expect(await grantsOf(ada)).toEqual([{ role: 'admin', groupIds: [] }]);
  });

  it('fails a batch with an invalid event permanently, applying nothing of it', async () => {
    const directory = await database.createDirectory();
    const ada = await userIn(directory, 'ada@example.com');
    const valid = roleEvent(directory, ada, 'admin');

    await expect(handler.handle([valid, { ...valid, id: 'not-a-uuid' }])).rejects.toBeInstanceOf(
      PermanentMessageError,
    );
    expect((await logOf(directory)).events).toEqual([]);
  });
});
