import { managementApiSuite, startDistributedScim, type DistributedScim } from '@scimflow/testing';

// The management API suite (libs/testing/src/lib/management) against the distributed services: directory-service
// serves the management API, scim-ingress the SCIM endpoints, over Kafka and Postgres, each its own process
// started from dist/.
const ADMIN_API_KEY = 'management-admin-key-0123456789';
// Short, so that the suite sees both sides of a token rotation's grace period.
const TOKEN_GRACE_PERIOD_SECONDS = 2;
// scim-ingress's cache of accepted tokens, set to its shipped default so that the suite checks what ships.
const SCIM_AUTH_CACHE_TTL_MS = 5_000;

describe('management API (distributed: Kafka + Postgres)', () => {
  let services: DistributedScim;

  beforeAll(async () => {
    services = await startDistributedScim('management', {
      adminApiKey: ADMIN_API_KEY,
      // the ingress is where identity providers connect; the trailing slash must not leak into endpoint URLs
      publicUrl: (ingressUrl) => `${ingressUrl}/`,
      directoryServiceEnv: { TOKEN_GRACE_PERIOD_SECONDS: String(TOKEN_GRACE_PERIOD_SECONDS) },
      ingressEnv: { SCIM_AUTH_CACHE_TTL_MS: String(SCIM_AUTH_CACHE_TTL_MS) },
    });
  }, 240_000);

  afterAll(async () => {
    await services?.stop();
  }, 60_000);

  managementApiSuite(() => ({
    managementUrl: services.directoryService.url,
    adminApiKey: ADMIN_API_KEY,
    publicUrl: services.publicUrl,
    tokenGracePeriodSeconds: TOKEN_GRACE_PERIOD_SECONDS,
    scimAuthCacheMs: SCIM_AUTH_CACHE_TTL_MS,
  }));
});
