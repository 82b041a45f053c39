import { createDataSource } from '@scimflow/persistence';
import { ManagementApiException } from '@scimflow/service-kit';
import { dropTestDatabase, testDatabase } from '@scimflow/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { SCIM_INGRESS_MIGRATIONS } from '../migrations';
import { SCIM_INGRESS_SCHEMA } from '../scim-server.tokens';
import { RequestLogEntryEntity } from './request-log-entry.entity';
import { resolveRequestLogOptions } from './request-log.options';
import { RequestLogService } from './request-log.service';
import { RequestLogWriter } from './request-log.writer';

const DIRECTORY_A = randomUUID();
const DIRECTORY_B = randomUUID();
const NOW = new Date('2026-11-20T12:00:00.000Z');

function entry(directoryId: string, secondsAgo: number, status = 200): RequestLogEntryEntity {
  return {
    id: randomUUID(),
    directoryId,
    organizationId: randomUUID(),
    receivedAt: new Date(NOW.getTime() - secondsAgo * 1000),
    method: 'GET',
    path: '/Users',
    query: { filter: 'userName eq "ada@acme.example"' },
    status,
    durationMs: 1.25,
    provider: 'jumpcloud',
    detectedProvider: null,
    requestBody: null,
    responseBody: { totalResults: 0, schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'] },
    normalization: { notes: [], warnings: [] },
    correlationId: randomUUID(),
  };
}

describe(RequestLogWriter.name, () => {
  let databaseUrl = '';
  let dataSource: DataSource;

  beforeAll(async () => {
    databaseUrl = await testDatabase('scim_request_log');
    dataSource = await createDataSource({
      schema: SCIM_INGRESS_SCHEMA,
      entities: [RequestLogEntryEntity],
      migrations: SCIM_INGRESS_MIGRATIONS,
      connection: { kind: 'postgres', url: databaseUrl },
    });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  beforeEach(async () => {
    await dataSource.query('DELETE FROM scim_ingress.request_log');
  });

  async function stored(directoryId: string): Promise<Array<{ status: number; received_at: Date }>> {
    return dataSource.query(
      'SELECT status, received_at FROM scim_ingress.request_log WHERE directory_id = $1 ORDER BY received_at DESC',
      [directoryId],
    );
  }

  function writer(options: Parameters<typeof resolveRequestLogOptions>[0]): RequestLogWriter {
    // Timers are not started (no onApplicationBootstrap): the test flushes and prunes itself.
    return new RequestLogWriter(dataSource, resolveRequestLogOptions(options));
  }

  it('writes queued entries in batches and drops (and counts) what does not fit in the queue', async () => {
    const log = writer({ queueSize: 4, batchSize: 10 });
    for (let index = 0; index < 5; index++) log.record(entry(DIRECTORY_A, index));
    expect(log.stats()).toEqual({ queued: 4, written: 0, dropped: 1 });
    await log.flush();
    expect(log.stats()).toEqual({ queued: 0, written: 4, dropped: 1 });
    expect(await stored(DIRECTORY_A)).toHaveLength(4);
  });

  it('stores every field of an entry as given, a null body as SQL NULL', async () => {
    const log = writer({});
    const given: RequestLogEntryEntity = {
      ...entry(DIRECTORY_A, 0, 201),
      receivedAt: new Date('2026-11-20T12:00:00.123Z'),
      method: 'POST',
      path: '/Users',
      query: {},
      durationMs: 4.56,
      provider: 'okta',
      detectedProvider: 'okta',
      requestBody: { userName: 'ada@acme.example', note: 'quote " and \u00e9' },
      responseBody: null,
      normalization: { notes: [{ rule: 'x' }], warnings: ['w'] },
    };
    log.record(given);
    await log.flush();
    const [row] = await dataSource.query(
      `SELECT id, directory_id, organization_id, received_at, method, path, query, status, duration_ms, provider,
              detected_provider, request_body, response_body IS NULL AS no_response_body, normalization,
              correlation_id
         FROM scim_ingress.request_log`,
    );
    expect(row).toEqual({
      id: given.id,
      directory_id: given.directoryId,
      organization_id: given.organizationId,
      received_at: given.receivedAt,
      method: 'POST',
      path: '/Users',
      query: {},
      status: 201,
      duration_ms: 4.56,
      provider: 'okta',
      detected_provider: 'okta',
      request_body: given.requestBody,
      no_response_body: true,
      normalization: given.normalization,
      correlation_id: given.correlationId,
    });
  });

  it('keeps the key order of bodies as sent', async () => {
    const log = writer({});
    log.record(entry(DIRECTORY_A, 0));
    await log.flush();
    const [row] = await dataSource.query('SELECT response_body::text AS body FROM scim_ingress.request_log');
    expect(row.body).toBe(
      '{"totalResults":0,"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"]}',
    );
  });

  it('keeps the newest entries of each directory within the cap and none past the retention period', async () => {
    const log = writer({ maxPerDirectory: 2, retentionDays: 7 });
    for (const secondsAgo of [1, 2, 3, 4]) log.record(entry(DIRECTORY_A, secondsAgo, 200 + secondsAgo));
    log.record(entry(DIRECTORY_B, 8 * 24 * 3600));
    log.record(entry(DIRECTORY_B, 6 * 24 * 3600));
    await log.flush();
    await log.prune(NOW);
    expect((await stored(DIRECTORY_A)).map((row) => row.status)).toEqual([201, 202]);
    expect(await stored(DIRECTORY_B)).toHaveLength(1);
  });

  it('writes what is queued when the module stops, and takes nothing after', async () => {
    const log = writer({});
    log.record(entry(DIRECTORY_A, 0));
    await log.onModuleDestroy();
    log.record(entry(DIRECTORY_A, 0));
    expect(log.stats()).toEqual({ queued: 0, written: 1, dropped: 1 });
    expect(await stored(DIRECTORY_A)).toHaveLength(1);
  });
});

describe(RequestLogService.name, () => {
  let databaseUrl = '';
  let dataSource: DataSource;
  let service: RequestLogService;

  beforeAll(async () => {
    databaseUrl = await testDatabase('scim_request_log_api');
    dataSource = await createDataSource({
      schema: SCIM_INGRESS_SCHEMA,
      entities: [RequestLogEntryEntity],
      migrations: SCIM_INGRESS_MIGRATIONS,
      connection: { kind: 'postgres', url: databaseUrl },
    });
    service = new RequestLogService(dataSource);
    const log = new RequestLogWriter(dataSource, resolveRequestLogOptions());
    for (let secondsAgo = 0; secondsAgo < 5; secondsAgo++) {
      log.record(entry(DIRECTORY_A, secondsAgo, secondsAgo % 2 === 0 ? 200 : 409));
    }
    log.record(entry(DIRECTORY_B, 0, 500));
    await log.flush();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it("pages through one directory's entries, newest first", async () => {
    const first = await service.list(DIRECTORY_A, { limit: 2 });
    expect(first.data.map((item) => item.receivedAt)).toEqual([
      NOW.toISOString(),
      new Date(NOW.getTime() - 1000).toISOString(),
    ]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await service.list(DIRECTORY_A, { limit: 2, cursor: first.nextCursor ?? undefined });
    const third = await service.list(DIRECTORY_A, { limit: 2, cursor: second.nextCursor ?? undefined });
    expect([...first.data, ...second.data, ...third.data].map((item) => item.status)).toEqual([
      200, 409, 200, 409, 200,
    ]);
    expect(third.nextCursor).toBeNull();
  });

  it.each([
    ['409', [409, 409]],
    ['4xx', [409, 409]],
    ['2xx', [200, 200, 200]],
    ['5xx', []],
  ])('filters by status %s', async (status, expected) => {
    expect((await service.list(DIRECTORY_A, { status })).data.map((item) => item.status)).toEqual(expected);
  });

  it.each([
    ['a directory id that is not a UUID', 'directory-a', {}],
    ['a cursor it did not give out', DIRECTORY_A, { cursor: 'bm90LWEtY3Vyc29y' }],
  ])('refuses %s', async (_name, directoryId, query) => {
    await expect(service.list(directoryId, query)).rejects.toBeInstanceOf(ManagementApiException);
  });
});
