import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EVENT_TYPES, EventTypes, type EventEnvelope } from '@scimflow/contracts';
import {
  buildDataSourceOptions,
  createDataSource,
  OutboxMessage,
  runInTransaction,
} from '@scimflow/persistence';
import { PROVIDER_IDS } from '@scimflow/providers';
import { dropTestDatabase, testDatabase } from '@scimflow/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DIRECTORY_DATA_SOURCE, DIRECTORY_OPTIONS, type DirectoryOptions } from '../directory.tokens';
import { DIRECTORY_ENTITIES } from '../entities';
import { DirectoryEntity } from '../entities/directory.entity';
import { GroupEntity } from '../entities/group.entity';
import { MembershipEntity } from '../entities/membership.entity';
import { OrganizationEntity } from '../entities/organization.entity';
import { UserEntity } from '../entities/user.entity';
import { DIRECTORY_MIGRATIONS } from '../migrations';
import { resolveEventPayloads } from '../event-log/event-envelopes';
import { EventPositionAssigner } from '../event-log/event-position-assigner';
import { DirectoryEventWriter } from '../scim/directory-event-writer';
import { groupColumns, toDirectoryUser, userColumns } from '../scim/scim-resource-mapping';
import { MANAGEMENT_CONTROLLERS, MANAGEMENT_PROVIDERS, ScimTokenAuthService } from './index';
import {
  createManagementOpenApiDocument,
  MANAGEMENT_API_OPTIONS,
  ManagementApiExceptionFilter,
  sha256Hex,
} from '@scimflow/service-kit';

const ADMIN_API_KEY = `admin-${randomBytes(16).toString('hex')}`;
const PUBLIC_URL = 'https://scim.example.test';
const GRACE_PERIOD_MS = 60_000;

interface Api {
  app: INestApplication;
  auth: ScimTokenAuthService;
}

let databaseUrl: string;
let dataSource: DataSource;
let withGrace: Api;
let withoutGrace: Api;

async function bootApi(tokenGracePeriodMs: number, source: DataSource = dataSource): Promise<Api> {
  const options: DirectoryOptions = { publicUrl: `${PUBLIC_URL}/`, tokenGracePeriodMs };
  const moduleRef = await Test.createTestingModule({
    controllers: MANAGEMENT_CONTROLLERS,
    providers: [
      ...MANAGEMENT_PROVIDERS,
      DirectoryEventWriter,
      { provide: DIRECTORY_DATA_SOURCE, useValue: source },
      { provide: DIRECTORY_OPTIONS, useValue: options },
      { provide: MANAGEMENT_API_OPTIONS, useValue: { adminApiKey: ADMIN_API_KEY } },
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  // As the apps register it: errors raised before routing (body parser) get the same shape.
  app.useGlobalFilters(new ManagementApiExceptionFilter(app.getHttpAdapter()));
  await app.init();
  return { app, auth: app.get(ScimTokenAuthService) };
}

function http(api: Api = withGrace) {
  const server = api.app.getHttpServer();
  const authorization = `Bearer ${ADMIN_API_KEY}`;
  return {
    get: (path: string) => request(server).get(path).set('Authorization', authorization),
    post: (path: string, body?: object) =>
      request(server).post(path).set('Authorization', authorization).send(body),
    delete: (path: string) => request(server).delete(path).set('Authorization', authorization),
  };
}

async function createOrganization(
  name = `Org ${randomUUID()}`,
  externalId?: string,
): Promise<{ id: string }> {
  const response = await http().post('/api/v1/organizations', {
    name,
    ...(externalId ? { externalId } : {}),
  });
  expect(response.status).toBe(201);
  return response.body;
}

interface CreatedDirectory {
  id: string;
  organizationId: string;
  bearerToken: string;
  endpointUrl: string;
}

async function createDirectory(organizationId: string, provider = 'jumpcloud'): Promise<CreatedDirectory> {
  const response = await http().post(`/api/v1/organizations/${organizationId}/directories`, { provider });
  expect(response.status).toBe(201);
  return response.body;
}

function nth<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item at ${index} of ${items.length}`);
  return item;
}

/** Every page of a list, following nextCursor; fails if a page is repeated or the walk does not end. */
async function walk<T>(
  path: string,
  limit: number,
  cursorParameter = 'cursor',
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let pages = 1; pages <= 100; pages += 1) {
    const separator = path.includes('?') ? '&' : '?';
    const query = `${separator}limit=${limit}${cursor ? `&${cursorParameter}=${encodeURIComponent(cursor)}` : ''}`;
    const response = await http().get(`${path}${query}`);
    expect(response.status).toBe(200);
    expect(response.body.data.length).toBeLessThanOrEqual(limit);
    items.push(...(response.body.data as T[]));
    cursor = response.body.nextCursor;
    // lists end with a null cursor; event logs say hasMore (their cursor is for polling on)
    if (cursor === null || response.body.hasMore === false) return { items, pages };
    expect(response.body.data).toHaveLength(limit);
  }
  throw new Error(`${path} did not end after 100 pages`);
}

interface SeededDirectory {
  directory: CreatedDirectory;
  users: UserEntity[];
  groups: GroupEntity[];
}

/**
 * Users and groups written the way the SCIM command writer writes them (columns derived from the stored
 * resource, millisecond timestamps), with a user.created event each.
 */
async function seedDirectory(
  organizationId: string,
  people: Array<{ userName: string; email: string; displayName: string; active?: boolean }>,
  groupMembers: Record<string, number[]>,
): Promise<SeededDirectory> {
  const directory = await createDirectory(organizationId, 'okta');
  const base = Date.now();
  return runInTransaction(dataSource, async (manager) => {
    const users = people.map((person, index) => {
      const attributes = {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: person.userName,
        displayName: person.displayName,
        emails: [{ value: person.email, type: 'work', primary: true }],
        active: person.active ?? true,
      };
      const at = new Date(base + index);
      return manager.create(UserEntity, {
        id: randomUUID(),
        directoryId: directory.id,
        organizationId,
        ...userColumns(attributes),
        attributes,
        version: 1,
        createdAt: at,
        updatedAt: at,
      });
    });
    if (users.length > 0) await manager.save(UserEntity, users);
    const groups = Object.entries(groupMembers).map(([displayName, members], index) => {
      const attributes = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName };
      const at = new Date(base + index);
      return manager.create(GroupEntity, {
        id: randomUUID(),
        directoryId: directory.id,
        organizationId,
        ...groupColumns(attributes),
        attributes,
        memberCount: members.length,
        version: 1,
        createdAt: at,
        updatedAt: at,
      });
    });
    if (groups.length > 0) await manager.save(GroupEntity, groups);
    const memberships = Object.values(groupMembers).flatMap((members, index) =>
      members.map((member) => ({
        groupId: nth(groups, index).id,
        userId: nth(users, member).id,
        directoryId: directory.id,
        createdAt: new Date(base),
      })),
    );
    if (memberships.length > 0) await manager.insert(MembershipEntity, memberships);
    const row = await manager.findOneByOrFail(DirectoryEntity, { id: directory.id });
    await new DirectoryEventWriter().append(
      manager,
      row,
      users.map((user) => ({ type: EventTypes.userCreated, data: toDirectoryUser(user) })),
    );
    return { directory, users, groups };
  });
}

beforeAll(async () => {
  databaseUrl = await testDatabase('management_api');
  dataSource = await createDataSource({
    schema: 'directory',
    entities: DIRECTORY_ENTITIES,
    migrations: DIRECTORY_MIGRATIONS,
    connection: {
      kind: 'postgres',
      url: databaseUrl,
      poolSize: 4,
      applicationName: 'management-api-int-spec',
    },
  });
  withGrace = await bootApi(GRACE_PERIOD_MS);
  withoutGrace = await bootApi(0);
});

afterAll(async () => {
  await withGrace?.app.close();
  await withoutGrace?.app.close();
  await dataSource?.destroy();
  if (databaseUrl) await dropTestDatabase(databaseUrl);
});

describe('admin API key', () => {
  it.each([
    ['GET', '/api/v1/providers'],
    ['GET', '/api/v1/organizations'],
    ['POST', '/api/v1/organizations'],
    ['GET', `/api/v1/directories/${randomUUID()}`],
    ['DELETE', `/api/v1/directories/${randomUUID()}`],
    ['GET', '/api/v1/events'],
    ['GET', '/api/v1/event-types'],
    ['POST', '/internal/v1/scim-auth'],
  ])('%s %s answers 401 without a key, with a wrong key and with another scheme', async (method, path) => {
    const server = withGrace.app.getHttpServer();
    const send = (authorization?: string) => {
      const call =
        method === 'GET'
          ? request(server).get(path)
          : method === 'POST'
            ? request(server).post(path)
            : request(server).delete(path);
      return authorization === undefined ? call : call.set('Authorization', authorization);
    };
    for (const authorization of [
      undefined,
      `Bearer ${ADMIN_API_KEY}x`,
      'Bearer ',
      `Basic ${ADMIN_API_KEY}`,
    ]) {
      const response = await send(authorization);
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      expect(response.headers['www-authenticate']).toBe('Bearer');
    }
  });
});

describe('catalogs', () => {
  it('lists the providers with their setup steps', async () => {
    const response = await http().get('/api/v1/providers');
    expect(response.status).toBe(200);
    expect(response.body.map((provider: { id: string }) => provider.id)).toEqual([...PROVIDER_IDS]);
    expect(response.body.map((provider: { id: string }) => provider.id)).toEqual(
      expect.arrayContaining([
        'jumpcloud',
        'okta',
        'entra-id',
        'google-workspace',
        'onelogin',
        'pingone',
        'generic-scim',
      ]),
    );
    for (const provider of response.body) {
      expect(Object.keys(provider).sort()).toEqual(['description', 'id', 'name', 'setupSteps']);
      expect(provider.setupSteps.length).toBeGreaterThan(0);
    }
  });

  it('lists the event types with versions and descriptions', async () => {
    const response = await http().get('/api/v1/event-types');
    expect(response.status).toBe(200);
    expect(response.body.map((entry: { type: string }) => entry.type)).toEqual([...EVENT_TYPES]);
    expect(response.body[0]).toEqual({
      type: 'directory.activated',
      version: 1,
      description: expect.any(String),
      versions: [
        {
          version: 1,
          description: expect.any(String),
          schema: expect.objectContaining({ $schema: 'https://json-schema.org/draft/2020-12/schema' }),
        },
      ],
    });
  });
});

describe('organizations', () => {
  it('creates, reads and refuses a duplicate externalId', async () => {
    const externalId = `tenant-${randomUUID()}`;
    const created = await http().post('/api/v1/organizations', { name: 'Acme', externalId });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Acme',
      externalId,
      createdAt: expect.any(String),
    });

    const read = await http().get(`/api/v1/organizations/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const duplicate = await http().post('/api/v1/organizations', { name: 'Acme again', externalId });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({
      error: { code: 'conflict', message: expect.stringContaining(externalId) },
    });

    const withoutExternalId = await http().post('/api/v1/organizations', { name: 'No external id' });
    expect(withoutExternalId.status).toBe(201);
    expect(withoutExternalId.body.externalId).toBeNull();
  });

  it('pages through every organization once, in creation order', async () => {
    const created: string[] = [];
    for (let index = 0; index < 7; index += 1) created.push((await createOrganization(`Paged ${index}`)).id);
    const { items, pages } = await walk<{ id: string; createdAt: string }>('/api/v1/organizations', 3);
    const ids = items.map((organization) => organization.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(created));
    expect(ids.filter((id) => created.includes(id))).toEqual(created);
    expect(pages).toBe(Math.ceil(ids.length / 3));
    const keys = items.map((organization) => `${organization.createdAt}|${organization.id}`);
    expect(keys).toEqual([...keys].sort());
  });

  it.each([
    '/api/v1/organizations/00000000-0000-4000-8000-000000000000',
    '/api/v1/organizations/not-a-uuid',
    '/api/v1/organizations/00000000-0000-4000-8000-000000000000/directories',
  ])('answers 404 for GET %s', async (path) => {
    const response = await http().get(path);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});

describe('bad requests', () => {
  let organizationId: string;
  beforeAll(async () => {
    organizationId = (await createOrganization()).id;
  });

  it.each([
    ['/api/v1/organizations', {}, /name must be a string/],
    ['/api/v1/organizations', { name: 42 }, /name must be a string/],
    ['/api/v1/organizations', { name: 'Acme', plan: 'gold' }, /property plan should not exist/],
    [
      '/api/v1/organizations',
      { name: 'x'.repeat(201) },
      /name must be shorter than or equal to 200 characters/,
    ],
    [
      '/directories',
      { provider: 'myspace' },
      /provider must be one of the following values: jumpcloud, okta/,
    ],
    ['/directories', {}, /provider must be one of/],
    ['/directories', { provider: 'okta', name: '' }, /name should not be empty/],
    ['/internal/v1/scim-auth', { directoryId: randomUUID() }, /token must be a string/],
  ])('POST %s %p answers 400 validation_failed', async (path, body, problem) => {
    const url = path === '/directories' ? `/api/v1/organizations/${organizationId}/directories` : path;
    const response = await http().post(url, body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: { code: 'validation_failed', message: expect.stringMatching(problem) },
    });
  });

  it.each([
    ['malformed JSON', 'application/json', '{"name": ', 400, 'validation_failed'],
    [
      'a body over the size limit',
      'application/json',
      JSON.stringify({ name: 'x'.repeat(200_000) }),
      413,
      'payload_too_large',
    ],
  ])('answers %s in the same error shape', async (_label, contentType, body, status, code) => {
    const response = await request(withGrace.app.getHttpServer())
      .post('/api/v1/organizations')
      .set('Authorization', `Bearer ${ADMIN_API_KEY}`)
      .set('Content-Type', contentType)
      .send(body);
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ error: { code, message: expect.any(String) } });
  });

  it('lists every problem of a body in one message', async () => {
    const response = await http().post('/api/v1/organizations', { name: 7, externalId: 8, extra: true });
    expect(response.status).toBe(400);
    const message: string = response.body.error.message;
    expect(message).toMatch(/name must be a string/);
    expect(message).toMatch(/externalId must be a string/);
    expect(message).toMatch(/property extra should not exist/);
  });

  it.each([
    '/api/v1/organizations?limit=0',
    '/api/v1/organizations?limit=201',
    '/api/v1/organizations?limit=abc',
    '/api/v1/organizations?cursor=not-a-cursor',
    '/api/v1/organizations?page=2',
    '/api/v1/events?type=directory.exploded',
    '/api/v1/events?after=garbage',
    `/api/v1/events?directoryId=${randomUUID()}&after=-1`,
  ])('GET %s answers 400 validation_failed', async (path) => {
    const response = await http().get(path);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: 'validation_failed', message: expect.any(String) } });
  });
});

describe('directories', () => {
  it('creates a directory whose token is returned once and stored only as its SHA-256', async () => {
    const organization = await createOrganization();
    const response = await http().post(`/api/v1/organizations/${organization.id}/directories`, {
      provider: 'jumpcloud',
    });
    expect(response.status).toBe(201);
    const directory = response.body;
    expect(directory).toEqual({
      id: expect.any(String),
      organizationId: organization.id,
      provider: 'jumpcloud',
      name: 'JumpCloud',
      endpointUrl: `${PUBLIC_URL}/scim/v2/${directory.id}`,
      bearerToken: expect.stringMatching(/^scim_[A-Za-z0-9_-]{43}$/),
      createdAt: expect.any(String),
    });

    const [row] = await dataSource.query(`SELECT * FROM directory.directories WHERE id = $1`, [directory.id]);
    expect(row.token_hash).toBe(sha256Hex(directory.bearerToken));
    expect(JSON.stringify(row)).not.toContain(directory.bearerToken);
    expect(JSON.stringify(row)).not.toContain(directory.bearerToken.slice('scim_'.length));

    const read = await http().get(`/api/v1/directories/${directory.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      id: directory.id,
      organizationId: organization.id,
      provider: 'jumpcloud',
      name: 'JumpCloud',
      endpointUrl: directory.endpointUrl,
      status: 'pending',
      stats: { users: 0, groups: 0 },
      lastRequestAt: null,
      activatedAt: null,
      createdAt: directory.createdAt,
    });
    expect(JSON.stringify(read.body)).not.toContain(row.token_hash);
  });

  it('names a directory as asked', async () => {
    const organization = await createOrganization();
    const response = await http().post(`/api/v1/organizations/${organization.id}/directories`, {
      provider: 'entra-id',
      name: 'Staff',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ provider: 'entra-id', name: 'Staff' });
  });

  it('answers 404 when the organization does not exist', async () => {
    const response = await http().post(`/api/v1/organizations/${randomUUID()}/directories`, {
      provider: 'okta',
    });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });

  it.each(['GET', 'POST token', 'DELETE'])('answers 404 for %s on an unknown directory', async (action) => {
    for (const id of [randomUUID(), 'nope']) {
      const response =
        action === 'GET'
          ? await http().get(`/api/v1/directories/${id}`)
          : action === 'DELETE'
            ? await http().delete(`/api/v1/directories/${id}`)
            : await http().post(`/api/v1/directories/${id}/token`);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    }
  });

  it('lists only the directories of the organization, page by page', async () => {
    const organizationA = await createOrganization();
    const organizationB = await createOrganization();
    const inA: string[] = [];
    for (let index = 0; index < 5; index += 1) inA.push((await createDirectory(organizationA.id)).id);
    const inB = (await createDirectory(organizationB.id)).id;

    const { items, pages } = await walk<{ id: string; organizationId: string }>(
      `/api/v1/organizations/${organizationA.id}/directories`,
      2,
    );
    expect(items.map((directory) => directory.id)).toEqual(inA);
    expect(pages).toBe(3);
    expect(items.every((directory) => directory.organizationId === organizationA.id)).toBe(true);
    expect(JSON.stringify(items)).not.toMatch(/bearerToken|tokenHash/);

    const listB = await http().get(`/api/v1/organizations/${organizationB.id}/directories`);
    expect(listB.body).toEqual({ data: [expect.objectContaining({ id: inB })], nextCursor: null });
  });
});

describe('SCIM token authentication', () => {
  it('accepts a directory token on its own directory only', async () => {
    const organization = await createOrganization();
    const a = await createDirectory(organization.id, 'okta');
    const b = await createDirectory((await createOrganization()).id, 'onelogin');

    await expect(withGrace.auth.authenticateScimToken(a.id, a.bearerToken)).resolves.toEqual({
      directoryId: a.id,
      organizationId: organization.id,
      provider: 'okta',
    });
    await expect(withGrace.auth.authenticateScimToken(b.id, a.bearerToken)).resolves.toBeNull();
    await expect(withGrace.auth.authenticateScimToken(a.id, b.bearerToken)).resolves.toBeNull();
    await expect(withGrace.auth.authenticateScimToken(a.id, `${a.bearerToken}x`)).resolves.toBeNull();
    await expect(withGrace.auth.authenticateScimToken(a.id, '')).resolves.toBeNull();
    await expect(withGrace.auth.authenticateScimToken('not-a-uuid', a.bearerToken)).resolves.toBeNull();
    await expect(withGrace.auth.authenticateScimToken(randomUUID(), a.bearerToken)).resolves.toBeNull();
    // The hash itself is not a token.
    await expect(withGrace.auth.authenticateScimToken(a.id, sha256Hex(a.bearerToken))).resolves.toBeNull();
  });

  it('answers the internal route with the identity or 401', async () => {
    const organization = await createOrganization();
    const a = await createDirectory(organization.id, 'pingone');
    const b = await createDirectory(organization.id, 'pingone');

    const ok = await http().post('/internal/v1/scim-auth', { directoryId: a.id, token: a.bearerToken });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ directoryId: a.id, organizationId: organization.id, provider: 'pingone' });

    for (const body of [
      { directoryId: b.id, token: a.bearerToken },
      { directoryId: a.id, token: 'scim_wrong' },
      { directoryId: 'not-a-uuid', token: a.bearerToken },
    ]) {
      const refused = await http().post('/internal/v1/scim-auth', body);
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
  });
});

describe('token rotation', () => {
  it('keeps the previous token valid until the grace period ends, then only the new one', async () => {
    const organization = await createOrganization();
    const directory = await createDirectory(organization.id);
    const before = Date.now();

    const rotated = await http().post(`/api/v1/directories/${directory.id}/token`);
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({
      bearerToken: expect.stringMatching(/^scim_/),
      previousTokenExpiresAt: expect.any(String),
    });
    const expiresAt = new Date(rotated.body.previousTokenExpiresAt);
    expect(expiresAt.getTime()).toBeGreaterThanOrEqual(before + GRACE_PERIOD_MS);
    expect(expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + GRACE_PERIOD_MS);
    expect(rotated.body.bearerToken).not.toBe(directory.bearerToken);

    const auth = withGrace.auth;
    await expect(auth.authenticateScimToken(directory.id, rotated.body.bearerToken)).resolves.not.toBeNull();
    await expect(auth.authenticateScimToken(directory.id, directory.bearerToken)).resolves.not.toBeNull();
    const justBefore = new Date(expiresAt.getTime() - 1);
    await expect(
      auth.authenticateScimToken(directory.id, directory.bearerToken, justBefore),
    ).resolves.not.toBeNull();
    await expect(
      auth.authenticateScimToken(directory.id, directory.bearerToken, expiresAt),
    ).resolves.toBeNull();
    await expect(
      auth.authenticateScimToken(
        directory.id,
        rotated.body.bearerToken,
        new Date(expiresAt.getTime() + 86_400_000),
      ),
    ).resolves.not.toBeNull();

    const [row] = await dataSource.query(
      `SELECT token_hash, previous_token_hash, previous_token_expires_at FROM directory.directories WHERE id = $1`,
      [directory.id],
    );
    expect(row).toEqual({
      token_hash: sha256Hex(rotated.body.bearerToken),
      previous_token_hash: sha256Hex(directory.bearerToken),
      previous_token_expires_at: expiresAt,
    });

    const events = await http().get(`/api/v1/directories/${directory.id}/events`);
    expect(events.status).toBe(200);
    expect(events.body.data).toEqual([
      {
        id: expect.any(String),
        type: 'directory.token_rotated',
        version: 1,
        sequence: 1,
        occurredAt: expect.any(String),
        organizationId: organization.id,
        directoryId: directory.id,
        data: {
          id: directory.id,
          organizationId: organization.id,
          previousTokenExpiresAt: rotated.body.previousTokenExpiresAt,
        },
      },
    ]);
    // the outbox refers to the event; the relay publishes it as the log holds it, as the events API shows it
    const outbox = await dataSource.query(
      `SELECT key, payload, payload_ref FROM directory.outbox WHERE key = $1`,
      [directory.id],
    );
    expect(outbox).toEqual([{ key: directory.id, payload: null, payload_ref: events.body.data[0].id }]);
    const published = await resolveEventPayloads(dataSource, [events.body.data[0].id]);
    expect(published.get(events.body.data[0].id)).toEqual(events.body.data[0]);

    // A second rotation drops the first token at once: only one previous token is ever honoured.
    const again = await http().post(`/api/v1/directories/${directory.id}/token`);
    expect(again.status).toBe(200);
    await expect(auth.authenticateScimToken(directory.id, directory.bearerToken)).resolves.toBeNull();
    await expect(auth.authenticateScimToken(directory.id, rotated.body.bearerToken)).resolves.not.toBeNull();
    await expect(auth.authenticateScimToken(directory.id, again.body.bearerToken)).resolves.not.toBeNull();
  });

  it('invalidates the previous token at once with a grace period of 0', async () => {
    const organization = await createOrganization();
    const directory = await createDirectory(organization.id);
    // accepted once before the rotation, so that what the service remembers of the directory is the old token
    await expect(
      withoutGrace.auth.authenticateScimToken(directory.id, directory.bearerToken),
    ).resolves.not.toBeNull();
    const before = Date.now();
    const rotated = await http(withoutGrace).post(`/api/v1/directories/${directory.id}/token`);
    expect(rotated.status).toBe(200);
    expect(new Date(rotated.body.previousTokenExpiresAt).getTime()).toBeGreaterThanOrEqual(before);
    expect(new Date(rotated.body.previousTokenExpiresAt).getTime()).toBeLessThanOrEqual(Date.now());

    await expect(
      withoutGrace.auth.authenticateScimToken(directory.id, directory.bearerToken),
    ).resolves.toBeNull();
    await expect(
      withoutGrace.auth.authenticateScimToken(directory.id, rotated.body.bearerToken),
    ).resolves.toEqual(expect.objectContaining({ directoryId: directory.id }));
    const internal = await http(withoutGrace).post('/internal/v1/scim-auth', {
      directoryId: directory.id,
      token: directory.bearerToken,
    });
    expect(internal.status).toBe(401);
  });
});

describe('directory deletion', () => {
  it('emits directory.deleted, removes users, groups and memberships, keeps the events, and locks the token out', async () => {
    const organization = await createOrganization();
    const { directory, users, groups } = await seedDirectory(
      organization.id,
      [
        { userName: 'ada', email: 'ada@example.com', displayName: 'Ada Lovelace' },
        { userName: 'alan', email: 'alan@example.com', displayName: 'Alan Turing' },
      ],
      { Engineers: [0, 1] },
    );
    const survivor = await seedDirectory(
      organization.id,
      [{ userName: 'grace', email: 'g@example.com', displayName: 'Grace' }],
      {},
    );
    await expect(
      withGrace.auth.authenticateScimToken(directory.id, directory.bearerToken),
    ).resolves.not.toBeNull();

    const deleted = await http().delete(`/api/v1/directories/${directory.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');

    expect((await http().get(`/api/v1/directories/${directory.id}`)).status).toBe(404);
    expect((await http().get(`/api/v1/directories/${directory.id}/users`)).status).toBe(404);
    expect((await http().delete(`/api/v1/directories/${directory.id}`)).status).toBe(404);
    await expect(
      withGrace.auth.authenticateScimToken(directory.id, directory.bearerToken),
    ).resolves.toBeNull();
    const internal = await http().post('/internal/v1/scim-auth', {
      directoryId: directory.id,
      token: directory.bearerToken,
    });
    expect(internal.status).toBe(401);

    const [counts] = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM directory.users WHERE directory_id = $1) AS users,
              (SELECT count(*)::int FROM directory.groups WHERE directory_id = $1) AS groups,
              (SELECT count(*)::int FROM directory.memberships WHERE directory_id = $1) AS memberships`,
      [directory.id],
    );
    expect(counts).toEqual({ users: 0, groups: 0, memberships: 0 });
    expect(users).toHaveLength(2);
    expect(groups).toHaveLength(1);

    const events = await http().get(`/api/v1/events?directoryId=${directory.id}`);
    expect(events.status).toBe(200);
    const types = events.body.data.map((event: EventEnvelope) => event.type);
    expect(types).toEqual(['directory.user.created', 'directory.user.created', 'directory.deleted']);
    const last: EventEnvelope = events.body.data[2];
    expect(last).toMatchObject({
      sequence: 3,
      organizationId: organization.id,
      directoryId: directory.id,
      data: {
        id: directory.id,
        organizationId: organization.id,
        provider: 'okta',
        name: 'Okta',
        status: 'pending',
      },
    });
    const outbox = await dataSource.getRepository(OutboxMessage).findBy({ key: directory.id });
    expect(outbox.map((message) => message.headers['event-type'])).toContain('directory.deleted');

    const other = await http().get(`/api/v1/directories/${survivor.directory.id}`);
    expect(other.body.stats).toEqual({ users: 1, groups: 0 });
  });
});

describe('users and groups', () => {
  let organizationId: string;
  let seeded: SeededDirectory;
  let other: SeededDirectory;
  const people = [
    { userName: 'ada.lovelace', email: 'Ada@Example.com', displayName: 'Ada Lovelace' },
    { userName: 'alan', email: 'alan.turing@example.com', displayName: 'Alan Turing' },
    { userName: 'grace', email: 'grace@navy.example', displayName: 'Grace Hopper', active: false },
    { userName: 'katherine', email: 'kj@nasa.example', displayName: 'Katherine Johnson' },
    { userName: 'edsger', email: 'ewd@example.com', displayName: 'Edsger 100% Dijkstra' },
  ];

  beforeAll(async () => {
    organizationId = (await createOrganization()).id;
    seeded = await seedDirectory(organizationId, people, { Engineers: [0, 1, 4], Navy: [2], Empty: [] });
    other = await seedDirectory(
      (await createOrganization()).id,
      [{ userName: 'ada.lovelace', email: 'ada@other.example', displayName: 'Other Ada' }],
      {
        Engineers: [0],
      },
    );
  });

  const usersPath = () => `/api/v1/directories/${seeded.directory.id}/users`;
  const groupsPath = () => `/api/v1/directories/${seeded.directory.id}/groups`;

  it('counts them on the directory', async () => {
    const response = await http().get(`/api/v1/directories/${seeded.directory.id}`);
    expect(response.body.stats).toEqual({ users: 5, groups: 3 });
  });

  it('pages through the users of the directory only, in creation order', async () => {
    const { items, pages } = await walk<{ id: string; directoryId: string }>(usersPath(), 2);
    expect(items.map((user) => user.id)).toEqual(seeded.users.map((user) => user.id));
    expect(pages).toBe(3);
    expect(items[0]).toEqual(JSON.parse(JSON.stringify(toDirectoryUser(nth(seeded.users, 0)))));
  });

  it.each([
    ['ADA', ['ada.lovelace']],
    ['turing', ['alan']],
    ['navy.EXAMPLE', ['grace']],
    ['johnson', ['katherine']],
    ['a', ['ada.lovelace', 'alan', 'grace', 'katherine', 'edsger']],
    ['100%', ['edsger']],
    ['%', ['edsger']],
    ['_', []],
    ['nobody', []],
  ])('finds users whose userName, email or displayName contains %p', async (search, userNames) => {
    const response = await http().get(`${usersPath()}?search=${encodeURIComponent(search)}`);
    expect(response.status).toBe(200);
    expect(response.body.data.map((user: { userName: string }) => user.userName)).toEqual(userNames);
  });

  it.each([
    ['active=true', ['ada.lovelace', 'alan', 'katherine', 'edsger']],
    ['active=false', ['grace']],
    ['search=a&active=false', ['grace']],
  ])('filters users by %s', async (query, userNames) => {
    const response = await http().get(`${usersPath()}?${query}`);
    expect(response.body.data.map((user: { userName: string }) => user.userName)).toEqual(userNames);
  });

  it('filters users by group, and a group of another directory matches nobody', async () => {
    const engineers = nth(seeded.groups, 0);
    const members = await walk<{ userName: string }>(`${usersPath()}?groupId=${engineers.id}`, 2);
    expect(members.items.map((user) => user.userName)).toEqual(['ada.lovelace', 'alan', 'edsger']);

    const foreign = await http().get(`${usersPath()}?groupId=${nth(other.groups, 0).id}`);
    expect(foreign.body).toEqual({ data: [], nextCursor: null });
  });

  it('shows a user with its groups and an empty list of roles', async () => {
    const ada = nth(seeded.users, 0);
    const response = await http().get(`${usersPath()}/${ada.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ...JSON.parse(JSON.stringify(toDirectoryUser(ada))),
      groups: [{ id: nth(seeded.groups, 0).id, displayName: 'Engineers' }],
      roles: [],
    });
    expect(response.body.email).toBe('Ada@Example.com');
  });

  it('shows groups and pages through their members', async () => {
    const list = await http().get(groupsPath());
    expect(list.body.data.map((group: { displayName: string }) => group.displayName)).toEqual([
      'Engineers',
      'Navy',
      'Empty',
    ]);
    expect(list.body.nextCursor).toBeNull();

    const search = await http().get(`${groupsPath()}?search=NAV`);
    expect(search.body.data.map((group: { displayName: string }) => group.displayName)).toEqual(['Navy']);

    const engineers = nth(seeded.groups, 0);
    const one = await http().get(`${groupsPath()}/${engineers.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      id: engineers.id,
      directoryId: seeded.directory.id,
      displayName: 'Engineers',
      memberCount: 3,
    });

    const members = await walk<{ userName: string }>(`${groupsPath()}/${engineers.id}/members`, 1);
    expect(members.items.map((user) => user.userName)).toEqual(['ada.lovelace', 'alan', 'edsger']);
    expect(members.pages).toBe(3);

    const empty = await http().get(`${groupsPath()}/${nth(seeded.groups, 2).id}/members`);
    expect(empty.body).toEqual({ data: [], nextCursor: null });
  });

  it('never reaches a user or group of another directory through this one', async () => {
    const foreignUser = nth(other.users, 0);
    const foreignGroup = nth(other.groups, 0);
    for (const path of [
      `${usersPath()}/${foreignUser.id}`,
      `${groupsPath()}/${foreignGroup.id}`,
      `${groupsPath()}/${foreignGroup.id}/members`,
      `${usersPath()}/${randomUUID()}`,
      `${usersPath()}/not-a-uuid`,
      `${groupsPath()}/${randomUUID()}`,
    ]) {
      const response = await http().get(path);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    const otherList = await http().get(`/api/v1/directories/${other.directory.id}/users`);
    expect(otherList.body.data.map((user: { id: string }) => user.id)).toEqual([foreignUser.id]);
  });
});

describe('events', () => {
  it('pages through a directory log by sequence and filters by type', async () => {
    const organization = await createOrganization();
    const { directory } = await seedDirectory(
      organization.id,
      Array.from({ length: 5 }, (_, index) => ({
        userName: `u${index}`,
        email: `u${index}@example.com`,
        displayName: `U ${index}`,
      })),
      {},
    );
    expect((await http().post(`/api/v1/directories/${directory.id}/token`)).status).toBe(200);

    const { items, pages } = await walk<EventEnvelope>(
      `/api/v1/directories/${directory.id}/events`,
      2,
      'after',
    );
    expect(items.map((event) => event.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(pages).toBe(3);
    const first = await http().get(`/api/v1/directories/${directory.id}/events?limit=2`);
    expect(first.body.nextCursor).toBe('2');

    const rotations = await http().get(
      `/api/v1/directories/${directory.id}/events?type=directory.token_rotated`,
    );
    expect(rotations.body.data.map((event: EventEnvelope) => event.sequence)).toEqual([6]);

    const after = await http().get(`/api/v1/directories/${directory.id}/events?after=6`);
    expect(after.body).toEqual({ data: [], nextCursor: '6', hasMore: false });
    const last = await http().get(`/api/v1/directories/${directory.id}/events?after=4`);
    expect(last.body).toEqual({ data: expect.any(Array), nextCursor: '6', hasMore: false });
  });

  it('lists events across directories, per organization, each directory in sequence order', async () => {
    const organization = await createOrganization();
    const a = await seedDirectory(
      organization.id,
      [{ userName: 'a1', email: 'a1@x.example', displayName: 'A1' }],
      {},
    );
    const b = await seedDirectory(
      organization.id,
      [{ userName: 'b1', email: 'b1@x.example', displayName: 'B1' }],
      {},
    );
    for (const directory of [a.directory, b.directory, a.directory]) {
      expect((await http().post(`/api/v1/directories/${directory.id}/token`)).status).toBe(200);
    }
    const elsewhere = await seedDirectory(
      (await createOrganization()).id,
      [{ userName: 'c1', email: 'c@x.example', displayName: 'C' }],
      {},
    );

    // Events are listed across directories once positioned, which the service does in the background.
    const unpositioned = await http().get(`/api/v1/events?organizationId=${organization.id}`);
    expect(unpositioned.body).toEqual({ data: [], nextCursor: expect.any(String), hasMore: false });
    await new EventPositionAssigner(dataSource).assignPending();
    const { items } = await walk<EventEnvelope>(
      `/api/v1/events?organizationId=${organization.id}`,
      2,
      'after',
    );
    expect(items).toHaveLength(5);
    expect(items.every((event) => event.organizationId === organization.id)).toBe(true);
    expect(items.some((event) => event.directoryId === elsewhere.directory.id)).toBe(false);
    for (const directoryId of [a.directory.id, b.directory.id]) {
      const sequences = items
        .filter((event) => event.directoryId === directoryId)
        .map((event) => event.sequence);
      expect(sequences).toEqual([...sequences].sort((x, y) => x - y));
    }
    expect(new Set(items.map((event) => event.id)).size).toBe(5);

    const ofA = await http().get(
      `/api/v1/events?organizationId=${organization.id}&directoryId=${a.directory.id}&after=1`,
    );
    expect(ofA.body.data.map((event: EventEnvelope) => event.sequence)).toEqual([2, 3]);
    const wrongOrganization = await http().get(
      `/api/v1/events?organizationId=${randomUUID()}&directoryId=${a.directory.id}`,
    );
    expect(wrongOrganization.body).toEqual({ data: [], nextCursor: '0', hasMore: false });
    const rotations = await http().get(
      `/api/v1/events?organizationId=${organization.id}&type=directory.token_rotated`,
    );
    expect(rotations.body.data).toHaveLength(3);
    for (const types of [
      'types=directory.token_rotated,directory.activated',
      'types=directory.token_rotated&types=directory.activated',
      'types=directory.activated&type=directory.token_rotated',
    ]) {
      const some = await http().get(`/api/v1/events?organizationId=${organization.id}&${types}`);
      expect(some.body.data.map((event: EventEnvelope) => event.type).sort()).toEqual([
        'directory.token_rotated',
        'directory.token_rotated',
        'directory.token_rotated',
      ]);
    }
    const ofOneDirectory = await http().get(
      `/api/v1/directories/${a.directory.id}/events?types=directory.token_rotated,directory.user.created`,
    );
    expect(ofOneDirectory.body.data.map((event: EventEnvelope) => event.type)).toEqual([
      'directory.user.created',
      'directory.token_rotated',
      'directory.token_rotated',
    ]);
    const unknownType = await http().get(`/api/v1/events?types=directory.token_rotated,directory.exploded`);
    expect(unknownType.status).toBe(400);

    // The cursor of the last page polls on: it gives what was written since, and only that.
    const end = await http().get(`/api/v1/events?organizationId=${organization.id}&limit=200`);
    expect(end.body).toMatchObject({ hasMore: false });
    expect((await http().post(`/api/v1/directories/${b.directory.id}/token`)).status).toBe(200);
    await new EventPositionAssigner(dataSource).assignPending();
    const since = await http().get(
      `/api/v1/events?organizationId=${organization.id}&after=${end.body.nextCursor}`,
    );
    expect(since.body.data.map((event: EventEnvelope) => [event.directoryId, event.type])).toEqual([
      [b.directory.id, 'directory.token_rotated'],
    ]);
  });

  it('answers 404 for the log of an unknown directory', async () => {
    const response = await http().get(`/api/v1/directories/${randomUUID()}/events`);
    expect(response.status).toBe(404);
  });
});

describe('unexpected errors', () => {
  it('answers 500 internal_error without a word about the cause', async () => {
    // A data source that never connected: every query fails inside the service.
    const unconnected = new DataSource(
      buildDataSourceOptions({
        schema: 'directory',
        entities: [OrganizationEntity],
        connection: { kind: 'postgres', url: databaseUrl },
      }),
    );
    const broken = await bootApi(0, unconnected);
    try {
      const response = await http(broken).get('/api/v1/organizations');
      expect(response.status).toBe(500);
      expect(response.body).toEqual({
        error: { code: 'internal_error', message: 'The server could not complete the request.' },
      });
    } finally {
      await broken.app.close();
    }
  });
});

describe('OpenAPI', () => {
  it('documents every management route with the admin key and leaves the internal one out', () => {
    const document = createManagementOpenApiDocument(withGrace.app, '0.0.0-test');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/api/v1/directories/{directoryId}',
      '/api/v1/directories/{directoryId}/events',
      '/api/v1/directories/{directoryId}/groups',
      '/api/v1/directories/{directoryId}/groups/{groupId}',
      '/api/v1/directories/{directoryId}/groups/{groupId}/members',
      '/api/v1/directories/{directoryId}/token',
      '/api/v1/directories/{directoryId}/users',
      '/api/v1/directories/{directoryId}/users/{userId}',
      '/api/v1/event-types',
      '/api/v1/events',
      '/api/v1/organizations',
      '/api/v1/organizations/{orgId}',
      '/api/v1/organizations/{orgId}/directories',
      '/api/v1/providers',
    ]);
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(
        operations as Record<string, { security?: unknown; responses?: object; tags?: string[] }>,
      )) {
        expect({ path, method, security: operation.security }).toEqual({
          path,
          method,
          security: [{ 'admin-api-key': [] }],
        });
        expect(operation.tags?.length).toBeGreaterThan(0);
        expect(Object.keys(operation.responses ?? {})).toEqual(expect.arrayContaining(['401', '500']));
      }
    }
    expect(document.components?.securitySchemes?.['admin-api-key']).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(Object.keys(document.components?.schemas ?? {})).toEqual(
      expect.arrayContaining([
        'DirectoryUserDetailDto',
        'EventEnvelopeDto',
        'ErrorResponseDto',
        'CreatedDirectoryDto',
        'EventTypeDto',
        'EventTypeVersionDto',
      ]),
    );
  });
});
