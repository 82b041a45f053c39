import { AdminPortalConfig, validateAdminPortalConfig } from './env.validation';

const VALID = {
  DATABASE_URL: 'postgres://scimflow:scimflow@postgres:5432/scimflow',
  PUBLIC_URL: 'https://scimflow.example.com',
  ADMIN_API_KEY: 'sk_admin_0123456789abcdef',
  SCIM_INGRESS_URL: 'http://scim-ingress:3001',
  DIRECTORY_SERVICE_URL: 'http://directory-service:3002',
  ROLE_MAPPING_SERVICE_URL: 'http://role-mapping-service:3003',
  WEBHOOK_DISPATCHER_URL: 'http://webhook-dispatcher:3004',
};

describe(AdminPortalConfig.name, () => {
  it('accepts a complete configuration and fills in the defaults', () => {
    const config = validateAdminPortalConfig(VALID);
    expect(config).toEqual(
      expect.objectContaining({
        PORT: 8080,
        LOG_LEVEL: 'info',
        PORTAL_SESSION_TTL_SECONDS: 900,
        UPSTREAM_TIMEOUT_MS: 30000,
      }),
    );
    expect(config.PORTAL_SESSION_SECRET).toBeUndefined();
  });

  it.each([
    ['DATABASE_URL', { DATABASE_URL: undefined }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://db/scimflow' }],
    ['ADMIN_API_KEY', { ADMIN_API_KEY: 'short' }],
    ['PORTAL_SESSION_SECRET', { PORTAL_SESSION_SECRET: 'too-short-to-sign-sessions' }],
    ['PORTAL_SESSION_TTL_SECONDS', { PORTAL_SESSION_TTL_SECONDS: '5' }],
    ['ROLE_MAPPING_SERVICE_URL', { ROLE_MAPPING_SERVICE_URL: undefined }],
    ['WEBHOOK_DISPATCHER_URL', { WEBHOOK_DISPATCHER_URL: 'webhook-dispatcher:3004' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'ftp://scimflow.example.com' }],
  ])('refuses a bad %s', (key, change) => {
    expect(() => validateAdminPortalConfig({ ...VALID, ...change })).toThrow(new RegExp(`- ${key}:`));
  });

  it('lists every bad key at once', () => {
    expect(() => validateAdminPortalConfig({})).toThrow(
      /DATABASE_URL[\s\S]*PUBLIC_URL[\s\S]*ADMIN_API_KEY[\s\S]*DIRECTORY_SERVICE_URL[\s\S]*SCIM_INGRESS_URL/,
    );
  });
});
