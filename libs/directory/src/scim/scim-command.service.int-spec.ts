import { SCIM_COMMAND_VERSION, ScimCommandTypes, type ScimCommand } from '@scimflow/contracts';
import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DirectoryEntity } from '../entities/directory.entity';
import {
  openDirectoryTestDatabase,
  type DirectoryTestDatabase,
} from '../spec-support/directory-test-database';
import { DirectoryEventWriter } from './directory-event-writer';
import { ScimCommandService } from './scim-command.service';
import { ScimEngine } from './scim-engine';

jest.setTimeout(120_000);

type Json = Record<string, unknown>;

function serviceOn(database: DirectoryTestDatabase): ScimCommandService {
  return new ScimCommandService(
    database.dataSource,
    { publicUrl: 'https://scim.example.test', tokenGracePeriodMs: 0 },
    new DirectoryEventWriter(),
    new ScimEngine(),
  );
}

function commandIn(
  directory: DirectoryEntity,
  type: ScimCommand['type'],
  extra: Partial<ScimCommand>,
): ScimCommand {
  return {
    commandId: randomUUID(),
    type,
    version: SCIM_COMMAND_VERSION,
    organizationId: directory.organizationId,
    directoryId: directory.id,
    provider: 'generic-scim',
    issuedAt: new Date().toISOString(),
    ...extra,
  };
}

// A command can be delivered again after it committed: its instance died before its reply went out or before
// the offset was committed. The identity provider may still be waiting for that reply.
describe(`${ScimCommandService.name} on a redelivered command`, () => {
  let database: DirectoryTestDatabase;
  let service: ScimCommandService;
  let directory: DirectoryEntity;

  beforeAll(async () => {
    database = await openDirectoryTestDatabase('scim_commands');
    service = serviceOn(database);
    directory = await database.createDirectory();
  });

  afterAll(async () => {
    await database?.close();
  });

  const command = (type: ScimCommand['type'], extra: Partial<ScimCommand>) =>
    commandIn(directory, type, extra);

  async function count(sql: string): Promise<number> {
    const rows = await database.dataSource.query<Array<{ n: number }>>(sql, [directory.id]);
    return rows[0]!.n;
  }

  it('answers with the reply of the first run and applies nothing twice', async () => {
    const create = command(ScimCommandTypes.userCreate, {
      resource: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com' },
    });
    const first = await service.execute(create);
    expect(first).toMatchObject({ ok: true, status: 201 });
    const events = await count(`SELECT count(*)::int AS n FROM directory.events WHERE directory_id = $1`);

    await expect(service.execute(create)).resolves.toEqual(first);
    expect(await count(`SELECT count(*)::int AS n FROM directory.users WHERE directory_id = $1`)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM directory.events WHERE directory_id = $1`)).toBe(
      events,
    );

    const userId = String(first.ok && first.resource?.['id']);
    const patch = command(ScimCommandTypes.userPatch, {
      resourceId: userId,
      operations: [{ op: 'replace', path: 'displayName', value: 'Ada' }],
    });
    const patched = await service.execute(patch);
    expect(patched).toMatchObject({ ok: true, status: 200, resource: { displayName: 'Ada' } });
    const rename = await service.execute(
      command(ScimCommandTypes.userPatch, {
        resourceId: userId,
        operations: [{ op: 'replace', path: 'displayName', value: 'Ada L.' }],
      }),
    );
    expect(rename).toMatchObject({ ok: true, resource: { displayName: 'Ada L.' } });
    // the reply the first run gave, not the state since
    await expect(service.execute(patch)).resolves.toEqual(patched);

    const remove = command(ScimCommandTypes.userDelete, { resourceId: userId });
    await expect(service.execute(remove)).resolves.toEqual({ ok: true, status: 204 });
    await expect(service.execute(remove)).resolves.toEqual({ ok: true, status: 204 });
  });

  it('does not store a failed command: it runs again and fails again', async () => {
    const missing = command(ScimCommandTypes.userDelete, { resourceId: randomUUID() });
    const first = await service.execute(missing);
    expect(first).toMatchObject({ ok: false, error: { status: 404 } });
    await expect(service.execute(missing)).resolves.toEqual(first);
  });

  it('answers 409 once the stored reply has been cleaned up, still applying nothing', async () => {
    const create = command(ScimCommandTypes.groupCreate, {
      resource: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering' },
    });
    expect(await service.execute(create)).toMatchObject({ ok: true, status: 201 });
    await database.dataSource.query(`DELETE FROM directory.command_replies WHERE command_id = $1`, [
      create.commandId,
    ]);
    await expect(service.execute(create)).resolves.toEqual({
      ok: false,
      error: { status: 409, detail: 'This command was already applied; its reply has expired.' },
    });
    expect(await count(`SELECT count(*)::int AS n FROM directory.groups WHERE directory_id = $1`)).toBe(1);
  });
});

// Commands that queue up on a partition (several clients of one directory) are applied in one transaction.
describe(`${ScimCommandService.name}.executeAll`, () => {
  let database: DirectoryTestDatabase;
  let service: ScimCommandService;
  let directory: DirectoryEntity;

  beforeAll(async () => {
    database = await openDirectoryTestDatabase('scim_command_batches');
    service = serviceOn(database);
    directory = await database.createDirectory();
  });

  afterAll(async () => {
    await database?.close();
  });

  const command = (type: ScimCommand['type'], extra: Partial<ScimCommand>) =>
    commandIn(directory, type, extra);
  const createUser = (userName: string) =>
    command(ScimCommandTypes.userCreate, {
      resource: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName },
    });

  it('applies each command in order, a failing one alone rolled back, with one gapless event sequence', async () => {
    const grace = createUser('grace@example.com');
    const batch = [
      grace,
      createUser('GRACE@example.com'), // taken, case-insensitively: 409 from the unique index
      command(ScimCommandTypes.userDelete, { resourceId: randomUUID() }), // 404 from the command itself
      createUser('alan@example.com'),
    ];
    const replies = await service.executeAll(batch);
    expect(replies.map((reply) => (reply.ok ? reply.status : reply.error.status))).toEqual([
      201, 409, 404, 201,
    ]);
    expect(replies[1]).toMatchObject({ ok: false, error: { scimType: 'uniqueness' } });

    const users = await database.dataSource.query<Array<{ user_name: string }>>(
      'SELECT user_name FROM directory.users WHERE directory_id = $1 ORDER BY created_at, user_name',
      [directory.id],
    );
    expect(users.map((user) => user.user_name)).toEqual(['grace@example.com', 'alan@example.com']);
    const events = await database.dataSource.query<Array<{ type: string; sequence: string }>>(
      'SELECT type, sequence FROM directory.events WHERE directory_id = $1 ORDER BY sequence',
      [directory.id],
    );
    expect(events.map((event) => [event.type, Number(event.sequence)])).toEqual([
      ['directory.activated', 1],
      ['directory.user.created', 2],
      ['directory.user.created', 3],
    ]);
    const outbox = await database.dataSource.query<Array<{ n: number }>>(
      'SELECT count(*)::int AS n FROM directory.outbox',
    );
    expect(outbox[0]!.n).toBe(3);

    // delivered again (the instance died before the replies went out): the same replies, nothing applied twice
    await expect(service.executeAll(batch)).resolves.toEqual(replies);
    await expect(
      database.dataSource.query('SELECT count(*)::int AS n FROM directory.events WHERE directory_id = $1', [
        directory.id,
      ]),
    ).resolves.toEqual([{ n: 3 }]);
    // a later command sees the batch's state
    await expect(service.execute(grace)).resolves.toEqual(replies[0]);
    await expect(service.execute(createUser('alan@EXAMPLE.com'))).resolves.toMatchObject({
      ok: false,
      error: { status: 409 },
    });
  });

  it('rolls the whole batch back on an error other than a SCIM error or a uniqueness violation', async () => {
    const before = await database.dataSource.query<Array<{ n: number }>>(
      'SELECT count(*)::int AS n FROM directory.users WHERE directory_id = $1',
      [directory.id],
    );
    // a command whose directory id is not a uuid fails in SQL (22P02): not a SCIM error of the command
    const broken = { ...createUser('broken@example.com'), directoryId: 'not-a-uuid' };
    await expect(service.executeAll([createUser('kept-back@example.com'), broken])).rejects.toMatchObject({
      code: '22P02',
    });
    await expect(
      database.dataSource.query('SELECT count(*)::int AS n FROM directory.users WHERE directory_id = $1', [
        directory.id,
      ]),
    ).resolves.toEqual(before);
  });
});

describe(`${ScimCommandService.name} on a PATCH of group members only`, () => {
  let database: DirectoryTestDatabase;
  let service: ScimCommandService;
  let directory: DirectoryEntity;
  let other: DirectoryEntity;

  beforeAll(async () => {
    database = await openDirectoryTestDatabase('scim_member_patch');
    service = serviceOn(database);
    directory = await database.createDirectory();
    other = await database.createDirectory();
  });

  afterAll(async () => {
    await database?.close();
  });

  async function createIn(
    target: DirectoryEntity,
    type: ScimCommand['type'],
    resource: Json,
  ): Promise<string> {
    const reply = await service.execute(commandIn(target, type, { resource }));
    if (!reply.ok) throw new Error(`setup failed: ${JSON.stringify(reply)}`);
    return String(reply.resource?.['id']);
  }
  const user = (target: DirectoryEntity, userName: string) =>
    createIn(target, ScimCommandTypes.userCreate, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName,
      displayName: userName.split('@')[0],
    });
  const group = (target: DirectoryEntity, displayName: string) =>
    createIn(target, ScimCommandTypes.groupCreate, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName,
    });
  const patch = (target: DirectoryEntity, groupId: string, operations: ScimCommand['operations']) =>
    commandIn(target, ScimCommandTypes.groupPatch, { resourceId: groupId, operations });
  /** The statements sent to the server while `work` runs (each is one round trip). */
  async function sent<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    const spy = jest.spyOn(Client.prototype, 'query');
    try {
      const result = await work();
      return { result, statements: spy.mock.calls.map(([config]) => String(config)) };
    } finally {
      spy.mockRestore();
    }
  }

  it('reads with its opening statement and answers with the members, old ones first', async () => {
    const [ada, bob, cyd] = [
      await user(directory, 'ada@x.test'),
      await user(directory, 'bob@x.test'),
      await user(directory, 'cyd@x.test'),
    ];
    const groupId = await group(directory, 'Readers');
    await service.execute(
      patch(directory, groupId, [{ op: 'add', path: 'members', value: [{ value: cyd }] }]),
    );

    const { result, statements } = await sent(() =>
      service.execute(
        patch(directory, groupId, [
          { op: 'add', path: 'members', value: [{ value: bob }, { value: ada }, { value: cyd }] },
          { op: 'remove', path: `members[value eq "${bob}"]` },
        ]),
      ),
    );

    expect(result).toMatchObject({
      ok: true,
      status: 200,
      resource: { members: [{ value: cyd }, { value: ada }] },
    });
    // the lock, the claim and the four reads in one message; the write and the COMMIT in the other
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(
      /^BEGIN; WITH claim .*FROM directory\.groups .*FROM directory\.memberships .*FROM directory\.users .*JOIN directory\.users/s,
    );
    expect(statements[1]).toMatch(/; COMMIT$/);
    const events = await database.dataSource.query<Array<{ type: string; user: string }>>(
      `SELECT type, data->'user'->>'id' AS user FROM directory.events WHERE directory_id = $1 AND type LIKE 'directory.group.user_%' ORDER BY sequence`,
      [directory.id],
    );
    expect(events).toEqual([
      { type: 'directory.group.user_added', user: cyd },
      { type: 'directory.group.user_added', user: ada },
    ]);
  });

  it('answers 404 for a group of another directory and 400 for a member that is not a user of this one', async () => {
    const mine = await user(directory, 'dee@x.test');
    const theirs = await user(other, 'eve@x.test');
    const theirGroup = await group(other, 'Theirs');
    const groupId = await group(directory, 'Mine');

    await expect(
      service.execute(
        patch(directory, theirGroup, [{ op: 'add', path: 'members', value: [{ value: mine }] }]),
      ),
    ).resolves.toMatchObject({ ok: false, error: { status: 404 } });
    await expect(
      service.execute(
        patch(directory, groupId, [
          { op: 'add', path: 'members', value: [{ value: mine }, { value: theirs }] },
        ]),
      ),
    ).resolves.toMatchObject({ ok: false, error: { status: 400, scimType: 'invalidValue' } });
    await expect(
      service.execute(
        patch(directory, groupId, [{ op: 'add', path: 'members', value: [{ value: 'not-an-id' }] }]),
      ),
    ).resolves.toMatchObject({ ok: false, error: { status: 400, scimType: 'invalidValue' } });
    const [{ n }] = await database.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM directory.memberships WHERE group_id = $1`,
      [groupId],
    );
    expect(n).toBe(0);
  });
});

// An ingress may keep an accepted token for a few seconds; a write carries the token's hash, and directory-service
// checks it against the directory's tokens in the command's own transaction.
describe(`${ScimCommandService.name} on the credential of a command`, () => {
  let database: DirectoryTestDatabase;
  let service: ScimCommandService;
  let directory: DirectoryEntity;
  const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

  beforeAll(async () => {
    database = await openDirectoryTestDatabase('scim_credentials');
    service = serviceOn(database);
    directory = await database.createDirectory();
  });

  afterAll(async () => {
    await database?.close();
  });

  async function rotate(current: string, previous: string | null, previousExpiresAt: Date | null) {
    await database.dataSource.query(
      `UPDATE directory.directories SET token_hash = $2, previous_token_hash = $3, previous_token_expires_at = $4
        WHERE id = $1`,
      [directory.id, sha256(current), previous && sha256(previous), previousExpiresAt],
    );
  }

  const create = (token: string) =>
    service.execute(
      commandIn(directory, ScimCommandTypes.userCreate, {
        resource: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: `${randomUUID()}@example.com`,
        },
        credential: sha256(token),
      }),
    );

  it('applies a command of the current token, or of the previous one within its grace period', async () => {
    await rotate('new-token', 'old-token', new Date(Date.now() + 60_000));
    await expect(create('new-token')).resolves.toMatchObject({ ok: true, status: 201 });
    await expect(create('old-token')).resolves.toMatchObject({ ok: true, status: 201 });
  });

  it('refuses with 401, writing nothing, a command of a token rotated out or never issued', async () => {
    await rotate('newer-token', 'new-token', new Date(Date.now() - 1));
    const users = async () =>
      (
        await database.dataSource.query<Array<{ n: number }>>(
          'SELECT count(*)::int AS n FROM directory.users WHERE directory_id = $1',
          [directory.id],
        )
      )[0]!.n;
    const before = await users();
    for (const token of ['new-token', 'old-token', 'never-issued'])
      await expect(create(token)).resolves.toMatchObject({ ok: false, error: { status: 401 } });
    expect(await users()).toBe(before);
    await expect(create('newer-token')).resolves.toMatchObject({ ok: true, status: 201 });
  });
});
