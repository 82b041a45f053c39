import { SchemaSet } from '@scimflow/scim';
import { assertValidPatchOperations } from './patch-validation';

const schemaSet = SchemaSet.standard();
const memberId = '7d1c9e52-0a4b-4f0e-b3b8-61f2a9e0d002';

describe(assertValidPatchOperations.name, () => {
  it.each([
    ['Group', { op: 'add', path: 'members', value: [{ value: memberId }] }],
    ['Group', { op: 'remove', path: 'members', value: [{ value: memberId }] }],
    ['Group', { op: 'remove', path: `members[value eq "${memberId}"]` }],
    ['Group', { op: 'replace', value: { displayName: 'Engineering' } }],
    ['Group', { op: 'Replace', path: 'displayName', value: 'Engineering' }],
    ['User', { op: 'replace', path: 'active', value: false }],
    ['User', { op: 'replace', path: 'name.givenName', value: 'Ada' }],
    ['User', { op: 'replace', path: 'emails[type eq "work"].value', value: 'ada@acme.example' }],
    [
      'User',
      {
        op: 'add',
        path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
        value: 'R&D',
      },
    ],
    [
      'User',
      {
        op: 'replace',
        path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
        value: { department: 'R&D' },
      },
    ],
  ])('accepts a %s operation %j', (resourceType, operation) => {
    expect(() => assertValidPatchOperations([operation], resourceType, schemaSet)).not.toThrow();
  });

  it.each([
    ['Group', { op: 'move', path: 'members' }, 'invalidSyntax'],
    ['Group', { op: 'remove' }, 'noTarget'],
    ['Group', { op: 'add', value: 'Engineering' }, 'invalidSyntax'],
    ['Group', { op: 'add', path: 'members[value eq', value: [] }, 'invalidFilter'],
    ['Group', { op: 'add', path: 'members..value', value: [] }, 'invalidPath'],
    ['Group', { op: 'replace', path: 'colour', value: 'red' }, 'invalidPath'],
    ['User', { op: 'replace', path: 'name.middle', value: 'x' }, 'invalidPath'],
    ['User', { op: 'replace', path: 'userName[value eq "x"]', value: 'y' }, 'invalidPath'],
    ['User', { op: 'replace', path: 'emails[type eq "work"].colour', value: 'y' }, 'invalidPath'],
    [
      'User',
      {
        op: 'replace',
        path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User[x eq 1]',
        value: 'y',
      },
      'invalidPath',
    ],
    ['User', { op: 'replace', path: 'id', value: 'other' }, 'mutability'],
    ['Group', { op: 'replace', path: 'members.display', value: 'x' }, 'mutability'],
  ])('refuses a %s operation %j with %s', (resourceType, operation, scimType) => {
    expect(() => assertValidPatchOperations([operation], resourceType, schemaSet)).toThrow(
      expect.objectContaining({ status: 400, scimType }),
    );
  });
});
