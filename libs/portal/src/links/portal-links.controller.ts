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
import { ErrorResponseDto } from '@scimflow/service-kit';
import { PortalAccess } from '../access/portal-access.decorator';
import { PortalApi } from '../access/portal-api.decorator';
import { CreatePortalLinkDto } from './dto/create-portal-link.dto';
import { CreatedPortalLinkDto } from './dto/created-portal-link.dto';
import { OrganizationParamsDto } from './dto/organization-params.dto';
import { PortalLinkPageQueryDto } from './dto/portal-link-page-query.dto';
import { PortalLinkPageDto } from './dto/portal-link-page.dto';
import { PortalLinkParamsDto } from './dto/portal-link-params.dto';
import { PortalLinksService } from './portal-links.service';

@PortalApi('Portal')
@Controller('api/v1')
export class PortalLinksController {
  constructor(private readonly links: PortalLinksService) {}

  @Post('organizations/:orgId/portal-links')
  @HttpCode(201)
  @PortalAccess({ allow: 'operator' })
  @ApiOperation({
    summary: "Create a magic link to the portal for an organization's IT admin.",
    description: 'Admin API key only: a portal session cannot make links. The URL is in this answer only.',
  })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiCreatedResponse({ type: CreatedPortalLinkDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  create(
    @Param() params: OrganizationParamsDto,
    @Body() body: CreatePortalLinkDto,
  ): Promise<CreatedPortalLinkDto> {
    return this.links.create(params.orgId, body);
  }

  @Get('organizations/:orgId/portal-links')
  @PortalAccess({ allow: 'operator-or-organization', organizationParam: 'orgId' })
  @ApiOperation({ summary: "An organization's portal links, newest first (never their URLs)." })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiOkResponse({ type: PortalLinkPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  list(
    @Param() params: OrganizationParamsDto,
    @Query() query: PortalLinkPageQueryDto,
  ): Promise<PortalLinkPageDto> {
    return this.links.list(params.orgId, query);
  }

  @Delete('portal-links/:linkId')
  @HttpCode(204)
  @PortalAccess({ allow: 'operator' })
  @ApiOperation({
    summary: 'Revoke a portal link.',
    description: 'Its sessions stop at once on the portal, and everywhere when they expire (minutes).',
  })
  @ApiParam({ name: 'linkId', format: 'uuid' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  revoke(@Param() params: PortalLinkParamsDto): Promise<void> {
    return this.links.revoke(params.linkId);
  }
}
