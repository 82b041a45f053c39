import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ScimAuthRequestDto } from './dto/scim-auth-request.dto';
import { ScimTokenAuthService, type ScimTokenIdentity } from './scim-token-auth.service';
import { ManagementApi, ManagementApiException } from '@scimflow/service-kit';

/** Internal: scim-ingress checks each SCIM request's bearer token here. For the service network only. */
@ApiExcludeController()
@ManagementApi('Internal')
@Controller('internal/v1/scim-auth')
export class ScimAuthController {
  constructor(private readonly auth: ScimTokenAuthService) {}

  @Post()
  @HttpCode(200)
  async authenticate(@Body() body: ScimAuthRequestDto): Promise<ScimTokenIdentity> {
    const identity = await this.auth.authenticateScimToken(body.directoryId, body.token);
    if (!identity) throw ManagementApiException.unauthorized('The token does not open this directory.');
    return identity;
  }
}
