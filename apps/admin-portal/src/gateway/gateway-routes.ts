/** The services behind the gateway. */
export const UPSTREAMS = [
  'scim-ingress',
  'directory-service',
  'role-mapping-service',
  'webhook-dispatcher',
] as const;
export type Upstream = (typeof UPSTREAMS)[number];

// Paths match the way Express matches routes: case-insensitively, with or without a trailing segment.
const SEGMENT = '[^/]+';
const route = (pattern: string) => new RegExp(`^${pattern}(?:/.*)?$`, 'i');

/** Served by the portal itself (first match wins): its UI, health, OpenAPI and its own API. */
const LOCAL = [
  route('/health'),
  route('/api/docs'),
  route('/api/docs-json'),
  route('/api/v1/portal-links'),
  route('/api/v1/portal-sessions'),
  route(`/api/v1/organizations/${SEGMENT}/portal-links`),
  // Service-to-service routes are never reachable from the public origin.
  route('/internal'),
];

const TABLE: ReadonlyArray<readonly [RegExp, Upstream]> = [
  [route('/scim'), 'scim-ingress'],
  [route(`/api/v1/directories/${SEGMENT}/requests`), 'scim-ingress'],
  [route('/api/v1/roles'), 'role-mapping-service'],
  [route(`/api/v1/organizations/${SEGMENT}/role-mapping`), 'role-mapping-service'],
  [route(`/api/v1/directories/${SEGMENT}/users/${SEGMENT}/roles`), 'role-mapping-service'],
  [route('/api/v1/webhook-endpoints'), 'webhook-dispatcher'],
  [route('/api/v1/webhook-deliveries'), 'webhook-dispatcher'],
  [route('/api'), 'directory-service'],
];

/**
 * The service that answers `path` on the public origin, or null when the portal answers it (its UI, its API,
 * health, the merged OpenAPI document) or nobody does (internal routes).
 */
export function upstreamFor(path: string): Upstream | null {
  if (LOCAL.some((pattern) => pattern.test(path))) return null;
  return TABLE.find(([pattern]) => pattern.test(path))?.[1] ?? null;
}
