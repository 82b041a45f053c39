import type { INestApplication } from '@nestjs/common';
import { derivePortalSessionSecret, signPortalSession } from '@scimflow/service-kit';
import {
  dropTestDatabase,
  freePort,
  kafkaBrokers,
  testDatabase,
  uniqueName,
  waitFor,
} from '@scimflow/testing';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bootstrap } from './bootstrap';

// The distributed mode as a customer's IT admin meets it: a magic link of the portal opens a session, and the
// gateway passes it untouched to directory-service, scim-ingress, role-mapping-service and webhook-dispatcher
// (each its own process on a real Kafka and a real Postgres), which admit it within its organization only.
const ROOT = path.resolve(__dirname, '../../..');
const ADMIN_API_KEY = `admin-${randomBytes(16).toString('hex')}`;
// Configured on every service, as an operator who sets PORTAL_SESSION_SECRET must.
const SESSION_SECRET = randomBytes(32).toString('base64url');
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

// Response bodies are read loosely here; the assertions say what they must hold.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * The services' build of this run: the repository's dist/ is deleted and rewritten by any other run that
 * builds, so the processes started here load their modules from a dist of their own.
 */
async function privateBuild(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'scimflow-portal-access-build-'));
  for (const name of ['apps', 'libs', 'node_modules', '.swcrc', 'tsconfig.base.json']) {
    await symlink(path.join(ROOT, name), path.join(root, name));
  }
  await mkdir(path.join(root, 'tools'));
  // A copy, not a link: the script finds the root it builds from its own location.
  await copyFile(path.join(ROOT, 'tools/build.mjs'), path.join(root, 'tools/build.mjs'));
  await promisify(execFile)(process.execPath, [path.join(root, 'tools/build.mjs')], { cwd: root });
  return root;
}

/** One service of the build, as `node dist/apps/<app>/src/main.js`, its output kept to explain a failure. */
class BuiltService {
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;
  private output = '';

  constructor(
    buildRoot: string,
    readonly app: string,
    readonly port: number,
    env: Record<string, string>,
  ) {
    const inherited = { ...process.env };
    // Jest's flags are not the service's.
    delete inherited['NODE_OPTIONS'];
    this.child = spawn(process.execPath, [path.join(buildRoot, 'dist/apps', app, 'src/main.js')], {
      cwd: buildRoot,
      env: { ...inherited, ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString('utf8')).slice(-20_000));
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async ready(timeoutMs = 150_000): Promise<void> {
    let exitCode: number | null | undefined;
    void this.exited.then((code) => (exitCode = code));
    try {
      await waitFor(
        async () => {
          if (exitCode !== undefined) throw new Error(`${this.app} exited with ${exitCode}`);
          expect((await fetch(`${this.url}/health/ready`)).status).toBe(200);
        },
        { timeoutMs, intervalMs: 250 },
      );
    } catch (error) {
      throw new Error(`${this.app} did not become ready: ${String(error)}\n--- output ---\n${this.output}`);
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(timer);
  }
}

describe('portal sessions across the distributed services, through the gateway (Kafka + Postgres)', () => {
  let buildRoot = '';
  let databaseUrl = '';
  let uiDir = '';
  const services: BuiltService[] = [];
  let gateway: INestApplication;
  let baseUrl: string;
  let sessionToken: string;
  let linkId: string;
  const ids: Record<string, string> = {};

  async function call(
    credential: string,
    method: string,
    route: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${baseUrl}${route}`, {
      method,
      headers: {
        ...(credential ? { Authorization: `Bearer ${credential}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  const admin = (method: string, route: string, body?: unknown) => call(ADMIN_API_KEY, method, route, body);
  const itAdmin = (method: string, route: string, body?: unknown) => call(sessionToken, method, route, body);
  /** `route` with `:name` placeholders replaced by the ids of the two organizations' resources. */
  const resolve = (route: string) => route.replace(/:([A-Za-z]+)/g, (_match, name: string) => ids[name]!);

  /** An organization with a JumpCloud directory that provisioned a user in a group, all through the gateway. */
  async function tenant(name: string): Promise<Record<string, string>> {
    const organization = await admin('POST', '/api/v1/organizations', { name });
    expect(organization.status).toBe(201);
    const directory = await admin('POST', `/api/v1/organizations/${organization.body.id}/directories`, {
      provider: 'jumpcloud',
    });
    expect(directory.status).toBe(201);
    const idp = async (route: string, body: unknown) => {
      const response = await fetch(`${directory.body.endpointUrl}${route}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${directory.body.bearerToken}`,
          'Content-Type': 'application/scim+json',
        },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(201);
      return (await response.json()) as { id: string };
    };
    const userName = `ada@${name.toLowerCase()}.example`;
    const user = await idp('/Users', {
      schemas: [CORE_USER],
      userName,
      active: true,
      emails: [{ value: userName, type: 'work', primary: true }],
    });
    const group = await idp('/Groups', {
      schemas: [CORE_GROUP],
      displayName: 'Engineering',
      members: [{ value: user.id }],
    });
    return {
      organizationId: organization.body.id,
      directoryId: directory.body.id,
      userId: user.id,
      groupId: group.id,
    };
  }

  beforeAll(async () => {
    [buildRoot, databaseUrl] = await Promise.all([privateBuild(), testDatabase('portal_access')]);
    uiDir = await mkdtemp(path.join(tmpdir(), 'portal-access-ui-'));
    await writeFile(path.join(uiDir, 'index.html'), '<!doctype html><div id="root"></div>');
    const [directoryPort, ingressPort, rolesPort, webhooksPort, gatewayPort] = await Promise.all(
      Array.from({ length: 5 }, () => freePort()),
    );
    baseUrl = `http://127.0.0.1:${gatewayPort}`;
    const common = {
      BUS: 'kafka',
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_PARTITIONS: '3',
      KAFKA_NAMESPACE: uniqueName('portal-access'),
      DATABASE_URL: databaseUrl,
      ADMIN_API_KEY,
      PORTAL_SESSION_SECRET: SESSION_SECRET,
      PUBLIC_URL: baseUrl,
      LOG_LEVEL: 'warn',
    };
    const directoryService = new BuiltService(buildRoot, 'directory-service', directoryPort!, common);
    services.push(directoryService);
    // Each service migrates its own schema: the one owning the directory tables first.
    await directoryService.ready();
    services.push(
      new BuiltService(buildRoot, 'scim-ingress', ingressPort!, {
        ...common,
        DIRECTORY_SERVICE_URL: directoryService.url,
      }),
      new BuiltService(buildRoot, 'role-mapping-service', rolesPort!, {
        ...common,
        DIRECTORY_SERVICE_URL: directoryService.url,
      }),
      new BuiltService(buildRoot, 'webhook-dispatcher', webhooksPort!, {
        ...common,
        WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
      }),
    );
    await Promise.all(services.map((service) => service.ready()));
    gateway = await bootstrap(
      {
        PORT: String(gatewayPort),
        LOG_LEVEL: 'silent',
        DATABASE_URL: databaseUrl,
        PUBLIC_URL: baseUrl,
        ADMIN_API_KEY,
        PORTAL_SESSION_SECRET: SESSION_SECRET,
        PORTAL_SESSION_TTL_SECONDS: '600',
        PORTAL_UI_DIR: uiDir,
        DIRECTORY_SERVICE_URL: directoryService.url,
        SCIM_INGRESS_URL: `http://127.0.0.1:${ingressPort}`,
        ROLE_MAPPING_SERVICE_URL: `http://127.0.0.1:${rolesPort}`,
        WEBHOOK_DISPATCHER_URL: `http://127.0.0.1:${webhooksPort}`,
      },
      { handleSignals: false },
    );

    const [acme, globex] = await Promise.all([tenant('Acme'), tenant('Globex')]);
    Object.assign(ids, {
      orgA: acme!['organizationId'],
      dirA: acme!['directoryId'],
      userA: acme!['userId'],
      groupA: acme!['groupId'],
      orgB: globex!['organizationId'],
      dirB: globex!['directoryId'],
      userB: globex!['userId'],
      groupB: globex!['groupId'],
    });
    const link = await admin('POST', `/api/v1/organizations/${ids['orgA']}/portal-links`, {});
    expect(link.status).toBe(201);
    linkId = link.body.id;
    const session = await call('', 'POST', '/api/v1/portal-sessions', {
      token: new URL(link.body.url).hash.slice('#token='.length),
    });
    expect(session.status).toBe(200);
    sessionToken = session.body.sessionToken;
  }, 360_000);

  afterAll(async () => {
    await gateway?.close();
    await Promise.all(services.map((service) => service.stop()));
    if (databaseUrl) await dropTestDatabase(databaseUrl);
    await Promise.all(
      [buildRoot, uiDir].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })),
    );
  }, 90_000);

  it.each([
    '/api/v1/organizations/:orgA',
    '/api/v1/organizations/:orgA/directories',
    '/api/v1/directories/:dirA',
    '/api/v1/directories/:dirA/users',
    '/api/v1/directories/:dirA/users/:userA',
    '/api/v1/directories/:dirA/users/:userA/roles',
    '/api/v1/directories/:dirA/groups',
    '/api/v1/directories/:dirA/groups/:groupA/members',
    '/api/v1/directories/:dirA/requests',
    '/api/v1/directories/:dirA/events',
    '/api/v1/events',
    '/api/v1/events?organizationId=:orgA',
    '/api/v1/event-types',
    '/api/v1/providers',
    '/api/v1/roles',
    '/api/v1/organizations/:orgA/role-mapping',
    '/api/v1/organizations/:orgA/role-mapping/status',
    '/api/v1/organizations/:orgA/portal-links',
  ])("lets the IT admin's session read GET %s of its organization", async (route) => {
    // role-mapping-service learns users from the event stream: a user's roles are there shortly after it.
    await waitFor(
      async () => {
        const answer = await itAdmin('GET', resolve(route));
        expect({ route, status: answer.status }).toEqual({ route, status: 200 });
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
  });

  it.each([
    ['GET', '/api/v1/organizations'],
    ['GET', '/api/v1/organizations/:orgB'],
    ['POST', '/api/v1/organizations/:orgB/directories'],
    ['GET', '/api/v1/directories/:dirB'],
    ['POST', '/api/v1/directories/:dirB/token'],
    ['DELETE', '/api/v1/directories/:dirA'],
    ['GET', '/api/v1/directories/:dirB/users'],
    ['GET', '/api/v1/directories/:dirB/groups'],
    ['GET', '/api/v1/directories/:dirB/users/:userB/roles'],
    ['GET', '/api/v1/directories/:dirB/requests'],
    ['GET', '/api/v1/directories/:dirB/events'],
    ['GET', '/api/v1/events?organizationId=:orgB'],
    ['GET', '/api/v1/organizations/:orgB/role-mapping'],
    ['PUT', '/api/v1/organizations/:orgB/role-mapping'],
    ['POST', '/api/v1/roles'],
    ['GET', '/api/v1/webhook-endpoints'],
    ['POST', '/api/v1/webhook-endpoints'],
    ['GET', '/api/v1/dead-letters'],
    ['GET', '/api/v1/organizations/:orgB/portal-links'],
    ['POST', '/api/v1/organizations/:orgA/portal-links'],
  ])('refuses the session %s %s with 403 and the management error body', async (method, route) => {
    const answer = await itAdmin(method, resolve(route), method === 'GET' ? undefined : {});
    expect({ route, status: answer.status, body: answer.body }).toEqual({
      route,
      status: 403,
      body: { error: { code: 'forbidden', message: expect.any(String) } },
    });
  });

  it("reads its organization's users, groups, request log and events, and nothing of another", async () => {
    const users = await itAdmin('GET', resolve('/api/v1/directories/:dirA/users'));
    expect(users.body.data.map((user: Json) => user.id)).toEqual([ids['userA']]);
    const members = await itAdmin('GET', resolve('/api/v1/directories/:dirA/groups/:groupA/members'));
    expect(members.body.data.map((user: Json) => user.id)).toEqual([ids['userA']]);
    await waitFor(
      async () => {
        const requests = await itAdmin('GET', resolve('/api/v1/directories/:dirA/requests'));
        expect(requests.body.data.map((entry: Json) => entry.status)).toEqual([201, 201]);
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    const events = await itAdmin('GET', '/api/v1/events?limit=200');
    expect(events.body.data.length).toBeGreaterThan(0);
    expect(new Set(events.body.data.map((event: Json) => event.organizationId))).toEqual(
      new Set([ids['orgA']]),
    );
    const otherDirectory = await itAdmin('GET', resolve('/api/v1/events?directoryId=:dirB'));
    expect(otherDirectory).toEqual({ status: 200, body: { data: [], nextCursor: '0', hasMore: false } });
  });

  it('runs what the portal offers an IT admin: connect a provider, rotate a token, save the role mapping', async () => {
    const created = await itAdmin('POST', resolve('/api/v1/organizations/:orgA/directories'), {
      provider: 'okta',
    });
    expect(created.status).toBe(201);
    expect((await itAdmin('POST', resolve('/api/v1/directories/:dirA/token'))).status).toBe(200);
    const mapping = { mode: 'multiple', defaultRole: null, rules: [] };
    expect((await itAdmin('PUT', resolve('/api/v1/organizations/:orgA/role-mapping'), mapping)).status).toBe(
      200,
    );
  });

  it.each([
    [
      'expired',
      () =>
        signPortalSession(
          { organizationId: ids['orgA']!, linkId, exp: Math.floor(Date.now() / 1000) - 1 },
          SESSION_SECRET,
        ),
    ],
    [
      'signed with the key derived from the admin key, where PORTAL_SESSION_SECRET is set',
      () => {
        const [, payload] = sessionToken.split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
        return signPortalSession(claims, derivePortalSessionSecret(ADMIN_API_KEY));
      },
    ],
    [
      'rewritten to another organization',
      () => {
        const [prefix, payload, mac] = sessionToken.split('.');
        const claims = {
          ...JSON.parse(Buffer.from(payload!, 'base64url').toString()),
          organizationId: ids['orgB'],
        };
        return `${prefix}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${mac}`;
      },
    ],
  ])('refuses a session %s with 401 on every service', async (_label, token) => {
    for (const route of [
      '/api/v1/directories/:dirA/users',
      '/api/v1/directories/:dirA/requests',
      '/api/v1/organizations/:orgA/role-mapping',
      '/api/v1/webhook-endpoints',
      '/api/v1/organizations/:orgA/portal-links',
    ]) {
      const answer = await call(token(), 'GET', resolve(route));
      expect({ route, status: answer.status, code: answer.body.error.code }).toEqual({
        route,
        status: 401,
        code: 'unauthorized',
      });
    }
  });

  it('answers 404 for a directory that does not exist on the services that ask directory-service', async () => {
    for (const route of [
      `/api/v1/directories/${randomUUID()}/requests`,
      `/api/v1/directories/${randomUUID()}/users/${randomUUID()}/roles`,
    ]) {
      const answer = await itAdmin('GET', route);
      expect({ route, status: answer.status }).toEqual({ route, status: 404 });
    }
  });
});
