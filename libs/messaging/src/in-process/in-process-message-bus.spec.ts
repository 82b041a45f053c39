import { BusUnavailableError } from '../errors/bus-unavailable.error';
import type { IncomingMessage, SubscriptionHandle } from '../message-bus';
import { eventually } from '../spec-support/eventually';
import { Gate } from '../spec-support/gate';
import { messageBusContract } from '../spec-support/message-bus.contract';
import { RecordingLogger } from '../spec-support/recording-logger';
import { InProcessMessageBus } from './in-process-message-bus';

const retry = { initialDelayMs: 5, maxDelayMs: 50 };

describe(InProcessMessageBus.name, () => {
  messageBusContract({
    partitions: 4,
    retainsMessages: false,
    createBus: (logger, backoff = retry) =>
      new InProcessMessageBus({ partitions: 4, retry: backoff, logger }),
    anotherInstance: (bus) => bus,
    moduleOptions: () => ({ mode: 'in-process', partitions: 4, retry }),
  });

  describe('publish', () => {
    let logger: RecordingLogger;
    let bus: InProcessMessageBus;
    let handles: SubscriptionHandle[];

    const subscribe = async (
      group: string,
      topic: string,
      handle: (message: IncomingMessage) => Promise<void>,
    ) => {
      const subscription = await bus.subscribe({ group, topics: [topic], handle });
      handles.push(subscription);
      return subscription;
    };

    beforeEach(() => {
      logger = new RecordingLogger();
      bus = new InProcessMessageBus({ partitions: 4, retry, logger, nestedPublishWaitMs: 200 });
      handles = [];
    });

    afterEach(async () => {
      await Promise.all(handles.map((handle) => handle.stop()));
      await bus.close();
    });

    it('resolves only once every subscribed group has handled the message', async () => {
      const release = new Gate();
      const handledBy: string[] = [];
      await subscribe('directory', 'events', async () => void handledBy.push('directory'));
      await subscribe('webhooks', 'events', async () => {
        await release.opened;
        handledBy.push('webhooks');
      });
      let settled = false;

      const published = bus.publish([{ topic: 'events', key: 'dir-1', value: 1 }]).then(() => {
        settled = true;
      });

      await eventually(() => expect(handledBy).toEqual(['directory']));
      expect(settled).toBe(false);
      release.open();
      await published;
      expect(handledBy).toEqual(['directory', 'webhooks']);
    });

    it('does not wait on its own queue when a handler publishes to the partition it runs in', async () => {
      const handled: string[] = [];
      await subscribe('directory', 'commands', async (message) => {
        if (message.value === 'ping')
          await bus.publish([{ topic: 'commands', key: message.key, value: 'pong' }]);
        handled.push(message.value as string);
      });

      await bus.publish([{ topic: 'commands', key: 'dir-1', value: 'ping' }]);

      await eventually(() => expect(handled).toEqual(['ping', 'pong']));
    });

    it('makes a handler that publishes wait until the consuming group has handled it', async () => {
      const order: string[] = [];
      await subscribe('webhooks', 'access', async () => void order.push('webhooks handled'));
      await subscribe('directory', 'events', async (message) => {
        await bus.publish([{ topic: 'access', key: message.key, value: 'roles' }]);
        order.push('directory published');
      });

      await bus.publish([{ topic: 'events', key: 'dir-1', value: 'membership' }]);

      expect(order).toEqual(['webhooks handled', 'directory published']);
    });

    it('breaks a wait cycle between two groups that publish into each other', async () => {
      const handled: string[] = [];
      const oneBusy = new Gate();
      const twoBusy = new Gate();
      // Each handler publishes into the other group's partition while that one is busy publishing back.
      await subscribe('one', 'first', async (message) => {
        if (message.value === 'a') {
          oneBusy.open();
          await twoBusy.opened;
          await bus.publish([{ topic: 'second', key: 'dir-1', value: 'y' }]);
        }
        handled.push(message.value as string);
      });
      await subscribe('two', 'second', async (message) => {
        if (message.value === 'm') {
          twoBusy.open();
          await oneBusy.opened;
          await bus.publish([{ topic: 'first', key: 'dir-1', value: 'x' }]);
        }
        handled.push(message.value as string);
      });

      await Promise.all([
        bus.publish([{ topic: 'second', key: 'dir-1', value: 'm' }]),
        bus.publish([{ topic: 'first', key: 'dir-1', value: 'a' }]),
      ]);

      await eventually(() => expect([...handled].sort()).toEqual(['a', 'm', 'x', 'y']));
      expect(logger.matching('stopped waiting for its consumers').length).toBeGreaterThan(0);
    });

    it('fails the publishes still queued when the last member of a group stops', async () => {
      const started = new Gate();
      const release = new Gate();
      const handle = await bus.subscribe({
        group: 'directory',
        topics: ['events'],
        handle: async () => {
          started.open();
          await release.opened;
        },
      });
      const first = bus.publish([{ topic: 'events', key: 'dir-1', value: 1 }]);
      await started.opened;
      const second = bus.publish([{ topic: 'events', key: 'dir-1', value: 2 }]);

      const stopping = handle.stop();
      release.open();
      await stopping;

      await expect(first).resolves.toBeUndefined();
      await expect(second).rejects.toBeInstanceOf(BusUnavailableError);
    });

    it('refuses to publish or subscribe once closed', async () => {
      await bus.close();

      await expect(bus.publish([{ topic: 'events', key: 'dir-1', value: 1 }])).rejects.toBeInstanceOf(
        BusUnavailableError,
      );
      await expect(
        bus.subscribe({ group: 'late', topics: ['events'], handle: async () => undefined }),
      ).rejects.toBeInstanceOf(BusUnavailableError);
      await expect(bus.isHealthy()).resolves.toBe(false);
    });

    it('resolves at once when no group subscribes to the topic', async () => {
      await expect(
        bus.publish([{ topic: 'nobody-listens', key: 'dir-1', value: 1 }]),
      ).resolves.toBeUndefined();
    });
  });
});
