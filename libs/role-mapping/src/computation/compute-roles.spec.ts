import { computeRoles, sameRoles } from './compute-roles';
import type { MappingRule, RoleAssignment, RoleMapping, UserMembership } from './role-mapping.types';

const ENGINEERING = { id: '0f6f3c2e-0000-4000-8000-000000000001', displayName: 'Engineering' };
const ADMINS = { id: '0f6f3c2e-0000-4000-8000-000000000002', displayName: 'Admins' };
const SUPPORT = { id: '0f6f3c2e-0000-4000-8000-000000000003', displayName: 'Support' };
// The IdP deleted "Admins" and created it again: same name, new id.
const ADMINS_RECREATED = { id: '0f6f3c2e-0000-4000-8000-000000000004', displayName: 'Admins' };
// "Engineering" renamed: same id, new name.
const ENGINEERING_RENAMED = { ...ENGINEERING, displayName: 'R&D' };

const PRIORITIES = new Map([
  ['admin', 100],
  ['editor', 50],
  ['viewer', 10],
  ['auditor', 50],
]);

const RULES: MappingRule[] = [
  { group: { id: ENGINEERING.id }, roles: ['editor'] },
  { group: { displayName: 'admins' }, roles: ['admin', 'viewer'] },
  { group: { displayName: 'SUPPORT' }, roles: ['viewer'] },
];

function mapping(fields: Partial<RoleMapping> = {}): RoleMapping {
  return { mode: 'multiple', defaultRole: null, rules: RULES, ...fields };
}

function member(...groups: UserMembership['groups']): UserMembership {
  return { active: true, groups };
}

describe(computeRoles.name, () => {
  it.each<[string, UserMembership | null, RoleMapping, RoleAssignment]>([
    ['no group, no default role', member(), mapping(), { roles: [], grants: [] }],
    [
      'no group: the default role, granted by no group',
      member(),
      mapping({ defaultRole: 'viewer' }),
      { roles: ['viewer'], grants: [{ role: 'viewer', groupIds: [] }] },
    ],
    [
      'a group no rule names: the default role',
      member({ id: '0f6f3c2e-0000-4000-8000-0000000000ff', displayName: 'Sales' }),
      mapping({ defaultRole: 'viewer' }),
      { roles: ['viewer'], grants: [{ role: 'viewer', groupIds: [] }] },
    ],
    [
      'a rule by id',
      member(ENGINEERING),
      mapping({ defaultRole: 'viewer' }),
      { roles: ['editor'], grants: [{ role: 'editor', groupIds: [ENGINEERING.id] }] },
    ],
    [
      'a rule by displayName, case-insensitively',
      member(SUPPORT),
      mapping(),
      { roles: ['viewer'], grants: [{ role: 'viewer', groupIds: [SUPPORT.id] }] },
    ],
    [
      'several groups in mode multiple: the union, each role with the groups granting it',
      member(SUPPORT, ENGINEERING, ADMINS),
      mapping(),
      {
        roles: ['admin', 'editor', 'viewer'],
        grants: [
          { role: 'admin', groupIds: [ADMINS.id] },
          { role: 'editor', groupIds: [ENGINEERING.id] },
          { role: 'viewer', groupIds: [ADMINS.id, SUPPORT.id] },
        ],
      },
    ],
    [
      'several groups in mode highest-priority: the one highest role',
      member(SUPPORT, ENGINEERING, ADMINS),
      mapping({ mode: 'highest-priority' }),
      { roles: ['admin'], grants: [{ role: 'admin', groupIds: [ADMINS.id] }] },
    ],
    [
      'highest-priority with equal priorities: the smallest key wins',
      member(ENGINEERING),
      mapping({
        mode: 'highest-priority',
        rules: [{ group: { id: ENGINEERING.id }, roles: ['editor', 'auditor'] }],
      }),
      { roles: ['auditor'], grants: [{ role: 'auditor', groupIds: [ENGINEERING.id] }] },
    ],
    [
      'highest-priority with no matching rule: the default role',
      member(),
      mapping({ mode: 'highest-priority', defaultRole: 'viewer' }),
      { roles: ['viewer'], grants: [{ role: 'viewer', groupIds: [] }] },
    ],
    [
      'a deactivated user holds nothing, default role included',
      { active: false, groups: [ADMINS] },
      mapping({ defaultRole: 'viewer' }),
      { roles: [], grants: [] },
    ],
    ['a deleted user holds nothing', null, mapping({ defaultRole: 'viewer' }), { roles: [], grants: [] }],
    [
      'a renamed group keeps the roles of its rule by id',
      member(ENGINEERING_RENAMED),
      mapping(),
      { roles: ['editor'], grants: [{ role: 'editor', groupIds: [ENGINEERING.id] }] },
    ],
    [
      'a renamed group loses the roles of a rule by its old displayName',
      member(ENGINEERING_RENAMED),
      mapping({ rules: [{ group: { displayName: 'Engineering' }, roles: ['editor'] }] }),
      { roles: [], grants: [] },
    ],
    [
      'a recreated group keeps the roles of its rule by displayName',
      member(ADMINS_RECREATED),
      mapping(),
      {
        roles: ['admin', 'viewer'],
        grants: [
          { role: 'admin', groupIds: [ADMINS_RECREATED.id] },
          { role: 'viewer', groupIds: [ADMINS_RECREATED.id] },
        ],
      },
    ],
    [
      'a recreated group loses the roles of a rule by the old id',
      member(ADMINS_RECREATED),
      mapping({ rules: [{ group: { id: ADMINS.id }, roles: ['admin'] }], defaultRole: 'viewer' }),
      { roles: ['viewer'], grants: [{ role: 'viewer', groupIds: [] }] },
    ],
    [
      'a role missing from the catalog grants nothing',
      member(ENGINEERING),
      mapping({
        rules: [{ group: { id: ENGINEERING.id }, roles: ['deleted-role'] }],
        defaultRole: 'deleted-default',
      }),
      { roles: [], grants: [] },
    ],
    [
      'two rules for the same group add up',
      member(ENGINEERING),
      mapping({
        rules: [
          { group: { id: ENGINEERING.id }, roles: ['editor'] },
          { group: { displayName: 'engineering' }, roles: ['editor', 'viewer'] },
        ],
      }),
      {
        roles: ['editor', 'viewer'],
        grants: [
          { role: 'editor', groupIds: [ENGINEERING.id] },
          { role: 'viewer', groupIds: [ENGINEERING.id] },
        ],
      },
    ],
  ])('%s', (_case, user, roleMapping, expected) => {
    expect(computeRoles(user, roleMapping, PRIORITIES)).toEqual(expected);
  });
});

describe(sameRoles.name, () => {
  it.each<[string[], string[], boolean]>([
    [[], [], true],
    [['admin', 'viewer'], ['viewer', 'admin'], true],
    [['admin'], ['admin', 'admin'], true],
    [['admin'], ['viewer'], false],
    [['admin'], ['admin', 'viewer'], false],
    [[], ['viewer'], false],
  ])('%j vs %j → %s', (left, right, expected) => {
    expect(sameRoles(left, right)).toBe(expected);
  });
});
