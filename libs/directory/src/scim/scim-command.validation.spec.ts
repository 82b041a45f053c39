import { randomUUID } from 'node:crypto';
import { parseScimCommand } from './scim-command.validation';

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
