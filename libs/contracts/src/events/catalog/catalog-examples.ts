import type { DirectoryGroupPayload } from '../payloads/directory-group.payload';
import type { DirectoryUserPayload } from '../payloads/directory-user.payload';

// The examples of the catalog (events API docs, GET /api/v1/event-types, docs/events.md): one directory of
// one organization, shaped as directory-service emits them (see libs/directory/src/scim/scim-resource-mapping.ts).

export const EXAMPLE_ORGANIZATION_ID = '7061ca58-3bc9-43cb-91e8-d7677e78554c';
export const EXAMPLE_DIRECTORY_ID = '9404b61a-2435-411d-8217-7517775ae293';
export const EXAMPLE_EVENT_ID = '8b0eb3cb-d2a1-4428-8d67-c43fc6a02fd9';
export const EXAMPLE_OCCURRED_AT = '2026-11-28T17:25:01.481Z';

const USER_ID = 'c3a1f0d2-5b7e-4e0a-9f6d-1a2b3c4d5e6f';
const GROUP_ID = '5d9e2c71-0f4b-4a8e-b3c6-7e8f9a0b1c2d';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

export const EXAMPLE_USER: DirectoryUserPayload = {
  id: USER_ID,
  directoryId: EXAMPLE_DIRECTORY_ID,
  organizationId: EXAMPLE_ORGANIZATION_ID,
  externalId: '00u1ab2cd3EF4gh5i6j7',
  userName: 'ada.lovelace@acme.example',
  email: 'ada.lovelace@acme.example',
  emails: [{ value: 'ada.lovelace@acme.example', type: 'work', primary: true }],
  givenName: 'Ada',
  familyName: 'Lovelace',
  displayName: 'Ada Lovelace',
  active: true,
  title: 'Analyst',
  department: 'Research',
  employeeNumber: '1815',
  costCenter: null,
  division: null,
  manager: { value: '00u9zy8xw7VU6ts5r4q3', displayName: 'Charles Babbage' },
  phoneNumbers: [{ value: '+44 20 7946 0958', type: 'work' }],
  locale: 'en-GB',
  customAttributes: {},
  rawAttributes: {
    schemas: [CORE_USER, ENTERPRISE_USER],
    externalId: '00u1ab2cd3EF4gh5i6j7',
    userName: 'ada.lovelace@acme.example',
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    displayName: 'Ada Lovelace',
    title: 'Analyst',
    locale: 'en-GB',
    active: true,
    emails: [{ value: 'ada.lovelace@acme.example', type: 'work', primary: true }],
    phoneNumbers: [{ value: '+44 20 7946 0958', type: 'work' }],
    [ENTERPRISE_USER]: {
      department: 'Research',
      employeeNumber: '1815',
      manager: { value: '00u9zy8xw7VU6ts5r4q3', displayName: 'Charles Babbage' },
    },
    id: USER_ID,
  },
  createdAt: '2026-11-28T17:20:44.102Z',
  updatedAt: '2026-11-28T17:20:44.102Z',
};

export const EXAMPLE_GROUP: DirectoryGroupPayload = {
  id: GROUP_ID,
  directoryId: EXAMPLE_DIRECTORY_ID,
  organizationId: EXAMPLE_ORGANIZATION_ID,
  externalId: '00g1a2b3c4D5e6F7g8h9',
  displayName: 'Engineering',
  memberCount: 1,
  rawAttributes: {
    schemas: [CORE_GROUP],
    displayName: 'Engineering',
    externalId: '00g1a2b3c4D5e6F7g8h9',
    id: GROUP_ID,
  },
  createdAt: '2026-11-28T17:21:09.930Z',
  updatedAt: '2026-11-28T17:21:09.930Z',
};

/** The example user after a SCIM write of `changes`, applied to its fields and to its stored resource alike. */
export function exampleUserWith(
  changes: Partial<Pick<DirectoryUserPayload, 'active' | 'title'>>,
): DirectoryUserPayload {
  return {
    ...EXAMPLE_USER,
    ...changes,
    rawAttributes: { ...EXAMPLE_USER.rawAttributes, ...changes },
    updatedAt: EXAMPLE_OCCURRED_AT,
  };
}

/** The example group as a membership change of the example request leaves it. */
export function exampleGroupWith(memberCount: number): DirectoryGroupPayload {
  return { ...EXAMPLE_GROUP, memberCount, updatedAt: EXAMPLE_OCCURRED_AT };
}
