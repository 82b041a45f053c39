import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import { CreateOrganizationDto } from './dto/create-organization.dto';
import { OrganizationPageDto } from './dto/organization-page.dto';
import { OrganizationDto } from './dto/organization.dto';
import { PageQueryDto } from './dto/page-query.dto';
import { OrganizationsService } from './organizations.service';
import { ErrorResponseDto, ManagementAccess, ManagementApi } from '@scimflow/service-kit';

@ManagementApi('Organizations')
@Controller('api/v1/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an organization.' })
  @ApiCreatedResponse({ type: OrganizationDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Another organization has this externalId.' })
  create(@Body() body: CreateOrganizationDto): Promise<OrganizationDto> {
    return this.organizations.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'List organizations, oldest first.' })
  @ApiOkResponse({ type: OrganizationPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  list(@Query() query: PageQueryDto): Promise<OrganizationPageDto> {
    return this.organizations.list(query);
  }

  @Get(':orgId')
  @ManagementAccess({ organizationParam: 'orgId' })
  @ApiOperation({ summary: 'Get an organization.' })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiOkResponse({ type: OrganizationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('orgId') organizationId: string): Promise<OrganizationDto> {
    return this.organizations.get(organizationId);
  }
}
