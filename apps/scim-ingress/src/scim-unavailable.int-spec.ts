import {
  expectRateLimitedPerDirectory,
  newDirectory,
  startDistributedScim,
  uniqueName,
  type DistributedScim,
} from '@scimflow/testing';

// The statuses of the SCIM edge that depend on the services' state rather than on the request, in the
// distributed mode: 429 when a directory exceeds its rate, 503 with Retry-After while directory-service does not
// answer (its reads time out, and so does a write's reply) — answered promptly, never a hang or a 500.
const ADMIN_API_KEY = 'unavailable-admin-key-0123456789';
const BURST = 5;
const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';

describe('SCIM edge statuses of the services state (distributed: Kafka + Postgres)', () => {
  let services: DistributedScim;
  const target = () => ({ managementUrl: services.directoryService.url, adminApiKey: ADMIN_API_KEY });

  beforeAll(async () => {
    services = await startDistributedScim('unavailable', {
      adminApiKey: ADMIN_API_KEY,
      env: { LOG_LEVEL: 'fatal' },
      ingressEnv: { SCIM_RATE_LIMIT_PER_SECOND: '1', SCIM_RATE_LIMIT_BURST: String(BURST) },
    });
  }, 240_000);

  afterAll(async () => {
    await services?.stop();
  }, 60_000);

  it('answers 429 with Retry-After once a directory exceeds its burst, and other directories are unaffected', async () => {
    await expectRateLimitedPerDirectory(target(), BURST);
  });

  it('answers 503 with Retry-After while directory-service does not answer, then serves again', async () => {
    const directory = await newDirectory(target());
    // an accepted token is cached by the ingress: the write below needs it, the read after the stop does not
    expect((await directory.request('GET', '/Users?count=1')).status).toBe(200);
    services.directoryService.signal('SIGSTOP');
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
      services.directoryService.signal('SIGCONT');
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await directory.request('GET', '/Users?count=1')).status).toBe(200);
    const created = await directory.request('POST', '/Users', {
      body: { schemas: [USER_URN], userName: `${uniqueName('after')}@example.com` },
    });
    expect(created.status).toBe(201);
  }, 90_000);
});
