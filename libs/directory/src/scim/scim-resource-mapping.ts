import type { DirectoryGroup, DirectoryUser } from '@scimflow/contracts';
import type { GroupEntity } from '../entities/group.entity';
import type { UserEntity } from '../entities/user.entity';

export const CORE_USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const CORE_GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function multiValued(value: unknown): Array<{ value: string; type?: string; primary?: boolean }> {
  if (!Array.isArray(value)) return [];
  return value
    .map(asObject)
    .filter((item): item is Json => item !== null && typeof item['value'] === 'string')
    .map((item) => ({
      value: item['value'] as string,
      ...(typeof item['type'] === 'string' ? { type: item['type'] } : {}),
      ...(typeof item['primary'] === 'boolean' ? { primary: item['primary'] } : {}),
    }));
}

/** The primary email, else the first one. */
export function primaryEmail(attributes: Json): string | null {
  const emails = multiValued(attributes['emails']);
  return (emails.find((email) => email.primary) ?? emails[0])?.value ?? null;
}

/** Columns derived from a stored SCIM user resource (attributes exclude id and meta). */
export function userColumns(
  attributes: Json,
): Pick<UserEntity, 'userName' | 'userNameLower' | 'externalId' | 'emailLower' | 'displayName' | 'active'> {
  const userName = String(attributes['userName']);
  const email = primaryEmail(attributes);
  return {
    userName,
    userNameLower: userName.toLowerCase(),
    externalId: asString(attributes['externalId']),
    emailLower: email?.toLowerCase() ?? null,
    displayName: asString(attributes['displayName']),
    // RFC 7643: a user without `active` is active unless said otherwise.
    active: attributes['active'] !== false,
  };
}

export function groupColumns(
  attributes: Json,
): Pick<GroupEntity, 'displayName' | 'displayNameLower' | 'externalId'> {
  const displayName = String(attributes['displayName']);
  return {
    displayName,
    displayNameLower: displayName.toLowerCase(),
    externalId: asString(attributes['externalId']),
  };
}

export function etagOf(version: number): string {
  return `W/"${version}"`;
}

/** The user as the application sees it (management API, events, webhooks). */
export function toDirectoryUser(user: UserEntity): DirectoryUser {
  const attributes = user.attributes;
  const name = asObject(attributes['name']) ?? {};
  const enterprise = asObject(attributes[ENTERPRISE_USER_URN]) ?? {};
  const manager = enterprise['manager'];
  const managerObject = asObject(manager);
  const customAttributes = Object.fromEntries(
    Object.entries(attributes).filter(([key]) => key.startsWith('urn:') && key !== ENTERPRISE_USER_URN),
  );
  return {
    id: user.id,
    directoryId: user.directoryId,
    organizationId: user.organizationId,
    externalId: user.externalId,
    userName: user.userName,
    email: primaryEmail(attributes),
    emails: multiValued(attributes['emails']),
    givenName: asString(name['givenName']),
    familyName: asString(name['familyName']),
    displayName: asString(attributes['displayName']),
    active: user.active,
    title: asString(attributes['title']),
    department: asString(enterprise['department']),
    employeeNumber: asString(enterprise['employeeNumber']),
    costCenter: asString(enterprise['costCenter']),
    division: asString(enterprise['division']),
    manager:
      typeof manager === 'string'
        ? { value: manager, displayName: null }
        : managerObject
          ? { value: asString(managerObject['value']), displayName: asString(managerObject['displayName']) }
          : null,
    phoneNumbers: multiValued(attributes['phoneNumbers']),
    locale: asString(attributes['locale']),
    customAttributes,
    rawAttributes: { ...attributes, id: user.id },
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export function toDirectoryGroup(group: GroupEntity): DirectoryGroup {
  return {
    id: group.id,
    directoryId: group.directoryId,
    organizationId: group.organizationId,
    externalId: group.externalId,
    displayName: group.displayName,
    memberCount: group.memberCount,
    rawAttributes: { ...group.attributes, id: group.id },
    createdAt: group.createdAt.toISOString(),
    updatedAt: group.updatedAt.toISOString(),
  };
}

/** A group a user belongs to, as the user's read-only `groups` lists it. */
export interface GroupRef {
  id: string;
  display: string | null;
}

/**
 * SQL of the groups of the user `alias.id` as a json array of {id, display} (NULL when none), in a stable order:
 * a column of the statement that reads the user, so a read pays no round trip for them.
 */
export function userGroupsColumn(alias: string): string {
  return `(SELECT json_agg(json_build_object('id', ug.id, 'display', ug.display_name) ORDER BY ug.display_name_lower, ug.id)
             FROM directory.memberships um JOIN directory.groups ug ON ug.id = um.group_id
            WHERE um.user_id = ${alias}.id) AS scimflow_groups`;
}

/** The groups read by {@link userGroupsColumn} from a row. */
export function groupRefsOf(row: Readonly<Record<string, unknown>>): GroupRef[] {
  const value = row['scimflow_groups'];
  return Array.isArray(value) ? (value as GroupRef[]) : [];
}

/**
 * The SCIM representation of a stored user (before attribute projection). `groups` is the user's read-only
 * attribute (RFC 7643 §4.1.2), derived from the memberships, never stored: direct memberships only, as groups do not
 * nest here.
 */
export function toScimUser(user: UserEntity, baseUrl: string, groups: readonly GroupRef[] = []): Json {
  return {
    ...user.attributes,
    schemas: schemasOf(user.attributes, CORE_USER_URN),
    id: user.id,
    ...(groups.length === 0
      ? {}
      : {
          groups: groups.map((group) => ({
            value: group.id,
            $ref: `${baseUrl}/Groups/${group.id}`,
            ...(group.display !== null ? { display: group.display } : {}),
            type: 'direct',
          })),
        }),
    meta: {
      resourceType: 'User',
      created: user.createdAt.toISOString(),
      lastModified: user.updatedAt.toISOString(),
      location: `${baseUrl}/Users/${user.id}`,
      version: etagOf(user.version),
    },
  };
}

export interface MemberRef {
  id: string;
  display: string | null;
}

export function toScimGroup(group: GroupEntity, members: MemberRef[] | null, baseUrl: string): Json {
  return {
    ...group.attributes,
    schemas: schemasOf(group.attributes, CORE_GROUP_URN),
    id: group.id,
    ...(members === null
      ? {}
      : {
          members: members.map((member) => ({
            value: member.id,
            ...(member.display !== null ? { display: member.display } : {}),
            $ref: `${baseUrl}/Users/${member.id}`,
            type: 'User',
          })),
        }),
    meta: {
      resourceType: 'Group',
      created: group.createdAt.toISOString(),
      lastModified: group.updatedAt.toISOString(),
      location: `${baseUrl}/Groups/${group.id}`,
      version: etagOf(group.version),
    },
  };
}

/** Core URN first, then the extension URNs the resource really carries. */
function schemasOf(attributes: Json, coreUrn: string): string[] {
  const extensions = Object.keys(attributes).filter((key) => key.startsWith('urn:') && key !== coreUrn);
  return [coreUrn, ...extensions];
}
