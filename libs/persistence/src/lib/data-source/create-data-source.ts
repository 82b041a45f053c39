import { DataSource, MigrationExecutor, type DataSourceOptions, type LoggerOptions } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import type { EmbeddedPostgres } from '../embedded/embedded-postgres';
import { SnakeNamingStrategy } from '../naming/snake-naming.strategy';
import { sessionOptions, type SessionSettings } from './session-settings';
import { rememberSettings } from './data-source-settings';
import { assertSchemaName } from './schema-name';

/** A Postgres server reached over the network with node-postgres (the distributed mode). */
export interface PostgresDatabaseConnection {
  kind: 'postgres';
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Shown in pg_stat_activity and the server's logs, e.g. `directory-service`. */
  applicationName?: string;
  /** Give up connecting after this long (default 10 000 ms). */
  connectTimeoutMs?: number;
}

/** The process's embedded database (the one-process mode). */
export interface EmbeddedDatabaseConnection {
  kind: 'embedded';
  database: EmbeddedPostgres;
}

export type DatabaseConnection = PostgresDatabaseConnection | EmbeddedDatabaseConnection;

/** Options of {@link createDataSource}. */
export interface CreateDataSourceOptions {
  /** The schema the service owns (`directory`, `role_mapping`, `webhooks`, `scim_ingress`): its tables live there. */
  schema: string;
  entities: NonNullable<DataSourceOptions['entities']>;
  /** The service's migrations, in order of their timestamps. */
  migrations?: DataSourceOptions['migrations'];
  /** Table (in the schema) recording the migrations run; default `migrations`. */
  migrationsTableName?: string;
  connection: DatabaseConnection;
  /** Run pending migrations when the data source starts (default true). */
  runMigrations?: boolean;
  logging?: LoggerOptions;
  /** Server settings for each of the data source's connections, besides its search_path. */
  sessionSettings?: SessionSettings;
}

/**
 * The TypeORM options of a service's data source: its schema first on the search_path and holding its tables
 * and migrations table, snake_case names, no synchronize, uuid defaults from gen_random_uuid(). Use it for a
 * CLI-only DataSource (migration:generate); services call {@link createDataSource}.
 */
export function buildDataSourceOptions(options: CreateDataSourceOptions): PostgresConnectionOptions {
  const schema = assertSchemaName(options.schema);
  const common = {
    type: 'postgres',
    schema,
    entities: options.entities,
    migrations: options.migrations ?? [],
    migrationsTableName: options.migrationsTableName ?? 'migrations',
    migrationsRun: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into Postgres 13+: no extension to install (a restricted role could not)
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: options.logging ?? false,
  } as const;
  const settings = { search_path: `${schema},public`, ...options.sessionSettings };
  const { connection } = options;
  if (connection.kind === 'embedded') {
    return { ...common, driver: connection.database.pgDriver(settings) };
  }
  return {
    ...common,
    url: connection.url,
    poolSize: connection.poolSize ?? 10,
    applicationName: connection.applicationName,
    connectTimeoutMS: connection.connectTimeoutMs ?? 10_000,
    extra: { options: sessionOptions(settings) },
  };
}

/**
 * Opens a service's data source: connects, creates its schema when missing and runs its pending migrations
 * (one instance at a time: the migrations of a schema run under an advisory lock, so instances starting together
 * wait for each other). Destroy it on shutdown (`dataSource.destroy()`).
 */
export async function createDataSource(options: CreateDataSourceOptions): Promise<DataSource> {
  const dataSource = new DataSource(buildDataSourceOptions(options));
  try {
    await dataSource.initialize();
  } catch (error) {
    // pg's own message ("connect ECONNREFUSED 127.0.0.1:5432") does not say which dependency failed at start-up
    throw new Error(
      `could not connect to PostgreSQL at ${describeServer(options.connection)}: ${messageOf(error)}`,
      {
        cause: error,
      },
    );
  }
  try {
    rememberSettings(dataSource, {
      schema: options.schema,
      embedded: options.connection.kind === 'embedded' ? options.connection.database : undefined,
    });
    await prepareSchema(dataSource, options.schema, options.runMigrations ?? true);
    return dataSource;
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

async function prepareSchema(dataSource: DataSource, schema: string, runMigrations: boolean): Promise<void> {
  const lockName = `scimflow.migrations.${schema}`;
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockName]);
    try {
      await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      if (runMigrations) {
        const executor = new MigrationExecutor(dataSource, queryRunner);
        executor.transaction = 'all';
        await executor.executePendingMigrations();
      }
    } finally {
      await queryRunner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockName]);
    }
  } finally {
    await queryRunner.release();
  }
}

/** Where a connection goes, for messages: host, port and database, never the user or the password. */
function describeServer(connection: DatabaseConnection): string {
  if (connection.kind === 'embedded') return 'the embedded server';
  try {
    const url = new URL(connection.url);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

function messageOf(error: unknown): string {
  // TypeORM passes pg's connection error on with the error's name written into its message
  return (error instanceof Error ? error.message : String(error)).replace(/^Error: /, '');
}
