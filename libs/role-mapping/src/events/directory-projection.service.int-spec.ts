import { createDataSource, runInTransaction } from '@scimflow/persistence';
import { dropTestDatabase, testDatabase } from '@scimflow/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { MappingModes } from '../computation/role-mapping.types';
import { ROLE_MAPPING_ENTITIES } from '../entities';
import { OrganizationMappingEntity } from '../entities/organization-mapping.entity';
import { RoleEntity } from '../entities/role.entity';
import { ROLE_MAPPING_MIGRATIONS } from '../migrations';
import { RoleRecomputer } from '../recompute/role-recomputer.service';
import type { DirectoryChange, ProjectedGroup, ProjectedUser } from './directory-change';
import { DirectoryProjection } from './directory-projection.service';
import type { RolesUpdatedMessage } from './roles-updated-message';

/** One organization's directory, with readable names for its ids. */
class Scenario {
  readonly organizationId = randomUUID();
  readonly directoryId = randomUUID();
  readonly names = new Map<string, string>();
  private readonly ids = new Map<string, string>();

  id(name: string): string {
    let id = this.ids.get(name);
    if (!id) {
      id = randomUUID();
      this.ids.set(name, id);
      this.names.set(id, name);
    }
    return id;
  }

  user(name: string, active = true): ProjectedUser {
    const id = this.id(name);
    const scope = { directoryId: this.directoryId, organizationId: this.organizationId };
    return { id, ...scope, active, snapshot: { id, userName: name, email: null, displayName: name, active } };
  }

  group(name: string, displayName: string): ProjectedGroup {
    return {
      id: this.id(name),
      directoryId: this.directoryId,
      organizationId: this.organizationId,
      displayName,
    };
  }

  /** Every kind of change: runs of several users, repeats of a user, renames, deletions. */
  changes(): Array<{ change: DirectoryChange; causationId: string }> {
    const changes: DirectoryChange[] = [
      { kind: 'user-upserted', user: this.user('ada') },
      { kind: 'user-upserted', user: this.user('bob') },
      { kind: 'group-upserted', group: this.group('admins', 'Admins') },
      { kind: 'member-added', user: this.user('ada'), group: this.group('admins', 'Admins') },
      { kind: 'member-added', user: this.user('bob'), group: this.group('admins', 'Admins') },
      { kind: 'member-added', user: this.user('cy'), group: this.group('staff', 'Staff') },
      { kind: 'user-upserted', user: this.user('ada', false) },
      { kind: 'group-upserted', group: this.group('admins', 'Former admins') },
      { kind: 'member-added', user: this.user('dee'), group: this.group('admins', 'Admins') },
      { kind: 'member-removed', user: this.user('bob'), group: this.group('admins', 'Admins') },
      { kind: 'user-deleted', user: this.user('cy') },
      { kind: 'member-added', user: this.user('eve'), group: this.group('staff', 'Staff') },
      { kind: 'group-deleted', group: this.group('staff', 'Staff') },
      { kind: 'user-upserted', user: this.user('bob') },
    ];
    return changes.map((change, index) => ({ change, causationId: this.id(`event-${index}`) }));
  }
}

describe(DirectoryProjection.name, () => {
  let url: string;
  let dataSource: DataSource;
  const projection = new DirectoryProjection(new RoleRecomputer());

  beforeAll(async () => {
    url = await testDatabase('role_mapping_projection');
    dataSource = await createDataSource({
      schema: 'role_mapping',
      entities: ROLE_MAPPING_ENTITIES,
      migrations: ROLE_MAPPING_MIGRATIONS,
      connection: { kind: 'postgres', url, poolSize: 4 },
    });
    await dataSource.getRepository(RoleEntity).save([
      { key: 'admin', name: 'Admin', priority: 10 },
      { key: 'staff', name: 'Staff', priority: 5 },
      { key: 'member', name: 'Member', priority: 1, isDefault: true },
    ]);
  }, 120_000);

  afterAll(async () => {
    await dataSource?.destroy();
    if (url) await dropTestDatabase(url);
  }, 60_000);

  async function organization(): Promise<Scenario> {
    const scenario = new Scenario();
    await dataSource.getRepository(OrganizationMappingEntity).save({
      organizationId: scenario.organizationId,
      mode: MappingModes.multiple,
      defaultRole: 'member',
      rules: [
        { group: { displayName: 'admins' }, roles: ['admin'] },
        { group: { id: scenario.id('staff') }, roles: ['staff'] },
      ],
      version: 1,
      updatedAt: new Date(),
    });
    return scenario;
  }

  /** What the projection holds and announced, in names rather than ids. */
  async function outcome(scenario: Scenario) {
    const name = (id: string | null): string => (id === null ? 'none' : (scenario.names.get(id) ?? id));
    const outbox = await dataSource.query<Array<{ payload: RolesUpdatedMessage }>>(
      `SELECT payload FROM role_mapping.outbox WHERE key = $1 ORDER BY position`,
      [scenario.directoryId],
    );
    const roles = await dataSource.query<Array<{ user_id: string; roles: string[] }>>(
      `SELECT user_id, roles FROM role_mapping.user_roles WHERE directory_id = $1`,
      [scenario.directoryId],
    );
    const members = await dataSource.query<Array<{ user_id: string; group_id: string }>>(
      `SELECT user_id, group_id FROM role_mapping.memberships WHERE directory_id = $1`,
      [scenario.directoryId],
    );
    // In event order; the users one event affects are announced in id order, and ids differ between scenarios.
    const announced: Array<{ causation: string; users: string[] }> = [];
    for (const { payload } of outbox) {
      const causation = name(payload.causationId);
      const entry = `${name(payload.data.user.id)}: ${payload.data.previousRoles.join(',')} -> ${payload.data.roles.join(',')}`;
      const last = announced[announced.length - 1];
      if (last?.causation === causation) last.users = [...last.users, entry].sort();
      else announced.push({ causation, users: [entry] });
    }
    return {
      announced,
      roles: roles.map((row) => [name(row.user_id), row.roles]).sort(),
      members: members.map((row) => [name(row.user_id), name(row.group_id)]).sort(),
    };
  }

  it('applies a batch with the same effect, and the same roles_updated events in the same order, as one by one', async () => {
    const oneByOne = await organization();
    for (const { change, causationId } of oneByOne.changes()) {
      await runInTransaction(dataSource, (manager) =>
        projection.apply(manager, change, causationId, new Date()),
      );
    }
    const batched = await organization();

    await runInTransaction(dataSource, (manager) =>
      projection.applyBatch(manager, batched.changes(), new Date()),
    );

    const expected = await outcome(oneByOne);
    expect(expected.announced.length).toBeGreaterThan(5);
    expect(await outcome(batched)).toEqual(expected);
  });

  it.each([1, 2, 3, 5, 8])('gives the same outcome when the changes come in batches of %i', async (size) => {
    const oneByOne = await organization();
    for (const { change, causationId } of oneByOne.changes()) {
      await runInTransaction(dataSource, (manager) =>
        projection.apply(manager, change, causationId, new Date()),
      );
    }
    const batched = await organization();
    const changes = batched.changes();

    for (let start = 0; start < changes.length; start += size) {
      await runInTransaction(dataSource, (manager) =>
        projection.applyBatch(manager, changes.slice(start, start + size), new Date()),
      );
    }

    expect(await outcome(batched)).toEqual(await outcome(oneByOne));
  });
});
