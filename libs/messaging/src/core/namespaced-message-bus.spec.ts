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

  it.each(['', 'has space', 'dot.ted'])('refuses the namespace %p', (namespace) => {
    expect(() => new NamespacedMessageBus(new InProcessMessageBus({}), namespace)).toThrow(
      /invalid bus namespace/,
    );
  });
});
