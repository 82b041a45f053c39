import { All, Controller, Get, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  resourceTypeResource,
  resourceTypesResponse,
  schemaResource,
  schemasResponse,
  ScimError,
  serviceProviderConfig,
} from '@scimflow/scim';
import type { Response } from 'express';
import { SCIM_MAX_PAYLOAD_BYTES } from '../http/scim-body-parser';
import { ScimRequestCall, type ScimCall } from '../http/scim-call.decorator';
import { ScimExceptionFilter } from '../http/scim-exception.filter';
import { sendScim } from '../http/scim-response';
import { SCIM_MAX_RESULTS, ScimResourceService } from './scim-resource.service';
import { asSearchRequest } from './search-request';

/**
 * What a directory's SCIM base serves besides /Users and /Groups: the discovery endpoints (RFC 7644 §4, behind
 * authentication like everything else), /Bulk (not supported, and advertised so) and the base-level search.
 * Registered before the resources controller, whose `/:endpoint` would otherwise take these paths.
 */
@ApiExcludeController()
@UseFilters(ScimExceptionFilter)
@Controller('scim/v2/:directoryId')
export class ScimDiscoveryController {
  constructor(private readonly resources: ScimResourceService) {}

  @Get('ServiceProviderConfig')
  serviceProviderConfig(@ScimRequestCall() call: ScimCall, @Res() response: Response): void {
    sendScim(response, {
      status: 200,
      body: serviceProviderConfig({
        baseUrl: this.resources.baseUrl(call.identity.directoryId),
        maxResults: SCIM_MAX_RESULTS,
        maxPayloadSize: SCIM_MAX_PAYLOAD_BYTES,
      }),
    });
  }

  @Get('ResourceTypes')
  resourceTypes(@ScimRequestCall() call: ScimCall, @Res() response: Response): void {
    sendScim(response, {
      status: 200,
      body: resourceTypesResponse(
        this.resources.schemaSet,
        this.resources.baseUrl(call.identity.directoryId),
      ),
    });
  }

  @Get('ResourceTypes/:name')
  resourceType(
    @ScimRequestCall() call: ScimCall,
    @Param('name') name: string,
    @Res() response: Response,
  ): void {
    sendScim(response, {
      status: 200,
      body: resourceTypeResource(
        this.resources.schemaSet,
        name,
        this.resources.baseUrl(call.identity.directoryId),
      ),
    });
  }

  @Get('Schemas')
  schemas(@ScimRequestCall() call: ScimCall, @Res() response: Response): void {
    sendScim(response, {
      status: 200,
      body: schemasResponse(this.resources.schemaSet, this.resources.baseUrl(call.identity.directoryId)),
    });
  }

  @Get('Schemas/:id')
  schema(@ScimRequestCall() call: ScimCall, @Param('id') id: string, @Res() response: Response): void {
    sendScim(response, {
      status: 200,
      body: schemaResource(this.resources.schemaSet, id, this.resources.baseUrl(call.identity.directoryId)),
    });
  }

  @All('Bulk')
  bulk(): never {
    throw ScimError.notImplemented(
      'Bulk operations are not supported: see bulk.supported in /ServiceProviderConfig.',
    );
  }

  // RFC 7644 §3.11: a directory's token authenticates the identity provider, not a user, so there is no "me"
  @All(['Me', 'Me/*path'])
  me(): never {
    throw ScimError.notImplemented(
      'The /Me alias is not supported: the bearer token authenticates an identity provider, not a user.',
    );
  }

  @Post('.search')
  async search(@ScimRequestCall() call: ScimCall, @Res() response: Response): Promise<void> {
    sendScim(response, await this.resources.searchAll(call, asSearchRequest(call.body)));
  }
}
