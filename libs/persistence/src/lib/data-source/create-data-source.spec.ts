import type { EmbeddedPostgres, PgDriverModule } from '../embedded/embedded-postgres';
import type { SessionSettings } from './session-settings';
import { SnakeNamingStrategy } from '../naming/snake-naming.strategy';
import { buildDataSourceOptions } from './create-data-source';

describe(buildDataSourceOptions.name, () => {
  const base = { schema: 'directory', entities: [] };

  it('puts tables and migrations in the schema, with snake_case names and no synchronize', () => {
    const options = buildDataSourceOptions({
      ...base,
      connection: { kind: 'postgres', url: 'postgres://db/app' },
    });
    expect(options).toMatchObject({
      type: 'postgres',
      schema: 'directory',
      migrationsTableName: 'migrations',
      synchronize: false,
      migrationsRun: false,
      installExtensions: false,
      uuidExtension: 'pgcrypto',
    });
    expect(options.namingStrategy).toBeInstanceOf(SnakeNamingStrategy);
  });

  it('connects to Postgres with the schema first on the search_path, and the settings asked for', () => {
    const options = buildDataSourceOptions({
      ...base,
      sessionSettings: { plan_cache_mode: 'force_custom_plan' },
      migrationsTableName: 'directory_migrations',
      connection: {
        kind: 'postgres',
        url: 'postgres://db/app',
        poolSize: 4,
        applicationName: 'directory-service',
      },
    });
    expect(options).toMatchObject({
      url: 'postgres://db/app',
      poolSize: 4,
      applicationName: 'directory-service',
      migrationsTableName: 'directory_migrations',
      extra: { options: '-c search_path=directory,public -c plan_cache_mode=force_custom_plan' },
    });
  });

  it('runs the embedded database through its driver, asking for the same settings', () => {
    const driver = {} as PgDriverModule;
    const asked: SessionSettings[] = [];
    const database = {
      pgDriver: (settings: SessionSettings) => {
        asked.push(settings);
        return driver;
      },
    } as unknown as EmbeddedPostgres;
    buildDataSourceOptions({ ...base, connection: { kind: 'embedded', database } });
    const options = buildDataSourceOptions({
      ...base,
      sessionSettings: { plan_cache_mode: 'force_custom_plan' },
      connection: { kind: 'embedded', database },
    });
    expect(options.driver).toBe(driver);
    expect(asked).toEqual([
      { search_path: 'directory,public' },
      { search_path: 'directory,public', plan_cache_mode: 'force_custom_plan' },
    ]);
    expect(options).not.toHaveProperty('url');
  });

  it('refuses a schema name that would need quoting', () => {
    expect(() =>
      buildDataSourceOptions({
        ...base,
        schema: 'Directory',
        connection: { kind: 'postgres', url: 'postgres://db' },
      }),
    ).toThrow(/invalid schema name/);
  });
});
