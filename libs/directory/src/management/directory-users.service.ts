import { Inject, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { Brackets, DataSource } from 'typeorm';
import { DIRECTORY_DATA_SOURCE } from '../directory.tokens';
import { GroupEntity } from '../entities/group.entity';
import { MembershipEntity } from '../entities/membership.entity';
import { UserEntity } from '../entities/user.entity';
import { UserRolesEntity } from '../entities/user-roles.entity';
import { toDirectoryUser } from '../scim/scim-resource-mapping';
import type { DirectoryUserDetailDto } from './dto/directory-user-detail.dto';
import type { DirectoryUserPageDto } from './dto/directory-user-page.dto';
import type { ListUsersQueryDto } from './dto/list-users-query.dto';
import type { PageQueryDto } from './dto/page-query.dto';
import type { RoleReferenceDto } from './dto/role-reference.dto';
import { findDirectoryOrThrow } from './directory-lookup';
import { keysetPage } from './keyset-page';
import { likeSubstring } from './like-pattern';
import { ManagementApiException } from '@scimflow/service-kit';

/** Read access to a directory's users. Every query is bound to the directory id of the route. */
@Injectable()
export class DirectoryUsersService {
  constructor(@Inject(DIRECTORY_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /**
   * One page of users in creation order. `search` matches a substring of userName, primary email or display
   * name; the page walks the (directory_id, created_at, id) index and filters as it goes, so a page stops
   * reading as soon as it is full.
   */
  async list(directoryId: string, query: ListUsersQueryDto): Promise<DirectoryUserPageDto> {
    const manager = this.dataSource.manager;
    await findDirectoryOrThrow(manager, directoryId);
    const builder = manager
      .createQueryBuilder(UserEntity, 'user')
      .where('user.directoryId = :directoryId', { directoryId });
    if (query.search !== undefined) {
      builder.andWhere(
        new Brackets((search) =>
          search
            .where('user.userNameLower LIKE :search')
            .orWhere('user.emailLower LIKE :search')
            .orWhere('lower(user.displayName) LIKE :search'),
        ),
        { search: likeSubstring(query.search) },
      );
    }
    if (query.groupId !== undefined) {
      builder.innerJoin(
        MembershipEntity,
        'membership',
        'membership.userId = user.id AND membership.groupId = :groupId AND membership.directoryId = :directoryId',
        { groupId: query.groupId },
      );
    }
    if (query.active !== undefined)
      builder.andWhere('user.active = :active', { active: query.active === 'true' });
    const page = await keysetPage(builder, 'user', query);
    return { data: page.rows.map(toDirectoryUser), nextCursor: page.nextCursor };
  }

  async get(directoryId: string, userId: string): Promise<DirectoryUserDetailDto> {
    const manager = this.dataSource.manager;
    await findDirectoryOrThrow(manager, directoryId);
    const user = isUUID(userId)
      ? await manager.findOne(UserEntity, { where: { id: userId, directoryId } })
      : null;
    if (!user) throw ManagementApiException.notFound('User', userId);
    const groups = await manager
      .createQueryBuilder(GroupEntity, 'group')
      .innerJoin(MembershipEntity, 'membership', 'membership.groupId = group.id')
      .where('membership.userId = :userId', { userId: user.id })
      .andWhere('membership.directoryId = :directoryId AND group.directoryId = :directoryId', { directoryId })
      .orderBy('group.displayNameLower', 'ASC')
      .getMany();
    // role-mapping-service computes roles; its roles_updated events keep this copy current.
    const assignment = await manager.findOne(UserRolesEntity, { where: { userId: user.id } });
    const groupNames = new Map(groups.map((group) => [group.id, group.displayName]));
    const roles: RoleReferenceDto[] = (assignment?.grants ?? []).map((grant) => ({
      key: grant.role,
      grantedBy: grant.groupIds
        .filter((groupId) => groupNames.has(groupId))
        .map((groupId) => ({ id: groupId, displayName: groupNames.get(groupId)! })),
    }));
    return {
      ...toDirectoryUser(user),
      groups: groups.map((group) => ({ id: group.id, displayName: group.displayName })),
      roles,
    };
  }

  /** One page of the members of a group, in the users' creation order. */
  async listGroupMembers(
    directoryId: string,
    groupId: string,
    query: PageQueryDto,
  ): Promise<DirectoryUserPageDto> {
    const manager = this.dataSource.manager;
    await findDirectoryOrThrow(manager, directoryId);
    const group = isUUID(groupId)
      ? await manager.findOne(GroupEntity, { where: { id: groupId, directoryId }, select: ['id'] })
      : null;
    if (!group) throw ManagementApiException.notFound('Group', groupId);
    const builder = manager
      .createQueryBuilder(UserEntity, 'user')
      .innerJoin(
        MembershipEntity,
        'membership',
        'membership.userId = user.id AND membership.groupId = :groupId',
        {
          groupId: group.id,
        },
      )
      .where('user.directoryId = :directoryId AND membership.directoryId = :directoryId', { directoryId });
    const page = await keysetPage(builder, 'user', query);
    return { data: page.rows.map(toDirectoryUser), nextCursor: page.nextCursor };
  }
}
