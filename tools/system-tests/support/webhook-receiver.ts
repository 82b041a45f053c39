import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One webhook request as the onboarded application received it (every attempt, duplicates included). */
export interface ReceivedWebhook {
  webhookId: string;
  eventId: string;
  directoryId: string;
  sequence: number;
  type: string;
}

/**
 * The onboarded application: an HTTP server on this machine that verifies each request's Standard Webhooks
 * signature and keeps what arrived, in arrival order. A request it cannot verify is kept aside (and answered
 * 400), so that a test can require there be none.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  readonly rejected: string[] = [];
  private verifier?: Webhook;

  private readonly server: Server;

  private constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const accepted = this.accept(Buffer.concat(chunks).toString('utf8'), request.headers);
        response.writeHead(accepted ? 204 : 400).end();
      });
    });
  }

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks`;
  }

  /** The endpoint's signing secret (`whsec_...`), known once the endpoint is created. */
  useSecret(secret: string): void {
    this.verifier = new Webhook(secret);
  }

  /** Distinct webhook ids in the order they first arrived, per directory. */
  firstArrivals(): Map<string, ReceivedWebhook[]> {
    const seen = new Set<string>();
    const byDirectory = new Map<string, ReceivedWebhook[]>();
    for (const webhook of this.received) {
      if (seen.has(webhook.webhookId)) continue;
      seen.add(webhook.webhookId);
      let list = byDirectory.get(webhook.directoryId);
      if (!list) byDirectory.set(webhook.directoryId, (list = []));
      list.push(webhook);
    }
    return byDirectory;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(body: string, headers: IncomingHttpHeaders): boolean {
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value === 'string') flat[name] = value;
    }
    try {
      if (!this.verifier) throw new Error('no signing secret yet');
      const event = this.verifier.verify(body, flat) as {
        id: string;
        directoryId: string;
        sequence: number;
        type: string;
      };
      this.received.push({
        webhookId: flat['webhook-id'] ?? '',
        eventId: event.id,
        directoryId: event.directoryId,
        sequence: event.sequence,
        type: event.type,
      });
      return true;
    } catch (error) {
      this.rejected.push(`${flat['webhook-id'] ?? '?'}: ${String(error)}`);
      return false;
    }
  }
}
