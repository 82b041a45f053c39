import { expectScimError, expectStatus, GROUP_URN, type ScimAnswer } from '../conformance/conformance-client';
import { uniqueName } from '../unique-name';
import { waitFor } from '../wait-for';
import {
  apiRequest,
  createDirectory,
  createOrganization,
  delay,
  expectApiError,
  expectOk,
  expectTimestampBetween,
  getDirectory,
  idsOf,
  minimalUser,
  newDirectory,
  scimCreate,
  uniqueUserName,
  walkPages,
  type DirectoryFixture,
  type Json,
  type ManagementApiTarget,
} from './management-client';

/** A write an identity provider makes: a new user. */
function createUserWith(directory: DirectoryFixture, token: string): Promise<ScimAnswer> {
  return directory.scim('POST', '/Users', { token, body: minimalUser(uniqueUserName('token')) });
}

/** A read an identity provider makes: a lookup by userName, as a connection test does. */
function lookupWith(directory: DirectoryFixture, token: string): Promise<ScimAnswer> {
  return directory.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody@example.com"')}`, {
    token,
  });
}

/**
 * Expects `token` to be refused for reads by now, allowing the SCIM edge its documented cache of accepted tokens
 * (target.scimAuthCacheMs), and to stay refused.
 */
async function expectReadsRefused(
  target: ManagementApiTarget,
  directory: DirectoryFixture,
  token: string,
): Promise<void> {
  await waitFor(async () => expectScimError(await lookupWith(directory, token), 401), {
    timeoutMs: target.scimAuthCacheMs + 2_000,
    intervalMs: 200,
  });
  expectScimError(await directory.scim('GET', '/Users', { token }), 401);
}

/** Rotates the directory's token: the issue names no status, and 200 or 201 are both fair for this POST. */
async function rotate(target: ManagementApiTarget, directoryId: string): Promise<Json> {
  const answer = await apiRequest(target, 'POST', `/api/v1/directories/${directoryId}/token`);
  expect({ status: [200, 201].includes(answer.status), body: answer.text.slice(0, 300) }).toEqual({
    status: true,
    body: expect.any(String),
  });
  return answer.body;
}

/** A directory's life: its status, counts and last request, token rotation, deletion. */
export function directoryLifecycleManagement(target: () => ManagementApiTarget): void {
  describe('status, stats and last request', () => {
    it('starts pending with no counts and no request, and a refused SCIM request changes none of that', async () => {
      const directory = await newDirectory(target(), 'okta');
      const fresh = await getDirectory(target(), directory.id);
      expect(fresh).toMatchObject({ status: 'pending', stats: { users: 0, groups: 0 }, lastRequestAt: null });
      expectScimError(await createUserWith(directory, 'not-the-directory-token-0123456789abcdef'), 401);
      expect(await getDirectory(target(), directory.id)).toMatchObject({
        status: 'pending',
        stats: { users: 0, groups: 0 },
        lastRequestAt: null,
      });
    });

    it('turns active, sets lastRequestAt and counts users and groups as the identity provider provisions', async () => {
      const directory = await newDirectory(target());
      const before = Date.now();
      const first = await scimCreate(directory, 'Users', minimalUser(uniqueUserName('first')));
      const afterFirst = Date.now();
      const active = await waitFor(async () => {
        const read = await getDirectory(target(), directory.id);
        expect(read).toMatchObject({ status: 'active', stats: { users: 1, groups: 0 } });
        expect(read.lastRequestAt).not.toBeNull();
        return read;
      });
      expectTimestampBetween(active.lastRequestAt, before, afterFirst);

      const second = await scimCreate(directory, 'Users', minimalUser(uniqueUserName('second')));
      await scimCreate(directory, 'Users', minimalUser(uniqueUserName('third')));
      await scimCreate(directory, 'Groups', {
        schemas: [GROUP_URN],
        displayName: uniqueName('Counted'),
        members: [{ value: first.id }, { value: second.id }],
      });
      await scimCreate(directory, 'Groups', {
        schemas: [GROUP_URN],
        displayName: uniqueName('Counted empty'),
      });
      await waitFor(async () =>
        expect((await getDirectory(target(), directory.id)).stats).toEqual({ users: 3, groups: 2 }),
      );

      const beforeDelete = Date.now();
      expectStatus(await directory.scim('DELETE', `/Users/${second.id}`), 204);
      const afterDelete = Date.now();
      const after = await waitFor(async () => {
        const read = await getDirectory(target(), directory.id);
        expect(read.stats).toEqual({ users: 2, groups: 2 });
        expect(Date.parse(read.lastRequestAt)).toBeGreaterThanOrEqual(Date.parse(active.lastRequestAt));
        return read;
      });
      expectTimestampBetween(after.lastRequestAt, beforeDelete, afterDelete);
      expect(after.status).toBe('active');
      // The organization's list says the same.
      const listed = await walkPages(
        target(),
        `/api/v1/organizations/${directory.organizationId}/directories`,
        50,
      );
      expect(listed).toEqual([
        expect.objectContaining({ id: directory.id, status: 'active', stats: after.stats }),
      ]);
    });

    it('sets lastRequestAt for a read as well: a connection test only reads', async () => {
      // Okta's "Test Connector Configuration" and Entra's "Test Connection" only look users up; an IT admin
      // checks lastRequestAt to see that the provider reached the endpoint.
      const directory = await newDirectory(target(), 'okta');
      const before = Date.now();
      expectStatus(await lookupWith(directory, directory.token), 200);
      const after = Date.now();
      const read = await waitFor(
        async () => {
          const current = await getDirectory(target(), directory.id);
          expect(current.lastRequestAt).not.toBeNull();
          return current;
        },
        { timeoutMs: 3_000 },
      );
      expectTimestampBetween(read.lastRequestAt, before, after);
    });
  });

  describe('token rotation', () => {
    it('returns a new token that works at once, and keeps the old one working until previousTokenExpiresAt', async () => {
      const graceMs = target().tokenGracePeriodSeconds * 1000;
      const directory = await newDirectory(target());
      expectStatus(await createUserWith(directory, directory.token), 201);

      const before = Date.now();
      const rotation = await rotate(target(), directory.id);
      const after = Date.now();
      expect(rotation).toEqual({
        bearerToken: expect.any(String),
        previousTokenExpiresAt: expect.any(String),
      });
      expect(rotation.bearerToken).toMatch(/^[\x21-\x7e]{32,}$/);
      expect(rotation.bearerToken).not.toBe(directory.token);
      expectTimestampBetween(rotation.previousTokenExpiresAt, before + graceMs, after + graceMs);
      const expiresAt = Date.parse(rotation.previousTokenExpiresAt);

      // The identity provider can be switched to the new token at once, for reads and writes.
      expectStatus(await lookupWith(directory, rotation.bearerToken), 200);
      expectStatus(await createUserWith(directory, rotation.bearerToken), 201);
      if (graceMs > 0) {
        // Meanwhile the one still configured there keeps working (checked well before it expires).
        expect({ msLeftOfGrace: Math.min(expiresAt - Date.now(), 500) }).toEqual({ msLeftOfGrace: 500 });
        expectStatus(await lookupWith(directory, directory.token), 200);
        expectStatus(await createUserWith(directory, directory.token), 201);
      } else {
        expectScimError(await createUserWith(directory, directory.token), 401);
      }
      // Shown in this answer only.
      const read = await apiRequest(target(), 'GET', `/api/v1/directories/${directory.id}`);
      expect(read.text.includes(rotation.bearerToken)).toBe(false);
      expect(read.body).not.toHaveProperty('bearerToken');
    });

    it('refuses the old token with 401 once the grace period is over, and the new one goes on working', async () => {
      const directory = await newDirectory(target());
      // The identity provider was using the token until the rotation.
      expectStatus(await lookupWith(directory, directory.token), 200);
      const rotation = await rotate(target(), directory.id);
      if (target().tokenGracePeriodSeconds > 0)
        expectStatus(await lookupWith(directory, directory.token), 200);
      // Waiting for the end of the grace period is the point of the test: no sooner, barely later.
      await delay(Date.parse(rotation.previousTokenExpiresAt) - Date.now() + 50);

      // A write with the expired token is refused at once: nothing may be provisioned with it. Only reads may lag
      // by the SCIM edge's token cache (docs/architecture.md: a rotated-out token "may still read").
      expectScimError(await createUserWith(directory, directory.token), 401);
      await expectReadsRefused(target(), directory, directory.token);
      expectStatus(await lookupWith(directory, rotation.bearerToken), 200);
      expectStatus(await createUserWith(directory, rotation.bearerToken), 201);
    });
  });

  describe('directory deletion', () => {
    it('answers 204; then SCIM answers 401, the directory is 404 and its users and groups are gone', async () => {
      const organization = await createOrganization(target());
      const directory = await createDirectory(target(), organization.id);
      const kept = await createDirectory(target(), organization.id);
      const user = await scimCreate(directory, 'Users', minimalUser(uniqueUserName('deleted')));
      const group = await scimCreate(directory, 'Groups', {
        schemas: [GROUP_URN],
        displayName: uniqueName('Deleted group'),
        members: [{ value: user.id }],
      });
      const keptUser = await scimCreate(kept, 'Users', minimalUser(uniqueUserName('kept')));
      const base = `/api/v1/directories/${directory.id}`;
      expectOk(await apiRequest(target(), 'GET', `${base}/users/${user.id}`), 200);

      const answer = await apiRequest(target(), 'DELETE', base);
      expect({ status: answer.status, body: answer.text }).toEqual({ status: 204, body: '' });

      // The identity provider's writes are refused from then on; its reads once the SCIM edge's cache is past.
      expectScimError(await createUserWith(directory, directory.token), 401);
      expectScimError(
        await directory.scim('PATCH', `/Users/${user.id}`, {
          body: {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [{ op: 'replace', path: 'active', value: false }],
          },
        }),
        401,
      );
      await expectReadsRefused(target(), directory, directory.token);
      expectScimError(await directory.scim('GET', `/Users/${user.id}`), 401);

      for (const path of [
        base,
        `${base}/users`,
        `${base}/users/${user.id}`,
        `${base}/groups`,
        `${base}/groups/${group.id}`,
        `${base}/groups/${group.id}/members`,
      ]) {
        expectApiError(await apiRequest(target(), 'GET', path), 404, `GET ${path} after the deletion`);
      }
      expectApiError(
        await apiRequest(target(), 'POST', `${base}/token`),
        404,
        'POST …/token after the deletion',
      );
      expectApiError(await apiRequest(target(), 'DELETE', base), 404, 'DELETE again');
      const listed = await walkPages(target(), `/api/v1/organizations/${organization.id}/directories`, 50);
      expect(idsOf(listed)).toEqual([kept.id]);

      // The other directory of the organization is untouched.
      const keptUsers = await walkPages(target(), `/api/v1/directories/${kept.id}/users`, 50);
      expect(idsOf(keptUsers)).toEqual([keptUser.id]);
      expectStatus(await kept.scim('GET', `/Users/${keptUser.id}`), 200);
    });
  });
}
