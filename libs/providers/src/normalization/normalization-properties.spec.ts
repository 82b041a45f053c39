import fc from 'fast-check';
import { PROVIDER_IDS } from '../catalog/provider-id';
import { normalizeScimRequest } from './normalize-scim-request';
import {
  CORE_GROUP,
  CORE_USER,
  ENTERPRISE_USER,
  GROUP_ID,
  PATCH_OP,
  scimRequest,
  USER_ID,
} from './normalization.fixtures';
import type { NormalizedScimRequest, ScimRequest, ScimResourceType } from './scim-request';

type Json = Record<string, unknown>;

// RFC-correct requests: lower-case ops, real booleans, lists for multi-valued attributes, SCIM 2.0 URNs.

const text = fc.string({ maxLength: 12 });
const email = fc.record(
  { value: text, type: fc.constantFrom('work', 'home', 'other'), primary: fc.boolean() },
  { requiredKeys: ['value'] },
);
const emails = fc.array(email, { maxLength: 3 });
const enterprise = fc.record({ department: text, employeeNumber: text }, { requiredKeys: [] });

const rfcUser = fc
  .record(
    {
      userName: text,
      externalId: text,
      active: fc.boolean(),
      displayName: text,
      title: text,
      name: fc.record({ givenName: text, familyName: text }, { requiredKeys: [] }),
      emails,
      phoneNumbers: fc.array(fc.record({ value: text, primary: fc.boolean() }, { requiredKeys: ['value'] }), {
        maxLength: 2,
      }),
      addresses: fc.array(fc.record({ locality: text, type: fc.constantFrom('work', 'home') }), {
        maxLength: 1,
      }),
      [ENTERPRISE_USER]: enterprise,
    },
    { requiredKeys: ['userName'] },
  )
  .map((user): Json => ({
    schemas: ENTERPRISE_USER in user ? [CORE_USER, ENTERPRISE_USER] : [CORE_USER],
    ...user,
  }));

const member = fc.record({ value: fc.uuid(), display: text }, { requiredKeys: ['value'] });
const rfcGroup = fc
  .record(
    { displayName: text, externalId: text, members: fc.array(member, { maxLength: 3 }) },
    { requiredKeys: ['displayName'] },
  )
  .map((group): Json => ({ schemas: [CORE_GROUP], ...group }));

const userPathOperation = fc.oneof(
  fc.record({ op: fc.constantFrom('add', 'replace'), path: fc.constant('active'), value: fc.boolean() }),
  fc.record({
    op: fc.constantFrom('add', 'replace'),
    path: fc.constantFrom('displayName', 'title', 'name.givenName'),
    value: text,
  }),
  fc.record({ op: fc.constantFrom('add', 'replace'), path: fc.constant('emails'), value: emails }),
  fc.record({ op: fc.constant('replace'), path: fc.constant('emails[type eq "work"].value'), value: text }),
  fc.record({
    op: fc.constant('replace'),
    path: fc.constant('emails[type eq "work"].primary'),
    value: fc.boolean(),
  }),
  fc.record({ op: fc.constant('replace'), path: fc.constant(`${ENTERPRISE_USER}:department`), value: text }),
  fc.record({
    op: fc.constant('remove'),
    path: fc.constantFrom('title', 'emails[type eq "home"]', 'phoneNumbers'),
  }),
);
const userPathLessOperation = fc.record({
  op: fc.constantFrom('add', 'replace'),
  value: fc.record(
    { active: fc.boolean(), displayName: text, emails, [ENTERPRISE_USER]: enterprise },
    { requiredKeys: [] },
  ),
});
const groupOperation = fc.oneof(
  fc.record({
    op: fc.constantFrom('add', 'replace'),
    path: fc.constant('members'),
    value: fc.array(member, { maxLength: 3 }),
  }),
  fc.record({ op: fc.constant('remove'), path: fc.uuid().map((id) => `members[value eq "${id}"]`) }),
  fc.record({ op: fc.constant('replace'), path: fc.constant('displayName'), value: text }),
  fc.record({ op: fc.constant('replace'), value: fc.record({ displayName: text }) }),
);

function patch(operations: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  return fc
    .array(operations, { minLength: 1, maxLength: 5 })
    .map((list) => ({ schemas: [PATCH_OP], Operations: list }));
}

const rfcRequest: fc.Arbitrary<ScimRequest> = fc.oneof(
  fc
    .tuple(fc.constantFrom('POST', 'PUT'), rfcUser)
    .map(([method, body]) => scimRequest({ method, resourceType: 'User', body })),
  fc
    .tuple(fc.constantFrom('POST', 'PUT'), rfcGroup)
    .map(([method, body]) => scimRequest({ method, resourceType: 'Group', body })),
  patch(fc.oneof(userPathOperation, userPathLessOperation)).map((body) =>
    scimRequest({ method: 'PATCH', resourceType: 'User', body }),
  ),
  patch(groupOperation).map((body) => scimRequest({ method: 'PATCH', resourceType: 'Group', body })),
);

// Quirks, each the exact opposite of one normalization, applied at random to an RFC-correct body.

const stringBoolean = (value: boolean, variant: number): string => {
  const word = value ? 'true' : 'false';
  return [word, word.toUpperCase(), word[0].toUpperCase() + word.slice(1)][variant % 3];
};

function quirkResource(body: Json, resourceType: 'User' | 'Group', picks: readonly number[]): Json {
  const quirky: Json = structuredClone(body);
  const pick = (index: number): number | undefined => (picks[index] % 2 === 0 ? picks[index] : undefined);
  if (resourceType === 'User') {
    const variant = pick(0);
    if (variant !== undefined && typeof quirky['active'] === 'boolean')
      quirky['active'] = stringBoolean(quirky['active'], variant);
    const list = quirky['emails'];
    if (pick(1) !== undefined && Array.isArray(list)) {
      for (const item of list as Json[])
        if (typeof item['primary'] === 'boolean') item['primary'] = stringBoolean(item['primary'], picks[1]);
    }
    if (pick(2) !== undefined && Array.isArray(list) && list.length === 1) quirky['emails'] = list[0];
    if (pick(3) !== undefined)
      quirky['schemas'] = (quirky['schemas'] as string[]).map((urn) =>
        urn === CORE_USER ? 'urn:scim:schemas:core:1.0' : urn,
      );
    if (pick(4) !== undefined && ENTERPRISE_USER in quirky) {
      quirky['schemas'] = (quirky['schemas'] as string[]).map((urn) =>
        urn === ENTERPRISE_USER ? 'urn:scim:schemas:extension:enterprise:1.0' : urn,
      );
      quirky['urn:scim:schemas:extension:enterprise:1.0'] = quirky[ENTERPRISE_USER];
      delete quirky[ENTERPRISE_USER];
    }
    if (pick(5) !== undefined) quirky['password'] = 'hunter2';
    if (pick(6) !== undefined) quirky['groups'] = [];
  } else {
    if (pick(0) !== undefined)
      (quirky['schemas'] as string[]).push(
        'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group',
      );
    if (pick(1) !== undefined && Array.isArray(quirky['members'])) {
      for (const item of quirky['members'] as Json[]) item['$ref'] = null;
    }
    if (pick(2) !== undefined) quirky['schemas'] = ['urn:scim:schemas:core:1.0'];
  }
  return quirky;
}

function quirkPatch(body: Json, resourceType: 'User' | 'Group', picks: readonly number[]): Json {
  const quirky: Json = structuredClone(body);
  const pick = (index: number): boolean => picks[index] % 2 === 0;
  const operations = quirky['Operations'] as Json[];
  operations.forEach((operation, index) => {
    if (pick(0))
      operation['op'] = String(operation['op'])[0].toUpperCase() + String(operation['op']).slice(1);
    const value = operation['value'];
    if (resourceType === 'User' && pick(1)) {
      if (typeof value === 'boolean') operation['value'] = stringBoolean(value, picks[1] + index);
      const objects = Array.isArray(value)
        ? value
        : typeof value === 'object' && value !== null
          ? [value]
          : [];
      for (const object of objects as Json[]) {
        for (const key of ['active', 'primary'])
          if (typeof object[key] === 'boolean') object[key] = stringBoolean(object[key] as boolean, index);
        if (Array.isArray(object['emails'])) {
          for (const item of object['emails'] as Json[])
            if (typeof item['primary'] === 'boolean') item['primary'] = stringBoolean(item['primary'], index);
        }
      }
    }
    if (resourceType === 'Group' && pick(2)) {
      if (operation['path'] === 'members' && Array.isArray(value))
        for (const item of value as Json[]) item['$ref'] = null;
      if (operation['path'] === undefined && typeof value === 'object' && value !== null)
        (value as Json)['id'] = GROUP_ID;
    }
    if (pick(3)) {
      for (const key of ['op', 'path', 'value']) {
        if (key in operation) {
          operation[key.toUpperCase()] = operation[key];
          delete operation[key];
        }
      }
    }
  });
  if (resourceType === 'User' && pick(4))
    operations.push({ op: 'replace', path: 'password', value: 'hunter2' });
  if (pick(5)) {
    quirky['operations'] = quirky['Operations'];
    delete quirky['Operations'];
  }
  return quirky;
}

const quirkyPair: fc.Arbitrary<{ rfc: ScimRequest; quirky: ScimRequest }> = fc
  .tuple(rfcRequest, fc.array(fc.nat(), { minLength: 7, maxLength: 7 }), fc.constantFrom(...PROVIDER_IDS))
  .map(([rfc, picks]) => {
    const resourceType = rfc.resourceType as 'User' | 'Group';
    const body =
      rfc.method === 'PATCH'
        ? quirkPatch(rfc.body as Json, resourceType, picks)
        : quirkResource(rfc.body as Json, resourceType, picks);
    const query: Record<string, string> = picks[6] % 3 === 0 ? { aadOptscim062020: '' } : {};
    return { rfc, quirky: { ...rfc, body, query } };
  });

// Loosely shaped bodies that mix every key the rules look at with arbitrary JSON.

const looseKey = fc.constantFrom(
  'schemas',
  'Operations',
  'operations',
  'op',
  'Op',
  'path',
  'value',
  'Value',
  'active',
  'primary',
  'emails',
  'Emails',
  'phoneNumbers',
  'members',
  '$ref',
  'id',
  'password',
  'groups',
  'displayName',
  'name.givenName',
  `${ENTERPRISE_USER}:department`,
  ENTERPRISE_USER,
  'urn:scim:schemas:extension:enterprise:1.0',
);
const looseLeaf = fc.oneof(
  fc.jsonValue({ maxDepth: 1 }),
  fc.constantFrom(
    'True',
    'false',
    'Add',
    'REPLACE',
    'remove',
    'active',
    'emails',
    'members',
    'password',
    'urn:scim:schemas:core:1.0',
    USER_ID,
    GROUP_ID,
    null,
  ),
);
const { loose } = fc.letrec<{ loose: unknown }>((tie) => ({
  loose: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    looseLeaf,
    fc.array(tie('loose'), { maxLength: 3 }),
    fc.dictionary(looseKey, tie('loose'), { maxKeys: 5 }),
  ),
}));
const looseRequest: fc.Arbitrary<ScimRequest> = fc
  .tuple(
    fc.constantFrom('POST', 'PUT', 'PATCH', 'patch', 'GET', 'DELETE'),
    fc.constantFrom<ScimResourceType>('User', 'Group', 'Schema'),
    fc.dictionary(looseKey, loose, { maxKeys: 6 }),
    fc.dictionary(
      fc.constantFrom('aadOptscim062020', 'AADOPTSCIM062020', 'filter', 'count'),
      fc.string({ maxLength: 5 }),
      { maxKeys: 2 },
    ),
  )
  .map(([method, resourceType, body, query]) => scimRequest({ method, resourceType, body, query }));

function expectIdempotent(first: NormalizedScimRequest): void {
  const second = normalizeScimRequest(first, first.profile);
  expect(second.notes).toEqual([]);
  expect(second.body).toEqual(first.body);
  expect(second.query).toEqual(first.query);
  expect(second.directives).toEqual(first.directives);
}

describe(`${normalizeScimRequest.name} properties`, () => {
  it('gives RFC-correct requests back untouched, under every profile', () => {
    fc.assert(
      fc.property(rfcRequest, fc.constantFrom(...PROVIDER_IDS), (request, profile) => {
        const result = normalizeScimRequest(request, profile);
        expect(result.body).toBe(request.body);
        expect(result.query).toBe(request.query);
        expect(result.notes).toEqual([]);
        expect(result.warnings).toEqual([]);
        expect(result.directives).toEqual({ preserveAttributes: [], allowEmptyOperations: false });
      }),
      { numRuns: 300 },
    );
  });

  it('turns every known quirk back into the RFC form it came from', () => {
    fc.assert(
      fc.property(quirkyPair, fc.constantFrom(...PROVIDER_IDS), ({ rfc, quirky }, profile) => {
        const result = normalizeScimRequest(quirky, profile);
        expect(result.body).toEqual(rfc.body);
        expect(result.query).toEqual({});
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent on quirky requests', () => {
    fc.assert(
      fc.property(quirkyPair, fc.constantFrom(...PROVIDER_IDS), ({ quirky }, profile) => {
        expectIdempotent(normalizeScimRequest(quirky, profile));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws and is idempotent on loosely shaped bodies', () => {
    fc.assert(
      fc.property(looseRequest, fc.constantFrom(...PROVIDER_IDS), (request, profile) => {
        expectIdempotent(normalizeScimRequest(request, profile));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps the emails-null directive across passes', () => {
    fc.assert(
      fc.property(rfcUser, (user) => {
        const request = scimRequest({ method: 'PUT', resourceType: 'User', body: { ...user, emails: null } });
        const first = normalizeScimRequest(request, 'jumpcloud');
        expect(first.directives.preserveAttributes).toEqual(['emails']);
        expectIdempotent(first);
      }),
    );
  });
});
