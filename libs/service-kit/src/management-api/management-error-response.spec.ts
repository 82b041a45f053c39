import {
  BadRequestException,
  HttpException,
  NotFoundException,
  PayloadTooLargeException,
} from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ManagementApiException } from './management-api.exception';
import { toManagementErrorResponse } from './management-error-response';

/** What Express' body parser throws (an http-errors error). */
function bodyParserError(message: string, status: number): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose: true });
}

describe(toManagementErrorResponse.name, () => {
  it.each([
    [
      ManagementApiException.validation(['name must be a string', 'limit must not be greater than 200']),
      400,
      'validation_failed',
      'Invalid request: name must be a string; limit must not be greater than 200.',
    ],
    [ManagementApiException.unauthorized(), 401, 'unauthorized', 'A valid bearer token is required.'],
    [ManagementApiException.notFound('Directory', 'abc'), 404, 'not_found', 'Directory abc does not exist.'],
    [ManagementApiException.conflict('taken'), 409, 'conflict', 'taken'],
    [
      new BadRequestException('Unexpected token } in JSON at position 9'),
      400,
      'validation_failed',
      'Unexpected token } in JSON at position 9',
    ],
    [
      new BadRequestException(['a must be set', 'b must be set']),
      400,
      'validation_failed',
      'a must be set; b must be set',
    ],
    [new NotFoundException('Cannot GET /api/v1/nowhere'), 404, 'not_found', 'Cannot GET /api/v1/nowhere'],
    [
      new PayloadTooLargeException('request entity too large'),
      413,
      'payload_too_large',
      'request entity too large',
    ],
    [new HttpException('I am a teapot', 418), 418, 'bad_request', 'I am a teapot'],
    [bodyParserError('request entity too large', 413), 413, 'payload_too_large', 'request entity too large'],
    [
      bodyParserError('unsupported charset "UTF-7"', 415),
      415,
      'unsupported_media_type',
      'unsupported charset "UTF-7"',
    ],
  ])('answers %p with %i %s', (exception, status, code, message) => {
    expect(toManagementErrorResponse(exception)).toEqual({
      status,
      body: { error: { code, message } },
      unexpected: false,
    });
  });

  it.each([
    [
      'a database error',
      new QueryFailedError(
        'SELECT secret FROM t WHERE x = $1',
        ['scim_hunter2'],
        new Error('relation "t" does not exist'),
      ),
    ],
    ['a plain error', new Error('token scim_hunter2 leaked into a message')],
    ['a 5xx HttpException', new HttpException('upstream said no', 502)],
    [
      'an http error not meant for the client',
      Object.assign(new Error('secret detail'), { status: 400, expose: false }),
    ],
    [
      'an exposed 5xx http error',
      Object.assign(new Error('upstream said no'), { status: 503, expose: true }),
    ],
    ['a thrown string', 'scim_hunter2'],
    ['undefined', undefined],
  ])('answers %s with a 500 that reveals nothing', (_label, exception) => {
    const answer = toManagementErrorResponse(exception);
    expect(answer).toEqual({
      status: 500,
      body: { error: { code: 'internal_error', message: 'The server could not complete the request.' } },
      unexpected: true,
    });
    expect(JSON.stringify(answer.body)).not.toMatch(/hunter2|secret|relation|upstream/);
  });
});
