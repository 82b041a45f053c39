import { AsyncLocalStorage } from 'node:async_hooks';

/** What runInTransaction records about the transaction whose work is running. */
export interface TransactionScope {
  /** The driver connection the transaction runs on (a pg client), if it has one. */
  connection: unknown;
}

/**
 * The transaction whose work is running in the current async context. The embedded database has one session: a
 * query issued on another connection while this transaction holds it could never run, so the session uses this to
 * fail such a query at once instead of letting it wait for a transaction that is waiting for it.
 */
export const transactionContext = new AsyncLocalStorage<TransactionScope>();
