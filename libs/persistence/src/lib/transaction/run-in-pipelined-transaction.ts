import type { PoolClient } from 'pg';
import { prepareValue } from 'pg/lib/utils';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { SqlStatement } from '../outbox/outbox';

/** What the work of {@link runInPipelinedTransaction} gives back: its result, and the statement to commit with. */
export interface PipelinedWork<T> {
  result: T;
  /** Sent with the COMMIT, in its round trip; the transaction rolls back (and this rejects) if it fails. */
  closing?: SqlStatement;
  /** When set, the outcome is what it makes of the closing statement's rows, instead of `result`. */
  fromClosingRows?: (rows: readonly ResultRow[]) => T;
}

/** The rows of a statement's result, as pg gives them. */
export type ResultRow = Record<string, unknown>;

/**
 * Runs a transaction whose first statement travels with its BEGIN and whose last statement travels with its
 * COMMIT: each pair is one message of PostgreSQL's simple query protocol (several statements in one string),
 * so a transaction of a read-then-write pays two round trips where BEGIN, statement, statement, COMMIT pay
 * four. Statements in between go through `manager`, as in {@link runInTransaction}.
 *
 * The two statements' parameters are written into their SQL as literals — converted as pg converts
 * parameters, then quoted as pg's escapeLiteral quotes — because the simple protocol has no parameters. An untyped
 * literal takes its type from its context in PostgreSQL just as an untyped parameter does. `$` may appear in
 * the statements only as a parameter reference (as for every {@link SqlStatement}).
 *
 * TypeORM's transaction events (AfterTransactionCommit / AfterTransactionRollback) are broadcast as its own
 * transactions broadcast them, so subscribers such as the outbox relay's wake-up see these commits too.
 */
export async function runInPipelinedTransaction<T>(
  dataSource: DataSource,
  opening: SqlStatement,
  work: (manager: EntityManager, openingRows: readonly ResultRow[]) => Promise<PipelinedWork<T>>,
): Promise<T> {
  const [outcome] = await runUnitsInPipelinedTransaction(dataSource, [{ opening, work }], () => false);
  if (!outcome?.ok) throw new Error('unreachable: with no unit errors, a failed unit rejects');
  return outcome.result;
}

/** One piece of work of {@link runUnitsInPipelinedTransaction}: its opening statement, then the rest. */
export interface PipelinedUnit<T> {
  opening: SqlStatement;
  /**
   * Read statements sent in the opening statement's message, after it (so they see the state under the locks it
   * took): the reads a unit knows it needs before it starts cost no round trip of their own. Their rows reach
   * `work`, in order.
   */
  reads?: readonly SqlStatement[];
  work: (
    manager: EntityManager,
    openingRows: readonly ResultRow[],
    readRows: ReadonlyArray<readonly ResultRow[]>,
  ) => Promise<PipelinedWork<T>>;
}

/** How a unit ended: its result, or the error that rolled it back alone. */
export type UnitOutcome<T> = { ok: true; result: T } | { ok: false; error: unknown };

/**
 * Runs `units` one after the other in one transaction, pipelined as {@link runInPipelinedTransaction} runs one:
 * each unit's opening statement travels with the SAVEPOINT that starts it (the first also with the BEGIN), and
 * its closing statement with the RELEASE that ends it (the last also with the COMMIT). A group of commands thus
 * pays one commit (one WAL flush) and two round trips per command.
 *
 * An error for which `isUnitError` is true (an error of the unit's own input, such as a uniqueness violation)
 * rolls back to the unit's savepoint and becomes that unit's outcome; the others go on. Any other error rolls the
 * whole transaction back and rejects. A single unit runs without a savepoint; its own error then rolls back the
 * transaction and is its outcome.
 */
export async function runUnitsInPipelinedTransaction<T>(
  dataSource: DataSource,
  units: ReadonlyArray<PipelinedUnit<T>>,
  isUnitError: (error: unknown) => boolean,
): Promise<Array<UnitOutcome<T>>> {
  if (units.length === 0) return [];
  const savepoints = units.length > 1;
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    const outcomes: Array<UnitOutcome<T>> = [];
    let begun = false;
    try {
      await runner.broadcaster.broadcast('BeforeTransactionStart');
      begun = true;
      // statements through the manager join this transaction instead of opening one of their own
      setActive(runner, true);
      for (const [index, unit] of units.entries()) {
        const last = index === units.length - 1;
        const savepoint = `scimflow_unit_${index}`;
        const ending = [
          ...(savepoints ? [`RELEASE SAVEPOINT ${savepoint}`] : []),
          ...(last ? ['COMMIT'] : []),
        ];
        try {
          const start = [
            ...(index === 0 ? ['BEGIN'] : []),
            ...(savepoints ? [`SAVEPOINT ${savepoint}`] : []),
          ];
          const statements = [unit.opening, ...(unit.reads ?? [])].map(inlineParameters);
          const results = resultsOf(await client.query([...start, ...statements].join('; ')));
          const [rows = [], ...readRows] = results.slice(start.length).map(rowsOf);
          if (index === 0) await runner.broadcaster.broadcast('AfterTransactionStart');
          const { result, closing, fromClosingRows } = await unit.work(runner.manager, rows, readRows);
          if (last) await runner.broadcaster.broadcast('BeforeTransactionCommit');
          let closingRows: ResultRow[] = [];
          if (closing && parameterSize(closing) > MAX_INLINED_CHARACTERS) {
            closingRows = rowsOf(resultsOf(await client.query(closing.sql, [...closing.parameters]))[0]);
            if (ending.length > 0) await client.query(ending.join('; '));
          } else if (closing) {
            closingRows = rowsOf(
              resultsOf(await client.query([inlineParameters(closing), ...ending].join('; ')))[0],
            );
          } else if (ending.length > 0) {
            await client.query(ending.join('; '));
          }
          outcomes.push({ ok: true, result: fromClosingRows ? fromClosingRows(closingRows) : result });
        } catch (error) {
          if (!savepoints || !isUnitError(error)) throw error;
          try {
            await client.query(
              [`ROLLBACK TO SAVEPOINT ${savepoint}`, ...(last ? ['COMMIT'] : [])].join('; '),
            );
          } catch {
            throw error; // the transaction was already over (its COMMIT failed): the unit's error is the one
          }
          outcomes.push({ ok: false, error });
        }
      }
      begun = false;
      setActive(runner, false);
      await runner.broadcaster.broadcast('AfterTransactionCommit');
      return outcomes;
    } catch (error) {
      if (begun) {
        // After a failed statement the transaction is aborted; after a failed COMMIT it is already over, and
        // this ROLLBACK only draws a warning. A broken connection fails here too: the first error is the one.
        await client.query('ROLLBACK').catch(() => undefined);
        setActive(runner, false);
        await runner.broadcaster.broadcast('AfterTransactionRollback');
      }
      if (!savepoints && isUnitError(error)) return [{ ok: false, error }];
      throw error;
    }
  } finally {
    await runner.release();
  }
}

/**
 * Above this much parameter text the closing statement goes on its own, with parameters, and the COMMIT after it:
 * quoting is then dearer than the round trip it saves (a 100-member PATCH's 400 KB took 4 ms to quote, and one
 * more round trip costs about 1 ms).
 */
const MAX_INLINED_CHARACTERS = 32 * 1024;

function parameterSize({ parameters }: SqlStatement): number {
  let size = 0;
  for (const value of parameters) size += typeof value === 'string' ? value.length : 32;
  return size;
}

/** `statement` with its parameters written in as SQL literals. */
export function inlineParameters({ sql, parameters }: SqlStatement): string {
  return sql.replace(/\$(\d+)/g, (match, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= parameters.length) throw new Error(`${match} has no parameter`);
    return literal(parameters[index]);
  });
}

function literal(value: unknown): string {
  const prepared = prepareValue(value);
  if (prepared === null) return 'NULL';
  // bytea's hex input format
  return quote(Buffer.isBuffer(prepared) ? `\\x${prepared.toString('hex')}` : prepared);
}

/**
 * What pg's escapeLiteral returns; that one builds its result a character at a time, which took about 55 ms for
 * the 200 values of a 100-member PATCH.
 */
function quote(text: string): string {
  const doubled = text.replace(/'/g, "''");
  return text.includes('\\') ? ` E'${doubled.replace(/\\/g, '\\\\')}'` : `'${doubled}'`;
}

/** The results of a query, one per statement (pg gives a lone result for a single statement). */
function resultsOf(result: unknown): unknown[] {
  return Array.isArray(result) ? result : [result];
}

function rowsOf(result: unknown): ResultRow[] {
  return (result as { rows?: ResultRow[] } | undefined)?.rows ?? [];
}

/**
 * Marks the runner's connection as inside a transaction, as its own startTransaction would: the manager's
 * writes then join it instead of opening one of their own.
 */
function setActive(runner: QueryRunner, active: boolean): void {
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = active;
  state.transactionDepth = active ? 1 : 0;
}
