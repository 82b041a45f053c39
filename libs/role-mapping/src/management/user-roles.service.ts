import { Inject, Injectable } from '@nestjs/common';
import { ManagementApiException } from '@scimflow/service-kit';
import { isUUID } from 'class-validator';
import type { DataSource } from 'typeorm';
import type { RoleGrant } from '../computation/role-mapping.types';
import { ROLE_MAPPING_DATA_SOURCE } from '../role-mapping.tokens';
import type { UserRolesDto } from './dto/user-roles.dto';

/** The roles a user holds, with the groups that grant them, as last announced to the application. */
@Injectable()
export class UserRolesService {
  constructor(@Inject(ROLE_MAPPING_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async get(directoryId: string, userId: string): Promise<UserRolesDto> {
    const [row] =
      isUUID(directoryId) && isUUID(userId)
        ? await this.dataSource.query<Array<{ grants: RoleGrant[] | null }>>(
            `SELECT r.grants FROM role_mapping.users u LEFT JOIN role_mapping.user_roles r ON r.user_id = u.id
              WHERE u.id = $1 AND u.directory_id = $2`,
            [userId, directoryId],
          )
        : [];
    if (!row) throw ManagementApiException.notFound('User', userId);
    const grants = row.grants ?? [];
    if (grants.length === 0) return { roles: [] };
    const roles = await this.dataSource.query<Array<{ key: string; name: string }>>(
      `SELECT key, name FROM role_mapping.roles WHERE key = ANY($1::text[])`,
      [grants.map((grant) => grant.role)],
    );
    const groups = await this.dataSource.query<Array<{ id: string; display_name: string }>>(
      `SELECT id, display_name FROM role_mapping.groups WHERE id = ANY($1::uuid[])`,
      [grants.flatMap((grant) => grant.groupIds)],
    );
    const roleNames = new Map(roles.map((role) => [role.key, role.name]));
    const groupNames = new Map(groups.map((group) => [group.id, group.display_name]));
    return {
      roles: grants.map((grant) => ({
        key: grant.role,
        // A role deleted a moment ago is still held until its organization's recomputation reaches the user.
        name: roleNames.get(grant.role) ?? grant.role,
        grantedBy: grant.groupIds.map((groupId) => ({
          groupId,
          displayName: groupNames.get(groupId) ?? null,
        })),
      })),
    };
  }
}
