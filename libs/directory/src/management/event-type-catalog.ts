import { EVENT_TYPES, EVENT_VERSIONS, type EventType } from '@scimflow/contracts';
import type { EventTypeDto } from './dto/event-type.dto';

// A Record over EventType: adding a type to the contracts without describing it here fails to compile.
const DESCRIPTIONS: Readonly<Record<EventType, string>> = {
  'directory.activated': 'The identity provider made its first successful SCIM write to the directory.',
  'directory.token_rotated':
    "The directory's SCIM bearer token was replaced; the previous one works until previousTokenExpiresAt.",
  'directory.deleted':
    'The directory was deleted with its users, groups and memberships; no further events follow.',
  'directory.user.created': 'A user was provisioned. data: the user.',
  'directory.user.updated':
    'Attributes of a user changed. data: the user; previousAttributes: the old values.',
  'directory.user.deactivated': 'A user was suspended (active set to false). data: the user.',
  'directory.user.reactivated': 'A suspended user was made active again. data: the user.',
  'directory.user.deleted':
    'A user was deprovisioned; a user_removed event precedes it for each of its groups. data: the user as last known.',
  'directory.group.created': 'A group was provisioned. data: the group.',
  'directory.group.updated': 'Attributes of a group changed, such as its name. data: the group.',
  'directory.group.deleted':
    'A group was removed; each of its members got a user_removed event first. data: the group as last known.',
  'directory.group.user_added': 'A user became a member of a group. data: the group and the user.',
  'directory.group.user_removed': 'A user stopped being a member of a group. data: the group and the user.',
  'directory.user.roles_updated':
    'The roles a user holds through group→role mapping changed. data: the user and its roles.',
};

/** Every event type with its current payload version and what it means, in catalog order. */
export function eventTypeCatalog(): EventTypeDto[] {
  return EVENT_TYPES.map((type) => ({
    type,
    version: EVENT_VERSIONS[type],
    description: DESCRIPTIONS[type],
  }));
}
