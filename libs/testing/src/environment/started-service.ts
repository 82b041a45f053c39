/** A server the global setup started, and how to get rid of it. */
export interface StartedService {
  kind: 'postgres' | 'kafka';
  /** For log lines: `Postgres (local script, 127.0.0.1:41234)`. */
  description: string;
  /** The value for the service's variable: a DATABASE_URL or a KAFKA_BROKERS list. */
  address: string;
  stop(): Promise<void>;
  /** Same as stop, for a process that is exiting (no event loop left). */
  stopNow(): void;
}
