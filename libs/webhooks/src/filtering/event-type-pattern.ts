import { EVENT_TYPES } from '@scimflow/contracts';

const WILDCARD = '*';

/** Every `<prefix>.*` a catalog type falls under, e.g. `directory.*` and `directory.user.*`. */
const WILDCARD_PATTERNS: ReadonlySet<string> = new Set(
  EVENT_TYPES.flatMap((type) => {
    const segments = type.split('.');
    return segments
      .slice(1)
      .map((_segment, index) => `${segments.slice(0, index + 1).join('.')}.${WILDCARD}`);
  }),
);

/**
 * Whether `value` can go in an endpoint's event type filter: a catalog type (`directory.user.created`), `*`, or a
 * wildcard over whole segments that some catalog type falls under (`directory.user.*`, `directory.*`). Anything
 * else (a typo, `directory.us*`) is refused rather than silently matching nothing.
 */
export function isEventTypePattern(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  return (
    value === WILDCARD || (EVENT_TYPES as readonly string[]).includes(value) || WILDCARD_PATTERNS.has(value)
  );
}

/**
 * SQL that is true when the event type `typeSql` matches the filter `patternsSql` (a text[]): an empty filter
 * matches every type, otherwise an exact entry or a wildcard whose prefix (all but its `*`) starts the type.
 * The one implementation of matching, used by the consumer and by replays.
 */
export function eventTypeMatchSql(typeSql: string, patternsSql: string): string {
  return (
    `(cardinality(${patternsSql}) = 0 OR ${typeSql} = ANY(${patternsSql}) OR EXISTS (` +
    `SELECT 1 FROM unnest(${patternsSql}) AS pattern ` +
    `WHERE right(pattern, 1) = '${WILDCARD}' AND starts_with(${typeSql}, left(pattern, -1))))`
  );
}
