/** How the roles of a user's matching rules combine. */
export const MappingModes = {
  /** Every role of every matching rule. */
  multiple: 'multiple',
  /** The one matching role of highest priority (ties: the smallest key). */
  highestPriority: 'highest-priority',
} as const;

export type MappingMode = (typeof MappingModes)[keyof typeof MappingModes];

export const MAPPING_MODES: readonly MappingMode[] = Object.values(MappingModes);

/**
 * Which group a rule applies to: by id it follows the group through renames; by displayName (compared
 * case-insensitively with the group's current name) it survives the group being deleted and recreated.
 */
export type GroupSelector = { id: string } | { displayName: string };

export interface MappingRule {
  group: GroupSelector;
  /** Role keys granted to the members of the group. */
  roles: string[];
}

/** An organization's group→role mapping. */
export interface RoleMapping {
  mode: MappingMode;
  /** Granted when no rule matches; null for none. */
  defaultRole: string | null;
  rules: MappingRule[];
}

/** Why a user holds a role: the groups that grant it (none for the default role). */
export interface RoleGrant {
  role: string;
  groupIds: string[];
}

/** The roles a user holds, sorted by key, with their grants in the same order. */
export interface RoleAssignment {
  roles: string[];
  grants: RoleGrant[];
}

/** What the computation needs to know about a user. */
export interface UserMembership {
  active: boolean;
  groups: Array<{ id: string; displayName: string }>;
}
