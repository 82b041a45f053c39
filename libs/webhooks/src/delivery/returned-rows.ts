/**
 * The rows a statement RETURNING them gave. TypeORM's `query()` answers an UPDATE or DELETE with `[rows, rowCount]`
 * and anything else (SELECT, INSERT) with the rows alone: this reads both.
 */
export function returnedRows<T extends object>(result: unknown): T[] {
  if (!Array.isArray(result)) return [];
  const [first, second] = result as unknown[];
  return Array.isArray(first) && typeof second === 'number' && result.length === 2
    ? (first as T[])
    : (result as T[]);
}
