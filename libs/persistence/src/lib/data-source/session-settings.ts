/** Server settings a data source asks for on each of its connections, by name. */
export type SessionSettings = Readonly<Record<string, string>>;

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
