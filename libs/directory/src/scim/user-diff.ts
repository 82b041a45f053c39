import { EventTypes, type DirectoryUser, type EventType } from '@scimflow/contracts';
import { isDeepStrictEqual } from 'node:util';

/** Fields whose change is not a change of the user as the application sees it. */
const BOOKKEEPING = new Set([
  'id',
  'directoryId',
  'organizationId',
  'createdAt',
  'updatedAt',
  'rawAttributes',
]);

/**
 * The event a user update produces and the old values of what changed. Deactivation and reactivation are
 * their own event types (they carry the other changed fields too), so an application can revoke access on
 * one event type alone.
 */
export function describeUserChange(
  before: DirectoryUser,
  after: DirectoryUser,
): { type: EventType; previousAttributes: Record<string, unknown> } | null {
  const previousAttributes: Record<string, unknown> = {};
  for (const key of Object.keys(after) as Array<keyof DirectoryUser>) {
    if (BOOKKEEPING.has(key)) continue;
    if (!isDeepStrictEqual(before[key], after[key])) previousAttributes[key] = before[key];
  }
  const rawChanged = !isDeepStrictEqual(before.rawAttributes, after.rawAttributes);
  if (Object.keys(previousAttributes).length === 0) {
    if (!rawChanged) return null;
    // Only attributes outside the normalized shape changed (addresses, photos, ...).
    previousAttributes['rawAttributes'] = before.rawAttributes;
  }
  const type =
    before.active && !after.active
      ? EventTypes.userDeactivated
      : !before.active && after.active
        ? EventTypes.userReactivated
        : EventTypes.userUpdated;
  return { type, previousAttributes };
}
