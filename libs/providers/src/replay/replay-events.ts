import { EventTypes, type EventType } from '@scimflow/contracts';

/**
 * The event types scenarios speak about. Other types (directory.activated, roles_updated, …) depend on the
 * directory's configuration rather than on the SCIM traffic, so the runner ignores them.
 */
export const REPLAY_EVENT_TYPES: readonly EventType[] = [
  EventTypes.userCreated,
  EventTypes.userUpdated,
  EventTypes.userDeactivated,
  EventTypes.userReactivated,
  EventTypes.userDeleted,
  EventTypes.groupCreated,
  EventTypes.groupUpdated,
  EventTypes.groupDeleted,
  EventTypes.groupUserAdded,
  EventTypes.groupUserRemoved,
];

export function isReplayEventType(type: string): type is EventType {
  return (REPLAY_EVENT_TYPES as readonly string[]).includes(type);
}
