import { Inject, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { DIRECTORY_DATA_SOURCE } from '../directory.tokens';
import { GroupEntity } from '../entities/group.entity';
import { toDirectoryGroup } from '../scim/scim-resource-mapping';
import type { DirectoryGroupPageDto } from './dto/directory-group-page.dto';
import type { DirectoryGroupDto } from './dto/directory-group.dto';
import type { ListGroupsQueryDto } from './dto/list-groups-query.dto';
import { findDirectoryOrThrow } from './directory-lookup';
import { keysetPage } from './keyset-page';
import { likeSubstring } from './like-pattern';
import { ManagementApiException } from '@scimflow/service-kit';

/** Read access to a directory's groups. Every query is bound to the directory id of the route. */
@Injectable()
export class DirectoryGroupsService {
  constructor(@Inject(DIRECTORY_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** One page of groups in creation order; `search` matches a substring of the display name. */
  async list(directoryId: string, query: ListGroupsQueryDto): Promise<DirectoryGroupPageDto> {
    const manager = this.dataSource.manager;
    await findDirectoryOrThrow(manager, directoryId);
    const builder = manager
      .createQueryBuilder(GroupEntity, 'group')
      .where('group.directoryId = :directoryId', { directoryId });
    if (query.search !== undefined) {
      builder.andWhere('group.displayNameLower LIKE :search', { search: likeSubstring(query.search) });
    }
    const page = await keysetPage(builder, 'group', query);
    return { data: page.rows.map(toDirectoryGroup), nextCursor: page.nextCursor };
  }

  async get(directoryId: string, groupId: string): Promise<DirectoryGroupDto> {
    const manager = this.dataSource.manager;
    await findDirectoryOrThrow(manager, directoryId);
    const group = isUUID(groupId)
      ? await manager.findOne(GroupEntity, { where: { id: groupId, directoryId } })
      : null;
    if (!group) throw ManagementApiException.notFound('Group', groupId);
    return toDirectoryGroup(group);
  }
}
