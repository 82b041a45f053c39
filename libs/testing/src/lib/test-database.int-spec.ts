import { Client } from 'pg';
import { databaseUrl } from './test-services';
import { dropTestDatabase, testDatabase } from './test-database';

async function query<T extends object>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function databaseExists(name: string): Promise<boolean> {
  const rows = await query<{ found: boolean }>(
    databaseUrl(),
    'SELECT true AS found FROM pg_database WHERE datname = $1',
    [name],
  );
  return rows.length === 1;
}

describe(testDatabase.name, () => {
  it('creates an empty database of its own and drops it on request', async () => {
    const url = await testDatabase('testing lib');
    const name = new URL(url).pathname.slice(1);

    const [current] = await query<{ name: string; tables: string }>(
      url,
      `SELECT current_database() AS name, (SELECT count(*) FROM pg_tables WHERE schemaname = 'public') AS tables`,
    );
    expect(current).toEqual({ name, tables: '0' });
    expect(name).toMatch(/^it_[0-9a-f]{6}_testing_lib_[0-9a-f]{10}$/);

    // an open connection must not keep the database alive
    const holder = new Client({ connectionString: url });
    await holder.connect();
    holder.on('error', () => undefined);
    await dropTestDatabase(url);
    await holder.end().catch(() => undefined);

    expect(await databaseExists(name)).toBe(false);
  });

  it('gives every call a different database', async () => {
    const [first, second] = await Promise.all([testDatabase('twin'), testDatabase('twin')]);

    expect(first).not.toBe(second);
    await query(first, 'CREATE TABLE only_here (id int)');
    await expect(query(second, 'SELECT * FROM only_here')).rejects.toThrow(/does not exist/);
  });
});
