import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { SqlStatement } from '../outbox/outbox';

/**
 * An INSERT of rows of `target` as a statement to run with others (e.g. among the `alongside` writes of
 * `Outbox.enqueue`, so that the rows, their events and the events' outbox rows take one round trip). The columns
 * are those of the first row (the others must set the same properties). Values are converted as TypeORM would
 * convert them (json columns, transformers); properties without a column are refused.
 */
export function insertStatement<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: Partial<T> | ReadonlyArray<Partial<T>>,
): SqlStatement {
  const list: ReadonlyArray<Partial<T>> = Array.isArray(rows) ? rows : [rows as Partial<T>];
  if (list.length === 0) throw new Error('insertStatement needs at least one row');
  const metadata = manager.connection.getMetadata(target);
  const { driver } = manager.connection;
  const properties = Object.keys(list[0]!).filter((property) => list[0]![property] !== undefined);
  const columns = properties.map((property) => {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${metadata.name} has no column ${property}`);
    return column;
  });
  const parameters: unknown[] = [];
  const tuples = list.map((row) => {
    const placeholders = columns.map((column, index) => {
      parameters.push(driver.preparePersistentValue(row[properties[index]!], column));
      return `$${parameters.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  return {
    sql:
      `INSERT INTO ${tableOf(manager, target)} (${columns.map((column) => driver.escape(column.databaseName)).join(', ')}) ` +
      `VALUES ${tuples.join(', ')}`,
    parameters,
  };
}

/**
 * An UPDATE of the row of `target` whose primary key column `id` is `id`, setting `changes`, as a statement to run
 * with others (see {@link insertStatement}).
 */
export function updateStatement<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: string,
  changes: Partial<T>,
): SqlStatement {
  const metadata = manager.connection.getMetadata(target);
  const { driver } = manager.connection;
  const parameters: unknown[] = [id];
  const assignments = Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([property, value]) => {
      const column = metadata.findColumnWithPropertyName(property);
      if (!column) throw new Error(`${metadata.name} has no column ${property}`);
      parameters.push(driver.preparePersistentValue(value, column));
      return `${driver.escape(column.databaseName)} = $${parameters.length}`;
    });
  if (assignments.length === 0) throw new Error('updateStatement needs at least one change');
  return {
    sql: `UPDATE ${tableOf(manager, target)} SET ${assignments.join(', ')} WHERE "id" = $1`,
    parameters,
  };
}

/**
 * An entity of `target` from a row read by plain SQL (`SELECT t.* …`), its values converted as TypeORM converts
 * what it reads (column types, transformers). Columns missing from the row stay unset.
 */
export function entityFromRow<T extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<T>,
  row: Record<string, unknown>,
): T {
  const metadata = dataSource.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (!(column.databaseName in row)) continue;
    column.setEntityValue(entity, dataSource.driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return entity;
}

function tableOf<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>): string {
  const metadata = manager.connection.getMetadata(target);
  const { driver } = manager.connection;
  return metadata.schema
    ? `${driver.escape(metadata.schema)}.${driver.escape(metadata.tableName)}`
    : driver.escape(metadata.tableName);
}
