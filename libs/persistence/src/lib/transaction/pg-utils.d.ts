// pg's own conversion of a query parameter to its text form (not in @types/pg): used to write parameters into SQL
// exactly as pg would have sent them.
declare module 'pg/lib/utils' {
  export function prepareValue(value: unknown): string | Buffer | null;
}
