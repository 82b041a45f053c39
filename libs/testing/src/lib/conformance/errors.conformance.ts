import { randomUUID } from 'node:crypto';
import {
  createGroup,
  createUser,
  ENTERPRISE_URN,
  ERROR_URN,
  expectStatus,
  GROUP_URN,
  groupResource,
  LIST_URN,
  newDirectory,
  patchRequest,
  SCIM_JSON,
  scimRequest,
  SEARCH_URN,
  uniqueUserName,
  USER_URN,
  userResource,
  type ConformanceDirectory,
  type ConformanceTarget,
  type Json,
  type ScimAnswer,
  type ScimRequestOptions,
} from './conformance-client';

const BULK_URN = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const UNKNOWN_SCHEMA_URN = 'urn:example:params:scim:schemas:unknown:1.0:Printer';

/** What a stack trace or a source path looks like in a body: an error answer must never carry one. */
const INTERNALS = /\n\s+at\s|\(\S+:\d+:\d+\)|node_modules|\/(?:src|dist)\//;

/** An entity-tag of RFC 7232 §2.3: a strong `"x"` or a weak `W/"x"`. */
const ENTITY_TAG = /^(W\/)?"[^"]*"$/;

/**
 * Expects the RFC 7644 §3.12 error response in one comparison, so that a failure shows everything at once
 * (and `request` names which one): the HTTP status, an application/scim+json body of the Error schema with
 * `status` as a string, `scimType` one of `scimTypes` when given, `detail` absent or a string, no internals.
 */
function expectError(
  answer: ScimAnswer,
  status: number,
  scimTypes?: readonly string[],
  request?: string,
): void {
  const body: Json = answer.body ?? {};
  expect({
    request,
    status: answer.status,
    body: answer.status === status ? '(checked below)' : answer.text.slice(0, 300),
    contentType: answer.headers.get('content-type') ?? '',
    schemas: body.schemas,
    bodyStatus: body.status,
    scimType: scimTypes === undefined ? '(any)' : body.scimType,
    detail:
      body.detail === undefined || typeof body.detail === 'string' ? '(absent or a string)' : body.detail,
    internals: INTERNALS.test(answer.text) ? answer.text.slice(0, 300) : '(none)',
  }).toEqual({
    request,
    status,
    body: '(checked below)',
    contentType: expect.stringContaining(SCIM_JSON),
    schemas: [ERROR_URN],
    bodyStatus: String(status),
    scimType:
      scimTypes === undefined ? '(any)' : expect.stringMatching(new RegExp(`^(${scimTypes.join('|')})$`)),
    detail: '(absent or a string)',
    internals: '(none)',
  });
}

/** What a directory holds, as a client sees it: every user and group with its version. */
async function contents(directory: ConformanceDirectory): Promise<Json> {
  const read = async (endpoint: string): Promise<Json> => {
    const answer = await directory.request('GET', `/${endpoint}?count=1000`);
    expectStatus(answer, 200);
    const resources: Json[] = answer.body.Resources ?? [];
    return {
      totalResults: answer.body.totalResults,
      resources: resources.map((resource) => `${resource.id} ${resource.meta?.version}`).sort(),
    };
  };
  return { users: await read('Users'), groups: await read('Groups') };
}

/** Runs `bad` and expects the directory to hold exactly what it held before (nothing created, changed, lost). */
async function expectNothingChanged(
  directory: ConformanceDirectory,
  bad: () => Promise<void>,
): Promise<void> {
  const before = await contents(directory);
  await bad();
  expect(await contents(directory)).toEqual(before);
}

/** The resource as stored now (fails unless 200). */
async function getResource(directory: ConformanceDirectory, path: string): Promise<Json> {
  const answer = await directory.request('GET', path);
  expectStatus(answer, 200);
  return answer.body;
}

/**
 * Errors, authentication, versions and content types: RFC 7644 §2 (authentication), §3.12 (error responses),
 * §3.14 (versioning), §3.3/§3.5 with RFC 7643 §2–4 (what a request body must be), and the HTTP statuses a SCIM
 * endpoint shares with every HTTP server (RFC 7231 §6.5, RFC 7232, RFC 6750).
 */
export function errorsConformance(target: () => ConformanceTarget): void {
  describe('authentication (RFC 7644 §2, RFC 6750 §3)', () => {
    let directory: ConformanceDirectory;
    let other: ConformanceDirectory;
    let user: Json;

    beforeAll(async () => {
      [directory, other] = await Promise.all([newDirectory(target()), newDirectory(target())]);
      user = await createUser(directory, userResource(uniqueUserName('auth')));
    });

    /** Every kind of SCIM route: discovery, reads, writes, searches, /Bulk, and a path that does not exist. */
    const routes = (): Array<{ method: string; path: string; body?: Json }> => [
      { method: 'GET', path: '/ServiceProviderConfig' },
      { method: 'GET', path: '/ResourceTypes' },
      { method: 'GET', path: '/ResourceTypes/User' },
      { method: 'GET', path: '/Schemas' },
      { method: 'GET', path: `/Schemas/${USER_URN}` },
      { method: 'GET', path: '/Users' },
      { method: 'GET', path: `/Users/${user.id}` },
      { method: 'GET', path: '/Groups' },
      { method: 'POST', path: '/Users', body: userResource(uniqueUserName('intruder')) },
      { method: 'POST', path: '/Groups', body: groupResource(uniqueUserName('intruders')) },
      { method: 'PUT', path: `/Users/${user.id}`, body: userResource(uniqueUserName('renamed')) },
      {
        method: 'PATCH',
        path: `/Users/${user.id}`,
        body: patchRequest({ op: 'replace', path: 'active', value: false }),
      },
      { method: 'DELETE', path: `/Users/${user.id}` },
      { method: 'POST', path: '/Users/.search', body: { schemas: [SEARCH_URN] } },
      { method: 'POST', path: '/.search', body: { schemas: [SEARCH_URN] } },
      { method: 'POST', path: '/Bulk', body: { schemas: [BULK_URN], Operations: [] } },
      // Authentication comes first: an unknown path must not tell a stranger what exists.
      { method: 'GET', path: '/Printers' },
    ];

    /**
     * Sends every route with `options` and expects each to be refused (401, or one of `statuses`) with a SCIM
     * error and a Bearer challenge, and the directory to be unchanged.
     */
    async function expectEveryRouteRefused(
      options: ScimRequestOptions,
      base: string = directory.base,
      statuses: readonly number[] = [401],
    ): Promise<void> {
      await expectNothingChanged(directory, async () => {
        for (const route of routes()) {
          const answer = await scimRequest(`${base}${route.path}`, route.method, {
            body: route.body,
            ...options,
          });
          const label = `${route.method} ${route.path}`;
          expectError(
            answer,
            statuses.includes(answer.status) ? answer.status : statuses[0],
            undefined,
            label,
          );
          // RFC 6750 §3: a request without a token that "enables access to the protected resource" is answered
          // with "the HTTP "WWW-Authenticate" response header field", and its challenges "MUST use the
          // auth-scheme value "Bearer"".
          expect({ request: label, challenge: answer.headers.get('www-authenticate') }).toEqual({
            request: label,
            challenge: expect.stringMatching(/^Bearer(\s|$)/i),
          });
        }
      });
      expect((await directory.request('GET', `/Users/${user.id}`)).body.meta.version).toBe(user.meta.version);
    }

    it('refuses every route without an Authorization header: 401, a Bearer challenge, a SCIM error body', async () => {
      await expectEveryRouteRefused({ token: '' });
    });

    it('refuses every route with a token that is not the directory’s', async () => {
      await expectEveryRouteRefused({ token: `not-a-token-${randomUUID()}` });
      // The directory's own token with one character more is not its token.
      await expectEveryRouteRefused({ token: `${directory.token}x` });
    });

    it('refuses every route for an Authorization header of another scheme or none', async () => {
      for (const authorization of [
        `Basic ${Buffer.from(`user:${directory.token}`).toString('base64')}`,
        `Basic ${directory.token}`,
        directory.token,
        '',
      ]) {
        await expectEveryRouteRefused({ token: '', headers: { Authorization: authorization } });
      }
    });

    it('refuses every route for a malformed Bearer header (no token, extra parts): 401, or 400 per RFC 6750', async () => {
      // RFC 6750 §3.1: a malformed request is "invalid_request", which "SHOULD" be answered 400; 401 (no valid
      // credentials, RFC 7235 §3.1) is as good. Either way a SCIM error with a Bearer challenge.
      for (const authorization of ['Bearer', 'Bearer ', `Bearer ${directory.token} extra`]) {
        await expectEveryRouteRefused(
          { token: '', headers: { Authorization: authorization } },
          directory.base,
          [401, 400],
        );
      }
    });

    it('reads the auth-scheme case-insensitively (RFC 7235 §2.1): "bearer <token>" is accepted', async () => {
      const answer = await directory.request('GET', `/Users/${user.id}`, {
        token: '',
        headers: { Authorization: `bearer ${directory.token}` },
      });
      expectStatus(answer, 200);
      expect(answer.body.id).toBe(user.id);
    });

    it('refuses every route with another directory’s valid token, answering exactly as for a wrong token', async () => {
      // The token is valid, for its own directory.
      expectStatus(await other.request('GET', '/Users'), 200);
      await expectEveryRouteRefused({ token: other.token });
      const wrong = await directory.request('GET', `/Users/${user.id}`, { token: `wrong-${randomUUID()}` });
      const foreign = await directory.request('GET', `/Users/${user.id}`, { token: other.token });
      // Nothing may tell the holder of B's token that A exists or that its token is valid elsewhere.
      expect(summaryOf(foreign)).toEqual(summaryOf(wrong));
      expect(foreign.text).not.toContain(directory.id);
      expect(foreign.text).not.toContain(other.id);
    });

    it('answers 401, not 404, for a directory id that does not exist, the same answer as for a wrong token', async () => {
      const endpoint = new URL(directory.base);
      for (const unknownId of [randomUUID(), 'no-such-directory']) {
        const unknownBase = directory.base.replace(
          new RegExp(`/${directory.id}$`),
          `/${encodeURIComponent(unknownId)}`,
        );
        expect(unknownBase).not.toBe(directory.base);
        expect(new URL(unknownBase).host).toBe(endpoint.host);
        await expectEveryRouteRefused({ token: directory.token }, unknownBase);
        await expectEveryRouteRefused({ token: `wrong-${randomUUID()}` }, unknownBase);

        // An unknown directory must look exactly like a known one with a wrong token, and like a known one
        // without credentials when none are sent: a 404 or another body would reveal which ids exist.
        const wrongHere = await directory.request('GET', '/Users', { token: `wrong-${randomUUID()}` });
        const validThere = await scimRequest(`${unknownBase}/Users`, 'GET', { token: directory.token });
        const wrongThere = await scimRequest(`${unknownBase}/Users`, 'GET', {
          token: `wrong-${randomUUID()}`,
        });
        expect(summaryOf(validThere)).toEqual(summaryOf(wrongHere));
        expect(summaryOf(wrongThere)).toEqual(summaryOf(wrongHere));
        const noneHere = await directory.request('GET', '/Users', { token: '' });
        const noneThere = await scimRequest(`${unknownBase}/Users`, 'GET', { token: '' });
        expect(summaryOf(noneThere)).toEqual(summaryOf(noneHere));
        expect(validThere.text).not.toContain(unknownId);
      }
    });

    it('does not take the admin API key as a SCIM bearer token', async () => {
      await expectEveryRouteRefused({ token: target().adminApiKey });
    });
  });

  describe('request bodies: JSON, schemas, required attributes, attribute types (RFC 7644 §3.3, §3.12; RFC 7643 §2–4)', () => {
    let directory: ConformanceDirectory;
    let user: Json;
    let group: Json;

    beforeAll(async () => {
      directory = await newDirectory(target());
      user = await createUser(
        directory,
        userResource(uniqueUserName('seed'), { displayName: 'Seed User', active: true }),
      );
      group = await createGroup(directory, groupResource(uniqueUserName('seed-group')));
    });

    // RFC 7644 §3.12, Table 9: invalidSyntax "The request body message structure was invalid or did not conform
    // to the request schema"; invalidValue "A required value was missing, or the value specified was not
    // compatible with the operation or attribute type (see Section 2.2 of [RFC7643]), or resource schema".
    const SCHEMA_ERRORS = ['invalidSyntax', 'invalidValue'];

    const creates: Array<{ name: string; raw: (userName: string) => string; scimTypes: readonly string[] }> =
      [
        {
          name: 'malformed JSON',
          raw: (userName) => `{"schemas": ["${USER_URN}"], "userName": "${userName}"`,
          scimTypes: ['invalidSyntax'],
        },
        {
          name: 'a JSON array (of a valid user)',
          raw: (userName) => JSON.stringify([userResource(userName)]),
          scimTypes: ['invalidSyntax'],
        },
        { name: 'a JSON string', raw: (userName) => JSON.stringify(userName), scimTypes: ['invalidSyntax'] },
        { name: 'JSON null', raw: () => 'null', scimTypes: ['invalidSyntax'] },
        // Not here: a body without "schemas" at all. The RFC's MUST is on the client (RFC 7644 §3.3), and scimflow
        // reads such a body as the endpoint's resource type, as the providers' quirks require elsewhere.
        {
          name: '"schemas" as a string, not an array of URIs',
          raw: (userName) => JSON.stringify({ schemas: USER_URN, userName }),
          scimTypes: SCHEMA_ERRORS,
        },
        {
          // The resource's core schema is what makes it a User (RFC 7643 §3, §6: a resource type's "schema").
          name: '"schemas" without the core User URN (the enterprise extension only)',
          raw: (userName) =>
            JSON.stringify({ schemas: [ENTERPRISE_URN], userName, [ENTERPRISE_URN]: { department: 'R&D' } }),
          scimTypes: SCHEMA_ERRORS,
        },
        {
          name: '"schemas" of a Group',
          raw: (userName) => JSON.stringify({ schemas: [GROUP_URN], userName, displayName: userName }),
          scimTypes: SCHEMA_ERRORS,
        },
        // Not here: an extension URN the server does not define. Entra ID and Okta send their customers' own
        // extensions; scimflow keeps them as the user's custom attributes (see the test of that below).
        {
          // RFC 7643 §4.1.1: userName is REQUIRED.
          name: 'no userName',
          raw: () => JSON.stringify({ schemas: [USER_URN], displayName: 'Nobody' }),
          scimTypes: SCHEMA_ERRORS,
        },
        {
          // RFC 7643 §2.5: null is equivalent to unassigned.
          name: 'userName null',
          raw: () => JSON.stringify({ schemas: [USER_URN], userName: null }),
          scimTypes: SCHEMA_ERRORS,
        },
        {
          // RFC 7643 §2.2: a string attribute takes a JSON string; §2.3.2 a boolean takes true or false.
          name: 'userName a number',
          raw: () => JSON.stringify({ schemas: [USER_URN], userName: 5 }),
          scimTypes: ['invalidValue'],
        },
        {
          name: 'active the string "yes"',
          raw: (userName) => JSON.stringify(userResource(userName, { active: 'yes' })),
          scimTypes: ['invalidValue'],
        },
        {
          name: 'emails a string, not a multi-valued complex attribute',
          raw: (userName) => JSON.stringify(userResource(userName, { emails: 'x' })),
          scimTypes: ['invalidValue'],
        },
        {
          name: 'name (complex) a string',
          raw: (userName) => JSON.stringify(userResource(userName, { name: 'Ada Lovelace' })),
          scimTypes: ['invalidValue'],
        },
      ];

    it.each(creates)(
      'refuses POST /Users with $name: 400, and nothing is created',
      async ({ raw, scimTypes }) => {
        const userName = uniqueUserName('bad');
        await expectNothingChanged(directory, async () => {
          expectError(await directory.request('POST', '/Users', { raw: raw(userName) }), 400, scimTypes);
        });
        const found = await directory.request(
          'GET',
          `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
        );
        expectStatus(found, 200);
        expect(found.body.totalResults).toBe(0);
      },
    );

    it('refuses a bad PUT body with 400 and leaves the user as it was', async () => {
      const path = `/Users/${user.id}`;
      const cases: Array<{ name: string; raw: string; scimTypes: readonly string[] }> = [
        { name: 'malformed JSON', raw: '{"schemas": [', scimTypes: ['invalidSyntax'] },
        {
          name: 'a JSON array',
          raw: JSON.stringify([userResource(user.userName, { displayName: 'Changed' })]),
          scimTypes: ['invalidSyntax'],
        },
        {
          name: 'no userName',
          raw: JSON.stringify({ schemas: [USER_URN], displayName: 'Changed' }),
          scimTypes: SCHEMA_ERRORS,
        },
        {
          name: 'userName a number',
          raw: JSON.stringify({ schemas: [USER_URN], userName: 5, displayName: 'Changed' }),
          scimTypes: ['invalidValue'],
        },
        {
          name: 'active "yes"',
          raw: JSON.stringify(userResource(user.userName, { displayName: 'Changed', active: 'yes' })),
          scimTypes: ['invalidValue'],
        },
      ];
      await expectNothingChanged(directory, async () => {
        for (const { name, raw, scimTypes } of cases)
          expectError(await directory.request('PUT', path, { raw }), 400, scimTypes, `PUT ${name}`);
      });
      expect(await getResource(directory, path)).toMatchObject({
        userName: user.userName,
        displayName: 'Seed User',
        active: true,
        meta: { version: user.meta.version },
      });
    });

    it('keeps the attributes of an extension schema it does not define (the custom attributes of Entra ID and Okta)', async () => {
      // RFC 7643 §3 limits "schemas" to the resource type's schema and extensions; identity providers send their
      // customers' own extensions anyway, so scimflow keeps them as sent (unchecked: it knows nothing of their
      // types) rather than refusing the user, and gives them to the application as custom attributes.
      const userName = uniqueUserName('custom');
      const created = await directory.request('POST', '/Users', {
        body: { schemas: [USER_URN, UNKNOWN_SCHEMA_URN], userName, [UNKNOWN_SCHEMA_URN]: { badge: 'B-17' } },
      });
      expectStatus(created, 201);
      expect(created.body[UNKNOWN_SCHEMA_URN]).toEqual({ badge: 'B-17' });
      const path = `/Users/${String(created.body.id)}`;
      const read = await getResource(directory, path);
      expect(read.schemas).toEqual(expect.arrayContaining([USER_URN, UNKNOWN_SCHEMA_URN]));
      expect(read[UNKNOWN_SCHEMA_URN]).toEqual({ badge: 'B-17' });
      // as Entra ID updates one: a PATCH by the attribute's URN-qualified path
      const patched = await directory.request('PATCH', path, {
        body: patchRequest({ op: 'Replace', path: `${UNKNOWN_SCHEMA_URN}:badge`, value: 'B-18' }),
      });
      expect([200, 204]).toContain(patched.status);
      expect((await getResource(directory, path))[UNKNOWN_SCHEMA_URN]).toEqual({ badge: 'B-18' });
    });

    it('refuses a PATCH or a search whose body is not a JSON object: 400 invalidSyntax', async () => {
      await expectNothingChanged(directory, async () => {
        for (const [method, path] of [
          ['PATCH', `/Users/${user.id}`],
          ['PATCH', `/Groups/${group.id}`],
          ['POST', '/Users/.search'],
          ['POST', '/.search'],
          ['POST', '/Groups'],
        ] as const) {
          expectError(
            await directory.request(method, path, { raw: '{"schemas": [' }),
            400,
            ['invalidSyntax'],
            `${method} ${path} malformed JSON`,
          );
          expectError(
            await directory.request(method, path, { raw: '[]' }),
            400,
            ['invalidSyntax'],
            `${method} ${path} []`,
          );
        }
      });
    });
  });

  describe('payload size and media types (413, 415; RFC 7644 §3.8, §8.1; RFC 7231 §6.5)', () => {
    let directory: ConformanceDirectory;
    let user: Json;

    beforeAll(async () => {
      directory = await newDirectory(target());
      user = await createUser(directory, userResource(uniqueUserName('seed'), { displayName: 'Seed User' }));
    });

    it('refuses a body over the advertised maxPayloadSize with a 413 SCIM error, storing nothing', async () => {
      // The largest body the product takes is advertised as bulk.maxPayloadSize (RFC 7644 §5); RFC 7644 §3.12
      // lists 413 for a body over the service provider's limits.
      const config = await getResource(directory, '/ServiceProviderConfig');
      const limit: number = config.bulk.maxPayloadSize;
      expect(limit).toBeGreaterThan(0);
      const userName = uniqueUserName('huge');
      const huge = (name: string): Json => userResource(name, { nickName: 'x'.repeat(limit + 1024) });
      expect(JSON.stringify(huge(userName)).length).toBeGreaterThan(limit);
      await expectNothingChanged(directory, async () => {
        expectError(
          await directory.request('POST', '/Users', { body: huge(userName) }),
          413,
          undefined,
          'POST',
        );
        expectError(
          await directory.request('PUT', `/Users/${user.id}`, { body: huge(user.userName) }),
          413,
          undefined,
          'PUT',
        );
        expectError(
          await directory.request('PATCH', `/Users/${user.id}`, {
            body: patchRequest({ op: 'replace', path: 'nickName', value: 'x'.repeat(limit + 1024) }),
          }),
          413,
          undefined,
          'PATCH',
        );
      });
      expect(await getResource(directory, `/Users/${user.id}`)).not.toHaveProperty('nickName');
    });

    it('refuses a body that is not JSON by its Content-Type with 415 and a SCIM error, storing nothing', async () => {
      // RFC 7644 §3.8 and §8.1: SCIM bodies are JSON (application/scim+json, or application/json); RFC 7231
      // §6.5.13: 415 is the answer to "a payload ... in a format not supported by this method".
      const xml = (name: string): string => `<?xml version="1.0"?><User><userName>${name}</userName></User>`;
      await expectNothingChanged(directory, async () => {
        for (const [method, path] of [
          ['POST', '/Users'],
          ['PUT', `/Users/${user.id}`],
        ] as const) {
          const name = method === 'POST' ? uniqueUserName('typed') : user.userName;
          // A JSON document labelled text/plain is still not a SCIM body.
          expectError(
            await directory.request(method, path, { body: userResource(name), contentType: 'text/plain' }),
            415,
            undefined,
            `${method} ${path} text/plain`,
          );
          expectError(
            await directory.request(method, path, { raw: xml(name), contentType: 'application/xml' }),
            415,
            undefined,
            `${method} ${path} application/xml`,
          );
          expectError(
            await directory.request(method, path, {
              body: userResource(name),
              contentType: 'application/x-www-form-urlencoded',
            }),
            415,
            undefined,
            `${method} ${path} application/x-www-form-urlencoded`,
          );
        }
        expectError(
          await directory.request('PATCH', `/Users/${user.id}`, {
            body: patchRequest({ op: 'replace', path: 'displayName', value: 'Changed' }),
            contentType: 'text/plain',
          }),
          415,
          undefined,
          'PATCH text/plain',
        );
      });
      expect(await getResource(directory, `/Users/${user.id}`)).toMatchObject({ displayName: 'Seed User' });
    });

    it('accepts application/scim+json and application/json, with a charset parameter and in any case', async () => {
      // RFC 7231 §3.1.1.1: type, subtype and parameter names are case-insensitive; a charset parameter is part
      // of a media type. RFC 7644 §8.1 makes UTF-8 the SCIM encoding, so "charset=utf-8" says nothing new.
      for (const contentType of [
        'application/scim+json',
        'application/json',
        'application/scim+json; charset=utf-8',
        'application/json;charset=UTF-8',
        'Application/SCIM+JSON',
      ]) {
        const userName = uniqueUserName('media');
        const answer = await directory.request('POST', '/Users', {
          body: userResource(userName),
          contentType,
        });
        expect({
          contentType,
          status: answer.status,
          text: answer.status === 201 ? '' : answer.text,
        }).toEqual({
          contentType,
          status: 201,
          text: '',
        });
        expect(answer.body.userName).toBe(userName);
      }
    });
  });

  describe('versions: ETag, If-Match, If-None-Match (RFC 7644 §3.14, RFC 7232)', () => {
    let directory: ConformanceDirectory;

    beforeAll(async () => {
      directory = await newDirectory(target());
    });

    /** The ETag header of a successful answer, checked against meta.version (RFC 7643 §3.1). */
    function etagOf(answer: ScimAnswer, label: string): string {
      const etag = answer.headers.get('etag');
      // RFC 7643 §3.1, meta.version: "This value must be the same as the entity-tag (ETag) HTTP response
      // header"; RFC 7644 §3.14: "When supported, SCIM ETags MUST be specified as an HTTP header".
      expect({ request: label, etag, version: answer.body?.meta?.version }).toEqual({
        request: label,
        etag: expect.stringMatching(ENTITY_TAG),
        version: etag,
      });
      return etag as string;
    }

    it('returns an ETag equal to meta.version on POST, GET, PUT and PATCH, and a new one after each change', async () => {
      const userName = uniqueUserName('etag');
      const created = await directory.request('POST', '/Users', { body: userResource(userName) });
      expectStatus(created, 201);
      const id = created.body.id;
      const v1 = etagOf(created, 'POST /Users');
      expect(etagOf(await directory.request('GET', `/Users/${id}`), 'GET /Users/{id}')).toBe(v1);

      const replaced = await directory.request('PUT', `/Users/${id}`, {
        body: userResource(userName, { displayName: 'Replaced' }),
      });
      expectStatus(replaced, 200);
      const v2 = etagOf(replaced, 'PUT /Users/{id}');
      expect(v2).not.toBe(v1);

      const patched = await directory.request('PATCH', `/Users/${id}`, {
        body: patchRequest({ op: 'replace', path: 'displayName', value: 'Patched' }),
      });
      expectStatus(patched, 200);
      const v3 = etagOf(patched, 'PATCH /Users/{id}');
      expect([v1, v2]).not.toContain(v3);
      expect(etagOf(await directory.request('GET', `/Users/${id}`), 'GET /Users/{id} after PATCH')).toBe(v3);

      const group = await directory.request('POST', '/Groups', {
        body: groupResource(uniqueUserName('etag-group')),
      });
      expectStatus(group, 201);
      const g1 = etagOf(group, 'POST /Groups');
      expect(etagOf(await directory.request('GET', `/Groups/${group.body.id}`), 'GET /Groups/{id}')).toBe(g1);
    });

    it('answers If-None-Match with the current version by 304 without a body, and another version by 200', async () => {
      const user = await createUser(directory, userResource(uniqueUserName('inm')));
      const etag: string = user.meta.version;
      for (const ifNoneMatch of [etag, `W/"not-the-version", ${etag}`, '*']) {
        const answer = await directory.request('GET', `/Users/${user.id}`, {
          headers: { 'If-None-Match': ifNoneMatch },
        });
        // RFC 7644 §3.14 (its example answers "304 Not Modified"); RFC 7232 §4.1: a 304 has no body and
        // carries the ETag a 200 would have carried.
        expect({
          ifNoneMatch,
          status: answer.status,
          text: answer.text,
          etag: answer.headers.get('etag'),
        }).toEqual({ ifNoneMatch, status: 304, text: '', etag });
      }
      const other = await directory.request('GET', `/Users/${user.id}`, {
        headers: { 'If-None-Match': 'W/"not-the-version"' },
      });
      expectStatus(other, 200);
      expect(other.body).toMatchObject({ id: user.id, userName: user.userName });
    });

    it('refuses a PUT, PATCH, DELETE (and GET) with a stale If-Match: 412 SCIM error, nothing changed', async () => {
      const userName = uniqueUserName('stale');
      const user = await createUser(directory, userResource(userName, { displayName: 'First' }));
      const stale: string = user.meta.version;
      const patched = await directory.request('PATCH', `/Users/${user.id}`, {
        body: patchRequest({ op: 'replace', path: 'displayName', value: 'Second' }),
      });
      expectStatus(patched, 200);
      const current: string = patched.body.meta.version;
      expect(current).not.toBe(stale);

      const group = await createGroup(directory, groupResource(uniqueUserName('stale-group')));
      const staleGroup: string = group.meta.version;
      expectStatus(
        await directory.request('PATCH', `/Groups/${group.id}`, {
          body: patchRequest({ op: 'replace', path: 'displayName', value: uniqueUserName('renamed-group') }),
        }),
        200,
      );
      const currentGroup = await getResource(directory, `/Groups/${group.id}`);

      await expectNothingChanged(directory, async () => {
        // RFC 7644 §3.14: a version that "does not match" answers 412 (Table 8: "Failed to update. Resource
        // has changed on the server"); RFC 7232 §3.1 applies If-Match to a GET as well.
        for (const [method, body] of [
          ['PUT', userResource(userName, { displayName: 'Third' })],
          ['PATCH', patchRequest({ op: 'replace', path: 'displayName', value: 'Third' })],
          ['DELETE', undefined],
          ['GET', undefined],
        ] as const) {
          for (const ifMatch of [stale, 'W/"never-a-version"']) {
            expectError(
              await directory.request(method, `/Users/${user.id}`, {
                body,
                headers: { 'If-Match': ifMatch },
              }),
              412,
              undefined,
              `${method} /Users/{id} If-Match: ${ifMatch}`,
            );
          }
        }
        expectError(
          await directory.request('PATCH', `/Groups/${group.id}`, {
            body: patchRequest({ op: 'replace', path: 'displayName', value: uniqueUserName('third-group') }),
            headers: { 'If-Match': staleGroup },
          }),
          412,
          undefined,
          'PATCH /Groups/{id} stale If-Match',
        );
        expectError(
          await directory.request('DELETE', `/Groups/${group.id}`, { headers: { 'If-Match': staleGroup } }),
          412,
          undefined,
          'DELETE /Groups/{id} stale If-Match',
        );
      });
      expect(await getResource(directory, `/Users/${user.id}`)).toMatchObject({
        displayName: 'Second',
        meta: { version: current },
      });
      expect(await getResource(directory, `/Groups/${group.id}`)).toMatchObject({
        displayName: currentGroup.displayName,
        meta: { version: currentGroup.meta.version },
      });
    });

    it('performs a PUT, PATCH and DELETE whose If-Match is the current version or "*"', async () => {
      const userName = uniqueUserName('match');
      const user = await createUser(directory, userResource(userName));

      // RFC 7644 §3.14's example sends the weak ETag it was given back in If-Match, and succeeds.
      const replaced = await directory.request('PUT', `/Users/${user.id}`, {
        body: userResource(userName, { displayName: 'Replaced' }),
        headers: { 'If-Match': user.meta.version },
      });
      expectStatus(replaced, 200);
      expect(replaced.body.displayName).toBe('Replaced');

      const patched = await directory.request('PATCH', `/Users/${user.id}`, {
        body: patchRequest({ op: 'replace', path: 'displayName', value: 'Patched' }),
        headers: { 'If-Match': replaced.body.meta.version },
      });
      expectStatus(patched, 200);
      expect(patched.body.displayName).toBe('Patched');

      // RFC 7232 §3.1: "*" matches any current representation.
      const starred = await directory.request('PATCH', `/Users/${user.id}`, {
        body: patchRequest({ op: 'replace', path: 'displayName', value: 'Starred' }),
        headers: { 'If-Match': '*' },
      });
      expectStatus(starred, 200);
      expect(starred.body.displayName).toBe('Starred');
      const starredPut = await directory.request('PUT', `/Users/${user.id}`, {
        body: userResource(userName, { displayName: 'Starred again' }),
        headers: { 'If-Match': '*' },
      });
      expectStatus(starredPut, 200);

      const deleted = await directory.request('DELETE', `/Users/${user.id}`, {
        headers: { 'If-Match': starredPut.body.meta.version },
      });
      expectStatus(deleted, 204);
      expectError(await directory.request('GET', `/Users/${user.id}`), 404);

      const other = await createUser(directory, userResource(uniqueUserName('star-delete')));
      expectStatus(
        await directory.request('DELETE', `/Users/${other.id}`, { headers: { 'If-Match': '*' } }),
        204,
      );
      expectError(await directory.request('GET', `/Users/${other.id}`), 404);
    });
  });

  describe('unknown resources, endpoints and methods (RFC 7644 §3.12)', () => {
    let directory: ConformanceDirectory;
    let user: Json;

    beforeAll(async () => {
      directory = await newDirectory(target());
      user = await createUser(directory, userResource(uniqueUserName('seed')));
      await createGroup(directory, groupResource(uniqueUserName('seed-group')));
    });

    it('answers 404 with a SCIM error for a resource id that does not exist, and a PUT to one creates nothing', async () => {
      // Table 8, 404: "Specified resource (e.g., User) or endpoint does not exist". Ids are the service
      // provider's (RFC 7643 §3.1: "assigned by the service provider"), so a PUT cannot create one.
      await expectNothingChanged(directory, async () => {
        for (const id of [randomUUID(), 'not-a-uuid']) {
          for (const [method, path, body] of [
            ['GET', `/Users/${id}`, undefined],
            ['GET', `/Groups/${id}`, undefined],
            ['PUT', `/Users/${id}`, userResource(uniqueUserName('ghost'))],
            ['PUT', `/Groups/${id}`, groupResource(uniqueUserName('ghosts'))],
            ['PATCH', `/Users/${id}`, patchRequest({ op: 'replace', path: 'active', value: false })],
            ['PATCH', `/Groups/${id}`, patchRequest({ op: 'replace', path: 'displayName', value: 'Ghosts' })],
            ['DELETE', `/Users/${id}`, undefined],
            ['DELETE', `/Groups/${id}`, undefined],
          ] as const) {
            expectError(await directory.request(method, path, { body }), 404, undefined, `${method} ${path}`);
          }
        }
      });
    });

    it('answers 404 with a SCIM error for an endpoint that does not exist under the SCIM base', async () => {
      await expectNothingChanged(directory, async () => {
        for (const [method, path, body] of [
          ['GET', '/Printers', undefined],
          ['GET', '/Printers/1', undefined],
          ['POST', '/Printers', { schemas: ['urn:example:Printer'], name: 'lp0' }],
          ['GET', `/Users/${user.id}/photos`, undefined],
          ['GET', '/ServiceProviderConfig/extra', undefined],
        ] as const) {
          expectError(await directory.request(method, path, { body }), 404, undefined, `${method} ${path}`);
        }
      });
    });

    it('refuses a method an endpoint does not support with a SCIM error (404, 405 or 501), changing nothing', async () => {
      // RFC 7644 §3.2 defines which methods each endpoint takes; §3.12 lists 404 ("endpoint does not exist")
      // and 501 ("Service provider does not support the request operation"); HTTP's own answer is 405.
      await expectNothingChanged(directory, async () => {
        for (const [method, path, body] of [
          ['DELETE', '/Users', undefined],
          ['DELETE', '/Groups', undefined],
          ['PATCH', '/Users', patchRequest({ op: 'replace', path: 'active', value: false })],
          ['PUT', '/Users', userResource(user.userName, { displayName: 'Everyone' })],
          ['POST', `/Users/${user.id}`, userResource(uniqueUserName('post-to-id'))],
          [
            'PUT',
            '/ServiceProviderConfig',
            { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'] },
          ],
          ['DELETE', `/Schemas/${USER_URN}`, undefined],
        ] as const) {
          const answer = await directory.request(method, path, { body });
          const label = `${method} ${path}`;
          expect({
            request: label,
            status: [404, 405, 501].includes(answer.status) ? '404, 405 or 501' : answer.status,
          }).toEqual({ request: label, status: '404, 405 or 501' });
          expectError(answer, answer.status, undefined, label);
        }
      });
    });
  });

  describe('uniqueness (409; RFC 7644 §3.3, §3.5, §3.12; RFC 7643 §2.1, §4.1.1)', () => {
    let directory: ConformanceDirectory;

    beforeAll(async () => {
      directory = await newDirectory(target());
    });

    it('refuses a user whose userName another has in any case: 409 uniqueness, nothing created', async () => {
      const alice = await createUser(directory, userResource(uniqueUserName('alice')));
      // RFC 7644 §3.3: a duplicate userName "MUST return HTTP status code 409 (Conflict) with a "scimType"
      // error code of "uniqueness""; RFC 7643 §4.1.1: userName is caseExact false, uniqueness server.
      await expectNothingChanged(directory, async () => {
        for (const duplicate of [alice.userName, alice.userName.toUpperCase()]) {
          expectError(
            await directory.request('POST', '/Users', { body: userResource(duplicate) }),
            409,
            ['uniqueness'],
            `POST userName ${duplicate}`,
          );
        }
      });
    });

    it('refuses a PUT or PATCH renaming a user to another’s userName: 409 uniqueness, the user unchanged', async () => {
      const alice = await createUser(directory, userResource(uniqueUserName('alice')));
      const bob = await createUser(directory, userResource(uniqueUserName('bob'), { displayName: 'Bob' }));
      const taken = alice.userName.toUpperCase();
      await expectNothingChanged(directory, async () => {
        expectError(
          await directory.request('PUT', `/Users/${bob.id}`, {
            body: userResource(taken, { displayName: 'Bob as Alice' }),
          }),
          409,
          ['uniqueness'],
          'PUT',
        );
        expectError(
          await directory.request('PATCH', `/Users/${bob.id}`, {
            body: patchRequest({ op: 'replace', path: 'userName', value: taken }),
          }),
          409,
          ['uniqueness'],
          'PATCH',
        );
      });
      expect(await getResource(directory, `/Users/${bob.id}`)).toMatchObject({
        userName: bob.userName,
        displayName: 'Bob',
        meta: { version: bob.meta.version },
      });
      expect(await getResource(directory, `/Users/${alice.id}`)).toMatchObject({
        userName: alice.userName,
        meta: { version: alice.meta.version },
      });
    });

    it('enforces group displayName uniqueness exactly as /Schemas advertises it', async () => {
      // RFC 7643 §8.7.1 defines Group displayName with uniqueness "none"; a service provider may be stricter,
      // and then says so in its Group schema (§7). Either way it must do what it advertises.
      const schema = await getResource(directory, `/Schemas/${GROUP_URN}`);
      const displayName = (schema.attributes as Json[]).find((attribute) => attribute.name === 'displayName');
      const unique = displayName.uniqueness !== undefined && displayName.uniqueness !== 'none';
      const first = await createGroup(directory, groupResource(uniqueUserName('team')));
      const duplicate = displayName.caseExact ? first.displayName : first.displayName.toUpperCase();
      const second = await createGroup(directory, groupResource(uniqueUserName('team')));
      await expectNothingChanged(directory, async () => {
        const answer = await directory.request('POST', '/Groups', { body: groupResource(duplicate) });
        expect({ advertised: displayName.uniqueness, status: answer.status }).toEqual({
          advertised: displayName.uniqueness,
          status: unique ? 409 : 201,
        });
        if (!unique) {
          // Not unique: the duplicate was created; take it away again so the directory is as it was.
          expectStatus(await directory.request('DELETE', `/Groups/${answer.body.id}`), 204);
          return;
        }
        expectError(answer, 409, ['uniqueness'], 'POST');
        expectError(
          await directory.request('PUT', `/Groups/${second.id}`, { body: groupResource(duplicate) }),
          409,
          ['uniqueness'],
          'PUT',
        );
      });
      expect(await getResource(directory, `/Groups/${second.id}`)).toMatchObject({
        displayName: second.displayName,
        meta: { version: second.meta.version },
      });
    });

    it('scopes userName uniqueness to the directory: another directory may use the same userName', async () => {
      // RFC 7643 §2.1, uniqueness "server": unique "within the context of the current SCIM endpoint (or
      // tenancy)". Each directory is its own endpoint and tenant; a 409 here would disclose another tenant's user.
      const alice = await createUser(directory, userResource(uniqueUserName('alice')));
      const elsewhere = await newDirectory(target());
      const answer = await elsewhere.request('POST', '/Users', { body: userResource(alice.userName) });
      expectStatus(answer, 201);
    });
  });

  describe('query parameters (RFC 7644 §3.4.2, §3.9)', () => {
    let directory: ConformanceDirectory;
    let user: Json;

    beforeAll(async () => {
      directory = await newDirectory(target());
      user = await createUser(directory, userResource(uniqueUserName('query')));
      await createUser(directory, userResource(uniqueUserName('query')));
    });

    it('answers a filter that does not parse with 400 invalidFilter', async () => {
      // RFC 7644 §3.12, Table 9: invalidFilter "The specified filter syntax was invalid".
      for (const filter of ['userName zz "x"', 'userName eq', '(userName eq "x"', 'userName eq "x" and']) {
        expectError(
          await directory.request('GET', `/Users?filter=${encodeURIComponent(filter)}`),
          400,
          ['invalidFilter'],
          `filter=${filter}`,
        );
      }
    });

    it('reads startIndex below 1 as 1 and a negative count as 0, as RFC 7644 §3.4.2.4 says', async () => {
      // "A value less than 1 SHALL be interpreted as 1"; "A negative value SHALL be interpreted as "0"".
      const answer = await directory.request('GET', '/Users?startIndex=0&count=-5');
      expectStatus(answer, 200);
      expect(answer.body).toMatchObject({ schemas: [LIST_URN], startIndex: 1, totalResults: 2 });
      expect(answer.body.Resources ?? []).toEqual([]);
    });

    it.each([
      ['count=abc', 'count'],
      ['startIndex=xyz', 'startIndex'],
      ['sortOrder=sideways', 'sortOrder'],
      ['count=1.5', 'count'],
    ])('answers %s with a 400 SCIM error, or ignores it and serves the default', async (query) => {
      // RFC 7644 §3.4.2.3–3.4.2.4 define count and startIndex as integers and sortOrder as "ascending" or
      // "descending", but name no error for other values: 400 (Table 9 lists invalidValue for GET) or the
      // default are both read as conformant; anything else (a 500, a non-SCIM body) is not.
      const answer = await directory.request('GET', `/Users?${query}`);
      if (answer.status === 400) {
        expectError(answer, 400);
        if (answer.body.scimType !== undefined) expect(answer.body.scimType).toBe('invalidValue');
      } else {
        expectStatus(answer, 200);
        expect(answer.body).toMatchObject({ schemas: [LIST_URN], startIndex: 1, totalResults: 2 });
      }
    });

    it('answers an attributes parameter naming an unknown attribute with a 400 SCIM error or by ignoring it', async () => {
      // RFC 7644 §3.9 requires attribute names in §3.10 notation but says nothing of names no schema defines:
      // a 400 (invalidValue, or invalidSyntax) and ignoring the name are both read as conformant. Ignoring
      // it still returns the attributes that are "returned" "always" (RFC 7643 §7): id and schemas.
      for (const path of [`/Users/${user.id}`, '/Users']) {
        const answer = await directory.request('GET', `${path}?attributes=noSuchAttribute`);
        if (answer.status === 400) {
          expectError(answer, 400, ['invalidValue', 'invalidSyntax'], path);
          continue;
        }
        expectStatus(answer, 200);
        const resources: Json[] = path === '/Users' ? answer.body.Resources : [answer.body];
        expect(resources.length).toBeGreaterThan(0);
        for (const resource of resources) {
          expect(resource).toMatchObject({
            id: expect.any(String),
            schemas: expect.arrayContaining([USER_URN]),
          });
          expect(resource).not.toHaveProperty('noSuchAttribute');
        }
      }
    });
  });
}

/** What a refusal tells the caller: its status, body and challenge. */
function summaryOf(answer: ScimAnswer): Json {
  return {
    status: answer.status,
    body: answer.body ?? answer.text,
    challenge: answer.headers.get('www-authenticate'),
    contentType: answer.headers.get('content-type'),
  };
}
