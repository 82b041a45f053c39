import { REPLAY_SCENARIOS, runScenario } from '@scimflow/providers';
import { managementApiClient, uniqueName, type ManagementApiClient } from '@scimflow/testing';
import { startEmbeddedProduct, type EmbeddedProduct } from './spec-support/embedded-product';

// Identity-provider traffic (libs/providers/src/replay: JumpCloud, Entra ID, Okta, OneLogin, generic SCIM),
// replayed over HTTP against the embedded product; each step checks the answer, the stored state read back
// through the management API, and the events it emitted.
describe('identity-provider replays (embedded mode)', () => {
  let product: EmbeddedProduct;
  let api: ManagementApiClient;

  beforeAll(async () => {
    product = await startEmbeddedProduct('replay', { ADMIN_API_KEY: 'replay-admin-key-0123456789' });
    api = managementApiClient(product.baseUrl, product.instance.settings.adminApiKey);
  }, 120_000);

  afterAll(async () => {
    await product?.stop();
  }, 60_000);

  it.each(REPLAY_SCENARIOS.map((scenario) => [scenario.id, scenario] as const))(
    '%s',
    async (_id, scenario) => {
      const organization = await api.createOrganization(uniqueName('Replay'));
      const directory = await api.createDirectory(organization.id, scenario.provider);
      // endpointUrl is built from PUBLIC_URL; the test reaches the same path on its own port.
      const scimBaseUrl = product.scimUrl(directory.endpointUrl);
      await runScenario(scenario, {
        scimBaseUrl,
        token: directory.bearerToken,
        managementApi: api.forDirectory(directory.id),
        eventTimeoutMs: 10_000,
      });
    },
  );

  it('keeps the same person provisioned through two organizations as two separate users', async () => {
    const tenants: Array<{
      directory: { id: string; endpointUrl: string; bearerToken: string };
      scim: string;
    }> = [];
    for (const name of ['Tenant A', 'Tenant B']) {
      const organization = await api.createOrganization(uniqueName(name));
      const directory = await api.createDirectory(organization.id, 'jumpcloud');
      tenants.push({ directory, scim: product.scimUrl(directory.endpointUrl) });
    }
    const scim = (tenant: (typeof tenants)[number], method: string, route: string, body?: unknown) =>
      fetch(`${tenant.scim}${route}`, {
        method,
        headers: {
          Authorization: `Bearer ${tenant.directory.bearerToken}`,
          'Content-Type': 'application/scim+json',
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const ids: string[] = [];
    for (const tenant of tenants) {
      const created = await scim(tenant, 'POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'same.person@example.com',
        externalId: '65f0a1b2c3d4e5f6a7b8c9d1',
      });
      expect(created.status).toBe(201);
      ids.push(((await created.json()) as { id: string }).id);
    }
    expect(ids[0]).not.toBe(ids[1]);
    for (const [index, tenant] of tenants.entries()) {
      const list = (await (await scim(tenant, 'GET', '/Users')).json()) as {
        totalResults: number;
        Resources: Array<{ id: string }>;
      };
      expect(list.Resources.map((user) => user.id)).toEqual([ids[index]]);
      // The other tenant's user is not there, not even by id; and this tenant's token opens nothing else.
      expect((await scim(tenant, 'GET', `/Users/${ids[1 - index]}`)).status).toBe(404);
      const other = tenants[1 - index]!;
      const crossed = await fetch(`${other.scim}/Users`, {
        headers: { Authorization: `Bearer ${tenant.directory.bearerToken}` },
      });
      expect(crossed.status).toBe(401);
    }
    const [a, b] = [
      await api.forDirectory(tenants[0]!.directory.id).getUser(ids[0]!),
      await api.forDirectory(tenants[1]!.directory.id).getUser(ids[0]!),
    ];
    expect(a).toMatchObject({ id: ids[0] });
    expect(b).toBeNull();
  });
});
