// A mapping change for every user of a large organization: role-mapping-service started as main.ts starts it,
// its projection seeded with SQL (users, groups, memberships, and the roles every user holds under the old
// mapping), then one PUT of a new mapping that changes every user's roles.
//
//   node bench/persistence/run-ts.js bench/role-mapping/backfill.bench.ts [mode] [users]
//
// mode: distributed  Kafka (KAFKA_BROKERS) + Postgres (DATABASE_URL, a database of its own, dropped at the end)
//       embedded     in-process bus + the embedded PostgreSQL server (run by this process as its child) in a
//                    temporary DATA_DIR
// users: default 100000, in 100 groups (every user in one or two of them).
// Prints one JSON line: seconds to preview the change, to finish the recompute job (status done), and until
// the outbox relay has published every roles_updated event to the bus.
import type { INestApplication } from '@nestjs/common';
import { dataSourceToken } from '@scimflow/persistence';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { bootstrap } from '../../apps/role-mapping-service/src/bootstrap';

const ADMIN_API_KEY = 'bench-admin-key-0123456789abcdef';
const GROUPS = 100;

interface Target {
  env: Record<string, string>;
  close(): Promise<void>;
}

async function distributed(): Promise<Target> {
  const serverUrl = required('DATABASE_URL');
  const name = `bench_role_mapping_${randomUUID().slice(0, 8)}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: {
      BUS: 'kafka',
      KAFKA_BROKERS: required('KAFKA_BROKERS'),
      // Topics of this run only: its 100,000 events stay out of the shared cluster's plain access.events.v1.
      KAFKA_NAMESPACE: name.replace(/_/g, '-'),
      DATABASE_URL: url.toString(),
    },
    close: () => onServer(serverUrl, `DROP DATABASE ${name} WITH (FORCE)`),
  };
}

async function embedded(): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-role-mapping-'));
  return {
    env: { BUS: 'in-process', DATA_DIR: dataDir },
    close: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

function required(key: string): string {
  const value = process.env[key];
  if (!value) throw new Error(`${key} is not set`);
  return value;
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Users, groups, memberships, and everyone holding `viewer` under the old mapping (default role, no rules). */
async function seed(
  dataSource: DataSource,
  organizationId: string,
  directoryId: string,
  users: number,
): Promise<void> {
  await dataSource.query(`
    INSERT INTO role_mapping.roles (key, name, priority) VALUES
      ('admin', 'Administrator', 100), ('editor', 'Editor', 50), ('member', 'Member', 20), ('viewer', 'Viewer', 10)`);
  await dataSource.query(
    `INSERT INTO role_mapping.organization_mappings (organization_id, mode, default_role, rules, version, updated_at)
     VALUES ($1, 'multiple', 'viewer', '[]', 1, now())`,
    [organizationId],
  );
  await dataSource.query(
    `INSERT INTO role_mapping.groups (id, directory_id, organization_id, display_name, updated_at)
     SELECT gen_random_uuid(), $1, $2, 'group-' || lpad(k::text, 3, '0'), now() FROM generate_series(0, ${GROUPS - 1}) k`,
    [directoryId, organizationId],
  );
  await dataSource.query(
    `INSERT INTO role_mapping.users (id, directory_id, organization_id, active, snapshot, updated_at)
     SELECT id, $1, $2, true,
            jsonb_build_object('id', id, 'userName', 'user' || n || '@bench.example', 'email', 'user' || n || '@bench.example',
                               'displayName', 'User ' || n, 'active', true),
            now()
       FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, $3::int) n) seeded`,
    [directoryId, organizationId, users],
  );
  await dataSource.query(
    `INSERT INTO role_mapping.memberships (user_id, group_id, directory_id)
     SELECT u.id, g.id, $1
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM role_mapping.users WHERE organization_id = $2) u
       JOIN (SELECT id, row_number() OVER (ORDER BY display_name) - 1 AS k FROM role_mapping.groups WHERE organization_id = $2) g
         ON g.k = u.n % ${GROUPS} OR (u.n % 2 = 0 AND g.k = (u.n * 7 + 3) % ${GROUPS})`,
    [directoryId, organizationId],
  );
  await dataSource.query(
    `INSERT INTO role_mapping.user_roles (user_id, directory_id, organization_id, roles, grants, updated_at)
     SELECT id, directory_id, organization_id, '{viewer}', '[{"role":"viewer","groupIds":[]}]', now()
       FROM role_mapping.users WHERE organization_id = $1`,
    [organizationId],
  );
  await dataSource.query('ANALYZE');
}

/** highest-priority; groups 0–9 admin (by displayName), 10–49 editor (by id), the rest member by default. */
async function newMapping(dataSource: DataSource, organizationId: string): Promise<object> {
  const groups: Array<{ id: string; display_name: string }> = await dataSource.query(
    'SELECT id, display_name FROM role_mapping.groups WHERE organization_id = $1 ORDER BY display_name',
    [organizationId],
  );
  return {
    mode: 'highest-priority',
    defaultRole: 'member',
    rules: groups
      .slice(0, 50)
      .map((group, index) =>
        index < 10
          ? { group: { displayName: group.display_name.toUpperCase() }, roles: ['admin'] }
          : { group: { id: group.id }, roles: ['editor'] },
      ),
  };
}

async function http(
  app: INestApplication,
  method: 'GET' | 'PUT' | 'POST',
  path: string,
  body?: object,
): Promise<unknown> {
  const { port } = app.getHttpServer().address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_API_KEY}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not done after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'distributed';
  const users = Number(process.argv[3] ?? 100_000);
  const targets: Record<string, () => Promise<Target>> = { distributed, embedded };
  const open = targets[mode];
  if (!open) throw new Error(`unknown mode ${mode}: distributed or embedded`);
  const target = await open();
  let app: INestApplication | undefined;
  try {
    const service = await bootstrap(
      { ...target.env, PORT: '0', ADMIN_API_KEY, LOG_LEVEL: 'warn' },
      { handleSignals: false },
    );
    app = service;
    const dataSource = service.get<DataSource>(dataSourceToken('role_mapping'));
    const organizationId = randomUUID();
    const seededAt = Date.now();
    await seed(dataSource, organizationId, randomUUID(), users);
    const seedSeconds = (Date.now() - seededAt) / 1000;
    const mapping = await newMapping(dataSource, organizationId);

    const previewStarted = Date.now();
    const preview = (await http(
      service,
      'POST',
      `/api/v1/organizations/${organizationId}/role-mapping/preview`,
      mapping,
    )) as {
      counts: object;
    };
    const previewSeconds = (Date.now() - previewStarted) / 1000;

    const started = Date.now();
    await http(service, 'PUT', `/api/v1/organizations/${organizationId}/role-mapping`, mapping);
    await until(async () => {
      const status = (await http(
        service,
        'GET',
        `/api/v1/organizations/${organizationId}/role-mapping/status`,
      )) as { status: string };
      return status.status === 'done';
    }, 600_000);
    const jobSeconds = (Date.now() - started) / 1000;
    await until(async () => {
      const [{ pending }] = await dataSource.query(
        'SELECT count(*)::int AS pending FROM role_mapping.outbox WHERE published_at IS NULL',
      );
      return pending === 0;
    }, 600_000);
    const publishedSeconds = (Date.now() - started) / 1000;
    const [{ events }] = await dataSource.query('SELECT count(*)::int AS events FROM role_mapping.outbox');
    console.log(
      JSON.stringify({
        mode,
        users,
        seedSeconds,
        previewSeconds,
        preview: preview.counts,
        jobSeconds,
        publishedSeconds,
        events,
      }),
    );
  } finally {
    await app?.close();
    await target.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
