import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Client, Pool, type ClientConfig, type PoolConfig } from 'pg';
import { DataDirLock } from './data-dir-lock';
import { EmbeddedConnection } from './embedded-connection';
import { EmbeddedSession } from './embedded-session';
import { KeyedMutex } from './keyed-mutex';

const IN_MEMORY = 'memory://';

/** Options of {@link EmbeddedPostgres.start}. */
export interface EmbeddedPostgresOptions {
  /**
   * Directory of the database files (e.g. `DATA_DIR/pgdata`), created and initialised on first start; a lock file
   * beside it (`<dataDir>.lock`) keeps a second process out. `memory://` keeps everything in memory (tests).
   */
  dataDir: string;
  /**
   * How long a statement waits for the session while another transaction holds it, before failing (default
   * 60 000 ms). Only a transaction left open for that long makes anyone wait so long.
   */
  sessionWaitTimeoutMs?: number;
}

/** The module TypeORM's postgres driver loads in place of `pg` (its `driver` option). */
export interface PgDriverModule {
  Pool: typeof Pool;
}

/**
 * Postgres embedded in the process (PGlite: PostgreSQL compiled to WebAssembly), for the one-process mode. One
 * instance per process and data directory, shared by every service's data source, each in its own schema.
 *
 * PGlite has a single session. Data sources reach it through node-postgres clients whose connection runs the
 * protocol in-process (no socket); each statement, or each whole transaction, has the session to itself while
 * others wait their turn. So a transaction's work must not wait for a query made outside its manager (that fails
 * at once when it runs under runInTransaction), and long transactions hold everyone up.
 *
 * Durability: PGlite on Node never calls fsync. A committed transaction survives a crash of the process, not a
 * power loss or a kernel crash.
 */
export class EmbeddedPostgres {
  private stopping: Promise<void> | undefined;
  private readonly mutex = new KeyedMutex();

  private constructor(
    /** Absolute data directory, or `memory://`. */
    readonly dataDir: string,
    private readonly db: PGlite,
    private readonly session: EmbeddedSession,
    private readonly lock: DataDirLock | undefined,
  ) {}

  /** Opens (or creates) the database in `dataDir`. Takes about 5 s on an empty directory, under 1 s after. */
  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    assertDynamicImportAvailable();
    const inMemory = options.dataDir === IN_MEMORY;
    const dataDir = inMemory ? IN_MEMORY : resolve(options.dataDir);
    if (!inMemory) mkdirSync(dataDir, { recursive: true });
    const lock = inMemory ? undefined : DataDirLock.acquire(dataDir);
    try {
      const db = await PGlite.create(dataDir);
      const session = new EmbeddedSession(db, options.sessionWaitTimeoutMs ?? 60_000);
      return new EmbeddedPostgres(dataDir, db, session, lock);
    } catch (error) {
      lock?.release();
      throw error;
    }
  }

  /** True once {@link stop} was called. */
  get stopped(): boolean {
    return this.stopping !== undefined;
  }

  /** Statements (or transactions) waiting for the session while another one runs: a measure of contention. */
  get waitingForSession(): number {
    return this.session.waiting;
  }

  /**
   * The node-postgres module to hand to TypeORM (`driver` option). Its pools hand out any number of clients; they
   * take turns on the session. `searchPath` (an SQL list such as `directory,public`) is set whenever one of its
   * clients takes the session after a client that used another one.
   */
  pgDriver(searchPath?: string): PgDriverModule {
    const session = this.session;
    const ready = this.db.waitReady;
    class EmbeddedClient extends Client {
      constructor(config?: ClientConfig) {
        const connection = new EmbeddedConnection(session, ready, searchPath);
        super({ ...config, connection } as ClientConfig);
      }
    }
    class EmbeddedPool extends Pool {
      constructor(config?: PoolConfig) {
        super({ ...config, Client: EmbeddedClient as unknown as PoolConfig['Client'] });
      }
    }
    return { Pool: EmbeddedPool };
  }

  /**
   * Runs `work` once no other work of this process holds `name`. For mutual exclusion inside the process, which
   * the database's advisory locks cannot give: they belong to the one session that every caller shares.
   */
  runExclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.mutex.runExclusive(name, work);
  }

  /**
   * Waits for the running statement or transaction, then closes the database cleanly (a checkpoint, files
   * closed) and releases the data directory. Destroy the data sources first. Safe to call more than once.
   */
  stop(): Promise<void> {
    this.stopping ??= this.close();
    return this.stopping;
  }

  private async close(): Promise<void> {
    try {
      try {
        await this.session.close();
      } finally {
        await this.db.close();
      }
    } finally {
      this.lock?.release();
    }
  }
}

/**
 * PGlite's Node build loads Node built-ins with import(). Jest's module sandbox refuses import() unless Node runs
 * with --experimental-vm-modules, and the failure would surface as an unhandled rejection that kills the test
 * worker: say what to do instead.
 */
function assertDynamicImportAvailable(): void {
  if (process.env['JEST_WORKER_ID'] === undefined) return;
  const flag = '--experimental-vm-modules';
  if (process.execArgv.includes(flag) || (process.env['NODE_OPTIONS'] ?? '').includes(flag)) return;
  throw new Error(`the embedded database cannot start under Jest without NODE_OPTIONS=${flag}`);
}
