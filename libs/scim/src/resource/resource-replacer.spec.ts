import { attribute } from '../schema/attribute-definition';
import { GROUP_RESOURCE_TYPE, GROUP_SCHEMA, USER_SCHEMA } from '../schema/core-schemas';
import { SchemaSet } from '../schema/schema-set';
import { replaceResource } from './resource-replacer';

const schemaSet = SchemaSet.standard();
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ADA = '7d1c9e52-0a4b-4f0e-b3b8-61f2a9e0d001';

const ada = {
  schemas: [USER, ENTERPRISE],
  id: ADA,
  externalId: '65f0a1b2c3d4e5f6a7b8c9d1',
  userName: 'ada.lovelace@acme.example',
  active: true,
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  displayName: 'Ada Lovelace',
  title: 'Principal Engineer',
  emails: [{ value: 'ada.lovelace@acme.example', type: 'work', primary: true }],
  phoneNumbers: [{ value: 'tel:+44-20-7946-0018', type: 'work', primary: true }],
  addresses: [
    {
      type: 'work',
      primary: true,
      streetAddress: '12 Analytical Row',
      locality: 'London',
      postalCode: 'EC1A 1BB',
      country: 'GB',
    },
  ],
  locale: 'en-GB',
  preferredLanguage: 'en-GB',
  password: 'hash-kept-by-server',
  groups: [{ value: 'g-1', display: 'Engineering' }],
  [ENTERPRISE]: { department: 'Engineering', manager: { value: 'm-1', displayName: 'Charles Babbage' } },
  meta: {
    resourceType: 'User',
    created: '2026-01-01T00:00:00Z',
    lastModified: '2026-01-02T00:00:00Z',
    version: '3',
  },
};

describe(replaceResource.name, () => {
  it('applies a JumpCloud deactivation PUT: active false, [] clears addresses, server attributes kept', () => {
    const { addresses: _addresses, password: _password, groups: _groups, meta: _meta, ...body } = ada;
    const { resource, changed } = replaceResource(
      ada,
      { ...body, schemas: [ENTERPRISE, USER], active: false, addresses: [] },
      schemaSet,
    );
    expect(changed).toBe(true);
    const { addresses: _cleared, ...expected } = ada;
    expect(resource).toEqual({
      ...expected,
      active: false,
      [ENTERPRISE]: { department: 'Engineering', manager: { value: 'm-1' } },
    });
  });

  it('reports no change for a body that repeats the resource', () => {
    const { meta: _meta, groups: _groups, password: _password, ...body } = ada;
    const current = { ...ada, [ENTERPRISE]: { department: 'Engineering', manager: { value: 'm-1' } } };
    expect(replaceResource(current, body, schemaSet)).toEqual({ resource: current, changed: false });
  });

  it('clears readWrite attributes the body omits or sends as null (the JumpCloud minimal PUT)', () => {
    const { resource } = replaceResource(
      ada,
      {
        schemas: [USER],
        id: ADA,
        userName: 'ada.lovelace@acme.example',
        active: true,
        name: { givenName: 'Ada' },
        emails: null,
      },
      schemaSet,
    );
    expect(resource).toEqual({
      schemas: [USER],
      id: ADA,
      userName: 'ada.lovelace@acme.example',
      active: true,
      name: { givenName: 'Ada' },
      password: 'hash-kept-by-server',
      groups: [{ value: 'g-1', display: 'Engineering' }],
      meta: ada.meta,
    });
  });

  it('tolerates the resource’s own id in the body and rejects another', () => {
    expect(() => replaceResource(ada, { id: ADA, userName: 'x' }, schemaSet)).not.toThrow();
    expect(() => replaceResource(ada, { id: 'someone-else', userName: 'x' }, schemaSet)).toThrow(
      expect.objectContaining({ status: 400, scimType: 'mutability' }),
    );
  });

  it('replaces the password when the body carries one', () => {
    expect(replaceResource(ada, { userName: 'x', password: 'new' }, schemaSet).resource['password']).toBe(
      'new',
    );
  });

  it('replaces all members of a group (JumpCloud removal by PUT)', () => {
    const group = {
      schemas: [GROUP],
      id: 'g',
      displayName: 'Engineering',
      members: [{ value: 'u-1' }, { value: 'u-2' }],
      meta: { resourceType: 'Group' },
    };
    const { resource, changed } = replaceResource(
      group,
      { schemas: [GROUP], id: 'g', displayName: 'Engineering', members: [{ value: 'u-1' }] },
      schemaSet,
      'Group',
    );
    expect(changed).toBe(true);
    expect(resource).toEqual({ ...group, members: [{ value: 'u-1' }] });
  });

  it('validates the body like a create', () => {
    expect(() => replaceResource(ada, { displayName: 'no userName' }, schemaSet)).toThrow(
      expect.objectContaining({ scimType: 'invalidValue', detail: 'userName is required' }),
    );
  });

  describe('immutable attributes', () => {
    const custom = new SchemaSet(
      [
        {
          ...USER_SCHEMA,
          attributes: [
            ...USER_SCHEMA.attributes,
            attribute('badge', 'string', 'Set once.', { mutability: 'immutable' }),
          ],
        },
        GROUP_SCHEMA,
      ],
      [
        { name: 'User', endpoint: '/Users', description: '', schema: USER, schemaExtensions: [] },
        GROUP_RESOURCE_TYPE,
      ],
    );
    const existing = {
      schemas: [USER],
      id: 'u',
      userName: 'a',
      badge: 'B-1',
      meta: { resourceType: 'User' },
    };

    it('keeps an immutable value the body omits or repeats', () => {
      expect(replaceResource(existing, { userName: 'b' }, custom).resource['badge']).toBe('B-1');
      expect(replaceResource(existing, { userName: 'b', badge: 'B-1' }, custom).resource['badge']).toBe(
        'B-1',
      );
    });

    it('rejects a different immutable value, and sets one that was unassigned', () => {
      expect(() => replaceResource(existing, { userName: 'b', badge: 'B-2' }, custom)).toThrow(
        expect.objectContaining({ scimType: 'mutability', detail: 'badge is immutable' }),
      );
      const { badge: _badge, ...withoutBadge } = existing;
      expect(replaceResource(withoutBadge, { userName: 'b', badge: 'B-2' }, custom).resource['badge']).toBe(
        'B-2',
      );
    });
  });
});
