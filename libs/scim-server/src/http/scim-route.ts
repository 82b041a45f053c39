import type { ScimResourceType as RequestResourceType } from '@scimflow/providers';

/** Where every directory's SCIM endpoint lives: `/scim/v2/<directoryId>`. */
export const SCIM_BASE_PATH = '/scim/v2';

/** A request path under the SCIM base, split into the directory and the segments after it. */
export interface ScimRoute {
  readonly directoryId: string;
  /** Decoded segments after the directory, e.g. `['Users', '<id>']`; empty for the base itself. */
  readonly segments: readonly string[];
  /** What the first segment addresses, as the provider normalization names it; undefined when unknown. */
  readonly resourceType: RequestResourceType | undefined;
}

const ENDPOINTS: Readonly<Record<string, RequestResourceType>> = {
  users: 'User',
  groups: 'Group',
  serviceproviderconfig: 'ServiceProviderConfig',
  serviceproviderconfigs: 'ServiceProviderConfig',
  resourcetypes: 'ResourceType',
  schemas: 'Schema',
  bulk: 'Bulk',
  '.search': 'Search',
};

/**
 * Splits a request URL (path and query) under `/scim/v2/<directoryId>`; undefined when it is not under it, names
 * no directory, or cannot be decoded. Empty segments (a trailing slash) are dropped.
 */
export function parseScimRoute(url: string): ScimRoute | undefined {
  const queryStart = url.indexOf('?');
  const path = queryStart < 0 ? url : url.slice(0, queryStart);
  if (!path.toLowerCase().startsWith(`${SCIM_BASE_PATH}/`)) return undefined;
  let segments: string[];
  try {
    segments = path
      .slice(SCIM_BASE_PATH.length + 1)
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
  const [directoryId, ...rest] = segments;
  if (directoryId === undefined) return undefined;
  const first = rest[0];
  return {
    directoryId,
    segments: rest,
    resourceType: first === undefined ? undefined : ENDPOINTS[first.toLowerCase()],
  };
}

const READ = ['GET', 'HEAD'] as const;
const SEARCH = ['POST'] as const;

/**
 * The methods the SCIM endpoint at `route` answers, for the 405 (and its Allow header) of any other method; undefined
 * when the path names no endpoint (a 404). /Bulk and /Me answer every method (with 501), so they are not here. HEAD
 * is answered wherever GET is (as GET without its body).
 */
export function allowedMethods(route: ScimRoute): readonly string[] | undefined {
  const [first, id, ...rest] = route.segments;
  if (first === undefined || rest.length > 0) return undefined;
  switch (first.toLowerCase()) {
    case 'users':
    case 'groups':
      if (id === undefined) return [...READ, 'POST'];
      return isSearchSegment(id) ? SEARCH : [...READ, 'PUT', 'PATCH', 'DELETE'];
    case '.search':
      return id === undefined ? SEARCH : undefined;
    case 'serviceproviderconfig':
      return id === undefined ? READ : undefined;
    case 'resourcetypes':
    case 'schemas':
      return READ;
    default:
      return undefined;
  }
}

/** `.search` after a resource type is its search endpoint (RFC 7644 §3.4.3), never a resource id. */
export function isSearchSegment(segment: string): boolean {
  return segment.toLowerCase() === '.search';
}
