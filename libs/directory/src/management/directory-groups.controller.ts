import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import { DirectoryGroupsService } from './directory-groups.service';
import { DirectoryUsersService } from './directory-users.service';
import { DirectoryGroupPageDto } from './dto/directory-group-page.dto';
import { DirectoryGroupDto } from './dto/directory-group.dto';
import { DirectoryUserPageDto } from './dto/directory-user-page.dto';
import { ListGroupsQueryDto } from './dto/list-groups-query.dto';
import { PageQueryDto } from './dto/page-query.dto';
import { ErrorResponseDto, ManagementAccess, ManagementApi } from '@scimflow/service-kit';

@ManagementApi('Groups')
@ManagementAccess({ directoryParam: 'directoryId' })
@Controller('api/v1/directories/:directoryId/groups')
export class DirectoryGroupsController {
  constructor(
    private readonly groups: DirectoryGroupsService,
    private readonly users: DirectoryUsersService,
  ) {}

  @Get()
  @ApiOperation({ summary: "List a directory's groups, oldest first." })
  @ApiParam({ name: 'directoryId', format: 'uuid' })
  @ApiOkResponse({ type: DirectoryGroupPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such directory.' })
  list(
    @Param('directoryId') directoryId: string,
    @Query() query: ListGroupsQueryDto,
  ): Promise<DirectoryGroupPageDto> {
    return this.groups.list(directoryId, query);
  }

  @Get(':groupId')
  @ApiOperation({ summary: 'Get a group.' })
  @ApiParam({ name: 'directoryId', format: 'uuid' })
  @ApiParam({ name: 'groupId', format: 'uuid' })
  @ApiOkResponse({ type: DirectoryGroupDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(
    @Param('directoryId') directoryId: string,
    @Param('groupId') groupId: string,
  ): Promise<DirectoryGroupDto> {
    return this.groups.get(directoryId, groupId);
  }

  @Get(':groupId/members')
  @ApiOperation({ summary: "List a group's members, oldest user first." })
  @ApiParam({ name: 'directoryId', format: 'uuid' })
  @ApiParam({ name: 'groupId', format: 'uuid' })
  @ApiOkResponse({ type: DirectoryUserPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  members(
    @Param('directoryId') directoryId: string,
    @Param('groupId') groupId: string,
    @Query() query: PageQueryDto,
  ): Promise<DirectoryUserPageDto> {
    return this.users.listGroupMembers(directoryId, groupId, query);
  }
}
