import { assertSchemaName } from './schema-name';

describe(assertSchemaName.name, () => {
  it.each(['directory', 'role_mapping', 'scim_ingress', '_x1', 'a'.repeat(40)])('accepts %s', (schema) => {
    expect(assertSchemaName(schema)).toBe(schema);
  });

  it.each(['', 'Directory', '1schema', 'role-mapping', 'a b', 'x"; DROP TABLE users; --', 'a'.repeat(41)])(
    'refuses %j',
    (schema) => {
      expect(() => assertSchemaName(schema)).toThrow(/invalid schema name/);
    },
  );
});
