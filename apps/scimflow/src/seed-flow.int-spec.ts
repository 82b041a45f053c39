import { seedFlowScenario } from '@scimflow/testing';
import { startEmbeddedProduct, type EmbeddedProduct } from './spec-support/embedded-product';

// The product in one breath, embedded: an organization connects JumpCloud, which provisions users and a
// group; the group is mapped to an application role; then the group is disassociated from the app in
// JumpCloud (every member removed, the users deactivated), and access is revoked while the group stays.
const ADMIN_API_KEY = 'seed-flow-admin-key-0123456789';

describe('the seed flow: JumpCloud provisioning by group, roles, disassociation (embedded mode)', () => {
  let product: EmbeddedProduct;

  beforeAll(async () => {
    product = await startEmbeddedProduct('seed', {
      ADMIN_API_KEY,
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_RETRY_SCHEDULE: '0s,200ms,200ms',
    });
  }, 120_000);

  afterAll(async () => {
    await product?.stop();
  }, 60_000);

  seedFlowScenario(
    () => ({
      adminApiKey: ADMIN_API_KEY,
      directoryApiUrl: product.baseUrl,
      roleMappingApiUrl: product.baseUrl,
      webhookApiUrl: product.baseUrl,
      // Started on port 0, the process cannot know its public URL: the directory's endpoint is reached here.
      scimUrl: product.scimUrl,
    }),
    { settleMs: 15_000, deliveryMs: 20_000 },
  );
});
