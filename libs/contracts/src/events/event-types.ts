/** Every event type of the catalog. The `version` of each type's payload is in EVENT_VERSIONS. */
export const EventTypes = {
  directoryActivated: 'directory.activated',
  directoryTokenRotated: 'directory.token_rotated',
  directoryDeleted: 'directory.deleted',
  userCreated: 'directory.user.created',
  userUpdated: 'directory.user.updated',
  userDeactivated: 'directory.user.deactivated',
  userReactivated: 'directory.user.reactivated',
  userDeleted: 'directory.user.deleted',
  groupCreated: 'directory.group.created',
  groupUpdated: 'directory.group.updated',
  groupDeleted: 'directory.group.deleted',
  groupUserAdded: 'directory.group.user_added',
  groupUserRemoved: 'directory.group.user_removed',
  userRolesUpdated: 'directory.user.roles_updated',
} as const;

export type EventType = (typeof EventTypes)[keyof typeof EventTypes];

export const EVENT_TYPES: readonly EventType[] = Object.values(EventTypes);

/** Current payload version of each event type. A breaking change bumps it and publishes both for a while. */
export const EVENT_VERSIONS: Readonly<Record<EventType, number>> = Object.fromEntries(
  EVENT_TYPES.map((type) => [type, 1]),
) as Record<EventType, number>;

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}
