import { EventTypes } from './event-types';
import { validateEvent, validateEventEnvelope } from './event-envelope.validation';

function envelope(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '8b0eb3cb-d2a1-4428-8d67-c43fc6a02fd9',
    type: EventTypes.userCreated,
    version: 1,
    sequence: 1,
    occurredAt: '2026-11-28T17:25:01.481Z',
    organizationId: '7061ca58-3bc9-43cb-91e8-d7677e78554c',
    directoryId: '9404b61a-2435-411d-8217-7517775ae293',
    data: { id: 'c3a1f0d2-5b7e-4e0a-9f6d-1a2b3c4d5e6f', userName: 'ada@acme.example', active: true },
    ...overrides,
  };
}

function without(field: string): Record<string, unknown> {
  const value = envelope();
  delete value[field];
  return value;
}

describe(validateEventEnvelope.name, () => {
  it.each([
    ['an event of any type', envelope()],
    ['a version the catalog does not have yet', envelope({ version: 7 })],
    ['data of any shape', envelope({ data: { anything: 'goes' } })],
    ['previousAttributes', envelope({ previousAttributes: { title: 'Analyst' } })],
  ])('accepts %s', (_case, value) => {
    expect(validateEventEnvelope(value)).toEqual([]);
  });

  it.each([
    ['a string', 'directory.user.created', ['event is not an object']],
    ['null', null, ['event is not an object']],
    ['no id', without('id'), ['id must be a UUID']],
    [
      'an unknown type',
      envelope({ type: 'directory.user.renamed' }),
      [expect.stringMatching(/^type must be one of/)],
    ],
    ['version 0', envelope({ version: 0 }), ['version must not be less than 1']],
    [
      'a sequence given as text',
      envelope({ sequence: '3' }),
      expect.arrayContaining(['sequence must be an integer number']),
    ],
    [
      'a time that is no ISO 8601 date',
      envelope({ occurredAt: 'yesterday' }),
      ['occurredAt must be a valid ISO 8601 date string'],
    ],
    ['a directory id that is no UUID', envelope({ directoryId: 'acme' }), ['directoryId must be a UUID']],
    ['no data', without('data'), expect.arrayContaining(['data should not be null or undefined'])],
    ['data that is a list', envelope({ data: [] }), ['data must be an object']],
    [
      'previousAttributes that are text',
      envelope({ previousAttributes: 'title' }),
      ['previousAttributes must be an object'],
    ],
  ])('refuses %s', (_case, value, problems) => {
    expect(validateEventEnvelope(value)).toEqual(problems);
  });
});

describe(validateEvent.name, () => {
  it('checks the data against the class of its type and version, naming the nested path of each problem', () => {
    const event = envelope({
      type: EventTypes.groupUserAdded,
      data: { user: { id: 'not-a-uuid' }, group: { displayName: 42 } },
    });
    expect(validateEvent(event)).toEqual(
      expect.arrayContaining([
        'data.user.id must be a UUID',
        'data.user.active must be a boolean value',
        'data.group.displayName must be a string',
        'data.group.memberCount must be an integer number',
      ]),
    );
  });

  it('names the index of a bad entry in a list', () => {
    const event = envelope({
      type: EventTypes.userRolesUpdated,
      data: {
        user: {
          id: 'c3a1f0d2-5b7e-4e0a-9f6d-1a2b3c4d5e6f',
          userName: 'ada',
          email: null,
          displayName: null,
          active: true,
        },
        roles: ['admin'],
        previousRoles: [],
        grants: [{ role: 'admin', groupIds: ['engineering'] }],
      },
    });
    expect(validateEvent(event)).toEqual(['data.grants.0.groupIds: each value in groupIds must be a UUID']);
  });

  it('refuses a version the catalog does not have', () => {
    expect(validateEvent(envelope({ version: 7 }))).toEqual([
      'directory.user.created has no version 7 in the catalog',
    ]);
  });

  it('reports envelope problems first, without looking at the data', () => {
    expect(validateEvent(without('id'))).toEqual(['id must be a UUID']);
  });
});
