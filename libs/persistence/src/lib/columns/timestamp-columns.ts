import { Column, type ColumnOptions } from 'typeorm';

/** A `timestamptz NOT NULL DEFAULT now()` column, set by the database when the row is inserted. */
export function CreatedAtColumn(options: Pick<ColumnOptions, 'name' | 'comment'> = {}): PropertyDecorator {
  return Column({ ...options, type: 'timestamptz', default: () => 'now()' });
}

/** A `timestamptz` column (NOT NULL unless `nullable`): the only time type to use, so no time zone is ever lost. */
export function TimestampColumn(
  options: Pick<ColumnOptions, 'name' | 'comment' | 'nullable'> = {},
): PropertyDecorator {
  return Column({ ...options, type: 'timestamptz' });
}
