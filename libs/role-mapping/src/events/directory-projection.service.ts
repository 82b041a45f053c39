import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrganizationMappingEntity } from '../entities/organization-mapping.entity';
import { RoleRecomputer } from '../recompute/role-recomputer.service';
import type { DirectoryChange, ProjectedGroup, ProjectedUser } from './directory-change';

/**
 * Keeps role-mapping-service's own copy of users, groups and memberships, learned only from directory events,
 * and recomputes the roles of the users a change can affect, in the caller's transaction.
 */
@Injectable()
export class DirectoryProjection {
  constructor(private readonly recomputer: RoleRecomputer) {}

  /** Applies `change`; `causationId` is the id of the directory event that carries it. */
  async apply(
    manager: EntityManager,
    change: DirectoryChange,
    causationId: string,
    now: Date,
  ): Promise<void> {
    const recompute = (userIds: string[], deletedUserIds?: ReadonlySet<string>) =>
      this.recomputer.recompute(manager, userIds, { causationId, deletedUserIds, now });
    switch (change.kind) {
      case 'user-upserted':
        await upsertUser(manager, change.user, now);
        await recompute([change.user.id]);
        return;
      case 'user-deleted': {
        // Known or not, the user is announced as holding nothing, then forgotten.
        await upsertUser(manager, change.user, now);
        await recompute([change.user.id], new Set([change.user.id]));
        await manager.query(`DELETE FROM role_mapping.user_roles WHERE user_id = $1`, [change.user.id]);
        await manager.query(`DELETE FROM role_mapping.users WHERE id = $1`, [change.user.id]);
        return;
      }
      case 'group-upserted': {
        const renamed = await upsertGroup(manager, change.group, now);
        if (renamed) await recompute(await this.membersAffectedByRename(manager, change.group));
        return;
      }
      case 'group-deleted': {
        // directory-service removes every member first (user_removed events); any left are recomputed here.
        const members = await memberIds(manager, change.group.id);
        await manager.query(`DELETE FROM role_mapping.groups WHERE id = $1`, [change.group.id]);
        await recompute(members);
        return;
      }
      case 'member-added':
      case 'member-removed': {
        await upsertUser(manager, change.user, now);
        const renamed = await upsertGroup(manager, change.group, now);
        if (change.kind === 'member-added') {
          await manager.query(
            `INSERT INTO role_mapping.memberships (user_id, group_id, directory_id) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING`,
            [change.user.id, change.group.id, change.group.directoryId],
          );
        } else {
          await manager.query(`DELETE FROM role_mapping.memberships WHERE user_id = $1 AND group_id = $2`, [
            change.user.id,
            change.group.id,
          ]);
        }
        const others = renamed ? await this.membersAffectedByRename(manager, change.group) : [];
        await recompute([change.user.id, ...others]);
        return;
      }
      case 'directory-deleted':
        // The directory and its users are gone: there is no one left to announce roles to.
        for (const table of ['user_roles', 'memberships', 'groups', 'users']) {
          await manager.query(`DELETE FROM role_mapping.${table} WHERE directory_id = $1`, [
            change.directoryId,
          ]);
        }
        return;
    }
  }

  /**
   * Applies the changes of a batch of directory events, in order, with the effect of applying them one by one but
   * with far fewer statements: consecutive changes that each touch another user, and no group's name, are applied
   * together (users, new groups and memberships written by one statement each, their roles recomputed at once and
   * the roles_updated events enqueued in the order of the events that caused them); the others (deletions,
   * renames, a second change of a user) are applied alone, between such runs.
   */
  async applyBatch(
    manager: EntityManager,
    changes: ReadonlyArray<{ change: DirectoryChange; causationId: string }>,
    now: Date,
  ): Promise<void> {
    const groups = await lockGroups(manager, changes);
    let run = new Run();
    for (const { change, causationId } of changes) {
      if (run.take(change, causationId, groups)) continue;
      await this.applyRun(manager, run, now);
      run = new Run();
      if (run.take(change, causationId, groups)) continue;
      await this.apply(manager, change, causationId, now);
      groups.learn(change);
    }
    await this.applyRun(manager, run, now);
  }

  private async applyRun(manager: EntityManager, run: Run, now: Date): Promise<void> {
    if (run.users.size > 0) {
      await manager.query(
        `INSERT INTO role_mapping.users (id, directory_id, organization_id, active, snapshot, updated_at)
         SELECT id, directory_id, organization_id, active, snapshot, $2
         FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, directory_id uuid, organization_id uuid, active boolean, snapshot jsonb)
         ORDER BY id
         ON CONFLICT (id) DO UPDATE SET active = EXCLUDED.active, snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at`,
        [
          JSON.stringify(
            [...run.users.values()].map((user) => ({
              id: user.id,
              directory_id: user.directoryId,
              organization_id: user.organizationId,
              active: user.active,
              snapshot: user.snapshot,
            })),
          ),
          now,
        ],
      );
    }
    if (run.newGroups.size > 0) {
      const created = [...run.newGroups.values()];
      await manager.query(
        `INSERT INTO role_mapping.groups (id, directory_id, organization_id, display_name, updated_at)
         SELECT id, directory_id, organization_id, display_name, $5
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[]) AS g(id, directory_id, organization_id, display_name)
         ORDER BY id
         ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name, updated_at = EXCLUDED.updated_at`,
        [
          created.map((group) => group.id),
          created.map((group) => group.directoryId),
          created.map((group) => group.organizationId),
          created.map((group) => group.displayName),
          now,
        ],
      );
    }
    if (run.added.length > 0) {
      await manager.query(
        `INSERT INTO role_mapping.memberships (user_id, group_id, directory_id)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[])
         ON CONFLICT DO NOTHING`,
        [
          run.added.map((group) => group.userId),
          run.added.map((group) => group.id),
          run.added.map((group) => group.directoryId),
        ],
      );
    }
    if (run.removed.length > 0) {
      await manager.query(
        `DELETE FROM role_mapping.memberships m
         USING unnest($1::uuid[], $2::uuid[]) AS r(user_id, group_id)
         WHERE m.user_id = r.user_id AND m.group_id = r.group_id`,
        [run.removed.map((group) => group.userId), run.removed.map((group) => group.id)],
      );
    }
    if (run.causationIds.size > 0) {
      await this.recomputer.recompute(manager, [...run.causationIds.keys()], {
        causationId: null,
        causationIds: run.causationIds,
        now,
      });
    }
  }

  /** A rename changes roles only through rules by displayName; without any, nobody needs recomputing. */
  private async membersAffectedByRename(manager: EntityManager, group: ProjectedGroup): Promise<string[]> {
    const mapping = await manager.findOne(OrganizationMappingEntity, {
      where: { organizationId: group.organizationId },
      select: ['organizationId', 'rules'],
    });
    const byName = mapping?.rules.some((rule) => 'displayName' in rule.group) ?? false;
    return byName ? memberIds(manager, group.id) : [];
  }
}

async function upsertUser(manager: EntityManager, user: ProjectedUser, now: Date): Promise<void> {
  await manager.query(
    `INSERT INTO role_mapping.users (id, directory_id, organization_id, active, snapshot, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO UPDATE SET active = EXCLUDED.active, snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at`,
    [user.id, user.directoryId, user.organizationId, user.active, JSON.stringify(user.snapshot), now],
  );
}

/** Stores the group; true when it was known under another display name (a rename). */
async function upsertGroup(manager: EntityManager, group: ProjectedGroup, now: Date): Promise<boolean> {
  const [previous] = await manager.query<Array<{ display_name: string }>>(
    `SELECT display_name FROM role_mapping.groups WHERE id = $1 FOR UPDATE`,
    [group.id],
  );
  if (previous?.display_name === group.displayName) return false;
  await manager.query(
    `INSERT INTO role_mapping.groups (id, directory_id, organization_id, display_name, updated_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name, updated_at = EXCLUDED.updated_at`,
    [group.id, group.directoryId, group.organizationId, group.displayName, now],
  );
  return previous !== undefined;
}

async function memberIds(manager: EntityManager, groupId: string): Promise<string[]> {
  const rows = await manager.query<Array<{ user_id: string }>>(
    `SELECT user_id FROM role_mapping.memberships WHERE group_id = $1`,
    [groupId],
  );
  return rows.map((row) => row.user_id);
}

/** The display name of each group a batch names, as the projection holds it while the batch is applied. */
class KnownGroups {
  constructor(private readonly names: Map<string, { displayName: string; directoryId: string }>) {}

  /** True when the projection has no such group yet or knows it under this name (no rename). */
  keepsName(group: ProjectedGroup): boolean {
    const known = this.names.get(group.id);
    return known === undefined || known.displayName === group.displayName;
  }

  isKnown(groupId: string): boolean {
    return this.names.has(groupId);
  }

  /** Records what a change applied (in a run or alone) did to groups. */
  learn(change: DirectoryChange): void {
    switch (change.kind) {
      case 'group-upserted':
      case 'member-added':
      case 'member-removed':
        this.names.set(change.group.id, {
          displayName: change.group.displayName,
          directoryId: change.group.directoryId,
        });
        return;
      case 'group-deleted':
        this.names.delete(change.group.id);
        return;
      case 'directory-deleted':
        for (const [id, group] of this.names)
          if (group.directoryId === change.directoryId) this.names.delete(id);
        return;
      default:
        return;
    }
  }
}

/** Locks the groups the changes name, in id order, and reads their names. */
async function lockGroups(
  manager: EntityManager,
  changes: ReadonlyArray<{ change: DirectoryChange }>,
): Promise<KnownGroups> {
  const ids = [
    ...new Set(changes.flatMap(({ change }) => ('group' in change ? [change.group.id] : []))),
  ].sort();
  const rows = ids.length
    ? await manager.query<Array<{ id: string; display_name: string; directory_id: string }>>(
        `SELECT id, display_name, directory_id FROM role_mapping.groups WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
        [ids],
      )
    : [];
  return new KnownGroups(
    new Map(rows.map((row) => [row.id, { displayName: row.display_name, directoryId: row.directory_id }])),
  );
}

/** Consecutive changes applied together: each of another user, none renaming a group. */
class Run {
  readonly users = new Map<string, ProjectedUser>();
  /** Per user, the event that changed it, in event order: who is recomputed, and why. */
  readonly causationIds = new Map<string, string>();
  readonly newGroups = new Map<string, ProjectedGroup>();
  readonly added: Array<ProjectedGroup & { userId: string }> = [];
  readonly removed: Array<ProjectedGroup & { userId: string }> = [];

  /** Adds the change to the run when it can be applied with the others; false when it must wait for the next. */
  take(change: DirectoryChange, causationId: string, groups: KnownGroups): boolean {
    switch (change.kind) {
      case 'user-upserted':
        if (this.users.has(change.user.id)) return false;
        this.addUser(change.user, causationId);
        return true;
      case 'group-upserted':
        if (!groups.keepsName(change.group)) return false;
        this.addGroup(change.group, groups);
        return true;
      case 'member-added':
      case 'member-removed':
        if (this.users.has(change.user.id) || !groups.keepsName(change.group)) return false;
        this.addUser(change.user, causationId);
        this.addGroup(change.group, groups);
        (change.kind === 'member-added' ? this.added : this.removed).push({
          ...change.group,
          userId: change.user.id,
        });
        return true;
      default:
        return false;
    }
  }

  private addUser(user: ProjectedUser, causationId: string): void {
    this.users.set(user.id, user);
    this.causationIds.set(user.id, causationId);
  }

  private addGroup(group: ProjectedGroup, groups: KnownGroups): void {
    if (!groups.isKnown(group.id)) this.newGroups.set(group.id, group);
    groups.learn({ kind: 'group-upserted', group });
  }
}
