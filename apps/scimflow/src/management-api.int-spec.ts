import { managementApiSuite } from '@scimflow/testing';
import { startEmbeddedProduct, type EmbeddedProduct } from './spec-support/embedded-product';

// The management API suite (libs/testing/src/lib/management) against the embedded product: one process, the
// in-process bus, the embedded PostgreSQL.
const ADMIN_API_KEY = 'management-admin-key-0123456789';
// Not the address the test reaches (the process listens on a port picked at start): endpoint URLs must be built
// from PUBLIC_URL, and its trailing slash must not leak into them.
const PUBLIC_URL = 'https://scim.scimflow.example/';
// Short, so that the suite sees both sides of a token rotation's grace period.
const TOKEN_GRACE_PERIOD_SECONDS = 2;

describe('management API (embedded mode)', () => {
  let product: EmbeddedProduct;

  beforeAll(async () => {
    product = await startEmbeddedProduct('management', {
      ADMIN_API_KEY,
      PUBLIC_URL,
      TOKEN_GRACE_PERIOD_SECONDS: String(TOKEN_GRACE_PERIOD_SECONDS),
    });
  }, 120_000);

  afterAll(async () => {
    await product?.stop();
  }, 60_000);

  managementApiSuite(() => ({
    managementUrl: product.baseUrl,
    adminApiKey: ADMIN_API_KEY,
    // PUBLIC_URL names no server here: a directory's endpoint is reached by its path on this process.
    scimUrl: product.scimUrl,
    publicUrl: PUBLIC_URL,
    tokenGracePeriodSeconds: TOKEN_GRACE_PERIOD_SECONDS,
    // One process: every SCIM request checks the token against the directory's current state.
    scimAuthCacheMs: 0,
  }));
});
