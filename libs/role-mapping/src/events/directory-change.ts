import { EventTypes, type EventEnvelope } from '@scimflow/contracts';
import { isUUID } from 'class-validator';
import type { UserSnapshot } from '../entities/projected-user.entity';

/** A user as the projection keeps it. */
export interface ProjectedUser {
  id: string;
  directoryId: string;
  organizationId: string;
  active: boolean;
  snapshot: UserSnapshot;
}

/** A group as the projection keeps it. */
export interface ProjectedGroup {
  id: string;
  directoryId: string;
  organizationId: string;
  displayName: string;
}

/** What a directory event changes in the projection. */
export type DirectoryChange =
  | { kind: 'user-upserted'; user: ProjectedUser }
  | { kind: 'user-deleted'; user: ProjectedUser }
  | { kind: 'group-upserted'; group: ProjectedGroup }
  | { kind: 'group-deleted'; group: ProjectedGroup }
  | { kind: 'member-added'; user: ProjectedUser; group: ProjectedGroup }
  | { kind: 'member-removed'; user: ProjectedUser; group: ProjectedGroup }
  | { kind: 'directory-deleted'; directoryId: string };

export type ParsedDirectoryChange =
  { ok: true; change: DirectoryChange | null } | { ok: false; problems: string[] };

const USER_EVENTS = new Set<string>([
  EventTypes.userCreated,
  EventTypes.userUpdated,
  EventTypes.userDeactivated,
  EventTypes.userReactivated,
]);

/**
 * What `event` (an envelope already validated) changes for role mapping: null for the events that change
 * nothing here (token rotations, activations, the roles events this service itself caused), problems when
 * its data lacks what the projection needs.
 */
export function parseDirectoryChange(event: EventEnvelope): ParsedDirectoryChange {
  const problems: string[] = [];
  if (!isUUID(event.directoryId)) problems.push('directoryId must be a UUID');
  if (!isUUID(event.organizationId)) problems.push('organizationId must be a UUID');
  if (problems.length > 0) return { ok: false, problems };
  const data = event.data as Record<string, unknown>;
  const scope = { directoryId: event.directoryId, organizationId: event.organizationId };

  let change: DirectoryChange | null;
  if (USER_EVENTS.has(event.type)) {
    change = { kind: 'user-upserted', user: readUser(data, scope, 'data', problems) };
  } else if (event.type === EventTypes.userDeleted) {
    change = { kind: 'user-deleted', user: readUser(data, scope, 'data', problems) };
  } else if (event.type === EventTypes.groupCreated || event.type === EventTypes.groupUpdated) {
    change = { kind: 'group-upserted', group: readGroup(data, scope, 'data', problems) };
  } else if (event.type === EventTypes.groupDeleted) {
    change = { kind: 'group-deleted', group: readGroup(data, scope, 'data', problems) };
  } else if (event.type === EventTypes.groupUserAdded || event.type === EventTypes.groupUserRemoved) {
    change = {
      kind: event.type === EventTypes.groupUserAdded ? 'member-added' : 'member-removed',
      user: readUser(asRecord(data['user']), scope, 'data.user', problems),
      group: readGroup(asRecord(data['group']), scope, 'data.group', problems),
    };
  } else if (event.type === EventTypes.directoryDeleted) {
    change = { kind: 'directory-deleted', directoryId: event.directoryId };
  } else {
    change = null;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, change };
}

function readUser(
  data: Record<string, unknown>,
  scope: { directoryId: string; organizationId: string },
  path: string,
  problems: string[],
): ProjectedUser {
  const id = data['id'];
  const userName = data['userName'];
  const active = data['active'];
  if (typeof id !== 'string' || !isUUID(id)) problems.push(`${path}.id must be a UUID`);
  if (typeof userName !== 'string') problems.push(`${path}.userName must be a string`);
  if (typeof active !== 'boolean') problems.push(`${path}.active must be a boolean`);
  const snapshot: UserSnapshot = {
    id: String(id),
    userName: String(userName),
    email: optionalString(data['email'], `${path}.email`, problems),
    displayName: optionalString(data['displayName'], `${path}.displayName`, problems),
    active: active === true,
  };
  return { id: snapshot.id, ...scope, active: snapshot.active, snapshot };
}

function readGroup(
  data: Record<string, unknown>,
  scope: { directoryId: string; organizationId: string },
  path: string,
  problems: string[],
): ProjectedGroup {
  const id = data['id'];
  const displayName = data['displayName'];
  if (typeof id !== 'string' || !isUUID(id)) problems.push(`${path}.id must be a UUID`);
  if (typeof displayName !== 'string') problems.push(`${path}.displayName must be a string`);
  return { id: String(id), ...scope, displayName: String(displayName) };
}

function optionalString(value: unknown, path: string, problems: string[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') problems.push(`${path} must be a string or null`);
  return typeof value === 'string' ? value : null;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
