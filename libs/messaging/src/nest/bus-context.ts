import { BaseRpcContext } from '@nestjs/microservices';
import type { IncomingMessage } from '../message-bus';

/** What `@Ctx()` gives a bus handler: the message's topic, key, headers and position. */
export class BusContext extends BaseRpcContext<[IncomingMessage]> {
  getMessage(): IncomingMessage {
    return this.args[0];
  }

  getTopic(): string {
    return this.args[0].topic;
  }

  getKey(): string {
    return this.args[0].key;
  }

  getHeaders(): Record<string, string> {
    return this.args[0].headers;
  }

  getHeader(name: string): string | undefined {
    return this.args[0].headers[name];
  }

  getPartition(): number {
    return this.args[0].partition;
  }

  getOffset(): string {
    return this.args[0].offset;
  }
}
