import { PermanentMessageError } from '../errors/permanent-message.error';
import { InProcessMessageBus } from '../in-process/in-process-message-bus';
import { BusHeaders } from '../message-bus';
import { eventually } from '../spec-support/eventually';
import { Gate } from '../spec-support/gate';
import { RecordingLogger } from '../spec-support/recording-logger';
import { BATCH_EXTRA } from './batch-pattern.decorators';
import { BusServer } from './bus-server';

const handler = Object.assign(async () => undefined, {});

describe(BusServer.name, () => {
  const bus = new InProcessMessageBus();

  it.each([
    ['a handler with no consumer group', [[false, {}]], undefined, /no consumer group/],
    [
      'two @MessagePattern handlers of one topic in one group',
      [
        [false, {}],
        [false, {}],
      ],
      'directory',
      /two @MessagePattern/,
    ],
    [
      '@MessagePattern and @EventPattern handlers of one topic in one group',
      [
        [true, {}],
        [false, {}],
      ],
      'directory',
      /both/,
    ],
  ] as const)('refuses %s', (_case, registrations, group, error) => {
    const server = new BusServer({ bus, group });

    expect(() => {
      for (const [isEvent, extras] of registrations)
        server.addHandler('scim.commands.v1', handler, isEvent, extras);
    }).toThrow(error);
  });

  it('accepts the same topic in different groups, and several event handlers in one group', () => {
    const server = new BusServer({ bus, group: 'directory' });

    expect(() => {
      server.addHandler('directory.events.v1', handler, true, {});
      server.addHandler('directory.events.v1', handler, true, {});
      server.addHandler('directory.events.v1', handler, false, { group: 'webhooks' });
    }).not.toThrow();
  });
});

describe(`${BusServer.name} with a @MessageBatchPattern handler`, () => {
  it('answers the waiting requests together, one reply each, and one at a time after a permanent error', async () => {
    const bus = new InProcessMessageBus({ partitions: 1, logger: new RecordingLogger() });
    const server = new BusServer({ bus, group: 'directory', logger: new RecordingLogger() });
    const calls: unknown[][] = [];
    let gate = new Gate();
    const batchHandler = Object.assign(async (values: unknown[]) => {
      calls.push(values);
      // a request held in flight, so that the next ones wait on the partition and come as one batch
      if (values.includes('held')) await gate.opened;
      if (values.includes('bad')) throw new PermanentMessageError('bad request');
      return values.map((value) => `re:${String(value)}`);
    }, {});
    server.addHandler('requests', batchHandler, false, { [BATCH_EXTRA]: 10 });
    const replies: Array<{ value: unknown; id?: string; error?: string }> = [];
    await bus.subscribe({
      group: 'caller',
      topics: ['replies'],
      handle: async (message) =>
        void replies.push({
          value: message.value,
          id: message.headers[BusHeaders.messageId],
          ...(message.headers[BusHeaders.replyError] && { error: message.headers[BusHeaders.replyError] }),
        }),
    });
    const request = (value: string, id: string, expiresAt = new Date(Date.now() + 60_000)) => ({
      topic: 'requests',
      key: 'dir-1',
      value,
      headers: {
        [BusHeaders.replyTo]: 'replies',
        [BusHeaders.messageId]: id,
        [BusHeaders.expiresAt]: expiresAt.toISOString(),
      },
    });
    try {
      await new Promise<void>((resolve, reject) =>
        server.listen((error?: unknown) => (error ? reject(error as Error) : resolve())),
      );
      // the in-process bus's publish resolves once the message is handled
      const held = bus.publish([request('held', '0')]);
      await eventually(() => expect(calls).toHaveLength(1));
      const waiting = bus.publish([request('a', '1'), request('gone', 'x', new Date(0)), request('b', '2')]);
      gate.open();
      await Promise.all([held, waiting]);
      await eventually(() => expect(replies).toHaveLength(3));
      expect(calls).toEqual([['held'], ['a', 'b']]); // the expired request is left out, unanswered
      expect(replies).toEqual([
        { value: 're:held', id: '0' },
        { value: 're:a', id: '1' },
        { value: 're:b', id: '2' },
      ]);

      calls.length = 0;
      replies.length = 0;
      gate = new Gate();
      const heldAgain = bus.publish([request('held', '3')]);
      await eventually(() => expect(calls).toHaveLength(1));
      const withBad = bus.publish([request('c', '4'), request('bad', '5'), request('d', '6')]);
      gate.open();
      await Promise.all([heldAgain, withBad]);
      await eventually(() => expect(replies).toHaveLength(4));
      expect(calls).toEqual([['held'], ['c', 'bad', 'd'], ['c'], ['bad'], ['d']]);
      expect(replies).toEqual([
        { value: 're:held', id: '3' },
        { value: 're:c', id: '4' },
        { value: null, id: '5', error: 'bad request' },
        { value: 're:d', id: '6' },
      ]);
    } finally {
      await server.close();
      await bus.close();
    }
  });
});
