import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import { ErrorResponseDto, ManagementAccess, ManagementApi } from '@scimflow/service-kit';
import { CreateRoleDto } from './dto/create-role.dto';
import { RoleListDto } from './dto/role-list.dto';
import { RoleDto } from './dto/role.dto';
import { UpdateRoleDto } from './dto/update-role.dto';
import { RolesService } from './roles.service';

@ManagementApi('Roles')
@Controller('api/v1/roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  // The application's catalog: an IT admin maps groups to these roles, only the operator changes them.
  @ManagementAccess('any-session')
  @ApiOperation({ summary: "List the application's roles, highest priority first." })
  @ApiOkResponse({ type: RoleListDto })
  list(): Promise<RoleListDto> {
    return this.roles.list();
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a role.',
    description: 'Making it the default role recomputes the organizations that follow it.',
  })
  @ApiCreatedResponse({ type: RoleDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'A role with this key exists.' })
  create(@Body() body: CreateRoleDto): Promise<RoleDto> {
    return this.roles.create(body);
  }

  @Patch(':key')
  @ApiOperation({
    summary: 'Change a role.',
    description:
      'A new priority or default flag recomputes the organizations it can affect, in the background.',
  })
  @ApiParam({ name: 'key', example: 'billing-admin' })
  @ApiOkResponse({ type: RoleDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  update(@Param('key') key: string, @Body() body: UpdateRoleDto): Promise<RoleDto> {
    return this.roles.update(key, body);
  }

  @Delete(':key')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a role.',
    description:
      'Removes it from every mapping and recomputes the organizations whose users held it, in the background.',
  })
  @ApiParam({ name: 'key', example: 'billing-admin' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  delete(@Param('key') key: string): Promise<void> {
    return this.roles.delete(key);
  }
}
