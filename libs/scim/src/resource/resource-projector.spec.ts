import { attribute } from '../schema/attribute-definition';
import { GROUP_RESOURCE_TYPE, GROUP_SCHEMA, USER_SCHEMA } from '../schema/core-schemas';
import { SchemaSet } from '../schema/schema-set';
import { createProjector, projectResource } from './resource-projector';

const schemaSet = SchemaSet.standard();
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const ada = {
  schemas: [USER, ENTERPRISE],
  id: 'u-1',
  externalId: 'x-1',
  userName: 'ada',
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  password: 'secret',
  emails: [
    { value: 'ada@acme.example', type: 'work', primary: true },
    { value: 'ada@home.example', type: 'home' },
  ],
  [ENTERPRISE]: { department: 'Engineering', costCenter: '42' },
  meta: { resourceType: 'User', version: '3' },
};

describe(projectResource.name, () => {
  it('never returns the password, and returns everything else by default', () => {
    const { password: _password, ...expected } = ada;
    expect(projectResource(ada, {}, schemaSet)).toEqual(expected);
  });

  it.each<readonly [string[], Record<string, unknown>]>([
    [['userName'], { schemas: ada.schemas, id: 'u-1', userName: 'ada' }],
    [['USERNAME', 'nothing-like-this'], { schemas: ada.schemas, id: 'u-1', userName: 'ada' }],
    [['name.givenName'], { schemas: ada.schemas, id: 'u-1', name: { givenName: 'Ada' } }],
    [
      ['emails.value'],
      {
        schemas: ada.schemas,
        id: 'u-1',
        emails: [{ value: 'ada@acme.example' }, { value: 'ada@home.example' }],
      },
    ],
    [
      ['emails.value', 'emails.type'],
      {
        schemas: ada.schemas,
        id: 'u-1',
        emails: [
          { value: 'ada@acme.example', type: 'work' },
          { value: 'ada@home.example', type: 'home' },
        ],
      },
    ],
    [[ENTERPRISE], { schemas: ada.schemas, id: 'u-1', [ENTERPRISE]: ada[ENTERPRISE] }],
    [
      [`${ENTERPRISE}:department`],
      { schemas: ada.schemas, id: 'u-1', [ENTERPRISE]: { department: 'Engineering' } },
    ],
    [['department'], { schemas: ada.schemas, id: 'u-1', [ENTERPRISE]: { department: 'Engineering' } }],
    [['password', 'meta.version'], { schemas: ada.schemas, id: 'u-1', meta: { version: '3' } }],
  ])('attributes=%j', (attributes, expected) => {
    expect(projectResource(ada, { attributes }, schemaSet, 'User')).toEqual(expected);
  });

  it.each<readonly [string[], string[]]>([
    [['emails'], ['emails', 'password']],
    [['id', 'schemas'], ['password']],
    [['name.familyName'], ['password', 'name.familyName']],
    [[ENTERPRISE], ['password', ENTERPRISE]],
    [[`${ENTERPRISE}:costCenter`], ['password', `${ENTERPRISE}:costCenter`]],
    [
      ['meta', 'externalId'],
      ['password', 'meta', 'externalId'],
    ],
  ])('excludedAttributes=%j', (excludedAttributes, removed) => {
    const expected: Record<string, unknown> = JSON.parse(JSON.stringify(ada));
    for (const path of removed) {
      if (path === `${ENTERPRISE}:costCenter`) {
        delete (expected[ENTERPRISE] as Record<string, unknown>)['costCenter'];
      } else if (path === 'name.familyName')
        delete (expected['name'] as Record<string, unknown>)['familyName'];
      else delete expected[path];
    }
    expect(projectResource(ada, { excludedAttributes }, schemaSet, 'User')).toEqual(expected);
  });

  it('lets attributes win over excludedAttributes', () => {
    expect(
      projectResource(ada, { attributes: ['userName'], excludedAttributes: ['userName'] }, schemaSet, 'User'),
    ).toEqual({
      schemas: ada.schemas,
      id: 'u-1',
      userName: 'ada',
    });
  });

  it('returns request-only attributes when asked for', () => {
    const custom = new SchemaSet(
      [
        {
          ...USER_SCHEMA,
          attributes: [
            ...USER_SCHEMA.attributes,
            attribute('loginCount', 'integer', 'Logins.', { returned: 'request', mutability: 'readOnly' }),
          ],
        },
        GROUP_SCHEMA,
      ],
      [
        { name: 'User', endpoint: '/Users', description: '', schema: USER, schemaExtensions: [] },
        GROUP_RESOURCE_TYPE,
      ],
    );
    const resource = { schemas: [USER], id: 'u', userName: 'a', loginCount: 3 };
    expect(projectResource(resource, {}, custom, 'User')).toEqual({
      schemas: [USER],
      id: 'u',
      userName: 'a',
    });
    expect(projectResource(resource, { attributes: ['loginCount'] }, custom, 'User')).toEqual({
      schemas: [USER],
      id: 'u',
      loginCount: 3,
    });
  });
});

describe(createProjector.name, () => {
  it('leaves Entra ID group lookups without members (excludedAttributes=members)', () => {
    const project = createProjector({ excludedAttributes: ['members'] }, schemaSet, 'Group');
    expect(
      project({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        id: 'g',
        displayName: 'Eng',
        members: [{ value: 'u' }],
      }),
    ).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id: 'g',
      displayName: 'Eng',
    });
  });

  it('copies no member when nothing inside members is hidden', () => {
    const members = Array.from({ length: 10_000 }, (_, index) => ({ value: `u-${index}` }));
    const projected = createProjector({}, schemaSet, 'Group')({ id: 'g', displayName: 'All', members });
    expect(projected['members']).toBe(members);
  });
});
