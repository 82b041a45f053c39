/** Server settings a data source asks for on each of its connections, by name. */
export type SessionSettings = Readonly<Record<string, string>>;

/**
 * The settings every service's connections run with, besides its search_path:
 * - `plan_cache_mode`: a named statement (the SCIM reads are) is planned for its actual values at each execution.
 *   PostgreSQL would otherwise settle on a generic plan after five executions, made with the statistics of that
 *   moment; one made while a new directory's tables are small scans them whole, and keeps doing so after they have
 *   grown, until the next ANALYZE (docs/performance.md).
 */
export const SESSION_SETTINGS: SessionSettings = { plan_cache_mode: 'force_custom_plan' };

/** The `options` of a connection's startup packet that set `settings`. */
export function sessionOptions(settings: SessionSettings): string {
  return Object.entries(settings)
    .map(([name, value]) => {
      // a space would end the option in the startup packet's options string
      const compact = value.replace(/\s+/g, '');
      if (!/^[a-z_]+$/.test(name)) throw new Error(`invalid setting name "${name}"`);
      return `-c ${name}=${compact}`;
    })
    .join(' ');
}
