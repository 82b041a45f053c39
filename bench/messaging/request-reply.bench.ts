// Round trip of a request/reply (BusRequester → BusServer handler → reply) per bus adapter.
//   node -r ./libs/messaging/src/spec-support/swc-register.js bench/messaging/request-reply.bench.ts
// Kafka is measured when KAFKA_BROKERS is set. Knobs: BENCH_REQUESTS (default 1000 per run),
// BENCH_FETCH_WAIT_MS (consumer fetch max wait, default the adapter's).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { LoggerService } from '@nestjs/common';
import {
  BusRequester,
  BusServer,
  InProcessMessageBus,
  KafkaMessageBus,
  type MessageBus,
} from '@scimflow/messaging';

const requests = Number(process.env.BENCH_REQUESTS ?? 1_000);
const fetchWait = process.env.BENCH_FETCH_WAIT_MS ? Number(process.env.BENCH_FETCH_WAIT_MS) : undefined;
const quiet: LoggerService = { log: () => undefined, warn: () => undefined, error: () => undefined };

interface Figures {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  perSecond: number;
}

async function measure(name: string, bus: MessageBus): Promise<void> {
  const suffix = randomUUID().slice(0, 8);
  const commands = `bench.commands.${suffix}`;
  const replies = `bench.replies.${suffix}`;
  await bus.ensureTopics([commands, replies].map((topic) => ({ name: topic, partitions: 12 })));
  const server = new BusServer({ bus, group: `bench-directory-${suffix}`, logger: quiet });
  server.addHandler(
    commands,
    async (command: { userName: string }) => ({ id: randomUUID(), ...command }),
    false,
  );
  await new Promise<void>((resolve, reject) =>
    server.listen((error?: unknown) => (error ? reject(error as Error) : resolve())),
  );
  const requester = new BusRequester(bus, { replyTopic: replies, logger: quiet });
  await requester.start();
  const ask = (index: number): Promise<unknown> =>
    requester.request(
      commands,
      `directory-${index % 20}`,
      { userName: `user-${index}` },
      { timeoutMs: 10_000 },
    );

  try {
    for (let index = 0; index < 100; index += 1) await ask(index);
    for (const concurrency of [1, 8]) {
      const figures = await run(ask, concurrency);
      console.log(
        `${name.padEnd(10)} concurrency ${String(concurrency).padStart(2)}: p50 ${figures.p50.toFixed(2)} ms, p90 ${figures.p90.toFixed(2)} ms, p99 ${figures.p99.toFixed(2)} ms, max ${figures.max.toFixed(1)} ms, ${figures.perSecond.toFixed(0)} req/s`,
      );
    }
  } finally {
    await requester.stop();
    await server.close();
    await bus.close();
  }
}

async function run(ask: (index: number) => Promise<unknown>, concurrency: number): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < requests; index = next++) {
        const sent = performance.now();
        await ask(index);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (quantile: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(quantile * latencies.length))];
  return {
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: latencies[latencies.length - 1],
    perSecond: (requests / elapsed) * 1_000,
  };
}

async function main(): Promise<void> {
  console.log(`request/reply round trip, ${requests} requests per run, node ${process.version}`);
  await measure('in-process', new InProcessMessageBus({ partitions: 12, logger: quiet }));
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    console.log('kafka      skipped: KAFKA_BROKERS is not set');
    return;
  }
  await measure(
    'kafka',
    new KafkaMessageBus({
      brokers: brokers.split(','),
      clientId: 'bench-request-reply',
      partitions: 12,
      logger: quiet,
      ...(fetchWait === undefined ? {} : { fetchMaxWaitMs: fetchWait }),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
