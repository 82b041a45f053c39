import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ScimResourceType } from '@scimflow/contracts';
import { ScimError } from '@scimflow/scim';
import type { Response } from 'express';
import { AdminApiKeyGuard } from '@scimflow/service-kit';
import { ScimQueryService } from './scim-query.service';

const RESOURCE_TYPES: readonly ScimResourceType[] = ['User', 'Group'];

/**
 * Internal read API for scim-ingress (service network only, admin-key guarded): SCIM resources and lists,
 * failures as RFC 7644 error bodies so the ingress can pass them on unchanged.
 */
@ApiExcludeController()
@UseGuards(AdminApiKeyGuard)
@Controller('internal/v1/directories/:directoryId/resources/:resourceType')
export class ScimInternalController {
  constructor(private readonly queries: ScimQueryService) {}

  @Get()
  async list(
    @Param('directoryId') directoryId: string,
    @Param('resourceType') resourceType: string,
    @Query() query: Record<string, string | undefined>,
    @Res() response: Response,
  ): Promise<void> {
    await respond(response, async () => {
      const result = await this.queries.list(directoryId, {
        resourceType: parseResourceType(resourceType),
        filter: query['filter'],
        startIndex: integer(query['startIndex'], 1, 'startIndex'),
        count: integer(query['count'], 100, 'count'),
        sortBy: query['sortBy'] || undefined,
        sortOrder: query['sortOrder'] === 'descending' ? 'descending' : 'ascending',
        excludeMembers: query['excludeMembers'] === 'true',
        acrossResourceTypes: query['acrossResourceTypes'] === 'true',
      });
      return { status: 200, body: result };
    });
  }

  @Get(':id')
  async get(
    @Param('directoryId') directoryId: string,
    @Param('resourceType') resourceType: string,
    @Param('id') id: string,
    @Query('excludeMembers') excludeMembers: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    await respond(response, async () => {
      const type = parseResourceType(resourceType);
      const resource = await this.queries.get(directoryId, type, id, {
        excludeMembers: excludeMembers === 'true',
      });
      if (!resource) throw ScimError.notFound(`${type} ${id} not found.`);
      return { status: 200, body: resource };
    });
  }
}

async function respond(
  response: Response,
  work: () => Promise<{ status: number; body: unknown }>,
): Promise<void> {
  try {
    const { status, body } = await work();
    response.status(status).json(body);
  } catch (error) {
    if (!ScimError.is(error)) throw error;
    response.status(error.status).json(error.toJSON());
  }
}

function parseResourceType(value: string): ScimResourceType {
  const type = RESOURCE_TYPES.find((candidate) => candidate === value);
  if (!type) throw ScimError.notFound(`Unknown resource type "${value}".`);
  return type;
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw ScimError.invalidValue(`"${name}" must be a non-negative integer.`);
  return parsed;
}
