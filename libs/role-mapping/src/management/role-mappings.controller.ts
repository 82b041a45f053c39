import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import { ErrorResponseDto, ManagementAccess, ManagementApi } from '@scimflow/service-kit';
import { RecomputeStatusDto } from './dto/recompute-status.dto';
import { RoleMappingInputDto } from './dto/role-mapping-input.dto';
import { RoleMappingPreviewDto } from './dto/role-mapping-preview.dto';
import { RoleMappingDto } from './dto/role-mapping.dto';
import { RoleMappingsService } from './role-mappings.service';

@ManagementApi('Roles')
@ManagementAccess({ organizationParam: 'orgId' })
@Controller('api/v1/organizations/:orgId/role-mapping')
export class RoleMappingsController {
  constructor(private readonly mappings: RoleMappingsService) {}

  @Get()
  @ApiOperation({ summary: "Get an organization's group→role mapping." })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiOkResponse({ type: RoleMappingDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('orgId') organizationId: string): Promise<RoleMappingDto> {
    return this.mappings.get(organizationId);
  }

  @Put()
  @ApiOperation({
    summary: "Save an organization's group→role mapping.",
    description:
      'Every user of the organization is then recomputed in the background: follow it at .../status.',
  })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiOkResponse({ type: RoleMappingDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid mapping or unknown role keys.' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  put(@Param('orgId') organizationId: string, @Body() body: RoleMappingInputDto): Promise<RoleMappingDto> {
    return this.mappings.put(organizationId, body);
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What saving this mapping would change, on the current users and groups; saves nothing.',
  })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiOkResponse({ type: RoleMappingPreviewDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid mapping or unknown role keys.' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  preview(
    @Param('orgId') organizationId: string,
    @Body() body: RoleMappingInputDto,
  ): Promise<RoleMappingPreviewDto> {
    return this.mappings.preview(organizationId, body);
  }

  @Get('status')
  @ApiOperation({ summary: "Progress of the recomputation of the organization's users." })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiOkResponse({ type: RecomputeStatusDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  status(@Param('orgId') organizationId: string): Promise<RecomputeStatusDto> {
    return this.mappings.status(organizationId);
  }
}
