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

/** The SCIM representation of a stored user (before attribute projection). */
export function toScimUser(user: UserEntity, baseUrl: string): Json {
  return {
    ...user.attributes,
    schemas: schemasOf(user.attributes, CORE_USER_URN),
    id: user.id,
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
