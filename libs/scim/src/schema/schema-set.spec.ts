import { parseAttributePath } from '../filter/filter-parser';
import { attribute, AttributeDefinition } from './attribute-definition';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from './core-schemas';
import { ResolvedAttribute, SchemaSet } from './schema-set';

const schemaSet = SchemaSet.standard();
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

function resolved(resourceType: string, text: string): ResolvedAttribute | undefined {
  return schemaSet.resolveAttribute(resourceType, parseAttributePath(text));
}

describe(SchemaSet.name, () => {
  it.each<readonly [string, string, string, boolean]>([
    ['User', 'userName', 'userName', false],
    ['User', 'USERNAME', 'userName', false],
    ['User', 'name.givenName', 'name.givenName', false],
    ['User', 'Name.GIVENNAME', 'name.givenName', false],
    ['User', `${USER}:userName`, 'userName', false],
    ['User', `${USER}:name.familyName`, 'name.familyName', false],
    ['User', `${USER.toUpperCase()}:userName`, 'userName', false],
    ['User', `${ENTERPRISE}:department`, `${ENTERPRISE}:department`, true],
    ['User', `${ENTERPRISE.toLowerCase()}:Manager.Value`, `${ENTERPRISE}:manager.value`, true],
    ['User', 'department', `${ENTERPRISE}:department`, true],
    ['User', 'manager.displayName', `${ENTERPRISE}:manager.displayName`, true],
    ['User', 'id', 'id', false],
    ['User', 'externalId', 'externalId', false],
    ['User', 'meta.lastModified', 'meta.lastModified', false],
    ['User', 'schemas', 'schemas', false],
    ['User', 'emails.value', 'emails.value', false],
    ['User', 'members.$ref', '', false],
    ['Group', 'members.$ref', 'members.$ref', false],
    ['Group', 'MEMBERS.VALUE', 'members.value', false],
    ['Group', 'displayName', 'displayName', false],
    ['Group', 'meta.version', 'meta.version', false],
  ])('%s: resolves %s to %s', (resourceType, text, path, extension) => {
    const result = resolved(resourceType, text);
    if (path === '') {
      expect(result).toBeUndefined();
      return;
    }
    expect(result).toMatchObject({ kind: 'attribute', path, extension });
  });

  it.each([
    ['User', 'foo'],
    ['User', 'name.foo'],
    ['User', 'userName.value'],
    ['User', 'urn:example:other:2.0:User:userName'],
    ['User', `${ENTERPRISE}:userName`],
    ['User', `${USER}:department`],
    ['Group', 'department'],
    ['Group', 'userName'],
  ])('%s: does not resolve %s', (resourceType, text) => {
    expect(resolved(resourceType, text)).toBeUndefined();
  });

  it('resolves a whole extension, written as a path or as text', () => {
    expect(schemaSet.resolve('User', parseAttributePath(ENTERPRISE))).toEqual({
      kind: 'extension',
      schema: ENTERPRISE,
      path: ENTERPRISE,
    });
    expect(schemaSet.resolveText('User', ENTERPRISE.toLowerCase())).toEqual({
      kind: 'extension',
      schema: ENTERPRISE,
      path: ENTERPRISE,
    });
    expect(schemaSet.resolveAttribute('User', parseAttributePath(ENTERPRISE))).toBeUndefined();
    expect(schemaSet.resolveText('Group', ENTERPRISE)).toBeUndefined();
  });

  it('resolves text paths, caching the answer and refusing what is not a path', () => {
    const first = schemaSet.resolveText('User', 'name.givenName');
    expect(first).toMatchObject({ path: 'name.givenName' });
    expect(schemaSet.resolveText('User', 'name.givenName')).toBe(first);
    expect(schemaSet.resolveText('User', 'emails[type eq "work"].value')).toBeUndefined();
    expect(schemaSet.resolveText('User', '')).toBeUndefined();
  });

  it('finds the resource type of a resource from meta or schemas', () => {
    expect(schemaSet.resourceTypeOf({ meta: { resourceType: 'group' } })).toBe('Group');
    expect(schemaSet.resourceTypeOf({ schemas: [ENTERPRISE, USER] })).toBe('User');
    expect(() => schemaSet.resourceTypeOf({ schemas: ['urn:x'] })).toThrow(
      'names no registered resource type',
    );
  });

  it('looks up resource types and schemas case-insensitively', () => {
    expect(schemaSet.resourceType('user').endpoint).toBe('/Users');
    expect(schemaSet.schema(ENTERPRISE.toUpperCase())?.name).toBe('EnterpriseUser');
    expect(schemaSet.extensionSchemas('User').map((schema) => schema.id)).toEqual([ENTERPRISE]);
    expect(schemaSet.resourceTypes().map((type) => type.name)).toEqual(['User', 'Group']);
    expect(() => schemaSet.resourceType('Device')).toThrow('Unknown resource type "Device"');
  });

  it('refuses resource types that name unknown schemas', () => {
    expect(
      () =>
        new SchemaSet(
          [USER_SCHEMA],
          [
            {
              name: 'User',
              endpoint: '/Users',
              description: '',
              schema: USER,
              schemaExtensions: [{ schema: ENTERPRISE, required: false }],
            },
          ],
        ),
    ).toThrow(`refers to the unknown schema "${ENTERPRISE}"`);
  });

  it('does not resolve an unqualified name that two extensions define', () => {
    const other = {
      id: 'urn:example:ext:1.0:User',
      name: 'Other',
      description: '',
      attributes: [attribute('department', 'string', '')],
    };
    const custom = new SchemaSet(
      [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, other],
      [
        {
          name: 'User',
          endpoint: '/Users',
          description: '',
          schema: USER,
          schemaExtensions: [
            { schema: ENTERPRISE, required: false },
            { schema: other.id, required: false },
          ],
        },
      ],
    );
    expect(custom.resolveAttribute('User', { name: 'department' })).toBeUndefined();
    expect(custom.resolveAttribute('User', { name: 'costCenter' })).toMatchObject({
      path: `${ENTERPRISE}:costCenter`,
    });
    expect(
      custom.resolveAttribute('User', parseAttributePath('urn:example:ext:1.0:User:department')),
    ).toMatchObject({
      path: 'urn:example:ext:1.0:User:department',
    });
  });
});

describe('RFC 7643 §8.7.1 characteristics', () => {
  function characteristics(resourceType: string, text: string): AttributeDefinition {
    const result = resolved(resourceType, text);
    if (!result) throw new Error(`${text} does not resolve`);
    return result.subAttribute ?? result.attribute;
  }

  it.each<readonly [string, string, Partial<AttributeDefinition>]>([
    ['User', 'id', { caseExact: true, mutability: 'readOnly', returned: 'always', uniqueness: 'server' }],
    ['User', 'externalId', { caseExact: true, mutability: 'readWrite' }],
    ['User', 'userName', { type: 'string', required: true, caseExact: false, uniqueness: 'server' }],
    ['Group', 'displayName', { type: 'string', required: true, uniqueness: 'server' }],
    ['User', 'password', { mutability: 'writeOnly', returned: 'never', caseExact: true }],
    ['User', 'profileUrl', { type: 'reference', referenceTypes: ['external'], caseExact: true }],
    ['User', 'active', { type: 'boolean', multiValued: false }],
    ['User', 'emails', { type: 'complex', multiValued: true }],
    ['User', 'emails.type', { canonicalValues: ['work', 'home', 'other'] }],
    ['User', 'phoneNumbers.type', { canonicalValues: ['work', 'home', 'mobile', 'fax', 'pager', 'other'] }],
    ['User', 'photos.value', { type: 'reference', caseExact: true }],
    ['User', 'groups', { mutability: 'readOnly' }],
    ['User', 'groups.value', { caseExact: true, mutability: 'readOnly' }],
    ['User', 'x509Certificates.value', { type: 'binary', caseExact: true }],
    ['User', 'meta.lastModified', { type: 'dateTime', mutability: 'readOnly' }],
    ['User', `${ENTERPRISE}:manager.value`, { required: true, caseExact: true }],
    ['User', `${ENTERPRISE}:manager.displayName`, { mutability: 'readOnly' }],
    ['Group', 'displayName', { required: true, caseExact: false }],
    ['Group', 'members.value', { mutability: 'immutable', caseExact: false }],
    [
      'Group',
      'members.$ref',
      { type: 'reference', referenceTypes: ['User', 'Group'], mutability: 'immutable' },
    ],
    ['Group', 'members.type', { canonicalValues: ['User', 'Group'], mutability: 'immutable' }],
  ])('%s %s', (resourceType, text, expected) => {
    expect(characteristics(resourceType, text)).toMatchObject(expected);
  });

  it('defines every User, Enterprise User and Group attribute of RFC 7643', () => {
    expect(USER_SCHEMA.attributes.map((definition) => definition.name)).toEqual([
      'userName',
      'name',
      'displayName',
      'nickName',
      'profileUrl',
      'title',
      'userType',
      'preferredLanguage',
      'locale',
      'timezone',
      'active',
      'password',
      'emails',
      'phoneNumbers',
      'ims',
      'photos',
      'addresses',
      'groups',
      'entitlements',
      'roles',
      'x509Certificates',
    ]);
    expect(ENTERPRISE_USER_SCHEMA.attributes.map((definition) => definition.name)).toEqual([
      'employeeNumber',
      'costCenter',
      'organization',
      'division',
      'department',
      'manager',
    ]);
    expect(GROUP_SCHEMA.attributes.map((definition) => definition.name)).toEqual(['displayName', 'members']);
  });
});
