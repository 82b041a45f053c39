import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { CreateWebhookEndpointDto } from './create-webhook-endpoint.dto';
import { ReplayWebhookEventsDto } from './replay-webhook-events.dto';
import { UpdateWebhookEndpointDto } from './update-webhook-endpoint.dto';

function problems<T extends object>(type: new () => T, body: object): string[] {
  return validateSync(plainToInstance(type, body), { whitelist: true, forbidNonWhitelisted: true }).flatMap(
    (error) => Object.values(error.constraints ?? {}),
  );
}

describe(CreateWebhookEndpointDto.name, () => {
  it.each([
    ['an https URL', { url: 'https://app.example.com/webhooks' }],
    ['an http URL with a port', { url: 'http://127.0.0.1:8080/hook' }],
    ['a host without a TLD', { url: 'http://receiver:3000/hook' }],
    [
      'every field',
      {
        url: 'https://app.example.com/hook',
        description: 'CRM',
        eventTypes: ['directory.user.*', 'directory.group.user_added'],
        organizationId: randomUUID(),
        enabled: false,
      },
    ],
    ['an empty filter', { url: 'https://app.example.com/hook', eventTypes: [] }],
  ])('accepts %s', (_label, body) => {
    expect(problems(CreateWebhookEndpointDto, body)).toEqual([]);
  });

  it.each([
    ['no URL', {}, 'url must be a URL address'],
    ['an ftp URL', { url: 'ftp://files.example.com/' }, 'url must be a URL address'],
    ['a URL without a scheme', { url: 'app.example.com/hook' }, 'url must be a URL address'],
    [
      'an unknown event type',
      { url: 'https://a.example.com', eventTypes: ['user.created'] },
      'eventTypes must hold',
    ],
    [
      'a partial wildcard',
      { url: 'https://a.example.com', eventTypes: ['directory.us*'] },
      'eventTypes must hold',
    ],
    [
      'event types as a string',
      { url: 'https://a.example.com', eventTypes: 'directory.*' },
      'eventTypes must be an array',
    ],
    [
      'an organization that is not a uuid',
      { url: 'https://a.example.com', organizationId: 'acme' },
      'organizationId must be a UUID',
    ],
    [
      'an unknown field',
      { url: 'https://a.example.com', secret: 'whsec_mine' },
      'property secret should not exist',
    ],
  ])('refuses %s', (_label, body, message) => {
    expect(problems(CreateWebhookEndpointDto, body).join('; ')).toContain(message);
  });
});

describe(UpdateWebhookEndpointDto.name, () => {
  it.each([
    ['nothing', {}],
    ['clearing the description and the organization', { description: null, organizationId: null }],
    ['re-enabling', { enabled: true }],
  ])('accepts %s', (_label, body) => {
    expect(problems(UpdateWebhookEndpointDto, body)).toEqual([]);
  });

  it.each([
    ['a null URL', { url: null }, 'url must be a URL address'],
    ['null event types', { eventTypes: null }, 'eventTypes must be an array'],
    ['a null enabled', { enabled: null }, 'enabled must be a boolean value'],
    ['enabled as text', { enabled: 'yes' }, 'enabled must be a boolean value'],
  ])('refuses %s', (_label, body, message) => {
    expect(problems(UpdateWebhookEndpointDto, body).join('; ')).toContain(message);
  });
});

describe(ReplayWebhookEventsDto.name, () => {
  it('accepts a window and a type filter', () => {
    expect(
      problems(ReplayWebhookEventsDto, {
        since: '2025-11-28T00:00:00Z',
        until: '2025-11-29T00:00:00.000Z',
        eventTypes: ['directory.user.*'],
      }),
    ).toEqual([]);
  });

  it.each([
    ['no since', {}, 'since must be a valid ISO 8601 date string'],
    ['a since that is not a date', { since: 'yesterday' }, 'since must be a valid ISO 8601 date string'],
    ['an impossible date', { since: '2025-02-30T00:00:00Z' }, 'since must be a valid ISO 8601 date string'],
  ])('refuses %s', (_label, body, message) => {
    expect(problems(ReplayWebhookEventsDto, body).join('; ')).toContain(message);
  });
});
