import { InProcessMessageBus } from '../in-process/in-process-message-bus';
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
