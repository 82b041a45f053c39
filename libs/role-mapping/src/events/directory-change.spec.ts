import { EventTypes, type EventEnvelope, type EventType } from '@scimflow/contracts';
import { parseDirectoryChange, type ParsedDirectoryChange } from './directory-change';

const DIRECTORY_ID = '7d1e3f0a-0000-4000-8000-000000000001';
const ORGANIZATION_ID = '7d1e3f0a-0000-4000-8000-000000000002';
const USER = {
  id: '7d1e3f0a-0000-4000-8000-000000000003',
  userName: 'ada@acme.example',
  email: 'ada@acme.example',
  displayName: 'Ada',
  active: true,
  givenName: 'Ada',
};
const GROUP = { id: '7d1e3f0a-0000-4000-8000-000000000004', displayName: 'Engineering', memberCount: 3 };

const projectedUser = {
  id: USER.id,
  directoryId: DIRECTORY_ID,
  organizationId: ORGANIZATION_ID,
  active: true,
  snapshot: { id: USER.id, userName: USER.userName, email: USER.email, displayName: 'Ada', active: true },
};
const projectedGroup = {
  id: GROUP.id,
  directoryId: DIRECTORY_ID,
  organizationId: ORGANIZATION_ID,
  displayName: 'Engineering',
};

function event(type: EventType, data: unknown, fields: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    id: '7d1e3f0a-0000-4000-8000-0000000000ff',
    type,
    version: 1,
    sequence: 7,
    occurredAt: '2025-01-01T00:00:00.000Z',
    organizationId: ORGANIZATION_ID,
    directoryId: DIRECTORY_ID,
    data,
    ...fields,
  };
}

describe(parseDirectoryChange.name, () => {
  it.each<[string, EventEnvelope, ParsedDirectoryChange]>([
    [
      'a created user',
      event(EventTypes.userCreated, USER),
      { ok: true, change: { kind: 'user-upserted', user: projectedUser } },
    ],
    [
      'a deactivated user, without email or display name',
      event(EventTypes.userDeactivated, { ...USER, active: false, email: null, displayName: undefined }),
      {
        ok: true,
        change: {
          kind: 'user-upserted',
          user: {
            ...projectedUser,
            active: false,
            snapshot: { ...projectedUser.snapshot, active: false, email: null, displayName: null },
          },
        },
      },
    ],
    [
      'a deleted user',
      event(EventTypes.userDeleted, USER),
      { ok: true, change: { kind: 'user-deleted', user: projectedUser } },
    ],
    [
      'a renamed group',
      event(EventTypes.groupUpdated, GROUP),
      { ok: true, change: { kind: 'group-upserted', group: projectedGroup } },
    ],
    [
      'a deleted group',
      event(EventTypes.groupDeleted, GROUP),
      { ok: true, change: { kind: 'group-deleted', group: projectedGroup } },
    ],
    [
      'a member added',
      event(EventTypes.groupUserAdded, { user: USER, group: GROUP }),
      { ok: true, change: { kind: 'member-added', user: projectedUser, group: projectedGroup } },
    ],
    [
      'a member removed',
      event(EventTypes.groupUserRemoved, { user: USER, group: GROUP }),
      { ok: true, change: { kind: 'member-removed', user: projectedUser, group: projectedGroup } },
    ],
    [
      'a deleted directory',
      event(EventTypes.directoryDeleted, { id: DIRECTORY_ID }),
      { ok: true, change: { kind: 'directory-deleted', directoryId: DIRECTORY_ID } },
    ],
    [
      'a token rotation: nothing for role mapping',
      event(EventTypes.directoryTokenRotated, {}),
      { ok: true, change: null },
    ],
    [
      'a roles event of its own, re-published: nothing',
      event(EventTypes.userRolesUpdated, { user: USER }),
      { ok: true, change: null },
    ],
    [
      'a user without id, userName or active',
      event(EventTypes.userCreated, { id: 'u-1', email: 7 }),
      {
        ok: false,
        problems: [
          'data.id must be a UUID',
          'data.userName must be a string',
          'data.active must be a boolean',
          'data.email must be a string or null',
        ],
      },
    ],
    [
      'a membership without its group',
      event(EventTypes.groupUserAdded, { user: USER }),
      { ok: false, problems: ['data.group.id must be a UUID', 'data.group.displayName must be a string'] },
    ],
    [
      'an envelope whose directory is not a UUID',
      event(EventTypes.userCreated, USER, { directoryId: 'dir-1' }),
      { ok: false, problems: ['directoryId must be a UUID'] },
    ],
  ])('%s', (_case, envelope, expected) => {
    expect(parseDirectoryChange(envelope)).toEqual(expected);
  });
});
