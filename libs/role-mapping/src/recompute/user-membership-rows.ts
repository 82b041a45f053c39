import type { EntityManager } from 'typeorm';
import type { RoleGrant } from '../computation/role-mapping.types';
import type { UserSnapshot } from '../entities/projected-user.entity';

/** A projected user with its groups. */
export interface UserMembershipRow {
  id: string;
  directoryId: string;
  organizationId: string;
  active: boolean;
  snapshot: UserSnapshot;
  groups: Array<{ id: string; displayName: string }>;
}

/** The roles last announced for a user. */
export interface StoredRoles {
  roles: string[];
  grants: RoleGrant[];
}

type UserRow = Omit<UserMembershipRow, 'groups'>;

const USER_COLUMNS = `u.id, u.directory_id AS "directoryId", u.organization_id AS "organizationId", u.active, u.snapshot`;

/** The users among `userIds` that the projection knows, with their groups, in id order. */
export async function loadUsersById(
  manager: EntityManager,
  userIds: readonly string[],
): Promise<UserMembershipRow[]> {
  const users = await manager.query<UserRow[]>(
    `SELECT ${USER_COLUMNS} FROM role_mapping.users u WHERE u.id = ANY($1::uuid[]) ORDER BY u.id`,
    [userIds],
  );
  return withGroups(manager, users);
}

/**
 * The next `limit` users of an organization after `afterUserId` (null: from the first), in id order, with
 * their groups and the roles last announced for them (empty when none ever were).
 */
export async function loadOrganizationUsers(
  manager: EntityManager,
  organizationId: string,
  afterUserId: string | null,
  limit: number,
): Promise<Array<UserMembershipRow & { storedRoles: string[] }>> {
  const users = await manager.query<Array<UserRow & { storedRoles: string[] | null }>>(
    `SELECT ${USER_COLUMNS}, r.roles AS "storedRoles"
       FROM role_mapping.users u LEFT JOIN role_mapping.user_roles r ON r.user_id = u.id
      WHERE u.organization_id = $1 AND ($2::uuid IS NULL OR u.id > $2::uuid) ORDER BY u.id LIMIT $3`,
    [organizationId, afterUserId, limit],
  );
  const withMemberships = await withGroups(manager, users);
  return withMemberships.map((user) => ({ ...user, storedRoles: user.storedRoles ?? [] }));
}

/**
 * Locks the user_roles rows of `userIds` in id order (creating empty ones for users the projection knows but
 * that never had any), and returns what they hold. A consumer and a recompute job touching the same user thus
 * run one after the other, the second one reading what the first stored.
 */
export async function lockStoredRoles(
  manager: EntityManager,
  userIds: readonly string[],
  now: Date,
): Promise<Map<string, StoredRoles>> {
  const lock = (ids: readonly string[]) =>
    manager.query<Array<StoredRoles & { user_id: string }>>(
      `SELECT user_id, roles, grants FROM role_mapping.user_roles
        WHERE user_id = ANY($1::uuid[]) ORDER BY user_id FOR UPDATE`,
      [ids],
    );
  const rows = await lock(userIds);
  const found = new Set(rows.map((row) => row.user_id));
  const missing = userIds.filter((id) => !found.has(id));
  if (missing.length > 0) {
    await manager.query(
      `INSERT INTO role_mapping.user_roles (user_id, directory_id, organization_id, roles, grants, updated_at)
       SELECT id, directory_id, organization_id, '{}', '[]', $2 FROM role_mapping.users
        WHERE id = ANY($1::uuid[]) ORDER BY id
       ON CONFLICT (user_id) DO NOTHING`,
      [missing, now],
    );
    // Another transaction may have created some of them meanwhile: read what it stored.
    rows.push(...(await lock(missing)));
  }
  return new Map(rows.map((row) => [row.user_id, { roles: row.roles, grants: row.grants }]));
}

async function withGroups<T extends UserRow>(
  manager: EntityManager,
  users: T[],
): Promise<Array<T & Pick<UserMembershipRow, 'groups'>>> {
  if (users.length === 0) return [];
  const memberships = await manager.query<Array<{ user_id: string; group_id: string; display_name: string }>>(
    `SELECT m.user_id, m.group_id, g.display_name
       FROM role_mapping.memberships m JOIN role_mapping.groups g ON g.id = m.group_id
      WHERE m.user_id = ANY($1::uuid[])`,
    [users.map((user) => user.id)],
  );
  const groupsOf = new Map<string, UserMembershipRow['groups']>();
  for (const membership of memberships) {
    let groups = groupsOf.get(membership.user_id);
    if (!groups) groupsOf.set(membership.user_id, (groups = []));
    groups.push({ id: membership.group_id, displayName: membership.display_name });
  }
  return users.map((user) => ({ ...user, groups: groupsOf.get(user.id) ?? [] }));
}
