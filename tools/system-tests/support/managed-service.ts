import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PrivateBuild } from './private-build';

const KEPT_OUTPUT = 30_000;

/**
 * One built service (`node dist/apps/<app>/src/main.js` of a PrivateBuild) that a system test starts, SIGKILLs and starts again
 * with the same environment. Its output is kept (the last part) to explain a failure.
 */
export class ManagedService {
  private child?: ChildProcess;
  private exited: Promise<void> = Promise.resolve();
  private output = '';
  private starts = 0;

  constructor(
    private readonly build: PrivateBuild,
    /** The app folder under dist/apps. */
    readonly app: string,
    /** How reports name this instance, e.g. `directory-service#2`. */
    readonly label: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Spawns the process (again, after a kill); resolves once /health/ready answers 200. */
  async start(timeoutMs = 120_000): Promise<void> {
    if (this.running) throw new Error(`${this.label} is already running`);
    this.starts += 1;
    this.output += `\n--- start #${this.starts} ---\n`;
    const inherited = { ...process.env };
    // NODE_OPTIONS meant for Jest (a debugger, a heap limit) are not the service's.
    delete inherited['NODE_OPTIONS'];
    const child = spawn(process.execPath, [this.build.main(this.app)], {
      cwd: this.build.root,
      env: { ...inherited, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // SYSTEM_TEST_LOG_DIR keeps each instance's whole output in a file there, to study a run afterwards.
    const logDir = process.env['SYSTEM_TEST_LOG_DIR'];
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-KEPT_OUTPUT);
      if (logDir) appendFileSync(path.join(logDir, `${this.label}.log`), chunk);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await this.ready(child, timeoutMs);
  }

  /** SIGKILL: no shutdown hook runs, nothing is committed or released on the way out. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (graceful), SIGKILL after 30 s. */
  async stop(): Promise<void> {
    if (!this.running) return;
    const child = this.child!;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** CPU time (user + system) the current process has used so far, in seconds; 0 when not running. */
  cpuSeconds(): number {
    if (!this.running) return 0;
    try {
      // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks, counted after the ')' of the name.
      const fields = readFileSync(`/proc/${this.child!.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return 0;
    }
  }

  /** The last part of what the process printed, for failure messages. */
  tail(characters = 4_000): string {
    return this.output.slice(-characters);
  }

  private async ready(child: ChildProcess, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `${this.label} exited (${child.exitCode ?? child.signalCode}) while starting:\n${this.tail()}`,
        );
      }
      try {
        const response = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) return;
        last = `status ${response.status}: ${(await response.text()).slice(0, 300)}`;
      } catch (error) {
        last = String(error);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${this.label} not ready after ${timeoutMs} ms (${last}):\n${this.tail()}`);
  }
}
