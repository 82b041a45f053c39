import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { ErrorResponseDto, ManagementAccess, ManagementApi } from '@scimflow/service-kit';
import { UserRolesDto } from './dto/user-roles.dto';
import { UserRolesService } from './user-roles.service';

@ManagementApi('Roles')
@ManagementAccess({ directoryParam: 'directoryId' })
@Controller('api/v1/directories/:directoryId/users/:userId/roles')
export class UserRolesController {
  constructor(private readonly userRoles: UserRolesService) {}

  @Get()
  @ApiOperation({ summary: 'The roles a user holds and the groups that grant them.' })
  @ApiParam({ name: 'directoryId', format: 'uuid' })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiOkResponse({ type: UserRolesDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such user in the directory.' })
  get(@Param('directoryId') directoryId: string, @Param('userId') userId: string): Promise<UserRolesDto> {
    return this.userRoles.get(directoryId, userId);
  }
}
