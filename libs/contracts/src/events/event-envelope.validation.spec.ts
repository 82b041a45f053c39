import fc from 'fast-check';
import { EventTypes } from './event-types';
import { envelopeProblems, validateEvent, validateEventEnvelope } from './event-envelope.validation';

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

describe('the compiled envelope check', () => {
  // Values each field may take: valid ones, near misses, and other kinds.
  const uuidLike = fc.oneof(
    fc.uuid(),
    fc.constant('00000000-0000-0000-0000-000000000000'),
    fc.constant('urn:uuid:8b0eb3cb-d2a1-4428-8d67-c43fc6a02fd9'),
    fc.constant('8B0EB3CB-D2A1-4428-8D67-C43FC6A02FD9'),
    fc.constant('8b0eb3cb-d2a1-0428-8d67-c43fc6a02fd9'),
    fc.string(),
  );
  const timeLike = fc.oneof(
    fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
    fc.constantFrom(
      '2026-11-28',
      '2026-11-28T17:25:01',
      '2026-11-28T17:25:01+01:00',
      '2026-13-28T00:00:00Z',
      '',
    ),
    fc.string(),
  );
  const anything = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.string(),
    fc.array(fc.integer()),
    fc.object(),
  );
  const field = <T>(valid: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: anything });
  const maybe = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined, freq: 8 });
  const envelopes = fc.record({
    id: maybe(field(uuidLike)),
    type: maybe(
      field(fc.constantFrom(EventTypes.userCreated, EventTypes.groupUserAdded, 'directory.user.renamed')),
    ),
    version: maybe(field(fc.oneof(fc.integer({ min: -2, max: 9 }), fc.double()))),
    sequence: maybe(field(fc.oneof(fc.integer({ min: -2, max: 2 ** 40 }), fc.double()))),
    occurredAt: maybe(field(timeLike)),
    organizationId: maybe(field(uuidLike)),
    directoryId: maybe(field(uuidLike)),
    data: maybe(field(fc.object())),
    previousAttributes: fc.option(field(fc.object()), { nil: undefined, freq: 2 }),
    extra: fc.option(anything, { nil: undefined, freq: 2 }),
  });

  it("gives class-validator's verdict on any envelope", () => {
    fc.assert(
      fc.property(envelopes, (candidate) => {
        const value = Object.fromEntries(
          Object.entries(candidate).filter(([, given]) => given !== undefined),
        );
        expect(validateEventEnvelope(value).length === 0).toBe(envelopeProblems(value).length === 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('hands what it refuses to class-validator, whose messages stand', () => {
    expect(validateEventEnvelope(envelope({ sequence: 0, id: 'x' }))).toEqual(
      envelopeProblems(envelope({ sequence: 0, id: 'x' })),
    );
    expect(validateEventEnvelope(envelope({ sequence: 0 }))).toEqual(['sequence must not be less than 1']);
  });
});
