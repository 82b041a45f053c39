import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import { DirectoryUsersService } from './directory-users.service';
import { DirectoryUserDetailDto } from './dto/directory-user-detail.dto';
import { DirectoryUserPageDto } from './dto/directory-user-page.dto';
import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { ErrorResponseDto, ManagementAccess, ManagementApi } from '@scimflow/service-kit';

@ManagementApi('Users')
@ManagementAccess({ directoryParam: 'directoryId' })
@Controller('api/v1/directories/:directoryId/users')
export class DirectoryUsersController {
  constructor(private readonly users: DirectoryUsersService) {}

  @Get()
  @ApiOperation({ summary: "List a directory's users, oldest first." })
  @ApiParam({ name: 'directoryId', format: 'uuid' })
  @ApiOkResponse({ type: DirectoryUserPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such directory.' })
  list(
    @Param('directoryId') directoryId: string,
    @Query() query: ListUsersQueryDto,
  ): Promise<DirectoryUserPageDto> {
    return this.users.list(directoryId, query);
  }

  @Get(':userId')
  @ApiOperation({ summary: 'Get a user with its groups and roles.' })
  @ApiParam({ name: 'directoryId', format: 'uuid' })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiOkResponse({ type: DirectoryUserDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(
    @Param('directoryId') directoryId: string,
    @Param('userId') userId: string,
  ): Promise<DirectoryUserDetailDto> {
    return this.users.get(directoryId, userId);
  }
}
