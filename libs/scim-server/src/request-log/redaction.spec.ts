import { loggableBody, redactSecrets, REDACTED } from './redaction';

describe(redactSecrets.name, () => {
  it.each([
    [
      'a user with a password',
      { userName: 'ada', password: 'hunter2', name: { givenName: 'Ada' } },
      { userName: 'ada', password: REDACTED, name: { givenName: 'Ada' } },
    ],
    ['any case', { PassWord: 'x' }, { PassWord: REDACTED }],
    [
      'a URN-qualified key',
      { 'urn:ietf:params:scim:schemas:core:2.0:User:password': 'x', userName: 'ada' },
      { 'urn:ietf:params:scim:schemas:core:2.0:User:password': REDACTED, userName: 'ada' },
    ],
    [
      'tokens and secrets',
      { token: 'a', bearerToken: 'b', clientSecret: 'c', apiKey: 'd' },
      {
        token: REDACTED,
        bearerToken: REDACTED,
        clientSecret: REDACTED,
        apiKey: REDACTED,
      },
    ],
    [
      'a PATCH operation setting the password by path',
      {
        Operations: [
          { op: 'replace', path: 'password', value: 'x' },
          { op: 'replace', path: 'active', value: false },
        ],
      },
      {
        Operations: [
          { op: 'replace', path: 'password', value: REDACTED },
          { op: 'replace', path: 'active', value: false },
        ],
      },
    ],
    [
      'a path-less PATCH value',
      { Operations: [{ op: 'replace', value: { password: 'x', displayName: 'Ada' } }] },
      { Operations: [{ op: 'replace', value: { password: REDACTED, displayName: 'Ada' } }] },
    ],
    [
      'nothing secret',
      { userName: 'passwordless@acme.example', active: true },
      { userName: 'passwordless@acme.example', active: true },
    ],
    ['a scalar', 'text', 'text'],
  ])('redacts %s', (_name, input, expected) => {
    expect(redactSecrets(input)).toEqual(expected);
  });

  it('does not modify its input', () => {
    const input = { password: 'x' };
    redactSecrets(input);
    expect(input).toEqual({ password: 'x' });
  });
});

describe(loggableBody.name, () => {
  it.each([
    [undefined, null],
    [{ password: 'x' }, { password: REDACTED }],
    [{ members: 'x'.repeat(100) }, { truncated: true, bytes: 114 }],
  ])('stores %j as %j', (body, expected) => {
    expect(loggableBody(body, 64)).toEqual(expected);
  });
});
