import type { ScimListRequest } from '@scimflow/contracts';
import { randomUUID } from 'node:crypto';
import type { DirectoryEntity } from '../entities/directory.entity';
import { DirectoryActivity } from '../management/directory-activity';
import {
  openDirectoryTestDatabase,
  type DirectoryTestDatabase,
} from '../spec-support/directory-test-database';
import { ScimQueryService } from './scim-query.service';

jest.setTimeout(120_000);

type Json = Record<string, unknown>;

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

// One connection, so that the statements PostgreSQL prepared and planned for the service are the ones looked at.
describe(`${ScimQueryService.name}: a lookup by a unique key`, () => {
  let database: DirectoryTestDatabase;
  let service: ScimQueryService;
  let directory: DirectoryEntity;
  let other: DirectoryEntity;

  beforeAll(async () => {
    database = await openDirectoryTestDatabase('scim_query', { poolSize: 1 });
    service = new ScimQueryService(
      database.dataSource,
      { publicUrl: 'https://scim.example.test', tokenGracePeriodMs: 0 },
      new DirectoryActivity(database.dataSource),
    );
    directory = await database.createDirectory();
    other = await database.createDirectory();
  });

  afterAll(async () => {
    await database?.close();
  });

  async function insertUsers(into: DirectoryEntity, userNames: readonly string[]): Promise<string[]> {
    const ids = userNames.map(() => randomUUID());
    await database.dataSource.query(
      `INSERT INTO directory.users (id, directory_id, organization_id, user_name, user_name_lower, active, attributes,
         version, created_at, updated_at)
       SELECT id, $2, $3, name, lower(name), true, jsonb_build_object('schemas', jsonb_build_array($4::text), 'userName', name),
         1, now(), now()
       FROM unnest($1::uuid[], $5::text[]) AS u(id, name)`,
      [ids, into.id, into.organizationId, USER, userNames],
    );
    return ids;
  }

  async function insertGroup(
    into: DirectoryEntity,
    displayName: string,
    memberIds: string[],
  ): Promise<string> {
    const id = randomUUID();
    await database.dataSource.query(
      `INSERT INTO directory.groups (id, directory_id, organization_id, display_name, display_name_lower, attributes,
         member_count, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, lower($4), jsonb_build_object('displayName', $4::text), $5, 1, now(), now())`,
      [id, into.id, into.organizationId, displayName, memberIds.length],
    );
    await database.dataSource.query(
      `INSERT INTO directory.memberships (group_id, user_id, directory_id, created_at)
       SELECT $1, user_id, $2, now() FROM unnest($3::uuid[]) AS m(user_id)`,
      [id, into.id, memberIds],
    );
    return id;
  }

  const list = (into: DirectoryEntity, request: Partial<ScimListRequest>) =>
    service.list(into.id, { resourceType: 'User', startIndex: 1, count: 100, ...request });

  it('finds the one user whatever the case of the value, with its groups, in its directory only', async () => {
    const [ada] = await insertUsers(directory, ['Ada@Example.com', 'grace@example.com']);
    await insertUsers(other, ['ada@example.com']);
    const groupId = await insertGroup(directory, 'Engineering', [ada!]);

    const found = await list(directory, { filter: 'USERNAME eq "ada@example.COM"' });
    expect(found.totalResults).toBe(1);
    expect(found.resources).toEqual([
      expect.objectContaining({
        id: ada,
        userName: 'Ada@Example.com',
        groups: [expect.objectContaining({ value: groupId, display: 'Engineering' })],
      }),
    ]);
    await expect(list(directory, { filter: 'userName eq "nobody@example.com"' })).resolves.toEqual({
      totalResults: 0,
      resources: [],
    });
    // past the one match: the total stays, the page is empty (RFC 7644 §3.4.2.4)
    await expect(
      list(directory, { filter: 'userName eq "ada@example.com"', startIndex: 2 }),
    ).resolves.toEqual({
      totalResults: 1,
      resources: [],
    });
    // a sort that cannot change one row's order is still checked
    await expect(
      list(directory, { filter: 'userName eq "ada@example.com"', sortBy: 'noSuchAttribute' }),
    ).rejects.toMatchObject({ status: 400, scimType: 'invalidValue' });
    await expect(
      list(directory, { filter: 'userName eq "ada@example.com"', sortBy: 'name.familyName' }),
    ).resolves.toMatchObject({ totalResults: 1 });
    await expect(list(directory, { filter: 'userName eq "ada@example.com"', count: 0 })).resolves.toEqual({
      totalResults: 1,
      resources: [],
    });
  });

  it('finds a group by its displayName, with its members', async () => {
    const [lin] = await insertUsers(directory, ['lin@example.com']);
    const groupId = await insertGroup(directory, 'Sales EMEA', [lin!]);

    const found = await service.list(directory.id, {
      resourceType: 'Group',
      filter: 'displayName eq "sales emea"',
      startIndex: 1,
      count: 10,
    });
    expect(found.totalResults).toBe(1);
    expect(found.resources).toEqual([
      expect.objectContaining({
        id: groupId,
        displayName: 'Sales EMEA',
        members: [expect.objectContaining({ value: lin })],
      }),
    ]);
  });

  it('is planned for its values at each execution, so a plan made while the directory was small does not stay', async () => {
    const empty = await database.createDirectory();
    await database.dataSource.query(`ANALYZE directory.users`);
    await database.dataSource.query(`ANALYZE directory.memberships`);
    await database.dataSource.query(`ANALYZE directory.groups`);
    for (let i = 0; i < 12; i += 1) {
      await expect(list(empty, { filter: `userName eq "absent-${i}@example.com"` })).resolves.toMatchObject({
        totalResults: 0,
      });
    }
    const [statement] = await database.dataSource.query<
      Array<{ name: string; generic_plans: string; custom_plans: string }>
    >(
      `SELECT name, generic_plans, custom_plans FROM pg_prepared_statements
       WHERE name LIKE 'scimflow_read_%' AND statement LIKE '%user_name_lower%'`,
    );
    expect(statement).toBeDefined();
    // parsed once (a named statement), planned at every execution
    expect(Number(statement!.custom_plans)).toBeGreaterThanOrEqual(12);
    expect(Number(statement!.generic_plans)).toBe(0);

    // The directory grows far past its size at the last ANALYZE. A generic plan made before would still scan the
    // whole table; a plan for the values weighs the table's actual size (which index it takes still depends on
    // statistics that lag until the next ANALYZE).
    const names = Array.from({ length: 20_000 }, (_, i) => `user-${i}@example.com`);
    const ids = await insertUsers(empty, names);
    await insertGroup(empty, 'Everyone', ids.slice(0, 5_000));
    const planOf = async () =>
      (
        await database.dataSource.query<Array<{ 'QUERY PLAN': string }>>(
          `EXPLAIN EXECUTE ${statement!.name}('${empty.id}', 'user-4242@example.com')`,
        )
      )
        .map((row) => row['QUERY PLAN'])
        .join('\n');
    expect(await planOf()).not.toMatch(/Seq Scan on users/);
    await database.dataSource.query(`ANALYZE directory.users`);
    expect(await planOf()).toContain('users_directory_user_name_key');
    await expect(list(empty, { filter: 'userName eq "USER-4242@example.com"' })).resolves.toMatchObject({
      totalResults: 1,
      resources: [expect.objectContaining({ userName: 'user-4242@example.com' }) as Json],
    });
  });
});
