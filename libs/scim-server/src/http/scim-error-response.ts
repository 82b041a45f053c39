import { HttpException } from '@nestjs/common';
import { BusUnavailableError, RequestTimeoutError } from '@scimflow/messaging';
import { ScimError, type ScimType } from '@scimflow/scim';
import { ScimServerException } from '../scim-server.exception';

/** Seconds an identity provider should wait before retrying when a dependency is down. */
export const RETRY_AFTER_SECONDS = 5;

export interface ScimErrorResponse {
  readonly error: ScimError;
  readonly headers: Readonly<Record<string, string>>;
  /** The cause is not the client's: log it (its details never reach the client). */
  readonly unexpected: boolean;
}

const SCIM_TYPES: ReadonlySet<string> = new Set<ScimType>([
  'invalidFilter',
  'tooMany',
  'uniqueness',
  'mutability',
  'invalidSyntax',
  'invalidPath',
  'noTarget',
  'invalidValue',
  'invalidVers',
  'sensitive',
]);

/** A SCIM error from the parts of an error reply; an unknown `scimType` is left out. */
export function scimErrorOf(status: number, scimType: string | undefined, detail: string): ScimError {
  return new ScimError(
    status,
    scimType !== undefined && SCIM_TYPES.has(scimType) ? (scimType as ScimType) : undefined,
    detail,
  );
}

function unavailable(detail: string): ScimErrorResponse {
  return {
    error: new ScimError(503, undefined, detail),
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    unexpected: false,
  };
}

/**
 * Maps anything thrown while serving a SCIM request to its RFC 7644 answer: SCIM errors as they are, a
 * dependency that is down or too slow as 503 with Retry-After, client errors of the framework with their
 * status, and everything else as a 500 that names only the correlation id.
 */
export function toScimErrorResponse(exception: unknown, correlationId: string): ScimErrorResponse {
  if (ScimError.is(exception)) return { error: exception, headers: {}, unexpected: false };
  if (exception instanceof RequestTimeoutError) {
    return unavailable('The directory did not answer in time; retry later.');
  }
  if (exception instanceof BusUnavailableError) {
    return unavailable('The service is temporarily unavailable; retry later.');
  }
  if (exception instanceof ScimServerException) {
    return { ...unavailable('The service is temporarily unavailable; retry later.'), unexpected: true };
  }
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    return {
      error: new ScimError(exception.getStatus(), undefined, exception.message),
      headers: {},
      unexpected: false,
    };
  }
  return {
    error: new ScimError(500, undefined, `Internal error (correlation id ${correlationId}).`),
    headers: {},
    unexpected: true,
  };
}
