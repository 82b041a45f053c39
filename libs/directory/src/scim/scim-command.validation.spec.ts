import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { commandProblems, parseScimCommand } from './scim-command.validation';

function command(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    commandId: randomUUID(),
    type: 'group.patch',
    version: 1,
    organizationId: randomUUID(),
    directoryId: randomUUID(),
    provider: 'jumpcloud',
    issuedAt: new Date().toISOString(),
    resourceId: randomUUID(),
    operations: [{ op: 'add', path: 'members', value: [{ value: randomUUID() }] }],
    ...overrides,
  };
}

describe(parseScimCommand.name, () => {
  it.each([
    ['a patch with its operations', command()],
    ['a create with its resource', command({ type: 'user.create', resource: { userName: 'ada' } })],
    ['a command with neither', command({ operations: undefined })],
  ])('accepts %s, and hands it on unchanged', (_name, value) => {
    expect(parseScimCommand(value)).toEqual({ ok: true, command: value });
  });

  it.each([
    ['a string', 'user.create', ['not an object']],
    [
      'a resource that is a list',
      command({ resource: [{ userName: 'ada' }] }),
      ['resource must be an object'],
    ],
    ['a resource that is a string', command({ resource: 'ada' }), ['resource must be an object']],
    [
      'operations that are an object',
      command({ operations: { op: 'add' } }),
      ['operations must be an array'],
    ],
    ['an unknown type', command({ type: 'user.rename' }), [expect.stringMatching(/^type must be one of/)]],
    ['another version', command({ version: 2 }), [expect.stringMatching(/^version must be equal to 1/)]],
    ['a directory id that is no UUID', command({ directoryId: 'acme' }), ['directoryId must be a UUID']],
  ])('refuses %s', (_name, value, problems) => {
    expect(parseScimCommand(value)).toEqual({ ok: false, problems });
  });
});

describe('the compiled command check', () => {
  const anything = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.string(),
    fc.array(fc.string()),
    fc.object(),
  );
  const field = <T>(valid: fc.Arbitrary<T>) =>
    fc.option(fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: anything }), {
      nil: undefined,
      freq: 8,
    });
  const uuidLike = fc.oneof(
    fc.uuid(),
    fc.constantFrom(
      'urn:uuid:8b0eb3cb-d2a1-4428-8d67-c43fc6a02fd9',
      '8b0eb3cb-d2a1-0428-8d67-c43fc6a02fd9',
      '',
    ),
  );
  const hexLike = fc.oneof(
    fc.stringMatching(/^[0-9a-f]{64}$/),
    fc.stringMatching(/^0x[0-9a-f]{62}$/),
    fc.stringMatching(/^[0-9A-Fa-z]{63,65}$/),
  );
  const commands = fc.record({
    commandId: field(uuidLike),
    type: field(fc.constantFrom('user.create', 'group.patch', 'user.rename')),
    version: field(fc.constantFrom(1, 2, 0, '1')),
    organizationId: field(uuidLike),
    directoryId: field(uuidLike),
    provider: field(fc.constantFrom('jumpcloud', 'okta')),
    issuedAt: field(
      fc.oneof(
        fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
        fc.string(),
      ),
    ),
    resourceId: field(fc.string()),
    resource: field(fc.object()),
    operations: field(fc.array(fc.object())),
    preserveAttributes: field(fc.array(fc.oneof(fc.string(), fc.integer()))),
    ifMatch: field(fc.string()),
    credential: field(hexLike),
  });

  it("gives class-validator's verdict on any command", () => {
    fc.assert(
      fc.property(commands, (candidate) => {
        const value = Object.fromEntries(
          Object.entries(candidate).filter(([, given]) => given !== undefined),
        );
        expect(parseScimCommand(value).ok).toBe(commandProblems(value).ok);
      }),
      { numRuns: 3000 },
    );
  });
});
