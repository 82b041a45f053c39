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
