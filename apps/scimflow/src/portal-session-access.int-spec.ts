import { freePort, portalSessionAccessScenario } from '@scimflow/testing';
import { startEmbeddedProduct, type EmbeddedProduct } from './spec-support/embedded-product';

// A customer's IT admin arrives through a magic link: the session it opens reads and runs its own organization
// (directories, users, groups, roles, request log, events) on every service of the embedded process, and
// reaches neither another organization nor the operator's routes.
const ADMIN_API_KEY = 'portal-access-admin-key-0123456789';

describe('portal sessions across the management API (embedded mode)', () => {
  let product: EmbeddedProduct;

  beforeAll(async () => {
    product = await startEmbeddedProduct('portal-access', {
      // A real port: the portal checks an organization exists through this process's own API.
      PORT: String(await freePort()),
      ADMIN_API_KEY,
      PORTAL_SESSION_TTL_SECONDS: '600',
    });
  }, 120_000);

  afterAll(async () => {
    await product?.stop();
  }, 60_000);

  portalSessionAccessScenario({
    adminApiKey: ADMIN_API_KEY,
    settle: { timeoutMs: 15_000, readsAreEventual: false },
    baseUrl: () => product.baseUrl,
    // PUBLIC_URL is not set here: the directory's SCIM endpoint is reached on this process's own port.
    scimUrl: (endpointUrl) => product.scimUrl(endpointUrl),
  });
});
