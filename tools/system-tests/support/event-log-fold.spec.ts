import type { RoleRule } from './directory-model';
import { EventLogFold, type LoggedEvent } from './event-log-fold';

const RULES: RoleRule[] = [{ groupDisplayName: 'Engineering', role: 'engineer' }];
const DIRECTORY = 'directory-1';

function userData(id: string, active = true) {
  return { id, userName: `${id}@example.test`, displayName: id, externalId: null, active };
}

function groupData(id: string, displayName: string, memberCount: number) {
  return { id, displayName, externalId: null, memberCount };
}

/** A log builder: each call appends the next event, sequences in order. */
function log(...entries: Array<[string, unknown]>): LoggedEvent[] {
  return entries.map(([type, data], index) => ({
    id: `event-${index + 1}`,
    type,
    sequence: index + 1,
    directoryId: DIRECTORY,
    data,
  }));
}

const activated: [string, unknown] = ['directory.activated', { id: DIRECTORY }];
const adaCreated: [string, unknown] = ['directory.user.created', userData('ada')];
const engCreated: [string, unknown] = ['directory.group.created', groupData('eng', 'Engineering', 0)];
const adaAdded: [string, unknown] = [
  'directory.group.user_added',
  { user: userData('ada'), group: groupData('eng', 'Engineering', 1) },
];
const adaRemoved: [string, unknown] = [
  'directory.group.user_removed',
  { user: userData('ada'), group: groupData('eng', 'Engineering', 0) },
];

function roles(userId: string, now: string[], before: string[]): [string, unknown] {
  return ['directory.user.roles_updated', { user: userData(userId), roles: now, previousRoles: before }];
}

describe(EventLogFold.name, () => {
  it('replays a well-formed log into users, groups, members and announced roles', () => {
    const fold = EventLogFold.of(
      log(
        activated,
        adaCreated,
        engCreated,
        adaAdded,
        roles('ada', ['engineer'], []),
        ['directory.user.deactivated', userData('ada', false)],
        roles('ada', [], ['engineer']),
      ),
      RULES,
    );
    expect(fold.problems).toEqual([]);
    expect(fold.users.get('ada')).toMatchObject({ active: false });
    expect([...fold.groups.get('eng')!.members]).toEqual(['ada']);
    expect(fold.announced.get('ada')).toEqual([]);
  });

  it('accepts an announcement sequenced after later changes, if it matches a state since the last one', () => {
    // role-mapping saw the add, announced; the removal was sequenced before that announcement arrived.
    const fold = EventLogFold.of(
      log(
        activated,
        adaCreated,
        engCreated,
        adaAdded,
        adaRemoved,
        roles('ada', ['engineer'], []),
        roles('ada', [], ['engineer']),
      ),
      RULES,
    );
    expect(fold.problems).toEqual([]);
  });

  it.each<[string, Array<[string, unknown]>, string]>([
    ['a user created twice', [activated, adaCreated, adaCreated], 'already exists'],
    ['a member added before the user exists', [activated, engCreated, adaAdded], 'does not exist'],
    ['a member added twice', [activated, adaCreated, engCreated, adaAdded, adaAdded], 'already a member'],
    ['a removal of a non-member', [activated, adaCreated, engCreated, adaRemoved], 'is not a member'],
    [
      'a snapshot that disagrees with the state',
      [
        activated,
        adaCreated,
        engCreated,
        [
          'directory.group.user_added',
          { user: userData('ada', false), group: groupData('eng', 'Engineering', 1) },
        ],
      ],
      'differs from the state',
    ],
    [
      'a deactivation named an update',
      [activated, adaCreated, ['directory.user.updated', userData('ada', false)]],
      'is a directory.user.deactivated',
    ],
    [
      'a group deleted with members',
      [
        activated,
        adaCreated,
        engCreated,
        adaAdded,
        ['directory.group.deleted', groupData('eng', 'Engineering', 1)],
      ],
      'member(s) left',
    ],
    [
      'an announcement repeated',
      [
        activated,
        adaCreated,
        engCreated,
        adaAdded,
        roles('ada', ['engineer'], []),
        roles('ada', ['engineer'], []),
      ],
      'was announced before',
    ],
    [
      'an announcement that skipped one',
      [activated, adaCreated, engCreated, adaAdded, roles('ada', [], ['engineer'])],
      'was announced before',
    ],
    [
      'an announcement before its cause',
      [activated, adaCreated, engCreated, roles('ada', ['engineer'], []), adaAdded],
      'match no state',
    ],
    ['two activations', [activated, activated], 'first event'],
  ])('reports %s', (_label, entries, problem) => {
    expect(EventLogFold.of(log(...entries), RULES).problems.join('\n')).toContain(problem);
  });

  it('reports a gap in the sequence', () => {
    const events = log(activated, adaCreated, engCreated);
    events[2]!.sequence = 4;
    expect(EventLogFold.of(events, RULES).problems).toEqual([
      expect.stringContaining('sequence 3 expected here'),
    ]);
  });
});
