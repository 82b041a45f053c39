import { Controller, Delete, Get, Param, Patch, Post, Put, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ScimResourceType } from '@scimflow/contracts';
import { ScimError } from '@scimflow/scim';
import type { Response } from 'express';
import { ScimRequestCall, type ScimCall } from '../http/scim-call.decorator';
import { ScimExceptionFilter } from '../http/scim-exception.filter';
import { sendScim } from '../http/scim-response';
import { ScimResourceService } from './scim-resource.service';
import { asSearchRequest } from './search-request';

const ENDPOINTS: Readonly<Record<string, ScimResourceType>> = { users: 'User', groups: 'Group' };

function resourceTypeOf(endpoint: string): ScimResourceType {
  const resourceType = ENDPOINTS[endpoint.toLowerCase()];
  if (!resourceType) throw ScimError.notFound(`No SCIM endpoint /${endpoint}`);
  return resourceType;
}

/** /Users and /Groups of a directory (RFC 7644 §3.2–3.6). Authentication ran before routing. */
@ApiExcludeController()
@UseFilters(ScimExceptionFilter)
@Controller('scim/v2/:directoryId/:endpoint')
export class ScimResourcesController {
  constructor(private readonly resources: ScimResourceService) {}

  @Get()
  async list(
    @ScimRequestCall() call: ScimCall,
    @Param('endpoint') endpoint: string,
    @Res() response: Response,
  ): Promise<void> {
    sendScim(response, await this.resources.list(call, resourceTypeOf(endpoint), call.query));
  }

  @Post('.search')
  async search(
    @ScimRequestCall() call: ScimCall,
    @Param('endpoint') endpoint: string,
    @Res() response: Response,
  ): Promise<void> {
    const resourceType = resourceTypeOf(endpoint);
    sendScim(response, await this.resources.list(call, resourceType, asSearchRequest(call.body)));
  }

  @Get(':id')
  async get(
    @ScimRequestCall() call: ScimCall,
    @Param('endpoint') endpoint: string,
    @Param('id') id: string,
    @Res() response: Response,
  ): Promise<void> {
    sendScim(response, await this.resources.get(call, resourceTypeOf(endpoint), id));
  }

  @Post()
  async create(
    @ScimRequestCall() call: ScimCall,
    @Param('endpoint') endpoint: string,
    @Res() response: Response,
  ): Promise<void> {
    sendScim(response, await this.resources.create(call, resourceTypeOf(endpoint)));
  }

  @Put(':id')
  async replace(
    @ScimRequestCall() call: ScimCall,
    @Param('endpoint') endpoint: string,
    @Param('id') id: string,
    @Res() response: Response,
  ): Promise<void> {
    sendScim(response, await this.resources.replace(call, resourceTypeOf(endpoint), id));
  }

  @Patch(':id')
  async patch(
    @ScimRequestCall() call: ScimCall,
    @Param('endpoint') endpoint: string,
    @Param('id') id: string,
    @Res() response: Response,
  ): Promise<void> {
    sendScim(response, await this.resources.patch(call, resourceTypeOf(endpoint), id));
  }

  @Delete(':id')
  async delete(
    @ScimRequestCall() call: ScimCall,
    @Param('endpoint') endpoint: string,
    @Param('id') id: string,
    @Res() response: Response,
  ): Promise<void> {
    sendScim(response, await this.resources.delete(call, resourceTypeOf(endpoint), id));
  }
}
