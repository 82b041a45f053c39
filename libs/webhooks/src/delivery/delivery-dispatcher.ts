import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { WebhookHttpClient, type WebhookAttemptResult } from '../egress/webhook-http-client';
import { SecretCipher } from '../signing/secret-cipher';
import { signWebhook } from '../signing/webhook-signer';
import { WEBHOOKS_OPTIONS, type WebhooksOptions } from '../webhooks.tokens';
import { DeliveryStore, type ClaimedDelivery } from './delivery-store';
import { webhookPayload } from './webhook-payload';

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
   * Sends `first`, then, for as long as each attempt succeeds and hands over the next delivery of its stream (see
   * DeliveryStore.recordAttempt), that one, in the same slot: a stream's backlog flows without a claim per delivery.
   */
  private async deliver(first: ClaimedDelivery, signal: AbortSignal): Promise<void> {
    let delivery: ClaimedDelivery | undefined = first;
    while (delivery) {
      const attemptedAt = new Date();
      const result = await this.attempt(delivery, attemptedAt, signal);
      if (result.aborted) {
        await this.store.release(this.instanceId, [delivery.id]);
        return;
      }
      const recorded = await this.store.recordAttempt(delivery, this.instanceId, result, attemptedAt, {
        chain: this.running && !signal.aborted,
      });
      if (recorded.disabledReason !== undefined) {
        this.logger.warn(`webhook endpoint ${delivery.endpointId} disabled: ${recorded.disabledReason}`);
      }
      delivery = recorded.next;
    }
  }

  private async attempt(
    delivery: ClaimedDelivery,
    attemptedAt: Date,
    signal: AbortSignal,
  ): Promise<WebhookAttemptResult> {
    let secrets: string[];
    try {
      secrets = [this.cipher.decrypt(delivery.secretEncrypted, delivery.endpointId)];
      if (delivery.previousSecretEncrypted !== null) {
        secrets.push(this.cipher.decrypt(delivery.previousSecretEncrypted, delivery.endpointId));
      }
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
      { ...signWebhook(delivery.eventId, body, secrets, attemptedAt) },
      signal,
    );
  }
}
