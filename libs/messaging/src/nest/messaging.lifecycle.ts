import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { deadLetterTopic, Topics } from '@scimflow/contracts';
import type { MessageBus } from '../message-bus';
import { BusRequester } from '../request/bus-requester';
import { MESSAGE_BUS, MESSAGING_OPTIONS } from './messaging.constants';
import type { MessagingModuleOptions } from './messaging-module.options';

/**
 * Start-up and shut-down of the bus. At module init: the `topics` of the options (and the reply
 * topic) are created, then the requester starts listening when asked to (BusServer creates its own
 * handlers' topics when it starts). The bus closes at application shutdown, which Nest runs after
 * it has closed the microservices, so the BusServer's consumers have finished and committed by then.
 */
@Injectable()
export class MessagingLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly requester: BusRequester,
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

  async onApplicationShutdown(): Promise<void> {
    await this.requester.stop();
    await this.bus.close();
  }
}
