import { createHash } from 'node:crypto';
import { DefaultNamingStrategy, type NamingStrategyInterface, type Table } from 'typeorm';

/** Postgres truncates identifiers longer than this many bytes. */
const MAX_IDENTIFIER_LENGTH = 63;

/**
 * snake_case tables and columns (`directoryId` → `directory_id`), and constraint and index names in Postgres'
 * own style (`users_pkey`, `users_directory_id_user_name_key`, `members_group_id_fkey`, `users_created_at_idx`)
 * rather than TypeORM's hashes, so that an error names the constraint a reader can recognise (a 23505 on
 * `users_directory_id_user_name_key` is a userName conflict).
 */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(targetName: string, userSpecifiedName: string | undefined): string {
    return userSpecifiedName ?? snakeCase(targetName);
  }

  override columnName(
    propertyName: string,
    customName: string | undefined,
    embeddedPrefixes: string[],
  ): string {
    const prefix = embeddedPrefixes.map((embedded) => `${snakeCase(embedded)}_`).join('');
    return prefix + (customName ?? snakeCase(propertyName));
  }

  override relationName(propertyName: string): string {
    return snakeCase(propertyName);
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snakeCase(`${relationName}_${referencedColumnName}`);
  }

  override joinTableName(firstTableName: string, secondTableName: string, firstPropertyName: string): string {
    return snakeCase(`${firstTableName}_${firstPropertyName.replace(/\./g, '_')}_${secondTableName}`);
  }

  override joinTableColumnName(tableName: string, propertyName: string, columnName?: string): string {
    return snakeCase(`${tableName}_${columnName ?? propertyName}`);
  }

  classTableInheritanceParentColumnName(parentTableName: string, parentTableIdPropertyName: string): string {
    return snakeCase(`${parentTableName}_${parentTableIdPropertyName}`);
  }

  override primaryKeyName(tableOrName: Table | string): string {
    return identifier(`${this.bareTableName(tableOrName)}_pkey`);
  }

  override uniqueConstraintName(tableOrName: Table | string, columnNames: string[]): string {
    return this.constraintName(tableOrName, columnNames, 'key');
  }

  override relationConstraintName(
    tableOrName: Table | string,
    columnNames: string[],
    where?: string,
  ): string {
    return this.constraintName(tableOrName, columnNames, 'key', where);
  }

  override foreignKeyName(tableOrName: Table | string, columnNames: string[]): string {
    return this.constraintName(tableOrName, columnNames, 'fkey');
  }

  override indexName(tableOrName: Table | string, columnNames: string[], where?: string): string {
    return this.constraintName(tableOrName, columnNames, 'idx', where);
  }

  private constraintName(
    tableOrName: Table | string,
    columnNames: string[],
    suffix: string,
    where?: string,
  ): string {
    const parts = [this.bareTableName(tableOrName), ...columnNames];
    // two partial indexes may cover the same columns: their conditions tell them apart
    if (where) parts.push(shortHash(where));
    return identifier(`${parts.join('_')}_${suffix}`);
  }

  /** The table name without its schema (`directory.users` → `users`). */
  private bareTableName(tableOrName: Table | string): string {
    const name = this.getTableName(tableOrName);
    return name.slice(name.lastIndexOf('.') + 1);
  }
}

/** `userName` → `user_name`, `HTTPServer` → `http_server`, `address2` → `address2`. */
function snakeCase(name: string): string {
  return name
    .replace(/([A-Z])([A-Z])([a-z])/g, '$1_$2$3')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** Keeps a name within Postgres' 63 bytes, replacing the tail of a longer one by a hash of the whole. */
function identifier(name: string): string {
  if (Buffer.byteLength(name) <= MAX_IDENTIFIER_LENGTH) return name;
  return `${name.slice(0, MAX_IDENTIFIER_LENGTH - 9)}_${shortHash(name)}`;
}

function shortHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 8);
}
