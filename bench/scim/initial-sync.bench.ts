/**
 * A JumpCloud-like initial sync against a running scimflow, as the identity provider would drive it:
 * for each user a lookup `GET /Users?filter=userName eq "…"` then `POST /Users`; then the groups
 * (`POST /Groups`); then memberships by `PATCH` batches of up to 100 members. Prints total time and
 * per-request percentiles for one sequential client (and CLIENTS concurrent clients), beside a baseline
 * measured in the same run: the same lookups and inserts as bare SQL on the same kind of database (the floor any
 * SCIM server on that database pays: DATABASE_URL's server in the distributed mode, a fresh embedded PostgreSQL
 * server in the embedded mode). Then, with every consumer done, `quiet*`: 1,000 lookups and 20 PATCH adds of
 * 100 members on their own, the issue's per-request targets without the sync's load.
 *
 *   npm run build && node -r ./libs/messaging/src/spec-support/swc-register.js bench/scim/initial-sync.bench.ts
 *
 * Environment: MODE=embedded|distributed (default embedded), USER_COUNT (10000), GROUP_COUNT (100) (GROUPS is taken by bash), CLIENTS (1),
 * DATABASE_URL and KAFKA_BROKERS (distributed mode).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { Agent as HttpAgent, createServer as createHttpServer, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedPostgres } from '@scimflow/persistence';
import { Client } from 'pg';

const ROOT = path.resolve(__dirname, '../..');
const MODE = process.env['MODE'] ?? 'embedded';
const USERS = Number(process.env['USER_COUNT'] ?? 10_000);
const GROUPS = Number(process.env['GROUP_COUNT'] ?? 100);
const CLIENTS = Number(process.env['CLIENTS'] ?? 1);
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

// Responses are read loosely: the bench only picks ids and counts out of them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function waitReady(url: string, child?: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null)
      throw new Error(`the service for ${url} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

interface Started {
  /** Organizations, directories, users, events (directory-service's management API). */
  publicUrl: string;
  roleMappingUrl: string;
  webhooksUrl: string;
  adminKey: string;
  /** Resident memory of each service process, in MiB. */
  rss(): Promise<Record<string, number>>;
  /** CPU seconds used by each service process (with its child processes). */
  cpu(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/**
 * CPU seconds (user + system) used so far by a process and all its live descendants (the embedded PostgreSQL
 * server and its backends): a measure of work that the machine's load does not change.
 */
async function cpuSecondsOf(pid: number | undefined, withDescendants = true): Promise<number> {
  if (pid === undefined) return NaN;
  const ticksPerSecond = 100;
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // gone meanwhile
    }
  }
  let ticks = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop()!;
    ticks += stats.get(current)?.ticks ?? 0;
    if (withDescendants) for (const [child, stat] of stats) if (stat.ppid === current) pending.push(child);
  }
  return ticks / ticksPerSecond;
}

async function rssOf(pid: number | undefined): Promise<number> {
  if (pid === undefined) return NaN;
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? NaN) / 1024;
}

// Whatever happens to this run, its services do not outlive it.
const spawned: ChildProcess[] = [];
process.on('exit', () => spawned.forEach((child) => child.kill('SIGKILL')));

function run(script: string, env: Record<string, string>): ChildProcess {
  // SERVICE_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the services under this load.
  const nodeArgs = (process.env['SERVICE_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, script)], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  spawned.push(child);
  return child;
}

async function startEmbedded(): Promise<Started> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'scimflow-bench-'));
  const port = await freePort();
  const child = run('dist/apps/scimflow/src/main.js', {
    DATA_DIR: dataDir,
    PORT: String(port),
    ADMIN_API_KEY: ADMIN_KEY,
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    SCIM_RATE_LIMIT_PER_SECOND: '100000',
    SCIM_RATE_LIMIT_BURST: '100000',
  });
  await waitReady(`http://127.0.0.1:${port}/health/ready`, child);
  return {
    publicUrl: `http://127.0.0.1:${port}`,
    roleMappingUrl: `http://127.0.0.1:${port}`,
    webhooksUrl: `http://127.0.0.1:${port}`,
    adminKey: ADMIN_KEY,
    // the embedded PostgreSQL server is a child process of its own: its memory is reported beside
    rss: async () => ({ scimflow: await rssOf(child.pid) }),
    cpu: async () => {
      const [own, all] = [await cpuSecondsOf(child.pid, false), await cpuSecondsOf(child.pid)];
      return { scimflow: own, 'embedded PostgreSQL': all - own };
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function startDistributed(databaseUrl: string, brokers: string): Promise<Started> {
  const [directoryPort, ingressPort] = [await freePort(), await freePort()];
  const namespace = `bench-${randomUUID().slice(0, 8)}`;
  // a database of its own: the services' schemas start empty, as on a fresh installation
  const database = `bench_sync_${randomUUID().slice(0, 8)}`;
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  const common = {
    BUS: 'kafka',
    KAFKA_BROKERS: brokers,
    KAFKA_NAMESPACE: namespace,
    DATABASE_URL: url.toString(),
    ADMIN_API_KEY: ADMIN_KEY,
  };
  const directory = run('dist/apps/directory-service/src/main.js', {
    ...common,
    PORT: String(directoryPort),
    PUBLIC_URL: `http://127.0.0.1:${ingressPort}`,
  });
  await waitReady(`http://127.0.0.1:${directoryPort}/health/ready`, directory);
  const ingress = run('dist/apps/scim-ingress/src/main.js', {
    ...common,
    PORT: String(ingressPort),
    PUBLIC_URL: `http://127.0.0.1:${ingressPort}`,
    DIRECTORY_SERVICE_URL: `http://127.0.0.1:${directoryPort}`,
    SCIM_RATE_LIMIT_PER_SECOND: '100000',
    SCIM_RATE_LIMIT_BURST: '100000',
  });
  await waitReady(`http://127.0.0.1:${ingressPort}/health/ready`, ingress);
  const [rolePort, webhookPort] = [await freePort(), await freePort()];
  const roleMapping = run('dist/apps/role-mapping-service/src/main.js', {
    ...common,
    PORT: String(rolePort),
    DIRECTORY_SERVICE_URL: `http://127.0.0.1:${directoryPort}`,
  });
  const webhooks = run('dist/apps/webhook-dispatcher/src/main.js', {
    ...common,
    PORT: String(webhookPort),
    WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  });
  await waitReady(`http://127.0.0.1:${rolePort}/health/ready`, roleMapping);
  await waitReady(`http://127.0.0.1:${webhookPort}/health/ready`, webhooks);
  const children = {
    'scim-ingress': ingress,
    'directory-service': directory,
    'role-mapping-service': roleMapping,
    'webhook-dispatcher': webhooks,
  };
  return {
    // The management API is directory-service's; the SCIM endpoint (endpointUrl) is the ingress.
    publicUrl: `http://127.0.0.1:${directoryPort}`,
    roleMappingUrl: `http://127.0.0.1:${rolePort}`,
    webhooksUrl: `http://127.0.0.1:${webhookPort}`,
    adminKey: ADMIN_KEY,
    cpu: async () =>
      Object.fromEntries(
        await Promise.all(
          Object.entries(children).map(
            async ([name, child]) => [name, await cpuSecondsOf(child.pid)] as const,
          ),
        ),
      ),
    rss: async () =>
      Object.fromEntries(
        await Promise.all(
          Object.entries(children).map(async ([name, child]) => [name, await rssOf(child.pid)] as const),
        ),
      ),
    async stop() {
      for (const child of Object.values(children)) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      const cleanup = new Client({ connectionString: databaseUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** A fast local webhook receiver: remembers the highest sequence it was sent per directory. */
async function startReceiver(): Promise<{
  url: string;
  highest: Map<string, number>;
  received: () => number;
  close(): Promise<void>;
}> {
  const highest = new Map<string, number>();
  let received = 0;
  const server = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received += 1;
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        directoryId: string;
        sequence: number;
      };
      highest.set(event.directoryId, Math.max(highest.get(event.directoryId) ?? 0, event.sequence));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}/hooks`,
    highest,
    received: () => received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// The identity provider's side is a plain node:http client with keep-alive connections: it shares the machine's
// two cores with the server, and fetch costs it about twice the CPU per request.
const agent = new HttpAgent({ keepAlive: true, maxSockets: 64 });

function json(
  method: string,
  url: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const contentType = url.includes('/api/v1/') ? 'application/json' : 'application/scim+json';
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const call = httpRequest(
      url,
      {
        method,
        agent,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(payload === undefined
            ? {}
            : { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, body: (text ? JSON.parse(text) : {}) as Json });
        });
      },
    );
    call.on('error', reject);
    call.end(payload);
  });
}

/** The identity provider's lookup of a userName; fails unless it finds `expected` users. Returns its milliseconds. */
async function lookUp(scim: string, token: string, userName: string, expected: number): Promise<number> {
  const t = performance.now();
  const found = await json(
    'GET',
    `${scim}/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
    token,
  );
  const ms = performance.now() - t;
  if (found.status !== 200 || found.body.totalResults !== expected)
    throw new Error(`lookup ${found.status} ${JSON.stringify(found.body)}`);
  return ms;
}

/** Memberships: user i joins group i % GROUPS; each group's members are added by PATCH batches of up to 100. */
function batchPlan(): Array<{ group: number; users: number[] }> {
  const batches: Array<{ group: number; users: number[] }> = [];
  const open = new Map<number, { group: number; users: number[] }>();
  for (let index = 0; index < USERS; index += 1) {
    const group = index % GROUPS;
    let batch = open.get(group);
    if (!batch || batch.users.length >= 100) {
      batch = { group, users: [] };
      open.set(group, batch);
      batches.push(batch);
    }
    batch.users.push(index);
  }
  return batches;
}

function groupOfLastBatch(): number {
  return batchPlan().at(-1)!.group;
}

async function syncWith(started: Started): Promise<Record<string, number>> {
  const organization = await json('POST', `${started.publicUrl}/api/v1/organizations`, started.adminKey, {
    name: 'Bench',
  });
  const directory = await json(
    'POST',
    `${started.publicUrl}/api/v1/organizations/${organization.body.id}/directories`,
    started.adminKey,
    {
      provider: 'jumpcloud',
    },
  );
  const scim: string = directory.body.endpointUrl;
  const token: string = directory.body.bearerToken;
  const organizationId: string = organization.body.id;
  const directoryId: string = directory.body.id;
  // Every consumer has work: each group grants a role (role-mapping-service), and an endpoint gets every event.
  const receiver = await startReceiver();
  const role = await json('POST', `${started.roleMappingUrl}/api/v1/roles`, started.adminKey, {
    key: 'member',
    name: 'Member',
  });
  if (role.status !== 201) throw new Error(`role ${role.status} ${JSON.stringify(role.body)}`);
  const mapping = await json(
    'PUT',
    `${started.roleMappingUrl}/api/v1/organizations/${organizationId}/role-mapping`,
    started.adminKey,
    {
      mode: 'multiple',
      defaultRole: null,
      // One rule, on the group of the last PATCH batch: role-mapping-service consumes every event (it keeps its
      // own copy of users, groups and memberships) and grants a role to that batch's members only, which tells
      // when it is done without adding 10,000 role events to the workload.
      rules: [{ group: { displayName: `Group ${groupOfLastBatch()}` }, roles: ['member'] }],
    },
  );
  if (mapping.status !== 200) throw new Error(`mapping ${mapping.status} ${JSON.stringify(mapping.body)}`);
  const endpoint = await json('POST', `${started.webhooksUrl}/api/v1/webhook-endpoints`, started.adminKey, {
    url: receiver.url,
    organizationId,
  });
  if (endpoint.status !== 201)
    throw new Error(`endpoint ${endpoint.status} ${JSON.stringify(endpoint.body)}`);
  const lookups: number[] = [];
  const creates: number[] = [];
  const patches: number[] = [];
  const userIds: string[] = new Array(USERS);
  const cpuBefore = await started.cpu();
  const started0 = performance.now();

  let next = 0;
  const client = async () => {
    for (let index = next++; index < USERS; index = next++) {
      const userName = `user${index}@bench.example`;
      lookups.push(await lookUp(scim, token, userName, 0));
      const t = performance.now();
      const created = await json('POST', `${scim}/Users`, token, {
        schemas: [
          'urn:ietf:params:scim:schemas:core:2.0:User',
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
        ],
        userName,
        externalId: randomUUID().replace(/-/g, '').slice(0, 24),
        active: true,
        name: { givenName: `Given${index}`, familyName: `Family${index}` },
        displayName: `User ${index}`,
        emails: [{ value: userName, type: 'work', primary: true }],
        phoneNumbers: [{ value: 'tel:+1-555-555-5555', type: 'work', primary: true }],
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: `D${index % 10}` },
      });
      creates.push(performance.now() - t);
      if (created.status !== 201) throw new Error(`create ${created.status} ${JSON.stringify(created.body)}`);
      userIds[index] = created.body.id;
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));

  const groupIds: string[] = [];
  for (let index = 0; index < GROUPS; index += 1) {
    const group = await json('POST', `${scim}/Groups`, token, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: `Group ${index}`,
    });
    if (group.status !== 201) throw new Error(`group ${group.status}`);
    groupIds.push(group.body.id);
  }
  const batches = batchPlan().map((batch) => ({
    groupId: groupIds[batch.group]!,
    members: batch.users.map((index) => userIds[index]!),
  }));
  let nextBatch = 0;
  const patcher = async () => {
    for (let index = nextBatch++; index < batches.length; index = nextBatch++) {
      const batch = batches[index]!;
      const t = performance.now();
      const patched = await json('PATCH', `${scim}/Groups/${batch.groupId}`, token, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'add', path: 'members', value: batch.members.map((value) => ({ value })) }],
      });
      patches.push(performance.now() - t);
      if (patched.status !== 200 && patched.status !== 204) throw new Error(`patch ${patched.status}`);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, patcher));
  const lastAnswer = performance.now();
  const total = (lastAnswer - started0) / 1000;
  const rssAfterSync = await started.rss();
  const cpuAfterSync = await started.cpu();

  // All consumers are done when role-mapping-service granted the role of the last membership added (it consumes a
  // directory's events in order) and the webhook receiver got the directory's last event, roles_updated included.
  const lastUser = batches[batches.length - 1]!.members.at(-1)!;
  for (;;) {
    const roles = await json(
      'GET',
      `${started.roleMappingUrl}/api/v1/directories/${directoryId}/users/${lastUser}/roles`,
      started.adminKey,
    );
    if (roles.status === 200 && (roles.body.roles as Json[]).some((granted) => granted.key === 'member'))
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const rolesDone = performance.now();
  // role-mapping-service's roles_updated events are sequenced into the directory's log by directory-service: read
  // the log until the last user's is there; that is the log's last event.
  let lastSequence = 0;
  let lastEventId = '';
  for (let after: string | undefined, seen = false; !seen;) {
    const page = await json(
      'GET',
      `${started.publicUrl}/api/v1/events?directoryId=${directoryId}&limit=200${after ? `&after=${encodeURIComponent(after)}` : ''}`,
      started.adminKey,
    );
    const data = page.body.data as Json[];
    for (const event of data) {
      lastSequence = event.sequence as number;
      lastEventId = event.id as string;
      if (event.type === 'directory.user.roles_updated' && JSON.stringify(event.data).includes(lastUser))
        seen = true;
    }
    if (page.body.nextCursor) after = page.body.nextCursor as string;
    if (data.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const sequenced = performance.now();
  // webhook-dispatcher has consumed the log when it queued a delivery of the last event
  for (;;) {
    const deliveries = await json(
      'GET',
      `${started.webhooksUrl}/api/v1/webhook-endpoints/${endpoint.body.id}/deliveries?limit=1`,
      started.adminKey,
    );
    if ((deliveries.body.data as Json[] | undefined)?.[0]?.eventId === lastEventId) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const webhooksQueued = performance.now();
  while ((receiver.highest.get(directoryId) ?? 0) < lastSequence)
    await new Promise((resolve) => setTimeout(resolve, 100));
  const webhooksDone = performance.now();

  // On a quiet system (the sync done, every consumer idle): the issue's per-request targets on their own.
  // 1,000 lookups of existing users, then 20 PATCH adds of 100 members to new groups, each after the
  // consumers have had a moment with the previous one's events.
  const quietLookups: number[] = [];
  for (let index = 0; index < 1000; index += 1) {
    quietLookups.push(await lookUp(scim, token, `user${(index * 7919) % USERS}@bench.example`, 1));
  }
  const quietPatches: number[] = [];
  for (let index = 0; index < 20; index += 1) {
    const group = await json('POST', `${scim}/Groups`, token, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: `Quiet ${index}`,
    });
    if (group.status !== 201) throw new Error(`quiet group ${group.status}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const members = Array.from({ length: Math.min(100, USERS) }, (_, offset) => ({
      value: userIds[(index * 100 + offset) % USERS]!,
    }));
    const t = performance.now();
    const patched = await json('PATCH', `${scim}/Groups/${group.body.id}`, token, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'members', value: members }],
    });
    quietPatches.push(performance.now() - t);
    if (patched.status !== 200 && patched.status !== 204) throw new Error(`quiet patch ${patched.status}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await receiver.close();
  const rssAfterConsumers = await started.rss();
  console.log(
    `  RSS MiB after sync: ${JSON.stringify(rssAfterSync)}; after consumers: ${JSON.stringify(rssAfterConsumers)}`,
  );
  const cpuAfterConsumers = await started.cpu();
  const cpuUsed = (until: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(until).map(([name, seconds]) => [name, +(seconds - cpuBefore[name]!).toFixed(1)]),
    );
  console.log(
    `  CPU seconds during the sync: ${JSON.stringify(cpuUsed(cpuAfterSync))}; until all consumed and delivered: ${JSON.stringify(cpuUsed(cpuAfterConsumers))}`,
  );
  console.log(
    `  events in the directory's log: ${lastSequence}; webhook deliveries received: ${receiver.received()}`,
  );
  return {
    rolesGrantedAfterLastAnswerS: (rolesDone - lastAnswer) / 1000,
    roleEventsSequencedAfterS: (sequenced - lastAnswer) / 1000,
    allConsumedAfterLastAnswerS: (Math.max(sequenced, webhooksQueued) - lastAnswer) / 1000,
    webhooksDeliveredAfterS: (webhooksDone - lastAnswer) / 1000,
    totalSeconds: total,
    lookupP50: percentile(lookups, 50),
    lookupP99: percentile(lookups, 99),
    createP50: percentile(creates, 50),
    createP99: percentile(creates, 99),
    patch100P50: percentile(patches, 50),
    patch100P99: percentile(patches, 99),
    quietLookupP50: percentile(quietLookups, 50),
    quietLookupP99: percentile(quietLookups, 99),
    quietPatch100P50: percentile(quietPatches, 50),
    quietPatch100P99: percentile(quietPatches, 99),
  };
}

/**
 * The floor: the same lookups and inserts (user row + outbox row per user) as bare SQL, one client, on the kind of
 * database the mode runs on: DATABASE_URL's server (distributed), or an embedded PostgreSQL server started as the
 * product starts it, reached over its Unix socket (embedded).
 */
async function baseline(databaseUrl: string | undefined): Promise<Record<string, number>> {
  if (MODE === 'embedded') {
    const server = await EmbeddedPostgres.start({ dataDir: 'memory://' });
    try {
      return await baselineOn(server.connectionString);
    } finally {
      await server.stop();
    }
  }
  return databaseUrl ? baselineOn(databaseUrl) : {};
}

async function baselineOn(connectionString: string): Promise<Record<string, number>> {
  const db = new Client({ connectionString });
  await db.connect();
  const schema = `bench_${randomUUID().slice(0, 8)}`;
  await db.query(`CREATE SCHEMA ${schema}`);
  await db.query(
    `CREATE TABLE ${schema}.users (id uuid PRIMARY KEY, directory_id uuid NOT NULL, user_name_lower text NOT NULL, attributes jsonb NOT NULL)`,
  );
  await db.query(`CREATE UNIQUE INDEX ON ${schema}.users (directory_id, user_name_lower)`);
  await db.query(`CREATE TABLE ${schema}.outbox (id uuid PRIMARY KEY, payload jsonb NOT NULL)`);
  const directoryId = randomUUID();
  const started = performance.now();
  for (let index = 0; index < USERS; index += 1) {
    const userName = `user${index}@bench.example`;
    await db.query(`SELECT id FROM ${schema}.users WHERE directory_id = $1 AND user_name_lower = lower($2)`, [
      directoryId,
      userName,
    ]);
    await db.query('BEGIN');
    const id = randomUUID();
    await db.query(`INSERT INTO ${schema}.users VALUES ($1, $2, lower($3), $4)`, [
      id,
      directoryId,
      userName,
      { userName },
    ]);
    await db.query(`INSERT INTO ${schema}.outbox VALUES ($1, $2)`, [randomUUID(), { id, userName }]);
    await db.query('COMMIT');
  }
  const seconds = (performance.now() - started) / 1000;
  await db.query(`DROP SCHEMA ${schema} CASCADE`);
  await db.end();
  return { baselineSqlSeconds: seconds };
}

async function main(): Promise<void> {
  const databaseUrl = process.env['DATABASE_URL'];
  const brokers = process.env['KAFKA_BROKERS'];
  if (MODE === 'distributed' && (!databaseUrl || !brokers))
    throw new Error('distributed mode needs DATABASE_URL and KAFKA_BROKERS');
  const started =
    MODE === 'distributed' ? await startDistributed(databaseUrl!, brokers!) : await startEmbedded();
  let figures: Record<string, number>;
  try {
    figures = await syncWith(started);
  } finally {
    await started.stop();
  }
  const base = await baseline(databaseUrl);
  const cpu = (await readFile('/proc/cpuinfo', 'utf8')).match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown cpu';
  console.log(
    `initial sync: mode=${MODE} users=${USERS} groups=${GROUPS} clients=${CLIENTS} (${cpu}, ${(await import('node:os')).cpus().length} cores)`,
  );
  for (const [name, value] of Object.entries({ ...figures, ...base }))
    console.log(`  ${name.padEnd(20)} ${value.toFixed(2)}`);
  if (base.baselineSqlSeconds) {
    console.log(
      `  ratio users phase vs bare-SQL floor: ${(figures['totalSeconds']! / base.baselineSqlSeconds).toFixed(2)}x (total incl. groups)`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
