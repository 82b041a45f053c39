import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The onboarded application's webhook endpoint: records every delivery, fails the first `failures` of them. */
export class WebhookReceiver {
  readonly deliveries: { headers: IncomingHttpHeaders; body: string }[] = [];
  private server: Server | null = null;
  private answered = 0;

  constructor(private readonly failures: number) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.answered += 1;
        if (this.answered <= this.failures) {
          response.writeHead(500, { 'content-type': 'text/plain' }).end('not ready yet');
          return;
        }
        this.deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/scimflow`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
