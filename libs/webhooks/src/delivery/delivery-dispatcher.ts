import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { WebhookHttpClient, type WebhookAttemptResult } from '../egress/webhook-http-client';
import { SecretCipher } from '../signing/secret-cipher';
import { signWebhook } from '../signing/webhook-signer';
import { WEBHOOKS_OPTIONS, type WebhooksOptions } from '../webhooks.tokens';
import { DeliveryStore, type ClaimedDelivery, type SentAttempt } from './delivery-store';
import { webhookPayload } from './webhook-payload';

/** How many of a stream's next deliveries a slot leases at once (re-sent after a crash before they are recorded). */
const WINDOW = 50;
/** The longest a slot sends without recording what it sent (the delivery log's lag behind the wire). */
const RECORD_AFTER_MS = 250;

/**
 * Sends due deliveries. One loop per process claims as many deliveries as it has free slots (WEBHOOK_CONCURRENCY),
 * starts each attempt without waiting for it, and sleeps until a slot frees, new work arrives (wake()), the next
 * retry is due, or the poll interval passes. The loop itself never waits on an endpoint: a slow one holds at most
 * its own slots (WEBHOOK_ENDPOINT_CONCURRENCY, enforced across instances by the claim), everything else keeps
 * flowing. Memory holds only the deliveries in flight.
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  /** Names this instance's leases (locked_by), so its claims are recognisable across instances. */
  readonly instanceId = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  private readonly logger = new Logger(DeliveryDispatcher.name);
  private readonly inFlight = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private running = false;
  private loop: Promise<void> | undefined;
  private woken = false;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly store: DeliveryStore,
    private readonly http: WebhookHttpClient,
    private readonly cipher: SecretCipher,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: WebhooksOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Stops claiming, interrupts the attempts in flight and gives their deliveries back (an interrupted attempt is
   * not counted; another instance, or this one after a restart, sends it again with the same webhook-id).
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    await this.loop;
    const inFlight = [...this.inFlight.values()];
    for (const { controller } of inFlight) controller.abort();
    await Promise.all(inFlight.map(({ done }) => done));
    this.http.close();
  }

  /** Something may have become due (an event stored, a retry asked for): look now instead of at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      let waitMs = this.options.pollIntervalMs;
      try {
        const free = this.options.concurrency - this.inFlight.size;
        if (free > 0) {
          const claimed = await this.store.claim(this.instanceId, free);
          for (const delivery of claimed) this.launch(delivery);
          // Nothing was due: sleep until the next retry is (or a wake-up). Otherwise the attempts just started wake
          // the loop when they end, and the poll interval bounds how late a retry that fell due meanwhile can be.
          if (claimed.length === 0) {
            const untilDue = await this.store.msUntilNextDue();
            if (untilDue !== undefined) waitMs = Math.min(waitMs, Math.max(untilDue, 5));
          }
        }
      } catch (error) {
        // the database is away: keep the loop alive and try again after the poll interval
        this.logger.warn(
          `claiming deliveries failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (this.running && !this.woken) await this.sleep(waitMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }

  private launch(delivery: ClaimedDelivery): void {
    const controller = new AbortController();
    const done = this.deliver(delivery, controller.signal)
      .catch((error: unknown) => {
        // the lease runs out and the delivery is attempted again: at least once, same webhook-id
        this.logger.error(
          `recording delivery ${delivery.id} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      })
      .finally(() => {
        this.inFlight.delete(delivery.id);
        this.wake();
      });
    this.inFlight.set(delivery.id, { controller, done });
  }

  /**
   * Sends `first`, then, for as long as each attempt succeeds, the next deliveries of its stream, in the same slot:
   * recording a window of successes leases the stream's next window (DeliveryStore.recordAttempts), so a backlog
   * flows without a claim per delivery and is recorded a window at a time — after the window's last delivery, or
   * once RECORD_AFTER_MS passed since the last record (which also renews the leases), or at the first failure.
   * A crash before a record sends that window's deliveries again: at least once, same webhook-id.
   */
  private async deliver(first: ClaimedDelivery, signal: AbortSignal): Promise<void> {
    let window: ClaimedDelivery[] = [first];
    let sent: SentAttempt[] = [];
    let recordedAt = performance.now();
    const secrets = new SecretsOfWindow(this.cipher);
    for (;;) {
      const delivery = window.shift();
      if (!delivery) return;
      const attemptedAt = new Date();
      const result = await this.attempt(delivery, secrets, attemptedAt, signal);
      if (result.aborted) {
        // stopping: what was sent is recorded, the rest given back unchanged (an interrupted attempt is not counted)
        if (sent.length > 0) await this.store.recordAttempts(this.instanceId, sent);
        await this.store.release(this.instanceId, [delivery.id, ...window.map(({ id }) => id)]);
        return;
      }
      sent.push({ delivery, result, attemptedAt });
      const carryOn = result.succeeded && this.running && !signal.aborted;
      if (carryOn && window.length > 0 && performance.now() - recordedAt < RECORD_AFTER_MS) continue;
      const recorded = await this.store.recordAttempts(this.instanceId, sent, {
        window: carryOn ? WINDOW : 0,
      });
      if (recorded.disabledReason !== undefined) {
        this.logger.warn(`webhook endpoint ${delivery.endpointId} disabled: ${recorded.disabledReason}`);
      }
      sent = [];
      recordedAt = performance.now();
      if (recorded.next.length === 0) {
        // a failure, a stop, a disabled endpoint or a lost lease: the rest of the window waits for a claim
        if (window.length > 0)
          await this.store.release(
            this.instanceId,
            window.map(({ id }) => id),
          );
        return;
      }
      window = recorded.next;
    }
  }

  private async attempt(
    delivery: ClaimedDelivery,
    secrets: SecretsOfWindow,
    attemptedAt: Date,
    signal: AbortSignal,
  ): Promise<WebhookAttemptResult> {
    let signingSecrets: string[];
    try {
      signingSecrets = secrets.of(delivery);
    } catch {
      return {
        succeeded: false,
        aborted: false,
        httpStatus: null,
        durationMs: 0,
        responseBody: null,
        error: 'The signing secret cannot be decrypted with WEBHOOK_SECRET_KEY: rotate the endpoint secret.',
      };
    }
    const body = webhookPayload(delivery.event);
    return this.http.post(
      delivery.url,
      body,
      { ...signWebhook(delivery.eventId, body, signingSecrets, attemptedAt) },
      signal,
    );
  }
}

/** The decrypted signing secrets of one stream's window: its deliveries share an endpoint, so usually one decrypt. */
class SecretsOfWindow {
  private encrypted: string | undefined;
  private decrypted: string[] = [];

  constructor(private readonly cipher: SecretCipher) {}

  of(delivery: ClaimedDelivery): string[] {
    const encrypted = `${delivery.secretEncrypted}|${delivery.previousSecretEncrypted ?? ''}`;
    if (encrypted !== this.encrypted) {
      const secrets = [this.cipher.decrypt(delivery.secretEncrypted, delivery.endpointId)];
      if (delivery.previousSecretEncrypted !== null) {
        secrets.push(this.cipher.decrypt(delivery.previousSecretEncrypted, delivery.endpointId));
      }
      this.decrypted = secrets;
      this.encrypted = encrypted;
    }
    return this.decrypted;
  }
}
