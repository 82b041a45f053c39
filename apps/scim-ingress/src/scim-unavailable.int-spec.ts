import {
  dropTestDatabase,
  freePort,
  kafkaBrokers,
  newDirectory,
  ServiceProcess,
  testDatabase,
  uniqueName,
  type ConformanceDirectory,
} from '@scimflow/testing';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// The statuses of the SCIM edge that depend on the services' state rather than on the request, in the
// distributed mode: 429 when a directory exceeds its rate, 503 with Retry-After while directory-service does not
// answer (its reads time out, and so does a write's reply) — answered promptly, never a hang or a 500.
const ROOT = path.resolve(__dirname, '../../..');
const ADMIN_API_KEY = 'unavailable-admin-key-0123456789';
const BURST = 5;
const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';

describe('SCIM edge statuses of the services state (distributed: Kafka + Postgres)', () => {
  let databaseUrl = '';
  let directoryService: ServiceProcess;
  let ingress: ServiceProcess;
  const target = () => ({ managementUrl: directoryService.url, adminApiKey: ADMIN_API_KEY });

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'tools/build.mjs')], { cwd: ROOT });
    databaseUrl = await testDatabase('unavailable');
    const [directoryPort, ingressPort] = [await freePort(), await freePort()];
    const common = {
      BUS: 'kafka',
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_PARTITIONS: '3',
      KAFKA_NAMESPACE: uniqueName('unavailable').replace(/[^A-Za-z0-9_-]/g, '-'),
      DATABASE_URL: databaseUrl,
      ADMIN_API_KEY,
      PUBLIC_URL: `http://127.0.0.1:${ingressPort}`,
      LOG_LEVEL: 'fatal',
    };
    directoryService = new ServiceProcess('directory-service', `http://127.0.0.1:${directoryPort}`, {
      ...common,
      PORT: String(directoryPort),
    });
    ingress = new ServiceProcess('scim-ingress', `http://127.0.0.1:${ingressPort}`, {
      ...common,
      PORT: String(ingressPort),
      DIRECTORY_SERVICE_URL: directoryService.url,
      SCIM_RATE_LIMIT_PER_SECOND: '1',
      SCIM_RATE_LIMIT_BURST: String(BURST),
    });
    await Promise.all([directoryService.ready(150_000), ingress.ready(150_000)]);
  }, 240_000);

  afterAll(async () => {
    directoryService?.signal('SIGCONT');
    await Promise.all([ingress?.stop(), directoryService?.stop()]);
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  }, 60_000);

  it('answers 429 with Retry-After once a directory exceeds its burst, and other directories are unaffected', async () => {
    const busy = await newDirectory(target());
    const quiet = await newDirectory(target());
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<ConformanceDirectory['request']>> | undefined;
    for (let attempt = 0; attempt < BURST + 3 && !limited; attempt += 1) {
      const answer = await busy.request('GET', '/Users?count=1');
      statuses.push(answer.status);
      if (answer.status === 429) limited = answer;
    }
    expect(statuses.slice(0, BURST - 1).every((status) => status === 200)).toBe(true);
    expect(limited?.headers.get('content-type')).toContain('application/scim+json');
    expect(limited?.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '429',
    });
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await quiet.request('GET', '/Users?count=1')).status).toBe(200);
  });

  it('answers 503 with Retry-After while directory-service does not answer, then serves again', async () => {
    const directory = await newDirectory(target());
    // an accepted token is cached by the ingress: the write below needs it, the read after the stop does not
    expect((await directory.request('GET', '/Users?count=1')).status).toBe(200);
    directoryService.signal('SIGSTOP');
    try {
      const started = Date.now();
      const read = await directory.request('GET', '/Users?filter=userName%20eq%20%22nobody%22');
      const write = await directory.request('POST', '/Users', {
        body: { schemas: [USER_URN], userName: `${uniqueName('stopped')}@example.com` },
      });
      for (const answer of [read, write]) {
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(answer.body).toMatchObject({ status: '503' });
      }
      // bounded by the ingress's own timeouts (5 s a read, 10 s a write's reply), not by the client's
      expect(Date.now() - started).toBeLessThan(25_000);
    } finally {
      directoryService.signal('SIGCONT');
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await directory.request('GET', '/Users?count=1')).status).toBe(200);
    const created = await directory.request('POST', '/Users', {
      body: { schemas: [USER_URN], userName: `${uniqueName('after')}@example.com` },
    });
    expect(created.status).toBe(201);
  }, 90_000);
});
