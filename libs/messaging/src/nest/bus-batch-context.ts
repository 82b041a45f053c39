import { BaseRpcContext } from '@nestjs/microservices';
import type { IncomingMessage } from '../message-bus';

/** What `@Ctx()` gives an `@EventBatchPattern` handler: the messages of the batch, in offset order. */
export class BusBatchContext extends BaseRpcContext<[IncomingMessage[]]> {
  getMessages(): IncomingMessage[] {
    return this.args[0];
  }

  getTopic(): string {
    return this.args[0][0].topic;
  }

  getPartition(): number {
    return this.args[0][0].partition;
  }
}
