import { ScimError } from '@scimflow/scim';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScimServerErrorCode, ScimServerException } from '../scim-server.exception';
import { HttpDirectoryGateway } from './http-directory-gateway';

const DIRECTORY = '4f8e7c1a-0d5b-4a43-9a6f-1b2c3d4e5f60';
const USER = '7d1c9e52-0a4b-4f0e-b3b8-61f2a9e0d002';
const ADMIN_KEY = 'admin-key-0123456789';
const scimError = (status: number, detail: string, scimType?: string) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
  status: String(status),
  ...(scimType ? { scimType } : {}),
  detail,
});

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

/** A stand-in for directory-service's internal API: answers what each test scripts, records what it was asked. */
class InternalApi {
  readonly seen: Seen[] = [];
  answer: (seen: Seen) => { status: number; body?: unknown; delayMs?: number; hangUp?: boolean } = () => ({
    status: 500,
  });
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const seen = {
          method: request.method ?? '',
          url: request.url ?? '',
          authorization: request.headers.authorization,
          body,
        };
        this.seen.push(seen);
        const { status, body: answer, delayMs = 0, hangUp = false } = this.answer(seen);
        // as a server does whose keep-alive timeout closes the connection as the request arrives
        if (hangUp) {
          request.socket.destroy();
          return;
        }
        setTimeout(() => {
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(answer === undefined ? '' : JSON.stringify(answer));
        }, delayMs);
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

describe(HttpDirectoryGateway.name, () => {
  const api = new InternalApi();
  let baseUrl = '';
  const identity = { directoryId: DIRECTORY, organizationId: 'org-1', provider: 'jumpcloud' };

  beforeAll(async () => {
    baseUrl = await api.start();
  });

  afterAll(() => api.stop());

  beforeEach(() => {
    api.seen.length = 0;
  });

  function gateway(options: { timeoutMs?: number; authCacheTtlMs?: number } = {}): HttpDirectoryGateway {
    return new HttpDirectoryGateway({
      baseUrl: `${baseUrl}/`,
      adminApiKey: ADMIN_KEY,
      authCacheTtlMs: 0,
      ...options,
    });
  }

  describe('authenticate', () => {
    it('asks the token check with the admin key and returns the identity', async () => {
      api.answer = () => ({ status: 200, body: identity });
      await expect(gateway().authenticate(DIRECTORY, 'scim_token')).resolves.toEqual(identity);
      expect(api.seen).toEqual([
        {
          method: 'POST',
          url: '/internal/v1/scim-auth',
          authorization: `Bearer ${ADMIN_KEY}`,
          body: JSON.stringify({ directoryId: DIRECTORY, token: 'scim_token' }),
        },
      ]);
    });

    it('keeps the path of a base URL that has one', async () => {
      api.answer = () => ({ status: 200, body: identity });
      const behindPrefix = new HttpDirectoryGateway({
        baseUrl: `${baseUrl}/directory/`,
        adminApiKey: ADMIN_KEY,
      });
      await expect(behindPrefix.authenticate(DIRECTORY, 'scim_token')).resolves.toEqual(identity);
      expect(api.seen.map(({ url }) => url)).toEqual(['/directory/internal/v1/scim-auth']);
      behindPrefix.onModuleDestroy();
    });

    it('asks again, on a new connection, when directory-service closes a kept-alive one under the call', async () => {
      let calls = 0;
      api.answer = () => ((calls += 1) === 2 ? { status: 0, hangUp: true } : { status: 200, body: identity });
      const gatewayWithKeepAlive = gateway();
      await expect(gatewayWithKeepAlive.authenticate(DIRECTORY, 'scim_token')).resolves.toEqual(identity);
      await expect(gatewayWithKeepAlive.authenticate(DIRECTORY, 'scim_token')).resolves.toEqual(identity);
      expect(api.seen).toHaveLength(3);
      gatewayWithKeepAlive.onModuleDestroy();
    });

    it('returns null for a refused token', async () => {
      api.answer = () => ({ status: 401, body: { error: { code: 'unauthorized', message: 'no' } } });
      await expect(gateway().authenticate(DIRECTORY, 'scim_token')).resolves.toBeNull();
    });

    it.each([
      ['a directory id that is not a UUID', 'directory-1', 'scim_token'],
      ['an empty token', DIRECTORY, ''],
      ['a token too long to be one', DIRECTORY, 'x'.repeat(1025)],
    ])('refuses %s without asking', async (_name, directoryId, token) => {
      await expect(gateway().authenticate(directoryId, token)).resolves.toBeNull();
      expect(api.seen).toEqual([]);
    });

    it('refuses an identity of another directory', async () => {
      api.answer = () => ({ status: 200, body: { ...identity, directoryId: USER } });
      await expect(gateway().authenticate(DIRECTORY, 'scim_token')).rejects.toBeInstanceOf(
        ScimServerException,
      );
    });

    it('trusts an accepted token without asking again, and never caches a refusal', async () => {
      api.answer = () => ({ status: 200, body: identity });
      const cached = gateway({ authCacheTtlMs: 60_000 });
      await cached.authenticate(DIRECTORY, 'scim_token');
      await cached.authenticate(DIRECTORY, 'scim_token');
      expect(api.seen).toHaveLength(1);
      api.answer = () => ({ status: 401 });
      await expect(cached.authenticate(DIRECTORY, 'scim_other')).resolves.toBeNull();
      await expect(cached.authenticate(DIRECTORY, 'scim_other')).resolves.toBeNull();
      expect(api.seen).toHaveLength(3);
    });
  });

  describe('getResource', () => {
    it('reads a resource, leaving members out when asked', async () => {
      const group = { id: USER, displayName: 'Engineering' };
      api.answer = () => ({ status: 200, body: group });
      await expect(
        gateway().getResource(DIRECTORY, 'Group', USER, { excludeMembers: true }),
      ).resolves.toEqual(group);
      expect(api.seen[0]?.url).toBe(
        `/internal/v1/directories/${DIRECTORY}/resources/Group/${USER}?excludeMembers=true`,
      );
    });

    it('returns null for a SCIM 404', async () => {
      api.answer = () => ({ status: 404, body: scimError(404, 'User x not found.') });
      await expect(gateway().getResource(DIRECTORY, 'User', 'x/../y')).resolves.toBeNull();
      expect(api.seen[0]?.url).toBe(`/internal/v1/directories/${DIRECTORY}/resources/User/x%2F..%2Fy`);
    });

    it('fails (503 at the edge) on a 404 that is not a SCIM answer: the route is missing', async () => {
      api.answer = () => ({ status: 404, body: { message: 'Cannot GET' } });
      await expect(gateway().getResource(DIRECTORY, 'User', USER)).rejects.toMatchObject({
        code: ScimServerErrorCode.DirectoryServiceUnexpected,
      });
    });
  });

  describe('listResources', () => {
    it('sends the query and returns the page', async () => {
      api.answer = () => ({ status: 200, body: { totalResults: 1, resources: [{ id: USER }] } });
      const result = await gateway().listResources(DIRECTORY, {
        resourceType: 'User',
        filter: 'userName eq "ada@acme.example"',
        startIndex: 1,
        count: 100,
        sortBy: 'userName',
        sortOrder: 'descending',
      });
      expect(result).toEqual({ totalResults: 1, resources: [{ id: USER }] });
      const url = new URL(api.seen[0]?.url ?? '', baseUrl);
      expect(url.pathname).toBe(`/internal/v1/directories/${DIRECTORY}/resources/User`);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        filter: 'userName eq "ada@acme.example"',
        startIndex: '1',
        count: '100',
        sortBy: 'userName',
        sortOrder: 'descending',
      });
    });

    it('rethrows a SCIM error of the client as that error', async () => {
      api.answer = () => ({ status: 400, body: scimError(400, 'Unknown attribute colour', 'invalidFilter') });
      const failure = gateway().listResources(DIRECTORY, {
        resourceType: 'User',
        filter: 'colour eq "red"',
        startIndex: 1,
        count: 10,
      });
      await expect(failure).rejects.toBeInstanceOf(ScimError);
      await expect(failure).rejects.toMatchObject({
        status: 400,
        scimType: 'invalidFilter',
        detail: 'Unknown attribute colour',
      });
    });
  });

  describe('failures', () => {
    it.each([
      [
        'a 500',
        () => ({ status: 500, body: { error: { code: 'internal_error' } } }),
        ScimServerErrorCode.DirectoryServiceUnavailable,
      ],
      [
        'a refused admin key',
        () => ({ status: 401, body: { error: { code: 'unauthorized' } } }),
        ScimServerErrorCode.DirectoryServiceUnexpected,
      ],
      [
        'a timeout',
        () => ({ status: 200, body: {}, delayMs: 500 }),
        ScimServerErrorCode.DirectoryServiceUnavailable,
      ],
    ])('turns %s of a read into a ScimServerException', async (_name, answer, code) => {
      api.answer = answer;
      await expect(
        gateway({ timeoutMs: 100 }).listResources(DIRECTORY, {
          resourceType: 'Group',
          startIndex: 1,
          count: 1,
        }),
      ).rejects.toMatchObject({ code });
    });

    it('is unavailable when nothing listens, and says so without the token', async () => {
      const down = new HttpDirectoryGateway({
        baseUrl: 'http://127.0.0.1:1',
        adminApiKey: ADMIN_KEY,
        timeoutMs: 1_000,
      });
      const failure = down.authenticate(DIRECTORY, 'scim_secret_token');
      await expect(failure).rejects.toMatchObject({ code: ScimServerErrorCode.DirectoryServiceUnavailable });
      await expect(failure).rejects.not.toMatchObject({
        message: expect.stringContaining('scim_secret_token'),
      });
      await expect(down.isHealthy()).resolves.toBe(false);
    });

    it('is healthy when a lookup of a resource that cannot exist is a SCIM 404', async () => {
      api.answer = () => ({ status: 404, body: scimError(404, 'not found') });
      await expect(gateway().isHealthy()).resolves.toBe(true);
      api.answer = () => ({ status: 401, body: { error: { code: 'unauthorized' } } });
      await expect(gateway().isHealthy()).resolves.toBe(false);
    });
  });
});
