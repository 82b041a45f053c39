import { scimConformanceSuite } from '@scimflow/testing';
import { startEmbeddedProduct, type EmbeddedProduct } from './spec-support/embedded-product';

// scimflow's SCIM conformance suite (libs/testing/src/lib/conformance) against the embedded product: one
// process, the in-process bus, the embedded PostgreSQL.
const ADMIN_API_KEY = 'conformance-admin-key-0123456789';

describe('SCIM 2.0 conformance (embedded mode)', () => {
  let product: EmbeddedProduct;

  beforeAll(async () => {
    product = await startEmbeddedProduct('conformance', { ADMIN_API_KEY });
  }, 120_000);

  afterAll(async () => {
    await product?.stop();
  }, 60_000);

  scimConformanceSuite(() => ({
    managementUrl: product.baseUrl,
    adminApiKey: ADMIN_API_KEY,
    // Started on port 0, the process cannot know its public URL: the directory's endpoint is reached here.
    scimUrl: product.scimUrl,
  }));
});
