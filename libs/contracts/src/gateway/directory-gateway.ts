/**
 * What scim-ingress needs from directory-service besides commands: token checks and reads. In the
 * distributed mode it is served over HTTP by directory-service's internal API (`/internal/v1/...`); in the
 * embedded mode it is a direct call. Failures of reads are SCIM errors (status, scimType, detail).
 */
export type ScimResourceType = 'User' | 'Group';

export interface ScimIdentity {
  directoryId: string;
  organizationId: string;
  provider: string;
}

export interface ScimListRequest {
  resourceType: ScimResourceType;
  /** RFC 7644 filter expression, unparsed. */
  filter?: string;
  /** 1-based. */
  startIndex: number;
  /** 0 asks for totalResults only. */
  count: number;
  sortBy?: string;
  sortOrder?: 'ascending' | 'descending';
  /** Leave group members out (excludedAttributes=members): saves loading them. */
  excludeMembers?: boolean;
  /**
   * Part of a search across resource types (POST /.search at the base): an attribute of the filter that this
   * resource type does not define matches as if no resource had a value for it (RFC 7644 §3.4.2.1), instead of
   * failing the filter.
   */
  acrossResourceTypes?: boolean;
}

export interface ScimListResult {
  totalResults: number;
  /** Full SCIM resources with meta; the caller applies attributes/excludedAttributes. */
  resources: Array<Record<string, unknown>>;
}

export interface DirectoryGateway {
  /** The identity behind a bearer token on a directory's endpoint, or null (unknown, wrong directory, expired). */
  authenticate(directoryId: string, token: string): Promise<ScimIdentity | null>;
  getResource(
    directoryId: string,
    resourceType: ScimResourceType,
    id: string,
    options?: { excludeMembers?: boolean },
  ): Promise<Record<string, unknown> | null>;
  listResources(directoryId: string, request: ScimListRequest): Promise<ScimListResult>;
}

/** Injection token of the DirectoryGateway implementation. */
export const DIRECTORY_GATEWAY = 'scimflow.directory-gateway';
