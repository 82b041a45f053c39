import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import { DirectoriesService } from './directories.service';
import { CreateDirectoryDto } from './dto/create-directory.dto';
import { CreatedDirectoryDto } from './dto/created-directory.dto';
import { DirectoryPageDto } from './dto/directory-page.dto';
import { DirectoryDto } from './dto/directory.dto';
import { PageQueryDto } from './dto/page-query.dto';
import { TokenRotationDto } from './dto/token-rotation.dto';
import { ErrorResponseDto, ManagementAccess, ManagementApi } from '@scimflow/service-kit';

@ManagementApi('Directories')
@Controller('api/v1')
export class DirectoriesController {
  constructor(private readonly directories: DirectoriesService) {}

  @Post('organizations/:orgId/directories')
  @HttpCode(201)
  @ManagementAccess({ organizationParam: 'orgId' })
  @ApiOperation({
    summary: 'Create a directory: a SCIM endpoint and bearer token for one identity provider.',
    description: 'The bearer token is in this answer only; it is stored as a hash.',
  })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiCreatedResponse({ type: CreatedDirectoryDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid body or unknown provider.' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such organization.' })
  create(
    @Param('orgId') organizationId: string,
    @Body() body: CreateDirectoryDto,
  ): Promise<CreatedDirectoryDto> {
    return this.directories.create(organizationId, body);
  }

  @Get('organizations/:orgId/directories')
  @ManagementAccess({ organizationParam: 'orgId' })
  @ApiOperation({ summary: "List an organization's directories, oldest first." })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiOkResponse({ type: DirectoryPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such organization.' })
  list(@Param('orgId') organizationId: string, @Query() query: PageQueryDto): Promise<DirectoryPageDto> {
    return this.directories.listForOrganization(organizationId, query);
  }

  @Get('directories/:directoryId')
  @ManagementAccess({ directoryParam: 'directoryId' })
  @ApiOperation({ summary: 'Get a directory with its status and counts.' })
  @ApiParam({ name: 'directoryId', format: 'uuid' })
  @ApiOkResponse({ type: DirectoryDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('directoryId') directoryId: string): Promise<DirectoryDto> {
    return this.directories.get(directoryId);
  }

  @Post('directories/:directoryId/token')
  @HttpCode(200)
  @ManagementAccess({ directoryParam: 'directoryId' })
  @ApiOperation({
    summary: 'Rotate the bearer token.',
    description:
      'The previous token keeps working until previousTokenExpiresAt (the configured grace period).',
  })
  @ApiParam({ name: 'directoryId', format: 'uuid' })
  @ApiOkResponse({ type: TokenRotationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  rotateToken(@Param('directoryId') directoryId: string): Promise<TokenRotationDto> {
    return this.directories.rotateToken(directoryId);
  }

  @Delete('directories/:directoryId')
  @HttpCode(204)
  // The portal offers deletion to the operator only: an IT admin's session cannot remove a directory.
  @ManagementAccess('operator')
  @ApiOperation({
    summary: 'Delete a directory with its users, groups and memberships.',
    description: 'Emits directory.deleted; the event log of the directory is kept.',
  })
  @ApiParam({ name: 'directoryId', format: 'uuid' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  delete(@Param('directoryId') directoryId: string): Promise<void> {
    return this.directories.delete(directoryId);
  }
}
