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
  /** On replies: set when the request was dead-lettered instead of answered; the value is the reason. */
  replyError: 'reply-error',
  /** On dead letters: why the message could not be handled, and where it came from. */
  deadLetterReason: 'dead-letter-reason',
  /** `<topic>/<partition>@<offset>` of the original message. */
  deadLetterSource: 'dead-letter-source',
  /** The consumer group that gave up on the message (each group dead-letters on its own). */
  deadLetterGroup: 'dead-letter-group',
  /**
   * Kafka only: marks a probe a subscription that starts at the end of its topics publishes to know
   * it is positioned. Consumers of every group skip probes; handlers never see them.
   */
  probe: 'bus-probe',
} as const;

export interface OutgoingMessage {
  topic: string;
  /** Partitioning key: the directory id. Never empty. */
  key: string;
  /** JSON-serialisable payload (`undefined` travels as `null`). */
  value: unknown;
  headers?: Record<string, string>;
}

export interface IncomingMessage<T = unknown> {
  topic: string;
  key: string;
  /**
   * The decoded JSON payload. Decoded on first read, so a consumer that only looks at headers pays
   * nothing; a value that is not valid JSON throws PermanentMessageError on read (→ dead letter).
   */
  readonly value: T;
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
   * Called for one message at a time per partition (unless `handleBatch` is given). Resolve → offset committed. Throw
   * PermanentMessageError → message dead-lettered, offset committed. Throw anything else → retried
   * with backoff, offset not committed.
   */
  handle(message: IncomingMessage): Promise<void>;
  /**
   * Optional: called instead of `handle` with several messages at once, all of ONE partition of one topic, in
   * offset order (at most `maxBatchSize`), so that a consumer can apply them in one transaction. Resolve → every
   * offset committed. Throw anything but PermanentMessageError → the whole batch retried with backoff, no offset
   * committed. Throw PermanentMessageError → the batch is taken again one message at a time through `handle`, so
   * that only the message that cannot succeed is dead-lettered (and a transient failure there is retried as
   * usual). Per-key order holds as with `handle`: batches of a partition never overlap.
   */
  handleBatch?(messages: IncomingMessage[]): Promise<void>;
  /** Most messages given to `handleBatch` at once (default 200). */
  maxBatchSize?: number;
  /** Consume from the earliest offset when the group has none (default true). */
  fromBeginning?: boolean;
  /**
   * A private group for one process (request replies): it starts at the end of its topics, as of
   * subscribe(), and commits nothing, so it leaves no offsets in the broker. Default false.
   */
  ephemeral?: boolean;
}

/** Most messages a subscription with a `handleBatch` is given at once when it does not say. */
export const DEFAULT_MAX_BATCH_SIZE = 200;

export interface SubscriptionHandle {
  /** Stops taking messages, waits for in-flight handlers, commits, leaves the group. */
  stop(): Promise<void>;
}

/** The port every service uses; adapters: KafkaMessageBus and InProcessMessageBus. */
export interface MessageBus {
  /** Creates missing topics with the given partition counts; topics that exist are left as they are. */
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  /**
   * Durable publish. Resolves when acknowledged (Kafka: by all in-sync replicas; in-process: when
   * every subscribed group has handled or dead-lettered the message); messages of one call keep
   * their order per key. Rejects with BusUnavailableError when the bus cannot take the messages.
   */
  publish(messages: OutgoingMessage[]): Promise<void>;
  /** Resolves once the group has joined and is positioned: a message published afterwards is seen. */
  subscribe(subscription: Subscription): Promise<SubscriptionHandle>;
  /** True when the broker answers (readiness). */
  isHealthy(): Promise<boolean>;
  /** Stops every subscription (gracefully) and releases connections. */
  close(): Promise<void>;
}
