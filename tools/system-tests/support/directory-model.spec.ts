import { DirectoryModel, rolesFor, type ModelUser, type RoleRule } from './directory-model';

const RULES: RoleRule[] = [
  { groupDisplayName: 'Engineering', role: 'engineer' },
  { groupDisplayName: 'Sales EMEA', role: 'sales' },
  { groupDisplayName: 'Admins', role: 'admin' },
];

function user(id: string, active = true): ModelUser {
  return { id, userName: `${id}@example.test`, displayName: id, externalId: null, active };
}

describe(DirectoryModel.name, () => {
  let model: DirectoryModel;

  beforeEach(() => {
    model = new DirectoryModel('directory-1');
    ['ada', 'grace', 'linus'].forEach((id) => model.addUser(user(id)));
    model.addGroup({ id: 'eng', displayName: 'Engineering', externalId: null, members: new Set(['ada']) });
    model.addGroup({ id: 'sales', displayName: 'Sales', externalId: null, members: new Set() });
  });

  it('gives each user the roles of its groups, and none to an inactive user', () => {
    model.addMembers('sales', ['ada', 'grace']);
    model.renameGroup('sales', 'sales emea');
    model.replaceUser(user('grace', false));
    expect(Object.fromEntries(model.expectedRoles(RULES))).toEqual({
      ada: ['engineer', 'sales'],
      grace: [],
      linus: [],
    });
  });

  it('ends the memberships of a deleted user', () => {
    model.addMembers('sales', ['ada']);
    model.deleteUser('ada');
    expect(model.groupsOf('ada')).toEqual([]);
    expect([...model.group('eng').members]).toEqual([]);
  });

  it('replaces the members of a group as a whole', () => {
    model.setMembers('eng', ['grace', 'linus']);
    expect([...model.group('eng').members].sort()).toEqual(['grace', 'linus']);
  });

  it.each<[string, (subject: DirectoryModel) => void, string]>([
    ['a user created twice', (subject) => subject.addUser(user('ada')), 'created twice'],
    ['an update of an unknown user', (subject) => subject.replaceUser(user('nobody')), 'unknown user'],
    ['a member who is not a user', (subject) => subject.addMembers('eng', ['nobody']), 'not a user'],
    ['a change to an unknown group', (subject) => subject.renameGroup('nope', 'x'), 'unknown group'],
    [
      'a group deleted twice',
      (subject) => [0, 1].forEach(() => subject.deleteGroup('sales')),
      'unknown group',
    ],
  ])('refuses %s', (_label, change, message) => {
    expect(() => change(model)).toThrow(message);
  });
});

describe(rolesFor.name, () => {
  it.each<[string[], string[]]>([
    [[], []],
    [['Engineering'], ['engineer']],
    [
      ['ENGINEERING', 'admins'],
      ['admin', 'engineer'],
    ],
    [['Engineering EMEA', 'Sales'], []],
    [
      ['Sales EMEA', 'Engineering', 'Engineering'],
      ['engineer', 'sales'],
    ],
  ])('groups %p grant %p', (names, roles) => {
    expect(
      rolesFor(
        names.map((displayName) => ({ displayName })),
        RULES,
      ),
    ).toEqual(roles);
  });
});
