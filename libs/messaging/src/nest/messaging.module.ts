import { type DynamicModule, Logger, Module, type Provider } from '@nestjs/common';
import { NamespacedMessageBus } from '../core/namespaced-message-bus';
import { InProcessMessageBus } from '../in-process/in-process-message-bus';
import { KafkaMessageBus } from '../kafka/kafka-message-bus';
import type { MessageBus } from '../message-bus';
import { BusRequester } from '../request/bus-requester';
import { BusServer } from './bus-server';
import { MESSAGE_BUS, MESSAGING_OPTIONS } from './messaging.constants';
import { MessagingLifecycle } from './messaging.lifecycle';
import type { MessagingModuleAsyncOptions, MessagingModuleOptions } from './messaging-module.options';

/**
 * The bus for a Nest application (global): `MESSAGE_BUS` (the MessageBus of the chosen mode),
 * `BusRequester` and `BusServer`. Import it once, in the app module; in main.ts:
 *
 *     app.connectMicroservice({ strategy: app.get(BusServer) }, { inheritAppConfig: true });
 *     await app.startAllMicroservices();
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return MessagingModule.build([{ provide: MESSAGING_OPTIONS, useValue: options }]);
  }

  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      ...MessagingModule.build([
        {
          provide: MESSAGING_OPTIONS,
          useFactory: options.useFactory as (...args: unknown[]) => Promise<MessagingModuleOptions>,
          inject: options.inject ?? [],
        },
      ]),
      imports: options.imports ?? [],
    };
  }

  private static build(optionsProviders: Provider[]): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        ...optionsProviders,
        { provide: MESSAGE_BUS, useFactory: createBus, inject: [MESSAGING_OPTIONS] },
        {
          provide: BusRequester,
          useFactory: (bus: MessageBus, options: MessagingModuleOptions) =>
            new BusRequester(bus, typeof options.requester === 'object' ? options.requester : {}),
          inject: [MESSAGE_BUS, MESSAGING_OPTIONS],
        },
        {
          provide: BusServer,
          useFactory: (bus: MessageBus, options: MessagingModuleOptions) =>
            new BusServer({ bus, group: options.group, topicPartitions: options.partitions ?? 12 }),
          inject: [MESSAGE_BUS, MESSAGING_OPTIONS],
        },
        MessagingLifecycle,
      ],
      exports: [MESSAGE_BUS, BusRequester, BusServer],
    };
  }
}

function createBus(options: MessagingModuleOptions): MessageBus {
  const bus = createAdapter(options);
  return options.namespace ? new NamespacedMessageBus(bus, options.namespace) : bus;
}

function createAdapter(options: MessagingModuleOptions): MessageBus {
  if (options.mode === 'in-process') {
    return new InProcessMessageBus({ partitions: options.partitions, retry: options.retry });
  }
  if (!options.brokers || options.brokers.length === 0) {
    throw new Error('MessagingModule: mode kafka needs brokers');
  }
  return new KafkaMessageBus({
    ...options.kafka,
    brokers: options.brokers,
    clientId: options.clientId,
    partitions: options.partitions,
    retry: options.retry,
    logger: new Logger(KafkaMessageBus.name),
  });
}
