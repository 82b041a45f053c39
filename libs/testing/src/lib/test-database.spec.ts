import { testDatabaseName, withDatabase } from './test-database';

describe(testDatabaseName.name, () => {
  it.each([
    ['directory', /^it_r1_directory_[0-9a-f]{10}$/],
    ['Role-Mapping spec', /^it_r1_role_mapping_spec_[0-9a-f]{10}$/],
    ['x'.repeat(80), /^it_r1_x{30}_[0-9a-f]{10}$/],
  ])('makes a lowercase identifier of %s', (prefix, pattern) => {
    expect(testDatabaseName(prefix, 'r1')).toMatch(pattern);
  });

  it('never exceeds the 63 bytes of a Postgres identifier', () => {
    expect(testDatabaseName('p'.repeat(100), 'r'.repeat(40)).length).toBeLessThanOrEqual(63);
  });
});

describe(withDatabase.name, () => {
  it.each([
    ['postgres://postgres@127.0.0.1:54329/postgres', 'postgres://postgres@127.0.0.1:54329/it_a'],
    [
      'postgres://u:p%40ss@db:5432/postgres?sslmode=disable',
      'postgres://u:p%40ss@db:5432/it_a?sslmode=disable',
    ],
    ['postgresql://db', 'postgresql://db/it_a'],
  ])('points %s at another database', (serverUrl, expected) => {
    expect(withDatabase(serverUrl, 'it_a')).toBe(expected);
  });
});
