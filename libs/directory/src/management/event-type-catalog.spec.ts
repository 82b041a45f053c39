import {
  EVENT_TYPES,
  EVENT_VERSIONS,
  EventTypes,
  JSON_SCHEMA_DIALECT,
  validateEvent,
} from '@scimflow/contracts';
import { randomUUID } from 'node:crypto';
import { GroupEntity } from '../entities/group.entity';
import { UserEntity } from '../entities/user.entity';
import {
  ENTERPRISE_USER_URN,
  groupColumns,
  toDirectoryGroup,
  toDirectoryUser,
  userColumns,
} from '../scim/scim-resource-mapping';
import { eventTypeCatalog } from './event-type-catalog';

const organizationId = randomUUID();
const directoryId = randomUUID();

function storedUser(attributes: Record<string, unknown>): UserEntity {
  return Object.assign(new UserEntity(), {
    id: randomUUID(),
    directoryId,
    organizationId,
    ...userColumns(attributes),
    attributes,
    version: 1,
    createdAt: new Date('2026-11-28T17:20:44.102Z'),
    updatedAt: new Date('2026-11-28T17:25:01.481Z'),
  });
}

function storedGroup(attributes: Record<string, unknown>, memberCount: number): GroupEntity {
  return Object.assign(new GroupEntity(), {
    id: randomUUID(),
    directoryId,
    organizationId,
    ...groupColumns(attributes),
    attributes,
    memberCount,
    version: 1,
    createdAt: new Date('2026-11-28T17:21:09.930Z'),
    updatedAt: new Date('2026-11-28T17:21:09.930Z'),
  });
}

function event(type: string, data: unknown, previousAttributes?: Record<string, unknown>) {
  return {
    id: randomUUID(),
    type,
    version: 1,
    sequence: 7,
    occurredAt: '2026-11-28T17:25:01.481Z',
    organizationId,
    directoryId,
    data,
    ...(previousAttributes ? { previousAttributes } : {}),
  };
}

describe(eventTypeCatalog.name, () => {
  it('lists every event type once, in catalog order, with its current version', () => {
    const catalog = eventTypeCatalog();
    expect(catalog.map((entry) => entry.type)).toEqual([...EVENT_TYPES]);
    for (const entry of catalog) expect(entry.version).toBe(EVENT_VERSIONS[entry.type]);
  });

  it('describes every type in a sentence', () => {
    for (const { description } of eventTypeCatalog()) expect(description).toMatch(/^[A-Z].{20,}\.$/);
  });

  it('serves the JSON Schema of every version, with an example of that type and version', () => {
    for (const entry of eventTypeCatalog()) {
      const current = entry.versions.find((version) => version.version === entry.version);
      expect(current?.schema).toMatchObject({
        $schema: JSON_SCHEMA_DIALECT,
        properties: { type: { const: entry.type }, version: { const: entry.version } },
        examples: [expect.objectContaining({ type: entry.type, version: entry.version })],
      });
    }
  });

  // The catalog must describe what directory-service really puts in its events: its own mapping functions.
  it.each([
    ['a minimal user', { schemas: [], userName: 'ada@acme.example' }],
    [
      'a full user with an enterprise manager object',
      {
        userName: 'ada@acme.example',
        externalId: 'x-1',
        name: { givenName: 'Ada', familyName: 'Lovelace' },
        displayName: 'Ada Lovelace',
        active: false,
        title: 'Analyst',
        locale: 'en-GB',
        emails: [{ value: 'ada@acme.example', type: 'work', primary: true }, { value: 'a@home.example' }],
        phoneNumbers: [{ value: '+44 20 7946 0958' }, { type: 'fax' }],
        [ENTERPRISE_USER_URN]: {
          department: 'Research',
          employeeNumber: '1815',
          costCenter: 'R&D',
          division: 'Labs',
          manager: { value: 'm-1' },
        },
        'urn:example:custom:1.0:User': { badge: 7 },
      },
    ],
    ['a user whose manager is a bare id', { userName: 'bob', [ENTERPRISE_USER_URN]: { manager: 'm-2' } }],
  ])('accepts the user events directory-service emits for %s', (_case, attributes) => {
    const user = toDirectoryUser(storedUser(attributes));
    const group = toDirectoryGroup(storedGroup({ displayName: 'Engineering', externalId: 'g-1' }, 1));
    const events = [
      event(EventTypes.userCreated, user),
      event(EventTypes.userUpdated, user, { title: null }),
      event(EventTypes.userDeactivated, user, { active: true }),
      event(EventTypes.userDeleted, user),
      event(EventTypes.groupUserAdded, { user, group }),
      event(EventTypes.groupUserRemoved, { user, group: { ...group, memberCount: 0 } }),
    ];
    for (const emitted of events)
      expect({ type: emitted.type, problems: validateEvent(emitted) }).toEqual({
        type: emitted.type,
        problems: [],
      });
  });

  it.each([
    ['a group without externalId', { displayName: 'Engineering' }, 0],
    ['a group with externalId and members', { displayName: 'Sales', externalId: 'g-2' }, 12],
  ])('accepts the group events directory-service emits for %s', (_case, attributes, memberCount) => {
    const group = toDirectoryGroup(storedGroup(attributes, memberCount));
    for (const emitted of [
      event(EventTypes.groupCreated, group),
      event(EventTypes.groupUpdated, group, { displayName: 'Old' }),
      event(EventTypes.groupDeleted, { ...group, memberCount: 0 }),
    ]) {
      expect({ type: emitted.type, problems: validateEvent(emitted) }).toEqual({
        type: emitted.type,
        problems: [],
      });
    }
  });
});
