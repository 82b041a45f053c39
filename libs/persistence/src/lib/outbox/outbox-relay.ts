import { Logger } from '@nestjs/common';
import type {
  DataSource,
  EntitySubscriberInterface,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import type { MessageBus, OutgoingMessage } from '@scimflow/messaging';
import { settingsOf } from '../data-source/data-source-settings';
import { EmbeddedRelayLeadership } from './embedded-relay-leadership';
import { Outbox } from './outbox';
import { outboxChannel, outboxTable, takeOutboxPending } from './outbox-location';
import { PostgresRelayLeadership } from './postgres-relay-leadership';
import type { RelayLeadership } from './relay-leadership';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Gives the values of messages enqueued with a `payloadRef`, by reference (each reference once); a reference it
 * leaves out fails the round, which is retried.
 */
export type PayloadResolver = (
  dataSource: DataSource,
  references: readonly string[],
) => Promise<ReadonlyMap<string, unknown>>;

/** Options of {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  /** A data source made by createDataSource, with OutboxMessage among its entities. */
  dataSource: DataSource;
  bus: MessageBus;
  /** Required when the service enqueues messages by reference (`payloadRef`). */
  resolvePayloads?: PayloadResolver;
  /** Messages read and published per round (default 100). */
  batchSize?: number;
  /** Look for committed messages this often when nothing wakes the relay (default 500 ms). */
  pollIntervalMs?: number;
  /**
   * While messages are being relayed faster than `lingerAboveRate` a second, wait this long after each round that
   * found some (but not a full batch) before the next, so that a stream of commits reaches consumers in batches
   * rather than one by one (default 100 ms; 0 = never wait). Every round costs each consumer a transaction: at the
   * pace of a sequential identity provider, 100 ms make batches of several events and cut the consumers' CPU to
   * about half. Below the rate, and for a commit made while idle, messages go at once.
   */
  lingerMs?: number;
  /** Messages per second (over the last second) above which the relay lingers (default 20; 0 = always). */
  lingerAboveRate?: number;
  /** While another instance relays this outbox, try to take over this often (default 2 000 ms). */
  leaderRetryMs?: number;
  /** After a failure (bus or database down), wait this long, doubling up to `maxBackoffMs` (default 500 ms). */
  backoffMs?: number;
  /** Longest wait between two attempts after failures (default 30 000 ms). */
  maxBackoffMs?: number;
  /** Published messages are kept this long (the events API may read them), then deleted (default 7 days). */
  retentionMs?: number;
  /** How often published messages past their retention are deleted (default 1 hour). */
  cleanupIntervalMs?: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  payload: unknown;
  payload_ref: string | null;
  headers: Record<string, string>;
}

/**
 * Publishes a service's committed outbox messages to the bus, in outbox order, at least once.
 *
 * One relay per schema is active at a time across instances (an advisory lock on Postgres; the others wait to
 * take over). It reads a batch of unpublished messages, publishes it, then marks it published: never inside an
 * open transaction, since the bus may wait for consumers that need the database. A crash between publishing and
 * marking publishes the batch again after the restart, with the same `message-id` headers, and the consumers'
 * inbox drops the duplicates. It wakes when a transaction of this process that wrote to the outbox commits, when
 * another instance's commit is announced (LISTEN/NOTIFY on Postgres), and every `pollIntervalMs` otherwise;
 * while messages flow faster than `lingerAboveRate` a second, it lingers `lingerMs` after each round, so that a
 * stream reaches consumers in batches. A message enqueued by reference gets its value from `resolvePayloads`, once
 * per batch for all of the batch's references.
 * Published messages are deleted after `retentionMs`.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly dataSource: DataSource;
  private readonly bus: MessageBus;
  private readonly resolvePayloads: PayloadResolver | undefined;
  private readonly schema: string;
  private readonly leadership: RelayLeadership;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly lingerMs: number;
  private readonly lingerAboveRate: number;
  /** When recent rounds ran and how many messages each relayed: the rate that decides the linger. */
  private readonly recentRounds: Array<{ at: number; relayed: number }> = [];
  private readonly leaderRetryMs: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly retentionMs: number;
  private readonly cleanupIntervalMs: number;
  private readonly subscriber: EntitySubscriberInterface;

  private running: Promise<void> | undefined;
  private stopping = false;
  private wakeRequested = false;
  private wakeUp: (() => void) | undefined;
  private lastCleanupAt = 0;

  constructor(options: OutboxRelayOptions) {
    this.dataSource = options.dataSource;
    this.bus = options.bus;
    this.resolvePayloads = options.resolvePayloads;
    const settings = settingsOf(options.dataSource);
    this.schema = settings.schema;
    const lockName = `scimflow.outbox-relay.${settings.schema}`;
    this.leadership = settings.embedded
      ? new EmbeddedRelayLeadership(settings.embedded, lockName)
      : new PostgresRelayLeadership(options.dataSource, lockName, outboxChannel(options.dataSource), () =>
          this.notify(),
        );
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.lingerMs = options.lingerMs ?? 100;
    this.lingerAboveRate = options.lingerAboveRate ?? 20;
    this.leaderRetryMs = options.leaderRetryMs ?? 2_000;
    this.backoffMs = options.backoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.retentionMs = options.retentionMs ?? 7 * DAY_MS;
    this.cleanupIntervalMs = options.cleanupIntervalMs ?? 60 * 60 * 1000;
    this.subscriber = {
      afterTransactionCommit: (event: TransactionCommitEvent) => {
        if (!event.queryRunner.isTransactionActive && takeOutboxPending(event.queryRunner)) this.notify();
      },
      afterTransactionRollback: (event: TransactionRollbackEvent) => {
        if (!event.queryRunner.isTransactionActive) takeOutboxPending(event.queryRunner);
      },
    };
  }

  /** True while this relay holds the leadership of its schema's outbox. */
  get isLeader(): boolean {
    return this.leadership.held;
  }

  /** Starts relaying in the background (pending messages first). Returns at once. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.dataSource.subscribers.push(this.subscriber);
    this.running = this.run();
  }

  /** Looks for committed messages now (called by itself after a commit that wrote to the outbox). */
  notify(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  /** Finishes the batch in flight (publish and mark), gives up the leadership and stops. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this.wakeUp?.();
    await this.running;
    this.running = undefined;
    const index = this.dataSource.subscribers.indexOf(this.subscriber);
    if (index >= 0) this.dataSource.subscribers.splice(index, 1);
  }

  private async run(): Promise<void> {
    let failures = 0;
    let leading = false;
    while (!this.stopping) {
      let waitMs: number;
      let wakeable = true;
      try {
        if (leading && !this.leadership.held) {
          leading = false;
          this.logger.warn(
            `lost the leadership of the outbox of schema ${this.schema}: its connection broke`,
          );
        }
        if (!leading && (await this.leadership.tryAcquire())) {
          leading = true;
          this.logger.log(`relaying the outbox of schema ${this.schema}`);
        }
        if (!leading) {
          waitMs = this.leaderRetryMs;
          wakeable = false;
        } else {
          const relayed = await this.relayBatch();
          await this.cleanupWhenDue();
          failures = 0;
          // while commits keep coming, let them gather a moment
          if (relayed === this.batchSize) waitMs = 0;
          else if (relayed > 0 && this.lingerMs > 0 && this.inStream(relayed)) {
            waitMs = this.lingerMs;
            wakeable = false;
          } else waitMs = this.pollIntervalMs;
        }
      } catch (error) {
        failures += 1;
        waitMs = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (failures - 1));
        wakeable = false;
        this.logger.warn(
          `outbox relay of schema ${this.schema} failed ${failures} time(s) in a row, next attempt in ${waitMs} ms: ` +
            describe(error),
        );
      }
      if (waitMs > 0) await this.sleep(waitMs, wakeable);
    }
    try {
      await this.leadership.release();
    } catch (error) {
      // the lock lives only as long as its connection, which the pool is closing anyway
      this.logger.warn(
        `outbox relay of schema ${this.schema} could not release its leadership: ${describe(error)}`,
      );
    }
  }

  /** Records a round that relayed `relayed` messages; true when the last second's rate is above the threshold. */
  private inStream(relayed: number): boolean {
    const now = Date.now();
    this.recentRounds.push({ at: now, relayed });
    while (this.recentRounds.length > 0 && this.recentRounds[0]!.at <= now - 1_000) this.recentRounds.shift();
    const lastSecond = this.recentRounds.reduce((sum, round) => sum + round.relayed, 0);
    return lastSecond > this.lingerAboveRate;
  }

  /** Publishes the oldest unpublished messages, then marks them; returns how many. */
  private async relayBatch(): Promise<number> {
    // a commit from now on is not in this batch: let it wake the next round
    this.wakeRequested = false;
    const table = outboxTable(this.dataSource);
    const rows = await this.dataSource.query<OutboxRow[]>(
      `SELECT "id", "topic", "key", "payload", "payload_ref", "headers" FROM ${table} ` +
        'WHERE "published_at" IS NULL ORDER BY "position" LIMIT $1',
      [this.batchSize],
    );
    if (rows.length === 0) return 0;
    await this.bus.publish(await this.toMessages(rows));
    await this.dataSource.query(`UPDATE ${table} SET "published_at" = now() WHERE "id" = ANY($1::uuid[])`, [
      rows.map((row) => row.id),
    ]);
    return rows.length;
  }

  private async toMessages(rows: readonly OutboxRow[]): Promise<OutgoingMessage[]> {
    const references = [
      ...new Set(rows.flatMap((row) => (row.payload_ref === null ? [] : [row.payload_ref]))),
    ];
    if (references.length === 0) return rows.map((row) => toMessage(row, row.payload));
    if (!this.resolvePayloads) {
      throw new Error(
        `outbox message ${rows.find((row) => row.payload_ref !== null)!.id} has a payload reference ` +
          'and this relay was given no resolvePayloads',
      );
    }
    const values = await this.resolvePayloads(this.dataSource, references);
    return rows.map((row) => {
      if (row.payload_ref === null) return toMessage(row, row.payload);
      if (!values.has(row.payload_ref)) {
        throw new Error(`outbox message ${row.id}: no payload found for its reference ${row.payload_ref}`);
      }
      return toMessage(row, values.get(row.payload_ref));
    });
  }

  private async cleanupWhenDue(): Promise<void> {
    const now = Date.now();
    if (now - this.lastCleanupAt < this.cleanupIntervalMs) return;
    this.lastCleanupAt = now;
    const deleted = await Outbox.cleanup(this.dataSource, new Date(now - this.retentionMs));
    if (deleted > 0)
      this.logger.log(`deleted ${deleted} published outbox message(s) of schema ${this.schema}`);
  }

  /** Waits `ms`; a stop ends the wait, and so does notify() when `wakeable`. */
  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopping || (wakeable && this.wakeRequested)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = () => {
        if (this.stopping || wakeable) done();
      };
    });
  }
}

function toMessage(row: OutboxRow, value: unknown): OutgoingMessage {
  return { topic: row.topic, key: row.key, value, headers: row.headers };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
