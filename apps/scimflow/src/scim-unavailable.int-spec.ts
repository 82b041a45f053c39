import { embeddedPostgresProcesses, expectRateLimitedPerDirectory, newDirectory } from '@scimflow/testing';
import { startEmbeddedProduct, type EmbeddedProduct } from './spec-support/embedded-product';

// The statuses of the SCIM edge that depend on the process's state rather than on the request, in the
// embedded mode: 429 when a directory exceeds its rate, 503 with Retry-After while the embedded PostgreSQL is
// stopped or gone — answered promptly, never a hang or a 500.
const ADMIN_API_KEY = 'unavailable-admin-key-0123456789';
const BURST = 5;

describe('SCIM edge statuses of the process state (embedded mode)', () => {
  let product: EmbeddedProduct;
  const target = () => ({
    managementUrl: product.baseUrl,
    adminApiKey: ADMIN_API_KEY,
    scimUrl: product.scimUrl,
  });

  beforeAll(async () => {
    product = await startEmbeddedProduct('unavailable', {
      LOG_LEVEL: 'fatal',
      ADMIN_API_KEY,
      SCIM_RATE_LIMIT_PER_SECOND: '1',
      SCIM_RATE_LIMIT_BURST: String(BURST),
    });
  }, 120_000);

  afterAll(async () => {
    if (!product) return;
    for (const pid of await embeddedPostgresProcesses(product.dataDir)) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // already gone
      }
    }
    await product.stop();
  }, 60_000);

  it('answers 429 with Retry-After once a directory exceeds its burst, and other directories are unaffected', async () => {
    await expectRateLimitedPerDirectory(target(), BURST);
  });

  it('answers 503 with Retry-After while PostgreSQL is stopped, then serves again', async () => {
    const directory = await newDirectory(target());
    const pids = await embeddedPostgresProcesses(product.dataDir);
    expect(pids.length).toBeGreaterThan(0);
    // wait out the token cache (1 s) and the rate limit, so that the requests below need the database
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    pids.forEach((pid) => process.kill(pid, 'SIGSTOP'));
    try {
      const started = Date.now();
      const read = await directory.request('GET', '/Users?filter=userName%20eq%20%22nobody%22');
      const write = await directory.request('POST', '/Users', {
        body: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: 'while-stopped@example.com',
        },
      });
      for (const answer of [read, write]) {
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(answer.body).toMatchObject({ status: '503' });
      }
      // bounded: the SCIM edge gives up after its own timeouts (5 s a read), not the client's
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      pids.forEach((pid) => process.kill(pid, 'SIGCONT'));
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const after = await directory.request('GET', '/Users?count=1');
    expect(after.status).toBe(200);
    const created = await directory.request('POST', '/Users', {
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'after-stop@example.com' },
    });
    expect(created.status).toBe(201);
  }, 60_000);

  it('answers 503 with Retry-After at once when PostgreSQL is gone', async () => {
    const directory = await newDirectory(target());
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    (await embeddedPostgresProcesses(product.dataDir)).forEach((pid) => process.kill(pid, 'SIGKILL'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const started = Date.now();
    const read = await directory.request('GET', '/Users');
    expect(read.status).toBe(503);
    expect(read.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 30_000);
});
