import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { databaseUrl, testRunId } from './test-services';

const NAME_PREFIX = 'it_';

/**
 * Creates an empty database with a name of its own on the test run's Postgres server and returns its URL.
 * Call it in a `beforeAll`: one database per spec file keeps files independent when Jest runs them in
 * parallel. The database is dropped by the global teardown at the end of the run (or earlier with
 * {@link dropTestDatabase}); `prefix` only helps to recognise it (lowercased, other characters become `_`).
 */
export async function testDatabase(prefix = 'test'): Promise<string> {
  const name = testDatabaseName(prefix, testRunId());
  await withServer(databaseUrl(), (client) =>
    client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`),
  );
  return withDatabase(databaseUrl(), name);
}

/** Drops a database made by {@link testDatabase}, closing the connections still open to it. */
export async function dropTestDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name.startsWith(NAME_PREFIX)) throw new Error(`${name} was not made by testDatabase()`);
  await withServer(databaseUrl(), (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  );
}

/** Drops every database that {@link testDatabase} made during the run `runId`; returns their names. */
export async function dropRunDatabases(serverUrl: string, runId: string): Promise<string[]> {
  return withServer(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname`,
      [`${NAME_PREFIX}${runId}_`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
    }
    return rows.map((row) => row.datname);
  });
}

/** `it_<run>_<prefix>_<random>`, at most 63 bytes (Postgres truncates longer identifiers). */
export function testDatabaseName(prefix: string, runId: string): string {
  const label = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 30);
  return `${NAME_PREFIX}${runId}_${label}_${randomBytes(5).toString('hex')}`.slice(0, 63);
}

/** The same server URL, pointing at `database`. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

async function withServer<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
