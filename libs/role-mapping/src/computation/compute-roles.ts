import {
  MappingModes,
  type GroupSelector,
  type RoleAssignment,
  type RoleMapping,
  type UserMembership,
} from './role-mapping.types';

const NO_ROLES: RoleAssignment = { roles: [], grants: [] };

/**
 * The roles `user` holds under `mapping`. `priorities` is the catalog of roles (key → priority): a key that is
 * not in it grants nothing, so a role deleted while a mapping still names it never reaches a user. A deleted
 * (null) or deactivated user holds no role. Pure: the same inputs always give the same, sorted, output.
 */
export function computeRoles(
  user: UserMembership | null,
  mapping: RoleMapping,
  priorities: ReadonlyMap<string, number>,
): RoleAssignment {
  if (!user || !user.active) return NO_ROLES;
  const grantingGroups = new Map<string, Set<string>>();
  for (const rule of mapping.rules) {
    const matching = user.groups.filter((group) => selects(rule.group, group));
    if (matching.length === 0) continue;
    for (const role of rule.roles) {
      if (!priorities.has(role)) continue;
      let groups = grantingGroups.get(role);
      if (!groups) grantingGroups.set(role, (groups = new Set()));
      for (const group of matching) groups.add(group.id);
    }
  }
  if (grantingGroups.size === 0) {
    const fallback = mapping.defaultRole;
    return fallback !== null && priorities.has(fallback)
      ? { roles: [fallback], grants: [{ role: fallback, groupIds: [] }] }
      : NO_ROLES;
  }
  let granted = [...grantingGroups].sort(([a], [b]) => byKey(a, b));
  if (mapping.mode === MappingModes.highestPriority) {
    const priorityOf = (role: string) => priorities.get(role) ?? 0;
    // Sorted by key first, and only a strictly higher priority replaces: ties go to the smallest key.
    granted = [granted.reduce((best, entry) => (priorityOf(entry[0]) > priorityOf(best[0]) ? entry : best))];
  }
  return {
    roles: granted.map(([role]) => role),
    grants: granted.map(([role, groups]) => ({ role, groupIds: [...groups].sort(byKey) })),
  };
}

/** True when two role lists hold the same keys (order and duplicates aside). */
export function sameRoles(left: readonly string[], right: readonly string[]): boolean {
  const a = [...new Set(left)].sort(byKey);
  const b = [...new Set(right)].sort(byKey);
  return a.length === b.length && a.every((role, index) => role === b[index]);
}

function selects(selector: GroupSelector, group: { id: string; displayName: string }): boolean {
  return 'id' in selector
    ? selector.id === group.id
    : selector.displayName.toLowerCase() === group.displayName.toLowerCase();
}

// Code-point order, not locale order: the result must not depend on the machine's locale.
function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
