import { EVENT_VERSIONS, EventTypes, Topics } from '@scimflow/contracts';
import { BusHeaders, type OutgoingMessage } from '@scimflow/messaging';
import { randomUUID } from 'node:crypto';
import type { RoleGrant } from '../computation/role-mapping.types';
import type { UserSnapshot } from '../entities/projected-user.entity';

/** The data of a `directory.user.roles_updated` event. */
export interface RolesUpdatedData {
  user: UserSnapshot;
  /** The roles the user holds now, sorted by key. */
  roles: string[];
  /** The roles the user held before, sorted by key. */
  previousRoles: string[];
  /** For each role held now, the groups that grant it (none for the default role). */
  grants: RoleGrant[];
}

/**
 * What role-mapping-service publishes on access.events.v1: an event envelope without its `sequence`, which
 * directory-service assigns when it re-publishes the event on directory.events.v1, so that the event comes
 * after the directory event that caused it.
 */
export interface RolesUpdatedMessage {
  /** Generated once, stored in the outbox row: the same on every redelivery. */
  id: string;
  type: typeof EventTypes.userRolesUpdated;
  version: number;
  occurredAt: string;
  organizationId: string;
  directoryId: string;
  data: RolesUpdatedData;
  /** The directory event that caused the change; null when a mapping or role change caused it. */
  causationId: string | null;
}

/** The outbox message of a roles change, keyed by directory so that one directory's events stay in order. */
export function rolesUpdatedMessage(
  scope: { organizationId: string; directoryId: string },
  data: RolesUpdatedData,
  causationId: string | null,
  occurredAt: Date,
): OutgoingMessage {
  const event: RolesUpdatedMessage = {
    id: randomUUID(),
    type: EventTypes.userRolesUpdated,
    version: EVENT_VERSIONS[EventTypes.userRolesUpdated],
    occurredAt: occurredAt.toISOString(),
    organizationId: scope.organizationId,
    directoryId: scope.directoryId,
    data,
    causationId,
  };
  return {
    topic: Topics.accessEvents,
    key: event.directoryId,
    value: event,
    headers: { [BusHeaders.messageId]: event.id, 'event-id': event.id, 'event-type': event.type },
  };
}
