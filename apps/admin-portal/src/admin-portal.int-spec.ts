import type { INestApplication } from '@nestjs/common';
import { dropTestDatabase, testDatabase, waitFor } from '@scimflow/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { bootstrap } from './bootstrap';
import type { Upstream } from './gateway/gateway-routes';

jest.setTimeout(60_000);

const ADMIN_API_KEY = `admin-${randomBytes(16).toString('hex')}`;
const KNOWN_ORGANIZATION = randomUUID();

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A service behind the gateway, reduced to what the gateway relies on: it records what reaches it, answers
 * its liveness probe and its OpenAPI document, and (directory-service) tells which organizations exist.
 */
class StandInService {
  readonly received: Received[] = [];
  private server: Server | null = null;
  port = 0;

  constructor(readonly name: Upstream) {}

  async start(): Promise<void> {
    this.server = createServer((incoming, response) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const url = incoming.url ?? '';
        if (url === '/health/live') return void response.writeHead(200).end('{"status":"ok"}');
        if (url === '/api/docs-json') {
          response.writeHead(200, { 'content-type': 'application/json' });
          return void response.end(
            JSON.stringify({
              openapi: '3.0.0',
              info: { title: this.name, version: '1' },
              paths: { [`/api/v1/${this.name}-only`]: { get: { responses: {} } } },
              components: { schemas: { [`${this.name}Dto`]: { type: 'object' } } },
            }),
          );
        }
        this.received.push({
          method: incoming.method ?? '',
          url,
          headers: incoming.headers,
          body: Buffer.concat(chunks),
        });
        if (this.name === 'directory-service' && url.startsWith('/api/v1/organizations/')) {
          const known = url === `/api/v1/organizations/${KNOWN_ORGANIZATION}`;
          response.writeHead(known ? 200 : 404, { 'content-type': 'application/json' });
          return void response.end(
            JSON.stringify(known ? { id: KNOWN_ORGANIZATION } : { error: { code: 'not_found' } }),
          );
        }
        response.writeHead(200, { 'content-type': 'application/json', 'x-served-by': this.name });
        response.end(JSON.stringify({ service: this.name }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
}

let databaseUrl: string;
let uiDir: string;
let app: INestApplication;
const services = {
  'scim-ingress': new StandInService('scim-ingress'),
  'directory-service': new StandInService('directory-service'),
  'role-mapping-service': new StandInService('role-mapping-service'),
  'webhook-dispatcher': new StandInService('webhook-dispatcher'),
};

const http = () => request(app.getHttpServer());

beforeAll(async () => {
  databaseUrl = await testDatabase('admin_portal');
  uiDir = mkdtempSync(path.join(tmpdir(), 'admin-portal-ui-'));
  writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><div id="root"></div>');
  await Promise.all(Object.values(services).map((service) => service.start()));
  app = await bootstrap(
    {
      PORT: '0',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      PUBLIC_URL: 'https://portal.example.test',
      ADMIN_API_KEY,
      PORTAL_UI_DIR: uiDir,
      SCIM_INGRESS_URL: services['scim-ingress'].url,
      DIRECTORY_SERVICE_URL: `${services['directory-service'].url}/`,
      ROLE_MAPPING_SERVICE_URL: services['role-mapping-service'].url,
      WEBHOOK_DISPATCHER_URL: services['webhook-dispatcher'].url,
      UPSTREAM_TIMEOUT_MS: '5000',
    },
    { handleSignals: false },
  );
});

afterAll(async () => {
  await app?.close();
  await Promise.all(Object.values(services).map((service) => service.stop()));
  rmSync(uiDir, { recursive: true, force: true });
  if (databaseUrl) await dropTestDatabase(databaseUrl);
});

beforeEach(() => {
  for (const service of Object.values(services)) service.received.length = 0;
});

describe('admin-portal gateway', () => {
  const directoryId = randomUUID();

  it.each([
    ['GET', `/scim/v2/${directoryId}/Users?filter=userName%20eq%20%22ada%22`, 'scim-ingress'],
    ['GET', `/api/v1/directories/${directoryId}/requests?status=4xx`, 'scim-ingress'],
    ['GET', '/api/v1/roles', 'role-mapping-service'],
    ['POST', `/api/v1/organizations/${KNOWN_ORGANIZATION}/role-mapping/preview`, 'role-mapping-service'],
    ['GET', `/api/v1/directories/${directoryId}/users/${randomUUID()}/roles`, 'role-mapping-service'],
    ['POST', '/api/v1/webhook-endpoints', 'webhook-dispatcher'],
    ['POST', `/api/v1/webhook-deliveries/${randomUUID()}/retry`, 'webhook-dispatcher'],
    ['GET', '/api/v1/organizations?limit=5', 'directory-service'],
    ['GET', `/api/v1/directories/${directoryId}/users?search=ada`, 'directory-service'],
  ] as const)('proxies %s %s to %s with its URL, headers and body', async (method, url, upstream) => {
    const body = method === 'POST' ? JSON.stringify({ any: 'body', with: ['json'] }) : undefined;
    let call = http()
      [method === 'POST' ? 'post' : 'get'](url)
      .set('Authorization', `Bearer ${ADMIN_API_KEY}`)
      .set('x-correlation-id', 'corr-1');
    if (body) call = call.set('content-type', 'application/json').send(body);
    const response = await call;
    expect(response.status).toBe(200);
    expect(response.headers['x-served-by']).toBe(upstream);
    const [received] = services[upstream].received;
    expect(received).toEqual(expect.objectContaining({ method, url }));
    expect(received!.headers.authorization).toBe(`Bearer ${ADMIN_API_KEY}`);
    expect(received!.headers['x-correlation-id']).toBe('corr-1');
    expect(received!.headers['x-forwarded-for']).toBeDefined();
    expect(received!.body.toString()).toBe(body ?? '');
    for (const other of Object.values(services))
      if (other.name !== upstream) expect(other.received).toHaveLength(0);
  });

  it('streams a large SCIM body to the ingress byte for byte, whatever its content type', async () => {
    const members = Array.from({ length: 3000 }, () => ({ value: randomUUID() }));
    const body = JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'members', value: members }],
    });
    expect(body.length).toBeGreaterThan(100_000);
    const response = await http()
      .patch(`/scim/v2/${directoryId}/Groups/${randomUUID()}`)
      .set('Authorization', 'Bearer scim_token')
      .set('content-type', 'application/scim+json')
      .send(body);
    expect(response.status).toBe(200);
    const [received] = services['scim-ingress'].received;
    expect(received!.headers['content-type']).toBe('application/scim+json');
    expect(received!.body.toString()).toBe(body);
  });

  it('serves its own routes: magic links checked against directory-service, sessions, the UI', async () => {
    const link = await http()
      .post(`/api/v1/organizations/${KNOWN_ORGANIZATION}/portal-links`)
      .set('Authorization', `Bearer ${ADMIN_API_KEY}`)
      .send({ expiresIn: 3600 });
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(/^https:\/\/portal\.example\.test\/portal\/login#token=pl_/);
    expect(services['directory-service'].received.map((entry) => entry.url)).toEqual([
      `/api/v1/organizations/${KNOWN_ORGANIZATION}`,
    ]);

    const unknown = await http()
      .post(`/api/v1/organizations/${randomUUID()}/portal-links`)
      .set('Authorization', `Bearer ${ADMIN_API_KEY}`)
      .send({});
    expect(unknown.status).toBe(404);

    const session = await http()
      .post('/api/v1/portal-sessions')
      .send({ token: link.body.url.split('#token=')[1] });
    expect(session.status).toBe(200);
    expect(session.body.organizationId).toBe(KNOWN_ORGANIZATION);

    const page = await http().get(`/organizations/${KNOWN_ORGANIZATION}/users`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root">');
  });

  it('never exposes internal routes', async () => {
    const response = await http()
      .post('/internal/v1/scim-auth')
      .set('Authorization', `Bearer ${ADMIN_API_KEY}`)
      .send({});
    expect(response.status).toBe(404);
    for (const service of Object.values(services)) expect(service.received).toHaveLength(0);
  });

  it('serves one OpenAPI document with the paths and schemas of every service', async () => {
    const response = await http().get('/api/docs-json');
    expect(response.status).toBe(200);
    const paths = Object.keys(response.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/portal-sessions',
        '/api/v1/organizations/{orgId}/portal-links',
        '/api/v1/scim-ingress-only',
        '/api/v1/directory-service-only',
        '/api/v1/role-mapping-service-only',
        '/api/v1/webhook-dispatcher-only',
      ]),
    );
    expect(Object.keys(response.body.components.schemas)).toEqual(
      expect.arrayContaining(['directory-serviceDto', 'ErrorResponseDto']),
    );
    expect((await http().get('/api/docs')).status).toBe(200);
  });

  it('is ready while every service answers, and answers for a service that is down', async () => {
    expect((await http().get('/health/ready')).status).toBe(200);
    await services['role-mapping-service'].stop();
    await services['scim-ingress'].stop();
    try {
      const ready = await http().get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.error['role-mapping-service'].status).toBe('down');
      expect(ready.body.info['portal-database'].status).toBe('up');
      expect(ready.body.info['directory-service'].status).toBe('up');

      const roles = await http().get('/api/v1/roles').set('Authorization', `Bearer ${ADMIN_API_KEY}`);
      expect(roles.status).toBe(502);
      expect(roles.body).toEqual({
        error: { code: 'bad_gateway', message: 'role-mapping-service is unavailable; retry later.' },
      });

      const scim = await http()
        .get(`/scim/v2/${directoryId}/Users`)
        .set('Authorization', 'Bearer scim_token');
      expect(scim.status).toBe(503);
      expect(scim.headers['retry-after']).toBe('5');
      expect(JSON.parse(scim.text)).toEqual(
        expect.objectContaining({ status: '503', schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'] }),
      );
    } finally {
      await services['role-mapping-service'].start();
      await services['scim-ingress'].start();
    }
    await waitFor(async () => expect((await http().get('/health/ready')).status).toBe(200), {
      timeoutMs: 10_000,
      intervalMs: 200,
    });
  });
});
