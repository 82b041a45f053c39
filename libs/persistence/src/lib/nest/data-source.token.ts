import { Inject } from '@nestjs/common';

/** The injection token of the data source of `schema` provided by PersistenceModule.forDataSource(). */
export function dataSourceToken(schema: string): string {
  return `scimflow.persistence.data-source.${schema}`;
}

/** Injects the data source of `schema`: `constructor(@InjectDataSource('directory') dataSource: DataSource)`. */
export function InjectDataSource(schema: string): ParameterDecorator & PropertyDecorator {
  return Inject(dataSourceToken(schema));
}
