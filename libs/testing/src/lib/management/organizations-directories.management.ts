import { expectStatus, SCIM_JSON } from '../conformance/conformance-client';
import { uniqueName } from '../unique-name';
import { waitFor } from '../wait-for';
import {
  apiRequest,
  createDirectory,
  createOrganization,
  expectApiError,
  expectOk,
  expectTimestampBetween,
  getDirectory,
  idsOf,
  minimalUser,
  PROVIDER_IDS,
  scimCreate,
  uniqueUserName,
  UUID,
  walkPages,
  type DirectoryFixture,
  type Json,
  type ManagementApiTarget,
} from './management-client';

/** The SCIM base the product must give a directory: PUBLIC_URL without its trailing slashes, then the path. */
function expectedEndpointUrl(target: ManagementApiTarget, directoryId: string): string {
  return `${target.publicUrl.replace(/\/+$/, '')}/scim/v2/${directoryId}`;
}

/** Organizations and directories: creation, reading, listing, and what a directory's answers hold. */
export function organizationsDirectoriesManagement(target: () => ManagementApiTarget): void {
  describe('organizations', () => {
    it('creates an organization: 201 {id, name, externalId, createdAt}, then reads it back by id', async () => {
      const externalId = uniqueName('tenant');
      const name = uniqueName('Acme Inc.');
      const before = Date.now();
      const answer = await apiRequest(target(), 'POST', '/api/v1/organizations', {
        body: { name, externalId },
      });
      const created = expectOk(answer, 201, 'POST /api/v1/organizations');
      expect(answer.headers.get('content-type') ?? '').toContain('application/json');
      expect(created).toEqual({
        id: expect.stringMatching(UUID),
        name,
        externalId,
        createdAt: expect.any(String),
      });
      expectTimestampBetween(created.createdAt, before, Date.now());

      const read = await apiRequest(target(), 'GET', `/api/v1/organizations/${created.id}`);
      expect(expectOk(read, 200, 'GET /api/v1/organizations/{orgId}')).toEqual(created);
    });

    it('gives an organization created without externalId a null externalId', async () => {
      const name = uniqueName('No external id');
      const created = await createOrganization(target(), { name });
      expect(created).toEqual({
        id: expect.stringMatching(UUID),
        name,
        externalId: null,
        createdAt: expect.any(String),
      });
      const read = await apiRequest(target(), 'GET', `/api/v1/organizations/${created.id}`);
      expect(expectOk(read, 200)).toEqual(created);
    });

    it('refuses a second organization with the same externalId: 409 {error}', async () => {
      // externalId is the application's own tenant id: two organizations for one tenant would split its users.
      const externalId = uniqueName('tenant');
      await createOrganization(target(), { name: uniqueName('First'), externalId });
      const second = await apiRequest(target(), 'POST', '/api/v1/organizations', {
        body: { name: uniqueName('Second'), externalId },
      });
      expectApiError(second, 409, 'POST /api/v1/organizations with a taken externalId');
    });

    it('pages through every organization once: any page size gives the same list, oldest first', async () => {
      // Created together, so several may share a creation instant: the order must still be total.
      const created = await Promise.all(
        Array.from({ length: 7 }, (_, index) =>
          createOrganization(target(), { name: uniqueName(`Paged ${index}`) }),
        ),
      );
      const everything = await walkPages(target(), '/api/v1/organizations', 100);
      for (const limit of [1, 2, 3]) {
        const walked = await walkPages(target(), '/api/v1/organizations', limit);
        expect({ limit, ids: idsOf(walked) }).toEqual({ limit, ids: idsOf(everything) });
      }
      expect(new Set(idsOf(everything)).size).toBe(everything.length);
      expect(idsOf(everything)).toEqual(expect.arrayContaining(idsOf(created)));
      for (const organization of created)
        expect(everything.find((entry) => entry.id === organization.id)).toEqual(organization);
      const times = everything.map((entry) => Date.parse(entry.createdAt));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      // The default page size still answers the same shape.
      const firstPage = expectOk(await apiRequest(target(), 'GET', '/api/v1/organizations'), 200);
      expect(idsOf(firstPage.data)).toEqual(idsOf(everything).slice(0, firstPage.data.length));
    });
  });

  describe('directories', () => {
    it('creates a directory: 201 {id, organizationId, provider, name, endpointUrl, bearerToken, createdAt}', async () => {
      const organization = await createOrganization(target());
      const before = Date.now();
      const answer = await apiRequest(
        target(),
        'POST',
        `/api/v1/organizations/${organization.id}/directories`,
        {
          body: { provider: 'okta', name: 'Okta (production)' },
        },
      );
      const created = expectOk(answer, 201, 'POST /api/v1/organizations/{orgId}/directories');
      expect(created).toEqual({
        id: expect.stringMatching(UUID),
        organizationId: organization.id,
        provider: 'okta',
        name: 'Okta (production)',
        endpointUrl: expect.any(String),
        bearerToken: expect.any(String),
        createdAt: expect.any(String),
      });
      expectTimestampBetween(created.createdAt, before, Date.now());
      // The token goes into an HTTP header as it is: printable, no spaces, long enough not to be guessed.
      expect(created.bearerToken).toMatch(/^[\x21-\x7e]{32,}$/);
    });

    it("builds endpointUrl as PUBLIC_URL + /scim/v2/{directoryId}: absolute, no trailing slash, the directory's SCIM base", async () => {
      const organization = await createOrganization(target());
      const directory = await createDirectory(target(), organization.id);
      expect(directory.endpointUrl).toBe(expectedEndpointUrl(target(), directory.id));
      const url = new URL(directory.endpointUrl);
      expect(['http:', 'https:']).toContain(url.protocol);
      expect(directory.endpointUrl.endsWith('/')).toBe(false);

      // An identity provider appends /Users, /Groups … to it with the bearer token: that is the directory's API.
      const config = await directory.scim('GET', '/ServiceProviderConfig');
      expectStatus(config, 200);
      expect(config.headers.get('content-type') ?? '').toContain(SCIM_JSON);
      const user = await scimCreate(directory, 'Users', minimalUser(uniqueUserName('endpoint')));
      expect(user.meta.location).toBe(`${directory.endpointUrl}/Users/${user.id}`);
      const listed = await directory.scim(
        'GET',
        `/Users?filter=${encodeURIComponent(`userName eq "${user.userName}"`)}`,
      );
      expectStatus(listed, 200);
      expect(listed.body.Resources.map((resource: Json) => resource.id)).toEqual([user.id]);
    });

    it('creates a directory for every provider, each with its own endpoint and token, named after the provider by default', async () => {
      const organization = await createOrganization(target());
      const created: Json[] = [];
      for (const provider of PROVIDER_IDS) {
        const answer = await apiRequest(
          target(),
          'POST',
          `/api/v1/organizations/${organization.id}/directories`,
          {
            body: { provider },
          },
        );
        const directory = expectOk(answer, 201, `POST …/directories {provider: ${provider}}`);
        expect(directory.provider).toBe(provider);
        expect(typeof directory.name).toBe('string');
        expect(directory.name.trim().length).toBeGreaterThan(0);
        expect(directory.endpointUrl).toBe(expectedEndpointUrl(target(), directory.id));
        created.push(directory);
      }
      expect(new Set(created.map((directory) => directory.id)).size).toBe(PROVIDER_IDS.length);
      expect(new Set(created.map((directory) => directory.bearerToken)).size).toBe(PROVIDER_IDS.length);
      // The default name is what the provider catalog calls the provider.
      const catalog = expectOk(await apiRequest(target(), 'GET', '/api/v1/providers'), 200);
      const providers: Json[] = Array.isArray(catalog) ? catalog : catalog.data;
      for (const directory of created) {
        expect(directory.name).toBe(providers.find((provider) => provider.id === directory.provider)?.name);
      }
    });

    it('never shows the bearer token again: not on GET of the directory, its list or its organization', async () => {
      const organization = await createOrganization(target());
      const directory = await createDirectory(target(), organization.id, { provider: 'jumpcloud' });
      const reads = [
        `/api/v1/directories/${directory.id}`,
        `/api/v1/organizations/${organization.id}/directories`,
        `/api/v1/organizations/${organization.id}`,
        '/api/v1/organizations?limit=200',
      ];
      for (const path of reads) {
        const answer = await apiRequest(target(), 'GET', path);
        expectOk(answer, 200, `GET ${path}`);
        expect({ path, hasToken: answer.text.includes(directory.token) }).toEqual({ path, hasToken: false });
        expect({ path, bearerToken: answer.text.includes('"bearerToken"') }).toEqual({
          path,
          bearerToken: false,
        });
      }
    });

    it('reads a directory: {id, organizationId, provider, name, endpointUrl, status, stats, lastRequestAt, createdAt}', async () => {
      const organization = await createOrganization(target());
      const directory = await createDirectory(target(), organization.id, {
        provider: 'entra-id',
        name: 'Entra',
      });
      const read = expectOk(await apiRequest(target(), 'GET', `/api/v1/directories/${directory.id}`), 200);
      expect(read).toMatchObject({
        id: directory.id,
        organizationId: organization.id,
        provider: 'entra-id',
        name: 'Entra',
        endpointUrl: directory.endpointUrl,
        status: expect.any(String),
        stats: { users: 0, groups: 0 },
        lastRequestAt: null,
        createdAt: directory.createdAt,
      });
    });

    it("lists only the organization's directories, page by page, oldest first, with status and stats", async () => {
      const organization = await createOrganization(target());
      const other = await createOrganization(target());
      const mine: DirectoryFixture[] = [];
      for (const provider of ['okta', 'onelogin', 'pingone'])
        mine.push(await createDirectory(target(), organization.id, { provider }));
      await createDirectory(target(), other.id, { provider: 'okta' });
      await scimCreate(mine[1]!, 'Users', minimalUser(uniqueUserName('listed')));
      // Counts may follow the SCIM write asynchronously.
      await waitFor(async () =>
        expect((await getDirectory(target(), mine[1]!.id)).stats).toEqual({ users: 1, groups: 0 }),
      );

      const path = `/api/v1/organizations/${organization.id}/directories`;
      const everything = await walkPages(target(), path, 50);
      expect(idsOf(everything)).toEqual(mine.map((directory) => directory.id));
      expect(idsOf(await walkPages(target(), path, 2))).toEqual(idsOf(everything));
      expect(idsOf(await walkPages(target(), path, 1))).toEqual(idsOf(everything));
      for (const [index, entry] of everything.entries()) {
        const single = expectOk(await apiRequest(target(), 'GET', `/api/v1/directories/${entry.id}`), 200);
        // The list shows each directory as GET does (the request time of one just written to aside).
        expect(entry).toMatchObject({
          id: mine[index]!.id,
          organizationId: organization.id,
          provider: mine[index]!.provider,
          name: mine[index]!.name,
          endpointUrl: mine[index]!.endpointUrl,
          status: single.status,
          stats: single.stats,
          createdAt: mine[index]!.createdAt,
        });
        expect(entry).toHaveProperty('lastRequestAt');
        expect(entry).not.toHaveProperty('bearerToken');
      }
      expect(everything[1].stats).toEqual({ users: 1, groups: 0 });
    });
  });
}
