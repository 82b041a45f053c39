import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { waitFor } from './wait-for';

const ROOT = path.resolve(__dirname, '../../../..');

/** A free TCP port on 127.0.0.1 (for a service a test starts). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/** A service started from dist/ as `node dist/apps/<name>/src/main.js`, with its output kept for failures. */
export class ServiceProcess {
  private output = '';
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly url: string,
    env: Record<string, string>,
  ) {
    const inherited = { ...process.env };
    // NODE_OPTIONS meant for Jest (a debugger, a heap limit) are not the service's.
    delete inherited['NODE_OPTIONS'];
    this.child = spawn(process.execPath, [path.join(ROOT, 'dist/apps', name, 'src/main.js')], {
      cwd: ROOT,
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  async ready(timeoutMs: number): Promise<void> {
    let exitCode: number | null | undefined;
    void this.exited.then((code) => (exitCode = code));
    try {
      await waitFor(
        async () => {
          if (exitCode !== undefined) throw new Error(`${this.name} exited with ${exitCode}`);
          const response = await fetch(`${this.url}/health/ready`);
          expect(response.status).toBe(200);
        },
        { timeoutMs, intervalMs: 250 },
      );
    } catch (error) {
      throw new Error(`${this.name} did not become ready: ${String(error)}\n--- output ---\n${this.output}`);
    }
  }

  /** Sends `signal` to the service: SIGSTOP and SIGCONT make it unresponsive and bring it back. */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(timer);
  }
}
