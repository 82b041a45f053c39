import { Client } from 'pg';
import type { DatabaseConnection } from '../lib/data-source/create-data-source';
import { EmbeddedPostgres } from '../lib/embedded/embedded-postgres';
import { uniqueName } from './unique-name';

/** The two databases every integration spec runs its body against. */
export type DatabaseKind = 'postgres' | 'embedded';

export const databaseKinds: DatabaseKind[] = ['postgres', 'embedded'];

/** A database opened for one spec file. */
export interface OpenedDatabase {
  connection: DatabaseConnection;
  close(): Promise<void>;
}

/**
 * Opens a database of `kind` for a spec file: a database of its own on the Postgres server at DATABASE_URL
 * (named like those of libs/testing, so its global teardown drops it if this process cannot), or an embedded server
 * on a temporary data directory, removed when it stops.
 */
export async function openDatabase(kind: DatabaseKind): Promise<OpenedDatabase> {
  return kind === 'postgres' ? openPostgresDatabase() : openEmbeddedDatabase();
}

async function openPostgresDatabase(): Promise<OpenedDatabase> {
  const serverUrl = process.env['DATABASE_URL'];
  if (!serverUrl) throw new Error('DATABASE_URL is not set: run the integration Jest project');
  const name = uniqueName(`it_${process.env['SCIMFLOW_TEST_RUN_ID'] ?? 'local'}_persistence`, '_');
  await onServer(serverUrl, `CREATE DATABASE ${name} TEMPLATE template0`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    connection: { kind: 'postgres', url: url.toString(), poolSize: 5, applicationName: 'persistence-spec' },
    close: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function openEmbeddedDatabase(): Promise<OpenedDatabase> {
  const database = await EmbeddedPostgres.start({ dataDir: 'memory://' });
  return { connection: { kind: 'embedded', database }, close: () => database.stop() };
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
