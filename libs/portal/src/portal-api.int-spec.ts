import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  derivePortalSessionSecret,
  HealthModule,
  ManagementApiExceptionFilter,
  signPortalSession,
  verifyPortalSession,
} from '@scimflow/service-kit';
import { dropTestDatabase, testDatabase } from '@scimflow/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { PortalModule } from './portal.module';
import { PORTAL_CLOCK } from './portal.tokens';

const ADMIN_API_KEY = `admin-${randomBytes(16).toString('hex')}`;
const PUBLIC_URL = 'https://portal.example.test';
const ORG_A = randomUUID();
const ORG_B = randomUUID();
const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;
const SESSION_TTL_MS = 15 * 60 * 1000;

let databaseUrl: string;
let uiDir: string;
let app: INestApplication;
let now: Date;

function advance(milliseconds: number): void {
  now = new Date(now.getTime() + milliseconds);
}

function api(credential?: string) {
  const server = app.getHttpServer();
  const withAuth = (test: request.Test) =>
    credential ? test.set('Authorization', `Bearer ${credential}`) : test;
  return {
    get: (url: string) => withAuth(request(server).get(url)),
    post: (url: string, body?: object) => withAuth(request(server).post(url)).send(body),
    delete: (url: string) => withAuth(request(server).delete(url)),
  };
}

const operator = () => api(ADMIN_API_KEY);

interface CreatedLink {
  id: string;
  url: string;
  expiresAt: string;
  token: string;
}

async function createLink(organizationId: string, body: object = {}): Promise<CreatedLink> {
  const response = await operator().post(`/api/v1/organizations/${organizationId}/portal-links`, body);
  expect(response.status).toBe(201);
  const url = response.body.url as string;
  return { ...response.body, token: url.slice(url.indexOf('#token=') + '#token='.length) };
}

async function openSession(token: string): Promise<string> {
  const response = await api().post('/api/v1/portal-sessions', { token });
  expect(response.status).toBe(200);
  return response.body.sessionToken as string;
}

beforeAll(async () => {
  databaseUrl = await testDatabase('portal');
  uiDir = mkdtempSync(path.join(tmpdir(), 'portal-ui-'));
  mkdirSync(path.join(uiDir, 'assets'));
  writeFileSync(
    path.join(uiDir, 'index.html'),
    '<!doctype html><title>scimflow</title><div id="root"></div>',
  );
  writeFileSync(path.join(uiDir, 'assets', 'index-abc123.js'), 'console.log("portal");');
  writeFileSync(path.join(uiDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  now = new Date();
  const moduleRef = await Test.createTestingModule({
    imports: [
      HealthModule,
      PortalModule.forRoot({
        useFactory: () => ({
          connection: { kind: 'postgres', url: databaseUrl, poolSize: 2 },
          adminApiKey: ADMIN_API_KEY,
          publicUrl: `${PUBLIC_URL}/`,
          organizationExists: async (id: string) => id === ORG_A || id === ORG_B,
          uiDir,
        }),
      }),
    ],
  })
    .overrideProvider(PORTAL_CLOCK)
    .useValue(() => now)
    .compile();
  app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalFilters(new ManagementApiExceptionFilter(app.getHttpAdapter()));
  await app.init();
});

afterAll(async () => {
  await app?.close();
  rmSync(uiDir, { recursive: true, force: true });
  if (databaseUrl) await dropTestDatabase(databaseUrl);
});

describe('portal links', () => {
  it('makes a link that expires in 7 days by default, with its token in the URL fragment only', async () => {
    const link = await createLink(ORG_A);
    expect(link.url).toMatch(/^https:\/\/portal\.example\.test\/portal\/login#token=pl_[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(link.expiresAt)).toBe(now.getTime() + SEVEN_DAYS_MS);

    const listed = await operator().get(`/api/v1/organizations/${ORG_A}/portal-links`);
    expect(listed.status).toBe(200);
    const row = listed.body.data.find((entry: { id: string }) => entry.id === link.id);
    expect(row).toEqual(
      expect.objectContaining({ organizationId: ORG_A, status: 'active', revokedAt: null, lastUsedAt: null }),
    );
    expect(JSON.stringify(listed.body)).not.toContain(link.token);
  });

  it.each([
    ['an expiry under a minute', ORG_A, { expiresIn: 10 }, 400, 'validation_failed'],
    ['an expiry over 90 days', ORG_A, { expiresIn: 91 * 24 * 3600 }, 400, 'validation_failed'],
    ['an unknown property', ORG_A, { scope: 'all' }, 400, 'validation_failed'],
    ['an organization id that is not a uuid', 'acme', {}, 400, 'validation_failed'],
    ['an organization that does not exist', randomUUID(), {}, 404, 'not_found'],
  ])('refuses %s', async (_label, organizationId, body, status, code) => {
    const response = await operator().post(`/api/v1/organizations/${organizationId}/portal-links`, body);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
  });

  it.each([
    ['no credential', undefined],
    ['a wrong key', `${ADMIN_API_KEY}x`],
    [
      'a session signed with another secret',
      signPortalSession({ organizationId: ORG_A, linkId: randomUUID(), exp: 4102444800 }, 'x'.repeat(40)),
    ],
  ])('answers 401 to %s', async (_label, credential) => {
    const response = await api(credential).post(`/api/v1/organizations/${ORG_A}/portal-links`, {});
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthorized');
  });

  it('honours expiresIn and pages the list newest first', async () => {
    const organizationId = ORG_B;
    const made: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      advance(1000);
      made.push((await createLink(organizationId, { expiresIn: 3600 * (index + 1) })).id);
    }
    const first = await operator().get(`/api/v1/organizations/${organizationId}/portal-links?limit=2`);
    expect(first.body.data.map((link: { id: string }) => link.id)).toEqual([made[2], made[1]]);
    expect(Date.parse(first.body.data[0].expiresAt)).toBe(now.getTime() + 3 * 3600 * 1000);
    const second = await operator().get(
      `/api/v1/organizations/${organizationId}/portal-links?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.data.map((link: { id: string }) => link.id)).toEqual([made[0]]);
    expect(second.body.nextCursor).toBeNull();
    const bad = await operator().get(`/api/v1/organizations/${organizationId}/portal-links?cursor=nonsense`);
    expect(bad.status).toBe(400);
  });
});

describe('portal sessions', () => {
  it('opens a signed session of the link organization that any service can verify with the secret', async () => {
    const link = await createLink(ORG_A);
    const response = await api().post('/api/v1/portal-sessions', { token: link.token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      sessionToken: expect.stringMatching(/^pst1\./),
      organizationId: ORG_A,
      expiresAt: new Date(Math.floor((now.getTime() + SESSION_TTL_MS) / 1000) * 1000).toISOString(),
      linkExpiresAt: link.expiresAt,
    });
    expect(
      verifyPortalSession(
        response.body.sessionToken,
        derivePortalSessionSecret(ADMIN_API_KEY),
        now.getTime(),
      ),
    ).toEqual({
      organizationId: ORG_A,
      linkId: link.id,
      exp: Date.parse(response.body.expiresAt) / 1000,
    });
    const listed = await operator().get(`/api/v1/organizations/${ORG_A}/portal-links`);
    const row = listed.body.data.find((entry: { id: string }) => entry.id === link.id);
    expect(row.lastUsedAt).toBe(now.toISOString());
  });

  it.each([
    ['an unknown token', { token: `pl_${randomBytes(32).toString('base64url')}` }, 401],
    ['a token of another shape', { token: 'scim_abc' }, 401],
    ['no token', {}, 400],
  ])('refuses %s', async (_label, body, status) => {
    const response = await api().post('/api/v1/portal-sessions', body);
    expect(response.status).toBe(status);
  });

  it("keeps a session of organization A out of organization B's routes and out of operator-only ones", async () => {
    const link = await createLink(ORG_A);
    const session = await openSession(link.token);
    const otherLink = await createLink(ORG_B);

    expect((await api(session).get(`/api/v1/organizations/${ORG_A}/portal-links`)).status).toBe(200);
    const readB = await api(session).get(`/api/v1/organizations/${ORG_B}/portal-links`);
    expect(readB.status).toBe(403);
    expect(readB.body.error.code).toBe('forbidden');
    expect((await api(session).get(`/api/v1/organizations/${ORG_B.toUpperCase()}/portal-links`)).status).toBe(
      403,
    );
    expect((await api(session).post(`/api/v1/organizations/${ORG_B}/portal-links`, {})).status).toBe(403);
    // Not even for its own organization: a link holder must not mint links that outlive a revocation.
    expect((await api(session).post(`/api/v1/organizations/${ORG_A}/portal-links`, {})).status).toBe(403);
    expect((await api(session).delete(`/api/v1/portal-links/${otherLink.id}`)).status).toBe(403);
    expect((await operator().get(`/api/v1/organizations/${ORG_B}/portal-links`)).body.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: otherLink.id, status: 'active' })]),
    );
  });

  it('refuses a validly signed session that names another organization than its link', async () => {
    const link = await createLink(ORG_A);
    const secret = derivePortalSessionSecret(ADMIN_API_KEY);
    const forged = signPortalSession(
      { organizationId: ORG_B, linkId: link.id, exp: Math.floor(now.getTime() / 1000) + 60 },
      secret,
    );
    expect((await api(forged).get(`/api/v1/organizations/${ORG_B}/portal-links`)).status).toBe(401);
  });

  it('refreshes a session up to the expiry of its link, then stops', async () => {
    const link = await createLink(ORG_A, { expiresIn: 20 * 60 });
    const session = await openSession(link.token);
    advance(10 * 60 * 1000);
    const refreshed = await api(session).post('/api/v1/portal-sessions/refresh');
    expect(refreshed.status).toBe(200);
    // 15 minutes from now would pass the link's expiry: the session ends with the link.
    expect(refreshed.body.expiresAt).toBe(
      new Date(Math.floor(Date.parse(link.expiresAt) / 1000) * 1000).toISOString(),
    );
    expect(refreshed.body.organizationId).toBe(ORG_A);
    expect((await operator().post('/api/v1/portal-sessions/refresh')).status).toBe(403);

    advance(10 * 60 * 1000);
    expect((await api(refreshed.body.sessionToken).post('/api/v1/portal-sessions/refresh')).status).toBe(401);
    expect(
      (await api(refreshed.body.sessionToken).get(`/api/v1/organizations/${ORG_A}/portal-links`)).status,
    ).toBe(401);
    expect((await api().post('/api/v1/portal-sessions', { token: link.token })).status).toBe(401);
    const listed = await operator().get(`/api/v1/organizations/${ORG_A}/portal-links`);
    expect(listed.body.data.find((entry: { id: string }) => entry.id === link.id).status).toBe('expired');
  });

  it('ends a session when it expires although its link lives on', async () => {
    const link = await createLink(ORG_A);
    const session = await openSession(link.token);
    advance(SESSION_TTL_MS);
    expect((await api(session).get(`/api/v1/organizations/${ORG_A}/portal-links`)).status).toBe(401);
    expect((await api(session).post('/api/v1/portal-sessions/refresh')).status).toBe(401);
    expect((await api().post('/api/v1/portal-sessions', { token: link.token })).status).toBe(200);
  });

  it('revokes a link: its sessions stop on the portal at once and it opens no new one', async () => {
    const link = await createLink(ORG_A);
    const session = await openSession(link.token);
    expect((await api(session).get(`/api/v1/organizations/${ORG_A}/portal-links`)).status).toBe(200);

    expect((await operator().delete(`/api/v1/portal-links/${link.id}`)).status).toBe(204);
    expect((await operator().delete(`/api/v1/portal-links/${link.id}`)).status).toBe(204);
    expect((await operator().delete(`/api/v1/portal-links/${randomUUID()}`)).status).toBe(404);

    expect((await api(session).get(`/api/v1/organizations/${ORG_A}/portal-links`)).status).toBe(401);
    expect((await api(session).post('/api/v1/portal-sessions/refresh')).status).toBe(401);
    expect((await api().post('/api/v1/portal-sessions', { token: link.token })).status).toBe(401);
    const listed = await operator().get(`/api/v1/organizations/${ORG_A}/portal-links`);
    const row = listed.body.data.find((entry: { id: string }) => entry.id === link.id);
    expect(row).toEqual(expect.objectContaining({ status: 'revoked', revokedAt: now.toISOString() }));
  });
});

describe('portal UI', () => {
  it.each([
    '/',
    '/organizations',
    '/organizations/4823e40c-055d-4d3c-8e7c-5dec6c2a2e2b/users',
    '/portal/login',
  ])('answers %s with index.html, uncached and locked down', async (url) => {
    const response = await api().get(url);
    expect(response.status).toBe(200);
    expect(response.type).toBe('text/html');
    expect(response.text).toContain('<div id="root">');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves hashed assets for good and the other files uncached', async () => {
    const asset = await api().get('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.text).toBe('console.log("portal");');
    expect(asset.headers['cache-control']).toContain('immutable');
    const icon = await api().get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it.each([
    ['a missing asset', '/assets/missing-123.js'],
    ['an unknown API route', '/api/v1/nowhere'],
    ['the API root', '/api'],
    ['a SCIM path', '/scim/v2/4823e40c-055d-4d3c-8e7c-5dec6c2a2e2b/Users'],
    ['an internal path', '/internal/v1/scim-auth'],
  ])('never answers %s with the UI', async (_label, url) => {
    const response = await api().get(url);
    expect(response.status).toBe(404);
    expect(response.text).not.toContain('<div id="root">');
  });

  it('never serves a file outside the UI directory', async () => {
    const outside = `${uiDir}-secret.txt`;
    writeFileSync(outside, 'not for the browser');
    try {
      for (const url of [`/..%2f${path.basename(outside)}`, `/assets/..%2f..%2f${path.basename(outside)}`]) {
        const response = await api().get(url);
        expect(response.status).toBe(404);
        expect(response.text).not.toContain('not for the browser');
      }
    } finally {
      rmSync(outside, { force: true });
    }
  });

  it('leaves /health to the health checks, with the portal database among them', async () => {
    const live = await api().get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ok');
    const ready = await api().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info['portal-database'].status).toBe('up');
  });

  it('answers an API error in the management format, not with the page', async () => {
    const response = await api().get('/api/v1/nowhere');
    expect(response.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});
