import type { ProviderId } from '../catalog/provider-id';
import { PROVIDER_IDS } from '../catalog/provider-id';
import { getProfile, normalizeScimRequest, PROFILES } from './normalize-scim-request';
import {
  CORE_GROUP,
  CORE_USER,
  ENTERPRISE_USER,
  GROUP_ID,
  patchBody,
  PATCH_OP,
  scimRequest,
  USER_ID,
} from './normalization.fixtures';
import type { QuirkCode } from './quirks';
import type { ScimResourceType } from './scim-request';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function codes(notes: readonly { code: QuirkCode }[]): QuirkCode[] {
  return [...new Set(notes.map((note) => note.code))].sort();
}

describe(normalizeScimRequest.name, () => {
  describe('POST and PUT bodies', () => {
    it.each<{
      title: string;
      method: 'POST' | 'PUT';
      resourceType: ScimResourceType;
      body: Record<string, unknown>;
      expected: Record<string, unknown>;
      quirks: QuirkCode[];
    }>([
      {
        title: 'OneLogin: SCIM 1.1 core URN and an emails object (notes §8)',
        method: 'POST',
        resourceType: 'User',
        body: {
          schemas: ['urn:scim:schemas:core:1.0'],
          userName: 'joan.clarke@acme.example',
          name: { givenName: 'Joan', familyName: 'Clarke', formatted: 'Joan Clarke' },
          emails: { value: 'joan.clarke@acme.example', type: 'work', primary: true },
        },
        expected: {
          schemas: [CORE_USER],
          userName: 'joan.clarke@acme.example',
          name: { givenName: 'Joan', familyName: 'Clarke', formatted: 'Joan Clarke' },
          emails: [{ value: 'joan.clarke@acme.example', type: 'work', primary: true }],
        },
        quirks: ['scim11-urn', 'single-object-multi-valued'],
      },
      {
        title: 'OneLogin: SCIM 1.1 enterprise extension, schema and body',
        method: 'PUT',
        resourceType: 'User',
        body: {
          schemas: ['urn:scim:schemas:core:1.0', 'urn:scim:schemas:extension:enterprise:1.0'],
          userName: 'joan.clarke@acme.example',
          'urn:scim:schemas:extension:enterprise:1.0': { department: 'Hut 8' },
        },
        expected: {
          schemas: [CORE_USER, ENTERPRISE_USER],
          userName: 'joan.clarke@acme.example',
          [ENTERPRISE_USER]: { department: 'Hut 8' },
        },
        quirks: ['scim11-urn'],
      },
      {
        title: 'SCIM 1.1 and 2.0 core URNs together collapse into one',
        method: 'POST',
        resourceType: 'User',
        body: { schemas: [CORE_USER, 'urn:scim:schemas:core:1.0'], userName: 'a' },
        expected: { schemas: [CORE_USER], userName: 'a' },
        quirks: ['scim11-urn'],
      },
      {
        title: 'SCIM 1.1 core URN on a group becomes the Group URN',
        method: 'POST',
        resourceType: 'Group',
        body: { schemas: ['urn:scim:schemas:core:1.0'], displayName: 'Hut 8' },
        expected: { schemas: [CORE_GROUP], displayName: 'Hut 8' },
        quirks: ['scim11-urn'],
      },
      {
        title: 'phoneNumbers and addresses objects become lists',
        method: 'POST',
        resourceType: 'User',
        body: {
          schemas: [CORE_USER],
          userName: 'a',
          phoneNumbers: { value: 'tel:+44-20-7946-0018', type: 'work' },
          addresses: { type: 'work', locality: 'London' },
        },
        expected: {
          schemas: [CORE_USER],
          userName: 'a',
          phoneNumbers: [{ value: 'tel:+44-20-7946-0018', type: 'work' }],
          addresses: [{ type: 'work', locality: 'London' }],
        },
        quirks: ['single-object-multi-valued'],
      },
      {
        title: 'Okta: password and groups: [] on create (Okta SCIM 2.0 reference)',
        method: 'POST',
        resourceType: 'User',
        body: {
          schemas: [CORE_USER],
          userName: 'test.user@okta.local',
          name: { givenName: 'Test', familyName: 'User' },
          emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
          displayName: 'Test User',
          locale: 'en-US',
          externalId: '00ujl29u0le5T6Aj10h7',
          groups: [],
          password: '1mz050nq',
          active: true,
        },
        expected: {
          schemas: [CORE_USER],
          userName: 'test.user@okta.local',
          name: { givenName: 'Test', familyName: 'User' },
          emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
          displayName: 'Test User',
          locale: 'en-US',
          externalId: '00ujl29u0le5T6Aj10h7',
          active: true,
        },
        quirks: ['password-stripped', 'read-only-groups-dropped'],
      },
      {
        title: 'Okta: groups: [] on a profile PUT; a non-empty groups list is left to the validator',
        method: 'PUT',
        resourceType: 'User',
        body: {
          schemas: [CORE_USER],
          id: USER_ID,
          userName: 'a',
          groups: [],
          meta: { resourceType: 'User' },
          active: true,
        },
        expected: {
          schemas: [CORE_USER],
          id: USER_ID,
          userName: 'a',
          meta: { resourceType: 'User' },
          active: true,
        },
        quirks: ['read-only-groups-dropped'],
      },
      {
        title: 'JumpCloud: "Sync password" on a full PUT',
        method: 'PUT',
        resourceType: 'User',
        body: { schemas: [CORE_USER], id: USER_ID, userName: 'a', active: true, Password: 'hunter2' },
        expected: { schemas: [CORE_USER], id: USER_ID, userName: 'a', active: true },
        quirks: ['password-stripped'],
      },
      {
        title: 'Entra: group create with the ADSCIM schema (Microsoft "Create Group" sample)',
        method: 'POST',
        resourceType: 'Group',
        body: {
          schemas: [CORE_GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
          externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
          displayName: 'displayName',
          meta: { resourceType: 'Group' },
        },
        expected: {
          schemas: [CORE_GROUP],
          externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
          displayName: 'displayName',
          meta: { resourceType: 'Group' },
        },
        quirks: ['entra-adscim-schema'],
      },
      {
        title: 'Entra: "$ref": null on group members',
        method: 'PUT',
        resourceType: 'Group',
        body: { schemas: [CORE_GROUP], displayName: 'g', members: [{ $ref: null, value: USER_ID }] },
        expected: { schemas: [CORE_GROUP], displayName: 'g', members: [{ value: USER_ID }] },
        quirks: ['member-null-ref'],
      },
      {
        title: 'string booleans in active and primary, any case; other strings untouched',
        method: 'POST',
        resourceType: 'User',
        body: {
          schemas: [CORE_USER],
          userName: 'a',
          displayName: 'True',
          active: 'True',
          emails: [
            { value: 'a@example.com', primary: 'TRUE' },
            { value: 'b@example.com', primary: 'false' },
          ],
          phoneNumbers: [{ value: 'tel:+1', display: 'False' }],
        },
        expected: {
          schemas: [CORE_USER],
          userName: 'a',
          displayName: 'True',
          active: true,
          emails: [
            { value: 'a@example.com', primary: true },
            { value: 'b@example.com', primary: false },
          ],
          phoneNumbers: [{ value: 'tel:+1', display: 'False' }],
        },
        quirks: ['string-boolean'],
      },
    ])('$title', ({ method, resourceType, body, expected, quirks }) => {
      const result = normalizeScimRequest(
        scimRequest({ method, resourceType, body: deepFreeze(body) }),
        'generic-scim',
      );

      expect(result.body).toEqual(expected);
      expect(codes(result.notes)).toEqual(quirks);
      expect(result.directives).toEqual({ preserveAttributes: [], allowEmptyOperations: false });
    });

    it('JumpCloud: "emails": null on a minimal PUT keeps the body and asks to preserve emails (notes §3.1, Q4)', () => {
      const body = {
        schemas: [CORE_USER],
        id: USER_ID,
        userName: 'scim-probe@acme.example',
        active: true,
        name: { givenName: 'firstname', familyName: 'lastname' },
        emails: null,
      };

      const result = normalizeScimRequest(
        scimRequest({ method: 'PUT', resourceType: 'User', body }),
        'jumpcloud',
      );

      expect(result.body).toEqual(body);
      expect(result.directives).toEqual({ preserveAttributes: ['emails'], allowEmptyOperations: false });
      expect(result.notes).toEqual([
        { code: 'emails-null-preserved', location: '/emails', message: expect.any(String) },
      ]);
      expect(result.warnings).toEqual([]);
    });

    it.each([
      [
        'POST with emails null (nothing stored to keep)',
        'POST',
        { schemas: [CORE_USER], userName: 'a', emails: null },
      ],
      [
        'PUT with emails [] (clears, notes §3.3)',
        'PUT',
        { schemas: [CORE_USER], userName: 'a', emails: [], addresses: [] },
      ],
      [
        'JumpCloud full PUT: id in the body, enterprise schema first, tel: phone (notes §9.6)',
        'PUT',
        {
          schemas: [ENTERPRISE_USER, CORE_USER],
          id: USER_ID,
          externalId: '65f0a1b2c3d4e5f6a7b8c9d1',
          userName: 'ada.lovelace@acme.example',
          active: false,
          phoneNumbers: [{ value: 'tel:+44-20-7946-0018', type: 'work', primary: true }],
          addresses: [],
          [ENTERPRISE_USER]: { department: 'Engineering' },
        },
      ],
    ])('leaves %s as it is', (_title, method, body) => {
      const request = scimRequest({ method, resourceType: 'User', body });

      const result = normalizeScimRequest(request, 'jumpcloud');

      expect(result.body).toBe(request.body);
      expect(result.notes).toEqual([]);
      expect(result.directives.preserveAttributes).toEqual([]);
    });
  });

  describe('PATCH bodies', () => {
    it.each<{
      title: string;
      resourceType: 'User' | 'Group';
      operations: readonly unknown[];
      expected: readonly unknown[];
      quirks: QuirkCode[];
    }>([
      {
        title: 'Entra legacy disable: "Replace" active "False"',
        resourceType: 'User',
        operations: [{ op: 'Replace', path: 'active', value: 'False' }],
        expected: [{ op: 'replace', path: 'active', value: false }],
        quirks: ['op-case', 'string-boolean'],
      },
      {
        title: 'Entra legacy: "Add" a single-valued string attribute',
        resourceType: 'User',
        operations: [{ op: 'Add', path: 'nickName', value: 'Babs' }],
        expected: [{ op: 'add', path: 'nickName', value: 'Babs' }],
        quirks: ['op-case'],
      },
      {
        title: 'Entra legacy: replace multiple attributes, one "Replace" each',
        resourceType: 'User',
        operations: [
          { op: 'Replace', path: 'displayName', value: 'Pvlo' },
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'TestBcwqnm@test.microsoft.com' },
          { op: 'Replace', path: 'name.givenName', value: 'Gtfd' },
          { op: 'Replace', path: 'name.familyName', value: 'Pkqf' },
          { op: 'Replace', path: 'externalId', value: 'Eqpj' },
          { op: 'Replace', path: `${ENTERPRISE_USER}:employeeNumber`, value: 'Eqpj' },
        ],
        expected: [
          { op: 'replace', path: 'displayName', value: 'Pvlo' },
          { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestBcwqnm@test.microsoft.com' },
          { op: 'replace', path: 'name.givenName', value: 'Gtfd' },
          { op: 'replace', path: 'name.familyName', value: 'Pkqf' },
          { op: 'replace', path: 'externalId', value: 'Eqpj' },
          { op: 'replace', path: `${ENTERPRISE_USER}:employeeNumber`, value: 'Eqpj' },
        ],
        quirks: ['op-case'],
      },
      {
        title: 'Entra with aadOptscim062020: attribute paths as keys of a path-less replace',
        resourceType: 'User',
        operations: [
          { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
          {
            op: 'replace',
            value: {
              displayName: 'Bjfe',
              'name.givenName': 'Kkom',
              'name.familyName': 'Unua',
              [`${ENTERPRISE_USER}:employeeNumber`]: 'Aklq',
            },
          },
        ],
        expected: [
          { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
          { op: 'replace', value: { displayName: 'Bjfe' } },
          { op: 'replace', path: 'name.givenName', value: 'Kkom' },
          { op: 'replace', path: 'name.familyName', value: 'Unua' },
          { op: 'replace', path: `${ENTERPRISE_USER}:employeeNumber`, value: 'Aklq' },
        ],
        quirks: ['attribute-path-keys'],
      },
      {
        title: 'a path-less value made only of attribute paths becomes only path operations',
        resourceType: 'User',
        operations: [{ op: 'Add', value: { [`${CORE_USER}:active`]: 'False' } }],
        expected: [{ op: 'add', path: `${CORE_USER}:active`, value: false }],
        quirks: ['attribute-path-keys', 'op-case', 'string-boolean'],
      },
      {
        title: 'Entra: "Add" members with "$ref": null',
        resourceType: 'Group',
        operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'f648f8d5ea4e4cd38e9c' }] }],
        expected: [{ op: 'add', path: 'members', value: [{ value: 'f648f8d5ea4e4cd38e9c' }] }],
        quirks: ['member-null-ref', 'op-case'],
      },
      {
        title: 'Entra: "Remove" members by value list with "$ref": null',
        resourceType: 'Group',
        operations: [
          { op: 'Remove', path: 'members', value: [{ $ref: null, value: 'f648f8d5ea4e4cd38e9c' }] },
        ],
        expected: [{ op: 'remove', path: 'members', value: [{ value: 'f648f8d5ea4e4cd38e9c' }] }],
        quirks: ['member-null-ref', 'op-case'],
      },
      {
        title: 'members with "$ref": null inside a path-less value',
        resourceType: 'Group',
        operations: [{ op: 'add', value: { members: [{ $ref: null, value: USER_ID }] } }],
        expected: [{ op: 'add', value: { members: [{ value: USER_ID }] } }],
        quirks: ['member-null-ref'],
      },
      {
        title: 'a path-less value object with "False" for active',
        resourceType: 'User',
        operations: [{ op: 'Replace', value: { active: 'False' } }],
        expected: [{ op: 'replace', value: { active: false } }],
        quirks: ['op-case', 'string-boolean'],
      },
      {
        title: '"True" for a filtered primary sub-attribute',
        resourceType: 'User',
        operations: [{ op: 'replace', path: 'emails[type eq "work"].primary', value: 'True' }],
        expected: [{ op: 'replace', path: 'emails[type eq "work"].primary', value: true }],
        quirks: ['string-boolean'],
      },
      {
        title: 'string primary flags in a value list',
        resourceType: 'User',
        operations: [
          { op: 'add', path: 'emails', value: [{ value: 'a@example.com', type: 'home', primary: 'false' }] },
        ],
        expected: [
          { op: 'add', path: 'emails', value: [{ value: 'a@example.com', type: 'home', primary: false }] },
        ],
        quirks: ['string-boolean'],
      },
      {
        title: 'string primary flags in a path-less value',
        resourceType: 'User',
        operations: [{ op: 'replace', value: { phoneNumbers: [{ value: 'tel:+1', primary: 'FALSE' }] } }],
        expected: [{ op: 'replace', value: { phoneNumbers: [{ value: 'tel:+1', primary: false }] } }],
        quirks: ['string-boolean'],
      },
      {
        title: '"False" for active under the core schema URN',
        resourceType: 'User',
        operations: [{ op: 'replace', path: `${CORE_USER}:active`, value: 'false' }],
        expected: [{ op: 'replace', path: `${CORE_USER}:active`, value: false }],
        quirks: ['string-boolean'],
      },
      {
        title: "Okta rename: the group's own id in the value (Okta SCIM 2.0 reference)",
        resourceType: 'Group',
        operations: [{ op: 'replace', value: { id: GROUP_ID, displayName: 'Test SCIMv2' } }],
        expected: [{ op: 'replace', value: { displayName: 'Test SCIMv2' } }],
        quirks: ['group-id-in-value-dropped'],
      },
      {
        title: "a path-less value holding only the group's own id is dropped",
        resourceType: 'Group',
        operations: [
          { op: 'replace', value: { id: GROUP_ID } },
          { op: 'add', path: 'members', value: [{ value: USER_ID }] },
        ],
        expected: [{ op: 'add', path: 'members', value: [{ value: USER_ID }] }],
        quirks: ['group-id-in-value-dropped'],
      },
      {
        title: 'a password operation with a path is dropped, the rest kept',
        resourceType: 'User',
        operations: [
          { op: 'replace', path: 'password', value: 'n3wS3cret!' },
          { op: 'replace', path: 'title', value: 'Captain' },
        ],
        expected: [{ op: 'replace', path: 'title', value: 'Captain' }],
        quirks: ['password-stripped'],
      },
      {
        title: 'a password key in a path-less value is removed',
        resourceType: 'User',
        operations: [{ op: 'replace', value: { password: 'n3wS3cret!', displayName: 'Ada' } }],
        expected: [{ op: 'replace', value: { displayName: 'Ada' } }],
        quirks: ['password-stripped'],
      },
      {
        title: 'an emails object in a path-less value becomes a list',
        resourceType: 'User',
        operations: [{ op: 'replace', value: { emails: { value: 'a@example.com', primary: 'True' } } }],
        expected: [{ op: 'replace', value: { emails: [{ value: 'a@example.com', primary: true }] } }],
        quirks: ['single-object-multi-valued', 'string-boolean'],
      },
    ])('$title', ({ resourceType, operations, expected, quirks }) => {
      const request = scimRequest({ method: 'PATCH', resourceType, body: deepFreeze(patchBody(operations)) });

      const result = normalizeScimRequest(request, 'generic-scim');

      expect(result.body).toEqual(patchBody(expected));
      expect(codes(result.notes)).toEqual(quirks);
      expect(result.directives).toEqual({ preserveAttributes: [], allowEmptyOperations: false });
    });

    it('Okta password sync: dropping the only operation allows an empty Operations list', () => {
      const request = scimRequest({
        method: 'PATCH',
        resourceType: 'User',
        body: patchBody([{ op: 'replace', value: { password: 'n3wS3cret!' } }]),
      });

      const result = normalizeScimRequest(request, 'okta');

      expect(result.body).toEqual(patchBody([]));
      expect(result.directives).toEqual({ preserveAttributes: [], allowEmptyOperations: true });
      expect(codes(result.notes)).toEqual(['password-stripped']);
    });

    it('an empty Operations list sent by the client is not allowed by normalization', () => {
      const result = normalizeScimRequest(
        scimRequest({ method: 'PATCH', resourceType: 'User', body: patchBody([]) }),
        'okta',
      );

      expect(result.directives.allowEmptyOperations).toBe(false);
    });

    it.each([
      [
        'lower-case operations',
        { schemas: [PATCH_OP], operations: [{ op: 'add', path: 'title', value: 'x' }] },
      ],
      [
        'upper-case member names',
        { schemas: [PATCH_OP], OPERATIONS: [{ OP: 'add', Path: 'title', VALUE: 'x' }] },
      ],
    ])('gives PatchOp members their canonical case: %s', (_title, body) => {
      const result = normalizeScimRequest(
        scimRequest({ method: 'PATCH', resourceType: 'User', body }),
        'generic-scim',
      );

      expect(result.body).toEqual(patchBody([{ op: 'add', path: 'title', value: 'x' }]));
      expect(codes(result.notes)).toEqual(['patch-key-case']);
      expect(result.warnings).toEqual([]);
    });

    it.each<[string, 'User' | 'Group', readonly unknown[]]>([
      [
        "a group's own id that differs from the path id (the engine must reject it)",
        'Group',
        [{ op: 'replace', value: { id: 'another-group', displayName: 'Hijacked' } }],
      ],
      [
        'JumpCloud rename: path-less replace of displayName (notes §3.9)',
        'Group',
        [{ op: 'replace', value: { displayName: 'Platform Engineering' } }],
      ],
      [
        'JumpCloud member add: one {value} (notes Q8)',
        'Group',
        [{ op: 'add', path: 'members', value: [{ value: USER_ID }] }],
      ],
      [
        'Okta remove by filter and add with display',
        'Group',
        [
          { op: 'remove', path: 'members[value eq "89bb1940-b905-4575-9e7f-6f887cfb368e"]' },
          { op: 'add', path: 'members', value: [{ value: USER_ID, display: 'test.user@okta.local' }] },
        ],
      ],
      [
        'Okta deactivation: path-less replace {active: false}',
        'User',
        [{ op: 'replace', value: { active: false } }],
      ],
      [
        'a displayName "True" is not a boolean',
        'User',
        [{ op: 'replace', path: 'displayName', value: 'True' }],
      ],
      [
        'an extension object in a path-less value',
        'User',
        [{ op: 'replace', value: { [ENTERPRISE_USER]: { department: 'Engineering' } } }],
      ],
      [
        'two spellings of op, which only the validator can judge',
        'User',
        [{ op: 'add', Op: 'remove', path: 'title', value: 'x' }],
      ],
    ])('leaves %s as it is', (_title, resourceType, operations) => {
      const request = scimRequest({ method: 'PATCH', resourceType, body: patchBody(operations) });

      const result = normalizeScimRequest(request, 'generic-scim');

      expect(result.body).toBe(request.body);
      expect(result.notes).toEqual([]);
    });
  });

  describe('query', () => {
    it('removes the aadOptscim062020 flag so that it never reaches routing or the filter parser', () => {
      const request = scimRequest({
        method: 'GET',
        resourceType: 'User',
        query: { aadOptscim062020: '', filter: 'userName eq "x"' },
      });

      const result = normalizeScimRequest(request, 'entra-id');

      expect(result.query).toEqual({ filter: 'userName eq "x"' });
      expect(result.notes).toEqual([
        { code: 'entra-query-flag', location: '?aadOptscim062020', message: expect.any(String) },
      ]);
      expect(result.detectedProvider).toBe('entra-id');
      expect(result.warnings).toEqual([]);
    });

    it('keeps a query without the flag as the same object', () => {
      const request = scimRequest({
        method: 'GET',
        resourceType: 'User',
        query: { startIndex: '1', count: '100' },
      });

      expect(normalizeScimRequest(request, 'okta').query).toBe(request.query);
    });
  });

  describe('requests it does not touch', () => {
    it.each([
      [
        'a body that is not an object',
        scimRequest({ method: 'POST', resourceType: 'User', body: ['not', 'an', 'object'] }),
      ],
      [
        'a search request',
        scimRequest({
          method: 'POST',
          resourceType: 'User',
          pathSegments: ['Users', '.search'],
          body: { active: 'True' },
        }),
      ],
      [
        'a bulk request',
        scimRequest({
          method: 'POST',
          resourceType: 'Bulk',
          pathSegments: ['Bulk'],
          body: { Operations: [{ op: 'Add' }] },
        }),
      ],
      ['a DELETE', scimRequest({ method: 'DELETE', resourceType: 'User', body: { active: 'True' } })],
    ])('%s', (_title, request) => {
      const result = normalizeScimRequest(request, 'generic-scim');

      expect(result.body).toBe(request.body);
      expect(result.notes).toEqual([]);
    });
  });

  describe('warnings', () => {
    const entraDisable = scimRequest({
      method: 'PATCH',
      resourceType: 'User',
      body: patchBody([{ op: 'Replace', path: 'active', value: 'False' }]),
    });

    it('applies every quirk whatever the profile, and warns when the quirk belongs to another provider', () => {
      const result = normalizeScimRequest(entraDisable, 'jumpcloud');

      expect(result.body).toEqual(patchBody([{ op: 'replace', path: 'active', value: false }]));
      expect(result.warnings.map((warning) => warning.code)).toEqual([
        'unexpected-quirk',
        'unexpected-quirk',
      ]);
      expect(result.warnings[0].message).toContain('Microsoft Entra ID');
      expect(result.warnings[0].message).toContain('JumpCloud');
    });

    it("does not warn about the configured provider's own quirks", () => {
      expect(normalizeScimRequest(entraDisable, 'entra-id').warnings).toEqual([]);
    });

    it('warns when the fingerprint names another provider', () => {
      const request = scimRequest({
        method: 'GET',
        resourceType: 'User',
        headers: { 'user-agent': 'Okta SCIM Client 1.0.0' },
      });

      const result = normalizeScimRequest(request, 'jumpcloud');

      expect(result.detectedProvider).toBe('okta');
      expect(result.warnings).toEqual([
        { code: 'provider-mismatch', message: expect.stringContaining('Okta') },
      ]);
    });
  });

  describe('purity', () => {
    it('never mutates its input', () => {
      const request = deepFreeze(
        scimRequest({
          method: 'PATCH',
          resourceType: 'Group',
          query: { aadOptscim062020: '' },
          body: patchBody([{ Op: 'Add', path: 'members', value: [{ $ref: null, value: USER_ID }] }]),
        }),
      );

      expect(() => normalizeScimRequest(request, 'okta')).not.toThrow();
    });

    it('keeps a "__proto__" key as plain data', () => {
      const body = JSON.parse(
        `{"schemas":["${CORE_USER}"],"userName":"a","active":"True","__proto__":{"polluted":true}}`,
      ) as unknown;

      const result = normalizeScimRequest(
        scimRequest({ method: 'POST', resourceType: 'User', body }),
        'generic-scim',
      );

      expect(Object.getPrototypeOf(result.body)).toBe(Object.prototype);
      expect(Object.keys(result.body as object)).toContain('__proto__');
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });
  });
});

describe('PROFILES', () => {
  it.each(PROVIDER_IDS.map((id) => [id]))('%s normalizes the same way and names itself', (id: ProviderId) => {
    const request = scimRequest({
      method: 'PATCH',
      resourceType: 'User',
      body: patchBody([{ op: 'Replace', path: 'active', value: 'False' }]),
    });

    const result = PROFILES[id](request);

    expect(getProfile(id)).toBe(PROFILES[id]);
    expect(result.profile).toBe(id);
    expect(result.body).toEqual(normalizeScimRequest(request, 'generic-scim').body);
  });
});
