import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  type FactoryProvider,
  Module,
  type ModuleMetadata,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { createDataSource, type CreateDataSourceOptions } from '../data-source/create-data-source';
import { EmbeddedPostgres, type EmbeddedPostgresOptions } from '../embedded/embedded-postgres';
import { dataSourceToken } from './data-source.token';

/** How {@link PersistenceModule.forDataSource} builds a data source. */
export interface DataSourceModuleOptions {
  /** The service's schema; the data source is provided under `dataSourceToken(schema)`. */
  schema: string;
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  /** The options of createDataSource (its schema comes from above), e.g. from the service's config. */
  useFactory: (
    ...args: never[]
  ) => Omit<CreateDataSourceOptions, 'schema'> | Promise<Omit<CreateDataSourceOptions, 'schema'>>;
}

/** How {@link PersistenceModule.forEmbeddedDatabase} opens the embedded database. */
export interface EmbeddedDatabaseModuleOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => EmbeddedPostgresOptions | Promise<EmbeddedPostgresOptions>;
}

/**
 * NestJS wiring, kept thin: TypeORM DataSource objects under injection tokens, opened at start-up and closed at
 * shutdown (enable Nest's shutdown hooks). Stop whatever uses a data source (relays, consumers) in
 * `onModuleDestroy`: data sources are destroyed in `beforeApplicationShutdown`, and the embedded database stops
 * last, in `onApplicationShutdown`.
 */
@Module({})
export class PersistenceModule {
  /**
   * Provides a service's data source under `dataSourceToken(schema)` (inject it with `@InjectDataSource(schema)`):
   * its schema created and its migrations run before the application starts.
   */
  static forDataSource(options: DataSourceModuleOptions): DynamicModule {
    const token = dataSourceToken(options.schema);
    return {
      module: PersistenceModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: token,
          inject: options.inject ?? [],
          useFactory: async (...args: never[]) =>
            createDataSource({ ...(await options.useFactory(...args)), schema: options.schema }),
        },
        {
          provide: `${token}.closer`,
          inject: [token],
          useFactory: (dataSource: DataSource) => new DataSourceCloser(dataSource),
        },
      ],
      exports: [token],
    };
  }

  /**
   * Opens the process's embedded database, provided (globally) under the EmbeddedPostgres class, for the data
   * sources of the one-process mode: `inject: [EmbeddedPostgres]` in their forDataSource().
   */
  static forEmbeddedDatabase(options: EmbeddedDatabaseModuleOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        {
          provide: EmbeddedPostgres,
          inject: options.inject ?? [],
          useFactory: async (...args: never[]) => EmbeddedPostgres.start(await options.useFactory(...args)),
        },
        {
          provide: `${EmbeddedPostgres.name}.closer`,
          inject: [EmbeddedPostgres],
          useFactory: (database: EmbeddedPostgres) => new EmbeddedDatabaseCloser(database),
        },
      ],
      exports: [EmbeddedPostgres],
    };
  }
}

class DataSourceCloser implements BeforeApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  async beforeApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

class EmbeddedDatabaseCloser implements OnApplicationShutdown {
  constructor(private readonly database: EmbeddedPostgres) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.stop();
  }
}
