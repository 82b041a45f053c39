import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ErrorResponseDto } from '@scimflow/service-kit';
import { CurrentPrincipal, PortalAccess } from '../access/portal-access.decorator';
import { PortalApi } from '../access/portal-api.decorator';
import type { PortalPrincipal } from '../access/portal-principal';
import { OpenPortalSessionDto } from './dto/open-portal-session.dto';
import { PortalSessionDto } from './dto/portal-session.dto';
import { PortalSessionsService } from './portal-sessions.service';

@PortalApi('Portal')
@Controller('api/v1/portal-sessions')
export class PortalSessionsController {
  constructor(private readonly sessions: PortalSessionsService) {}

  @Post()
  @HttpCode(200)
  @PortalAccess({ allow: 'public' })
  @ApiOperation({
    summary: "Exchange a magic link's token for a session of its organization.",
    description:
      'No Authorization header: the token is the credential. 401 when the link is unknown, expired or revoked.',
  })
  @ApiOkResponse({ type: PortalSessionDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  open(@Body() body: OpenPortalSessionDto): Promise<PortalSessionDto> {
    return this.sessions.open(body.token);
  }

  @Post('refresh')
  @HttpCode(200)
  @PortalAccess({ allow: 'session' })
  @ApiOperation({
    summary: 'Get a fresh session token with a live one (Authorization: Bearer <sessionToken>).',
    description: "401 once the session's link is revoked or expired.",
  })
  @ApiOkResponse({ type: PortalSessionDto })
  refresh(@CurrentPrincipal() principal: PortalPrincipal): Promise<PortalSessionDto> {
    return this.sessions.refresh(principal);
  }
}
