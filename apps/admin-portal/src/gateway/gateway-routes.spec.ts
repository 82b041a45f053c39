import { upstreamFor } from './gateway-routes';

const ORG = '4823e40c-055d-4d3c-8e7c-5dec6c2a2e2b';
const DIRECTORY = 'de677afc-320a-4ae2-9c2f-2fb6e8759cb9';
const USER = '2e593e8f-16df-430b-aca5-22ccdf66ad6a';

describe(upstreamFor.name, () => {
  it.each([
    [`/scim/v2/${DIRECTORY}/Users`, 'scim-ingress'],
    [`/scim/v2/${DIRECTORY}/Groups/abc`, 'scim-ingress'],
    [`/scim/v2/${DIRECTORY}/ServiceProviderConfig`, 'scim-ingress'],
    [`/api/v1/directories/${DIRECTORY}/requests`, 'scim-ingress'],
    ['/api/v1/roles', 'role-mapping-service'],
    ['/api/v1/roles/billing-admin', 'role-mapping-service'],
    [`/api/v1/organizations/${ORG}/role-mapping`, 'role-mapping-service'],
    [`/api/v1/organizations/${ORG}/role-mapping/preview`, 'role-mapping-service'],
    [`/api/v1/organizations/${ORG}/role-mapping/status`, 'role-mapping-service'],
    [`/api/v1/directories/${DIRECTORY}/users/${USER}/roles`, 'role-mapping-service'],
    ['/api/v1/webhook-endpoints', 'webhook-dispatcher'],
    [`/api/v1/webhook-endpoints/${USER}/deliveries`, 'webhook-dispatcher'],
    [`/api/v1/webhook-deliveries/${USER}/retry`, 'webhook-dispatcher'],
    ['/api/v1/organizations', 'directory-service'],
    [`/api/v1/organizations/${ORG}`, 'directory-service'],
    [`/api/v1/organizations/${ORG}/directories`, 'directory-service'],
    [`/api/v1/directories/${DIRECTORY}`, 'directory-service'],
    [`/api/v1/directories/${DIRECTORY}/token`, 'directory-service'],
    [`/api/v1/directories/${DIRECTORY}/users`, 'directory-service'],
    [`/api/v1/directories/${DIRECTORY}/users/${USER}`, 'directory-service'],
    [`/api/v1/directories/${DIRECTORY}/groups`, 'directory-service'],
    [`/api/v1/directories/${DIRECTORY}/events`, 'directory-service'],
    ['/api/v1/events', 'directory-service'],
    ['/api/v1/event-types', 'directory-service'],
    ['/api/v1/providers', 'directory-service'],
    ['/api/v1/rolesandmore', 'directory-service'],
    [`/api/v1/directories/${DIRECTORY}/requests-archive`, 'directory-service'],
    ['/API/V1/ROLES', 'role-mapping-service'],
    ['/SCIM/v2/x/Users', 'scim-ingress'],
  ])('sends %s to %s', (path, upstream) => {
    expect(upstreamFor(path)).toBe(upstream);
  });

  it.each([
    ['/'],
    ['/organizations'],
    [`/organizations/${ORG}/users`],
    ['/portal/login'],
    ['/assets/index-abc.js'],
    ['/health/live'],
    ['/health/ready'],
    ['/api/docs'],
    ['/api/docs/swagger-ui-init.js'],
    ['/api/docs-json'],
    [`/api/v1/organizations/${ORG}/portal-links`],
    [`/api/v1/portal-links/${USER}`],
    ['/api/v1/portal-sessions'],
    ['/api/v1/portal-sessions/refresh'],
    ['/internal/v1/scim-auth'],
    ['/INTERNAL/v1/scim-auth'],
    ['/scimflow'],
    ['/apis'],
  ])('serves %s itself', (path) => {
    expect(upstreamFor(path)).toBeNull();
  });
});
