import {
  Inject,
  Injectable,
  type OnApplicationShutdown,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { deadLetterTopic, Topics } from '@scimflow/contracts';
import type { MessageBus } from '../message-bus';
import { BusRequester } from '../request/bus-requester';
import { BusServer } from './bus-server';
import { MESSAGE_BUS, MESSAGING_OPTIONS } from './messaging.constants';
import type { MessagingModuleOptions } from './messaging-module.options';

/**
 * Start-up and shut-down of the bus. At module init: the `topics` of the options (and the reply
 * topic) are created, then the requester starts listening when asked to (BusServer creates its own
 * handlers' topics when it starts). The bus closes at application shutdown, which Nest runs after
 * it has closed the microservices, so the BusServer's consumers have finished and committed by then.
 * The BusServer's subscriptions are stopped earlier, at module destroy: data sources close in
 * beforeApplicationShutdown, and handlers still running then would fail on a closed connection.
 */
@Injectable()
export class MessagingLifecycle implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly requester: BusRequester,
    private readonly server: BusServer,
  ) {}

  async onModuleInit(): Promise<void> {
    const partitions = this.options.partitions ?? 12;
    const names = new Set((this.options.topics ?? []).flatMap((topic) => [topic, deadLetterTopic(topic)]));
    if (this.options.requester) {
      const replyTopic =
        (typeof this.options.requester === 'object' && this.options.requester.replyTopic) ||
        Topics.scimReplies;
      names.add(replyTopic);
    }
    await this.bus.ensureTopics([...names].map((name) => ({ name, partitions })));
    if (this.options.requester) await this.requester.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.server.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.requester.stop();
    await this.bus.close();
  }
}
