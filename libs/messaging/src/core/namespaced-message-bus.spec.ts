import { InProcessMessageBus } from '../in-process/in-process-message-bus';
import type { IncomingMessage } from '../message-bus';
import { NamespacedMessageBus } from './namespaced-message-bus';

describe(NamespacedMessageBus.name, () => {
  it('keeps two namespaces on one bus apart and shows handlers the logical topic', async () => {
    const shared = new InProcessMessageBus({ partitions: 2 });
    const blue = new NamespacedMessageBus(shared, 'blue');
    const green = new NamespacedMessageBus(shared, 'green');
    const seenByBlue: IncomingMessage[] = [];
    const seenByGreen: IncomingMessage[] = [];
    await blue.subscribe({
      group: 'g',
      topics: ['orders'],
      handle: async (message) => void seenByBlue.push(message),
    });
    await green.subscribe({
      group: 'g',
      topics: ['orders'],
      handle: async (message) => void seenByGreen.push(message),
    });

    await blue.publish([{ topic: 'orders', key: 'k', value: { n: 1 } }]);

    expect(seenByBlue.map((message) => [message.topic, message.value])).toEqual([['orders', { n: 1 }]]);
    expect(seenByGreen).toEqual([]);
    await shared.close();
  });

  it('hands a batch handler its batches with the logical topic', async () => {
    const shared = new InProcessMessageBus({ partitions: 1 });
    const blue = new NamespacedMessageBus(shared, 'blue');
    const batches: Array<Array<[string, unknown]>> = [];
    await blue.subscribe({
      group: 'g',
      topics: ['orders'],
      handle: async () => {
        throw new Error('a batch handler is given batches');
      },
      handleBatch: async (messages) =>
        void batches.push(messages.map((message) => [message.topic, message.value])),
    });

    await blue.publish([1, 2, 3].map((n) => ({ topic: 'orders', key: 'k', value: { n } })));

    expect(batches.flat()).toEqual([1, 2, 3].map((n) => ['orders', { n }]));
    await shared.close();
  });

  it.each(['', 'has space', 'dot.ted'])('refuses the namespace %p', (namespace) => {
    expect(() => new NamespacedMessageBus(new InProcessMessageBus({}), namespace)).toThrow(
      /invalid bus namespace/,
    );
  });
});
