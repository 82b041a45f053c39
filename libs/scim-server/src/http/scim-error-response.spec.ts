import { NotFoundException } from '@nestjs/common';
import { BusUnavailableError, RequestTimeoutError } from '@scimflow/messaging';
import { ScimError } from '@scimflow/scim';
import { ScimServerException } from '../scim-server.exception';
import { scimErrorOf, toScimErrorResponse } from './scim-error-response';

describe(toScimErrorResponse.name, () => {
  it.each([
    ['a SCIM error', ScimError.invalidFilter('bad'), 400, 'invalidFilter', false],
    ['a 404 of the framework', new NotFoundException('Cannot GET /x'), 404, undefined, false],
  ])('keeps the status of %s', (_name, exception, status, scimType, unexpected) => {
    const answer = toScimErrorResponse(exception, 'c-1');
    expect(answer).toMatchObject({ unexpected, headers: {} });
    expect(answer.error.status).toBe(status);
    expect(answer.error.scimType).toBe(scimType);
  });

  it.each([
    ['a request timeout', new RequestTimeoutError('scim.commands.v1', 10_000), false],
    ['a bus that is down', new BusUnavailableError('broker down'), false],
    ['directory-service down', ScimServerException.unavailable('connect ECONNREFUSED'), true],
  ])('answers %s with 503 and Retry-After', (_name, exception, unexpected) => {
    const answer = toScimErrorResponse(exception, 'c-1');
    expect(answer.error.toJSON()).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '503',
      detail: expect.any(String),
    });
    expect(answer.headers).toEqual({ 'Retry-After': '5' });
    expect(answer.unexpected).toBe(unexpected);
    expect(answer.error.detail).not.toMatch(/ECONNREFUSED|broker|scim\.commands/);
  });

  it.each([
    ['an Error', new Error('relation "directory.users" does not exist')],
    ['a thrown string', 'boom'],
  ])('answers %s with a 500 naming only the correlation id', (_name, exception) => {
    const answer = toScimErrorResponse(exception, 'c-42');
    expect(answer.unexpected).toBe(true);
    expect(answer.error.toJSON()).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '500',
      detail: 'Internal error (correlation id c-42).',
    });
  });
});

describe(scimErrorOf.name, () => {
  it.each([
    [409, 'uniqueness', 'uniqueness'],
    [400, 'somethingElse', undefined],
    [412, undefined, undefined],
  ])('keeps known scimTypes only (%s %s)', (status, scimType, expected) => {
    const error = scimErrorOf(status, scimType, 'detail');
    expect(error.status).toBe(status);
    expect(error.scimType).toBe(expected);
  });
});
