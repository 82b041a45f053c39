import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency } from '@nestjs/common';
import type { RetryBackoffOptions } from '../core/retry-backoff';
import type { KafkaMessageBusOptions } from '../kafka/kafka-message-bus';
import type { BusRequesterOptions } from '../request/bus-requester';

export interface MessagingModuleOptions {
  /** `kafka` (distributed mode) or `in-process` (embedded mode: every service in one process). */
  mode: 'kafka' | 'in-process';
  /** Kafka client id; also names this process in logs. */
  clientId: string;
  /** Kafka bootstrap brokers (required in kafka mode). */
  brokers?: string[];
  /** Partitions per topic (KAFKA_PARTITIONS, default 12), in both modes. */
  partitions?: number;
  /**
   * Prefix of every topic and consumer group (`<namespace>.<name>`), so that several installations or test
   * runs can share one Kafka cluster (KAFKA_NAMESPACE). Empty: the plain names.
   */
  namespace?: string;
  /** Consumer group of handlers that name none with `@ConsumerGroup`. */
  group?: string;
  /** Topics created at start-up (with their dead-letter topics), with `partitions` partitions. */
  topics?: string[];
  /**
   * Start the BusRequester at module init (awaiting its reply consumer), and create its reply topic.
   * Give options to override its instance id, reply topic or default timeout.
   */
  requester?: boolean | Omit<BusRequesterOptions, 'logger'>;
  /** Backoff between attempts at a message that failed transiently. */
  retry?: RetryBackoffOptions;
  /** Kafka tuning (fetch wait, session timeout, publish timeout, ...). */
  kafka?: Omit<KafkaMessageBusOptions, 'brokers' | 'clientId' | 'partitions' | 'retry' | 'logger'>;
}

export interface MessagingModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  /** Builds the options from the injected providers (e.g. the app's typed config service). */
  useFactory: (...args: never[]) => MessagingModuleOptions | Promise<MessagingModuleOptions>;
}
