/**
 * A JumpCloud-like initial sync against a running scimflow, as the identity provider would drive it:
 * for each user a lookup `GET /Users?filter=userName eq "…"` then `POST /Users`; then the groups
 * (`POST /Groups`); then memberships by `PATCH` batches of up to 100 members. Prints total time and
 * per-request percentiles for one sequential client (and CLIENTS concurrent clients), beside a baseline
 * measured in the same run: the same lookups and inserts as bare SQL on the same database (the floor any
 * SCIM server on that database pays).
 *
 *   npm run build && node -r ./libs/messaging/src/spec-support/swc-register.js bench/scim/initial-sync.bench.ts
 *
 * Environment: MODE=embedded|distributed (default embedded), USER_COUNT (10000), GROUP_COUNT (100) (GROUPS is taken by bash), CLIENTS (1),
 * DATABASE_URL and KAFKA_BROKERS (distributed mode, and the baseline).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

async function waitReady(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
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
  publicUrl: string;
  adminKey: string;
  stop(): Promise<void>;
}

function run(script: string, env: Record<string, string>): ChildProcess {
  // SERVICE_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the services under this load.
  const nodeArgs = (process.env['SERVICE_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  return spawn(process.execPath, [...nodeArgs, path.join(ROOT, script)], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function startEmbedded(): Promise<Started> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'scimflow-bench-'));
  const port = await freePort();
  const child = run('dist/apps/scimflow/src/main.js', {
    DATA_DIR: dataDir,
    PORT: String(port),
    ADMIN_API_KEY: ADMIN_KEY,
  });
  await waitReady(`http://127.0.0.1:${port}/health/ready`);
  return {
    publicUrl: `http://127.0.0.1:${port}`,
    adminKey: ADMIN_KEY,
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
  const common = {
    BUS: 'kafka',
    KAFKA_BROKERS: brokers,
    KAFKA_NAMESPACE: namespace,
    DATABASE_URL: databaseUrl,
    ADMIN_API_KEY: ADMIN_KEY,
  };
  const directory = run('dist/apps/directory-service/src/main.js', {
    ...common,
    PORT: String(directoryPort),
    PUBLIC_URL: `http://127.0.0.1:${ingressPort}`,
  });
  await waitReady(`http://127.0.0.1:${directoryPort}/health/ready`);
  const ingress = run('dist/apps/scim-ingress/src/main.js', {
    ...common,
    PORT: String(ingressPort),
    PUBLIC_URL: `http://127.0.0.1:${ingressPort}`,
    DIRECTORY_SERVICE_URL: `http://127.0.0.1:${directoryPort}`,
    SCIM_RATE_LIMIT_PER_SECOND: '100000',
    SCIM_RATE_LIMIT_BURST: '100000',
  });
  await waitReady(`http://127.0.0.1:${ingressPort}/health/ready`);
  return {
    // The management API is directory-service's; the SCIM endpoint (endpointUrl) is the ingress.
    publicUrl: `http://127.0.0.1:${directoryPort}`,
    adminKey: ADMIN_KEY,
    async stop() {
      for (const child of [ingress, directory]) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    },
  };
}

async function json(
  method: string,
  url: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const contentType = url.includes('/api/v1/') ? 'application/json' : 'application/scim+json';
  const response = await fetch(url, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': contentType }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
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
  const lookups: number[] = [];
  const creates: number[] = [];
  const patches: number[] = [];
  const userIds: string[] = new Array(USERS);
  const started0 = performance.now();

  let next = 0;
  const client = async () => {
    for (let index = next++; index < USERS; index = next++) {
      const userName = `user${index}@bench.example`;
      let t = performance.now();
      const found = await json(
        'GET',
        `${scim}/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
        token,
      );
      lookups.push(performance.now() - t);
      if (found.status !== 200 || found.body.totalResults !== 0) throw new Error(`lookup ${found.status}`);
      t = performance.now();
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
  const batches: Array<{ groupId: string; members: string[] }> = [];
  userIds.forEach((userId, index) => {
    const groupId = groupIds[index % GROUPS]!;
    const open = batches.find((batch) => batch.groupId === groupId && batch.members.length < 100);
    if (open) open.members.push(userId);
    else batches.push({ groupId, members: [userId] });
  });
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
  const total = (performance.now() - started0) / 1000;
  return {
    totalSeconds: total,
    lookupP50: percentile(lookups, 50),
    lookupP99: percentile(lookups, 99),
    createP50: percentile(creates, 50),
    createP99: percentile(creates, 99),
    patch100P50: percentile(patches, 50),
    patch100P99: percentile(patches, 99),
  };
}

/** The floor: the same lookups and inserts (user row + outbox row per user) as bare SQL, one client. */
async function baseline(databaseUrl: string): Promise<Record<string, number>> {
  const db = new Client({ connectionString: databaseUrl });
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
  const base = databaseUrl ? await baseline(databaseUrl) : {};
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
