import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BusUnavailableError } from '../errors/bus-unavailable.error';
import { eventually } from '../spec-support/eventually';
import { freePort } from '../spec-support/free-port';
import { RecordingLogger } from '../spec-support/recording-logger';
import { KafkaMessageBus } from './kafka-message-bus';

// Starts, stops and restarts a broker of its own (never the shared one): that takes a while.
jest.setTimeout(240_000);

const kafkaLocal = join(__dirname, '../../../../tools/kafka-local/kafka-local.sh');
const unique = (prefix: string): string => `${prefix}.${randomUUID().slice(0, 8)}`;

describe(KafkaMessageBus.name, () => {
  describe('when its broker stops and comes back', () => {
    let dataDir: string;
    let environment: NodeJS.ProcessEnv;
    let broker: string;
    let bus: KafkaMessageBus | undefined;

    const kafka = async (command: 'start' | 'stop'): Promise<void> => {
      await promisify(execFile)(kafkaLocal, [command, dataDir], { env: environment });
    };

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'scimflow-messaging-outage-'));
      const [port, controllerPort] = [await freePort(), await freePort()];
      broker = `127.0.0.1:${port}`;
      environment = {
        ...process.env,
        KAFKA_PORT: String(port),
        KAFKA_CONTROLLER_PORT: String(controllerPort),
        KAFKA_HEAP_OPTS: '-Xms128m -Xmx512m',
      };
      await kafka('start');
    });

    afterAll(async () => {
      await bus?.close();
      await kafka('stop');
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('fails publishes fast while it is down and consumes again once it is back', async () => {
      const logger = new RecordingLogger();
      bus = new KafkaMessageBus({
        brokers: [broker],
        clientId: unique('outage'),
        partitions: 2,
        logger,
        publishTimeoutMs: 2_000,
        sessionTimeoutMs: 6_000,
        heartbeatIntervalMs: 500,
      });
      const topic = unique('outage');
      await bus.ensureTopics([{ name: topic, partitions: 2 }]);
      const seen: unknown[] = [];
      await bus.subscribe({
        group: unique('outage'),
        topics: [topic],
        handle: async (message) => void seen.push(message.value),
      });
      await bus.publish([{ topic, key: 'dir-1', value: 'before' }]);
      await eventually(() => expect(seen).toEqual(['before']));

      await kafka('stop');
      const started = Date.now();
      await expect(bus.publish([{ topic, key: 'dir-1', value: 'during' }])).rejects.toBeInstanceOf(
        BusUnavailableError,
      );
      expect(Date.now() - started).toBeLessThan(3_000);
      await expect(bus.isHealthy()).resolves.toBe(false);

      await kafka('start');
      const upBus = bus;
      await eventually(() => upBus.publish([{ topic, key: 'dir-1', value: 'after' }]), {
        timeoutMs: 60_000,
        intervalMs: 500,
      });
      await eventually(() => expect(seen).toContain('after'), { timeoutMs: 90_000 });
      await expect(bus.isHealthy()).resolves.toBe(true);
    });
  });
});
