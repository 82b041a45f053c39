import type { DataSource } from 'typeorm';
import type { EmbeddedPostgres } from '../embedded/embedded-postgres';

/** What the persistence helpers need to know about a data source made by createDataSource. */
export interface DataSourceSettings {
  schema: string;
  /** Set in the embedded mode: the database the data source runs on. */
  embedded: EmbeddedPostgres | undefined;
}

const settings = new WeakMap<DataSource, DataSourceSettings>();

export function rememberSettings(dataSource: DataSource, value: DataSourceSettings): void {
  settings.set(dataSource, value);
}

/** The settings of a data source made by createDataSource; throws for any other. */
export function settingsOf(dataSource: DataSource): DataSourceSettings {
  const value = settings.get(dataSource);
  if (!value) throw new Error('this data source was not made by createDataSource() of @scimflow/persistence');
  return value;
}
