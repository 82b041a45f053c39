/**
 * The deliveries of one endpoint and one directory form a stream, delivered in (sequence, createdAt, id) order.
 * Every change that can make another delivery the head of a stream (one finishing, new ones arriving) runs under
 * the stream's transaction-level advisory lock, so the "is an earlier one still open?" check of a new delivery and
 * the promotion of the next head after a finished one never miss each other.
 */

/** Statuses of a delivery that is still to be sent. */
export const OPEN_STATUSES_SQL = "('pending', 'failed')";

/** SQL calling pg_advisory_xact_lock on the stream of (endpoint, directory), both given as text SQL. */
export function streamLockSql(endpointIdSql: string, directoryIdSql: string): string {
  return `pg_advisory_xact_lock(hashtextextended('webhooks.stream:' || ${endpointIdSql} || ':' || ${directoryIdSql}, 0))`;
}
