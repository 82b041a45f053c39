import { Injectable } from '@nestjs/common';
import type {
  DirectoryGateway,
  ScimIdentity,
  ScimListRequest,
  ScimListResult,
  ScimResourceType,
} from '@scimflow/contracts';
import { ScimTokenAuthService } from '../management';
import { ScimQueryService } from './scim-query.service';

/** The DirectoryGateway of the embedded mode: scim-ingress calls directory-service in the same process. */
@Injectable()
export class InProcessDirectoryGateway implements DirectoryGateway {
  constructor(
    private readonly auth: ScimTokenAuthService,
    private readonly queries: ScimQueryService,
  ) {}

  authenticate(directoryId: string, token: string): Promise<ScimIdentity | null> {
    return this.auth.authenticateScimToken(directoryId, token);
  }

  getResource(
    directoryId: string,
    resourceType: ScimResourceType,
    id: string,
    options?: { excludeMembers?: boolean },
  ): Promise<Record<string, unknown> | null> {
    return this.queries.get(directoryId, resourceType, id, options);
  }

  listResources(directoryId: string, request: ScimListRequest): Promise<ScimListResult> {
    return this.queries.list(directoryId, request);
  }
}
