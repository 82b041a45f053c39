/**
 * A service schema name: a lowercase unquoted Postgres identifier, so it needs no quoting anywhere, and short
 * enough to leave room for the prefixes of the names made from it (advisory lock and notification channel).
 */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/;

/** Returns `schema` when it is a lowercase identifier such as `directory` or `role_mapping`; throws otherwise. */
export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema name ${JSON.stringify(schema)}: 1 to 40 lowercase letters, digits and _`);
  }
  return schema;
}
