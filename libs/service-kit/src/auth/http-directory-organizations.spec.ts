import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpDirectoryOrganizations } from './http-directory-organizations';

const ADMIN_KEY = 'k3y-of-the-admin';
const DIRECTORY = '0b7e6c1a-3f2d-4c58-9a61-2d0f4e8b9c11';
const ORGANIZATION = '4823e40c-055d-4d3c-8e7c-5dec6c2a2e2b';
const OTHER_DIRECTORY = '7d3f0c52-9a1e-4b8f-8c55-1e2f3a4b5c6d';

/** directory-service's internal route, reduced to what the lookup relies on; counts the calls it gets. */
class StandInDirectoryService {
  readonly calls: { url: string; authorization: string | undefined }[] = [];
  status = 200;
  body: unknown = { directoryId: DIRECTORY, organizationId: ORGANIZATION };
  private release: (() => void) | null = null;
  private held: Promise<void> | null = null;
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      this.calls.push({ url: request.url ?? '', authorization: request.headers.authorization });
      void (this.held ?? Promise.resolve()).then(() => {
        const known = [DIRECTORY, OTHER_DIRECTORY].some(
          (directoryId) => request.url === `/internal/v1/directories/${directoryId}/organization`,
        );
        const status = known ? this.status : 404;
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(known ? this.body : { error: { code: 'not_found', message: 'no' } }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** Holds every answer until the returned function is called. */
  hold(): () => void {
    this.held = new Promise((resolve) => (this.release = resolve));
    return () => {
      this.held = null;
      this.release?.();
    };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

describe(HttpDirectoryOrganizations.name, () => {
  let service: StandInDirectoryService;
  let baseUrl: string;
  let now: number;
  const lookup = (options: { cacheTtlMs?: number; maxEntries?: number } = {}) =>
    new HttpDirectoryOrganizations({ baseUrl, adminApiKey: ADMIN_KEY, now: () => now, ...options });

  beforeEach(async () => {
    service = new StandInDirectoryService();
    baseUrl = await service.start();
    now = Date.parse('2026-11-28T12:00:00Z');
  });

  afterEach(() => service.stop());

  it("asks directory-service's internal API with the admin key, and keeps the answer for the TTL", async () => {
    const organizations = lookup({ cacheTtlMs: 60_000 });
    expect(await organizations.organizationOf(DIRECTORY.toUpperCase())).toBe(ORGANIZATION);
    expect(await organizations.organizationOf(DIRECTORY)).toBe(ORGANIZATION);
    expect(service.calls).toEqual([
      { url: `/internal/v1/directories/${DIRECTORY}/organization`, authorization: `Bearer ${ADMIN_KEY}` },
    ]);
    now += 60_000;
    expect(await organizations.organizationOf(DIRECTORY)).toBe(ORGANIZATION);
    expect(service.calls).toHaveLength(2);
  });

  it('asks every time when the cache is off', async () => {
    const organizations = lookup({ cacheTtlMs: 0 });
    await organizations.organizationOf(DIRECTORY);
    await organizations.organizationOf(DIRECTORY);
    expect(service.calls).toHaveLength(2);
  });

  it('answers null for an unknown directory without keeping it, and for a non-uuid without asking', async () => {
    const organizations = lookup();
    const unknown = randomUUID();
    expect(await organizations.organizationOf(unknown)).toBeNull();
    expect(await organizations.organizationOf(unknown)).toBeNull();
    expect(await organizations.organizationOf('../../admin')).toBeNull();
    expect(service.calls.map((call) => call.url)).toEqual([
      `/internal/v1/directories/${unknown}/organization`,
      `/internal/v1/directories/${unknown}/organization`,
    ]);
  });

  it('shares one call between concurrent lookups of a directory', async () => {
    const organizations = lookup();
    const release = service.hold();
    const answers = Promise.all([
      organizations.organizationOf(DIRECTORY),
      organizations.organizationOf(DIRECTORY),
    ]);
    release();
    expect(await answers).toEqual([ORGANIZATION, ORGANIZATION]);
    expect(service.calls).toHaveLength(1);
  });

  it('forgets the oldest directory beyond maxEntries', async () => {
    const organizations = lookup({ maxEntries: 1 });
    await organizations.organizationOf(DIRECTORY);
    await organizations.organizationOf(OTHER_DIRECTORY);
    await organizations.organizationOf(OTHER_DIRECTORY);
    await organizations.organizationOf(DIRECTORY);
    expect(service.calls.map((call) => call.url.split('/')[4])).toEqual([
      DIRECTORY,
      OTHER_DIRECTORY,
      DIRECTORY,
    ]);
  });

  it.each([
    ['an error status', 503, { error: { code: 'internal_error' } }, /answered 503/],
    ['a body without an organization', 200, { directoryId: DIRECTORY }, /without an organization id/],
  ])('fails on %s rather than passing for "no such directory"', async (_label, status, body, message) => {
    service.status = status;
    service.body = body;
    await expect(lookup().organizationOf(DIRECTORY)).rejects.toThrow(message);
  });

  it('fails when directory-service cannot be reached', async () => {
    await service.stop();
    await expect(lookup().organizationOf(DIRECTORY)).rejects.toThrow();
  });
});
