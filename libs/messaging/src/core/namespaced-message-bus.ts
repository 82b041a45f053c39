import type {
  IncomingMessage,
  MessageBus,
  OutgoingMessage,
  Subscription,
  SubscriptionHandle,
  TopicSpec,
} from '../message-bus';

/**
 * Puts every topic and consumer group of a bus under a namespace (`<namespace>.<name>`), so that several
 * installations — or test runs — share one Kafka cluster without reading each other's messages. Handlers
 * and callers keep using the logical names.
 */
export class NamespacedMessageBus implements MessageBus {
  private readonly prefix: string;

  constructor(
    private readonly inner: MessageBus,
    namespace: string,
  ) {
    if (!/^[A-Za-z0-9_-]+$/.test(namespace)) {
      throw new Error(`invalid bus namespace "${namespace}": use letters, digits, _ and -`);
    }
    this.prefix = `${namespace}.`;
  }

  ensureTopics(topics: TopicSpec[]): Promise<void> {
    return this.inner.ensureTopics(topics.map((topic) => ({ ...topic, name: this.prefix + topic.name })));
  }

  publish(messages: OutgoingMessage[]): Promise<void> {
    return this.inner.publish(
      messages.map((message) => ({ ...message, topic: this.prefix + message.topic })),
    );
  }

  subscribe(subscription: Subscription): Promise<SubscriptionHandle> {
    const { handleBatch } = subscription;
    return this.inner.subscribe({
      ...subscription,
      group: this.prefix + subscription.group,
      topics: subscription.topics.map((topic) => this.prefix + topic),
      handle: (message: IncomingMessage) => subscription.handle(this.logical(message)),
      handleBatch:
        handleBatch &&
        ((messages: IncomingMessage[]) =>
          handleBatch.call(
            subscription,
            messages.map((message) => this.logical(message)),
          )),
    });
  }

  isHealthy(): Promise<boolean> {
    return this.inner.isHealthy();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private logical(message: IncomingMessage): IncomingMessage {
    const topic = message.topic.startsWith(this.prefix)
      ? message.topic.slice(this.prefix.length)
      : message.topic;
    // The value may be decoded lazily on first read: keep the original object and only shadow its topic.
    return Object.create(message, { topic: { value: topic, enumerable: true } }) as IncomingMessage;
  }
}
