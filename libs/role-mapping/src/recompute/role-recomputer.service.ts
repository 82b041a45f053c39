import { Injectable } from '@nestjs/common';
import type { OutgoingMessage } from '@scimflow/messaging';
import { Outbox } from '@scimflow/persistence';
import { isDeepStrictEqual } from 'node:util';
import type { EntityManager } from 'typeorm';
import { computeRoles, sameRoles } from '../computation/compute-roles';
import type { RoleAssignment } from '../computation/role-mapping.types';
import { rolesUpdatedMessage } from '../events/roles-updated-message';
import { loadEffectiveMappings, loadRoleCatalog } from './effective-mappings';
import { loadUsersById, lockStoredRoles } from './user-membership-rows';

/** Users locked, loaded and written per statement. */
const CHUNK = 1000;

/** Why users are recomputed. */
export interface RecomputeCause {
  /** The directory event that caused it, or null for a mapping or role change. */
  causationId: string | null;
  /**
   * Per user, the directory event that caused it (overrides causationId). The roles_updated events are then
   * enqueued together at the end, in the order of this map (the order the events happened), not in user id order.
   */
  causationIds?: ReadonlyMap<string, string>;
  /** Users that are being deleted: they hold nothing from now on. */
  deletedUserIds?: ReadonlySet<string>;
  now: Date;
}

/**
 * Recomputes users' roles inside the caller's transaction: stores the new assignment and, for each user whose
 * set of roles changed, enqueues a roles_updated event in the outbox. A user whose set is unchanged produces no
 * event, so recomputing again (a replayed directory event, a resumed job) is harmless.
 */
@Injectable()
export class RoleRecomputer {
  /** Returns how many roles_updated events were enqueued. */
  async recompute(
    manager: EntityManager,
    userIds: readonly string[],
    cause: RecomputeCause,
  ): Promise<number> {
    const ids = [...new Set(userIds)].sort();
    if (ids.length === 0) return 0;
    const catalog = await loadRoleCatalog(manager);
    const { causationIds } = cause;
    const rank = causationIds && new Map([...causationIds.keys()].map((userId, index) => [userId, index]));
    const later: Array<{ rank: number; message: OutgoingMessage }> = [];
    let enqueued = 0;
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = ids.slice(start, start + CHUNK);
      const stored = await lockStoredRoles(manager, chunk, cause.now);
      const users = await loadUsersById(manager, chunk);
      const mappingOf = await loadEffectiveMappings(
        manager,
        users.map((user) => user.organizationId),
        catalog,
      );
      const updates: Array<{ user_id: string; roles: string[]; grants: RoleAssignment['grants'] }> = [];
      const messages: OutgoingMessage[] = [];
      for (const user of users) {
        const deleted = cause.deletedUserIds?.has(user.id) ?? false;
        const next = computeRoles(deleted ? null : user, mappingOf(user.organizationId), catalog.priorities);
        const previous = stored.get(user.id) ?? { roles: [], grants: [] };
        const previousRoles = previous.roles;
        if (!sameRoles(previousRoles, next.roles)) {
          messages.push(
            rolesUpdatedMessage(
              user,
              {
                user: user.snapshot,
                roles: next.roles,
                previousRoles: [...previousRoles].sort(),
                grants: next.grants,
              },
              causationIds?.get(user.id) ?? cause.causationId,
              cause.now,
            ),
          );
          if (rank)
            later.push({ rank: rank.get(user.id) ?? rank.size, message: messages[messages.length - 1] });
        }
        if (
          !isDeepStrictEqual(previousRoles, next.roles) ||
          !isDeepStrictEqual(previous.grants, next.grants)
        ) {
          updates.push({ user_id: user.id, roles: next.roles, grants: next.grants });
        }
      }
      if (updates.length > 0) {
        await manager.query(
          `UPDATE role_mapping.user_roles AS r
              SET roles = ARRAY(SELECT jsonb_array_elements_text(v.roles)), grants = v.grants, updated_at = $2
             FROM jsonb_to_recordset($1::jsonb) AS v(user_id uuid, roles jsonb, grants jsonb)
            WHERE r.user_id = v.user_id`,
          [JSON.stringify(updates), cause.now],
        );
      }
      if (!rank) await Outbox.enqueue(manager, messages);
      enqueued += messages.length;
    }
    if (rank) {
      later.sort((a, b) => a.rank - b.rank);
      await Outbox.enqueue(
        manager,
        later.map((entry) => entry.message),
      );
    }
    return enqueued;
  }
}
