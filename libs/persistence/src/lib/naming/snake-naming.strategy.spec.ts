import { Table } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

describe(SnakeNamingStrategy.name, () => {
  const strategy = new SnakeNamingStrategy();

  it.each([
    ['GroupMembership', undefined, 'group_membership'],
    ['HTTPEndpoint', undefined, 'http_endpoint'],
    ['User', 'users', 'users'],
  ])('names the table of %s (given %s) %s', (className, given, expected) => {
    expect(strategy.tableName(className, given)).toBe(expected);
  });

  it.each([
    ['userName', undefined, [], 'user_name'],
    ['externalId', 'ext_id', [], 'ext_id'],
    ['givenName', undefined, ['name'], 'name_given_name'],
    ['address2', undefined, [], 'address2'],
    ['scimETag', undefined, [], 'scim_e_tag'],
  ])('names the column of %s (given %s, embedded in %j) %s', (property, given, prefixes, expected) => {
    expect(strategy.columnName(property, given as string, prefixes)).toBe(expected);
  });

  it.each([
    ['primaryKeyName', () => strategy.primaryKeyName('directory.users'), 'users_pkey'],
    [
      'uniqueConstraintName',
      () => strategy.uniqueConstraintName('directory.users', ['directory_id', 'user_name']),
      'users_directory_id_user_name_key',
    ],
    [
      'foreignKeyName',
      () => strategy.foreignKeyName('memberships', ['group_id']),
      'memberships_group_id_fkey',
    ],
    [
      'indexName',
      () => strategy.indexName(new Table({ name: 'users' }), ['created_at']),
      'users_created_at_idx',
    ],
    ['joinColumnName', () => strategy.joinColumnName('group', 'id'), 'group_id'],
    ['joinTableName', () => strategy.joinTableName('users', 'roles', 'roles'), 'users_roles_roles'],
    ['joinTableColumnName', () => strategy.joinTableColumnName('users', 'id'), 'users_id'],
  ])('%s follows Postgres conventions', (_, name, expected) => {
    expect(name()).toBe(expected);
  });

  it('tells partial indexes on the same columns apart by their condition', () => {
    const active = strategy.indexName('users', ['user_name'], 'active');
    const inactive = strategy.indexName('users', ['user_name'], 'NOT active');
    expect(active).toMatch(/^users_user_name_[0-9a-f]{8}_idx$/);
    expect(active).not.toBe(inactive);
  });

  it('keeps a long name within 63 bytes and distinct', () => {
    const columns = ['a_very_long_column_name_number_one', 'a_very_long_column_name_number_two'];
    const one = strategy.uniqueConstraintName('directory.some_table', columns);
    const two = strategy.uniqueConstraintName('directory.some_table', [...columns].reverse());
    expect(one.length).toBeLessThanOrEqual(63);
    expect(one).not.toBe(two);
  });
});
