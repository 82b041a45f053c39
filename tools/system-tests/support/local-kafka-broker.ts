import { freePort } from '@scimflow/testing';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const SCRIPT = path.resolve(__dirname, '../../kafka-local/kafka-local.sh');

/**
 * A Kafka broker of a test's own (tools/kafka-local on free ports and a temporary data directory), which the
 * test may stop and start again: never the shared development broker, which other people use.
 */
export class LocalKafkaBroker {
  private constructor(
    private readonly dataDir: string,
    private readonly environment: NodeJS.ProcessEnv,
    /** The bootstrap address, `127.0.0.1:<port>`. */
    readonly brokers: string,
  ) {}

  static async start(): Promise<LocalKafkaBroker> {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'scimflow-system-kafka-'));
    const [port, controllerPort] = [await freePort(), await freePort()];
    const broker = new LocalKafkaBroker(
      dataDir,
      {
        ...process.env,
        KAFKA_PORT: String(port),
        KAFKA_CONTROLLER_PORT: String(controllerPort),
        KAFKA_HEAP_OPTS: '-Xms256m -Xmx768m',
      },
      `127.0.0.1:${port}`,
    );
    await broker.run('start');
    return broker;
  }

  /** Stops the broker (SIGTERM, controlled shutdown); its data stays for the next start. */
  async stop(): Promise<void> {
    await this.run('stop');
  }

  /** Starts it again on the same ports and data; resolves once it answers a Metadata request. */
  async resume(): Promise<void> {
    await this.run('start');
  }

  /** Stops it for good and deletes its data. */
  async destroy(): Promise<void> {
    try {
      await this.run('stop');
    } finally {
      await rm(this.dataDir, { recursive: true, force: true });
    }
  }

  private async run(command: 'start' | 'stop'): Promise<void> {
    try {
      await promisify(execFile)(SCRIPT, [command, this.dataDir], {
        env: this.environment,
        timeout: 180_000,
      });
    } catch (error) {
      const detail = (error as { stderr?: string }).stderr ?? String(error);
      throw new Error(`kafka-local.sh ${command} ${this.dataDir} failed: ${detail}`, { cause: error });
    }
  }
}
