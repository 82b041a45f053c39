import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { SqlStatement } from '../outbox/outbox';

/**
 * An INSERT of one row of `target` as a statement to run with others (e.g. among the `alongside` writes of
 * `Outbox.enqueue`, so that the row, its events and their outbox rows take one round trip). Values are converted
 * as TypeORM would convert them (json columns, transformers); properties without a column are refused.
 */
export function insertStatement<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  values: Partial<T>,
): SqlStatement {
  const metadata = manager.connection.getMetadata(target);
  const { driver } = manager.connection;
  const columns: string[] = [];
  const parameters: unknown[] = [];
  for (const [property, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${metadata.name} has no column ${property}`);
    columns.push(driver.escape(column.databaseName));
    parameters.push(driver.preparePersistentValue(value, column));
  }
  const table = metadata.schema
    ? `${driver.escape(metadata.schema)}.${driver.escape(metadata.tableName)}`
    : driver.escape(metadata.tableName);
  return {
    sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${parameters.map((_, index) => `$${index + 1}`).join(', ')})`,
    parameters,
  };
}
