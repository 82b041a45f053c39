/** A user as the reference model keeps it: the attributes the workload writes and reads back. */
export interface ModelUser {
  id: string;
  userName: string;
  displayName: string | null;
  externalId: string | null;
  active: boolean;
}

/** A group as the reference model keeps it. */
export interface ModelGroup {
  id: string;
  displayName: string;
  externalId: string | null;
  members: Set<string>;
}

/** A group→role rule by display name (case-insensitive), as the test configures role mapping. */
export interface RoleRule {
  groupDisplayName: string;
  role: string;
}

/**
 * What one directory must hold, computed only from the answers the identity provider got: each method is called
 * when a write was acknowledged (2xx), or when a retry proved that an earlier unacknowledged attempt had applied
 * it. Every method refuses a change that contradicts the model, because that means the workload itself is wrong.
 */
export class DirectoryModel {
  readonly users = new Map<string, ModelUser>();
  readonly groups = new Map<string, ModelGroup>();

  constructor(readonly directoryId: string) {}

  addUser(user: ModelUser): void {
    if (this.users.has(user.id)) throw new Error(`model: user ${user.id} created twice`);
    this.users.set(user.id, { ...user });
  }

  replaceUser(user: ModelUser): void {
    if (!this.users.has(user.id)) throw new Error(`model: update of unknown user ${user.id}`);
    this.users.set(user.id, { ...user });
  }

  /** Deleting a user also ends its memberships. */
  deleteUser(id: string): void {
    if (!this.users.delete(id)) throw new Error(`model: delete of unknown user ${id}`);
    for (const group of this.groups.values()) group.members.delete(id);
  }

  addGroup(group: ModelGroup): void {
    if (this.groups.has(group.id)) throw new Error(`model: group ${group.id} created twice`);
    this.assertUsers(group.members);
    this.groups.set(group.id, { ...group, members: new Set(group.members) });
  }

  addMembers(groupId: string, userIds: Iterable<string>): void {
    const group = this.group(groupId);
    for (const id of userIds) {
      this.assertUsers([id]);
      group.members.add(id);
    }
  }

  removeMembers(groupId: string, userIds: Iterable<string>): void {
    const group = this.group(groupId);
    for (const id of userIds) group.members.delete(id);
  }

  setMembers(groupId: string, userIds: Iterable<string>): void {
    const members = new Set(userIds);
    this.assertUsers(members);
    this.group(groupId).members = members;
  }

  renameGroup(groupId: string, displayName: string): void {
    this.group(groupId).displayName = displayName;
  }

  deleteGroup(groupId: string): void {
    if (!this.groups.delete(groupId)) throw new Error(`model: delete of unknown group ${groupId}`);
  }

  group(groupId: string): ModelGroup {
    const group = this.groups.get(groupId);
    if (!group) throw new Error(`model: unknown group ${groupId}`);
    return group;
  }

  /** The groups `userId` belongs to. */
  groupsOf(userId: string): ModelGroup[] {
    return [...this.groups.values()].filter((group) => group.members.has(userId));
  }

  /**
   * The roles each user must hold: the roles of every rule naming one of its groups, none for an inactive user.
   * Computed here from the rules, independently of role-mapping-service's own code.
   */
  expectedRoles(rules: readonly RoleRule[]): Map<string, string[]> {
    const roles = new Map<string, string[]>();
    for (const user of this.users.values()) {
      roles.set(user.id, user.active ? rolesFor(this.groupsOf(user.id), rules) : []);
    }
    return roles;
  }

  private assertUsers(ids: Iterable<string>): void {
    for (const id of ids) {
      if (!this.users.has(id)) throw new Error(`model: member ${id} is not a user of the directory`);
    }
  }
}

/** The sorted, distinct roles that `rules` grant to a member of `groups`. */
export function rolesFor(
  groups: ReadonlyArray<{ displayName: string }>,
  rules: readonly RoleRule[],
): string[] {
  const names = new Set(groups.map((group) => group.displayName.toLowerCase()));
  const roles = new Set(
    rules.filter((rule) => names.has(rule.groupDisplayName.toLowerCase())).map((rule) => rule.role),
  );
  return [...roles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
