/** Header names the bus itself uses. Application headers travel alongside. */
export const BusHeaders = {
  /** Unique id of this message (for requests: the correlation id echoed on the reply). */
  messageId: 'message-id',
  /** Correlation id of the HTTP request or command chain, for logs. */
  correlationId: 'correlation-id',
  /** On requests: where the reply goes (topic) and which requester instance waits for it. */
  replyTo: 'reply-to',
  replyInstance: 'reply-instance',
  /** On requests: ISO time after which the requester no longer waits; an expired request is dropped. */
  expiresAt: 'expires-at',
  /** On dead letters: why the message could not be handled, and where it came from. */
  deadLetterReason: 'dead-letter-reason',
  deadLetterSource: 'dead-letter-source',
} as const;

export interface OutgoingMessage {
  topic: string;
  /** Partitioning key: the directory id. Never empty. */
  key: string;
  /** JSON-serialisable payload. */
  value: unknown;
  headers?: Record<string, string>;
}

export interface IncomingMessage<T = unknown> {
  topic: string;
  key: string;
  value: T;
  headers: Record<string, string>;
  partition: number;
  /** Offset within the partition, as a decimal string. */
  offset: string;
}

export interface TopicSpec {
  name: string;
  partitions: number;
}

export interface Subscription {
  /** Consumer group: every group receives every message; instances of one group share partitions. */
  group: string;
  topics: string[];
  /**
   * Called for one message at a time per partition. Resolve → offset committed. Throw
   * PermanentMessageError → message dead-lettered, offset committed. Throw anything else → retried
   * with backoff, offset not committed.
   */
  handle(message: IncomingMessage): Promise<void>;
  /** Consume from the earliest offset when the group has none (default true). */
  fromBeginning?: boolean;
}

export interface SubscriptionHandle {
  /** Stops taking messages, waits for in-flight handlers, commits, leaves the group. */
  stop(): Promise<void>;
}

/** The port every service uses; adapters: KafkaMessageBus and InProcessMessageBus. */
export interface MessageBus {
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  /** Durable publish. Resolves when acknowledged; messages of one call keep their order per key. */
  publish(messages: OutgoingMessage[]): Promise<void>;
  subscribe(subscription: Subscription): Promise<SubscriptionHandle>;
  /** True when the broker answers (readiness). */
  isHealthy(): Promise<boolean>;
  close(): Promise<void>;
}
