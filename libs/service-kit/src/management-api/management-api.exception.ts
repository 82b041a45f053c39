/** The `error.code` values of the management API, each with its HTTP status. */
export const ManagementErrorCodes = {
  validationFailed: 'validation_failed',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  internalError: 'internal_error',
} as const;

export type ManagementErrorCode = (typeof ManagementErrorCodes)[keyof typeof ManagementErrorCodes];

const STATUS_OF: Readonly<Record<ManagementErrorCode, number>> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  internal_error: 500,
};

/**
 * The one error of the management API. Services throw it; only the exception filter turns it into an HTTP
 * response, so the services stay free of transport concerns.
 */
export class ManagementApiException extends Error {
  readonly status: number;

  constructor(
    readonly code: ManagementErrorCode,
    message: string,
  ) {
    super(message);
    this.name = ManagementApiException.name;
    this.status = STATUS_OF[code];
  }

  static validation(problems: string[]): ManagementApiException {
    return new ManagementApiException(
      ManagementErrorCodes.validationFailed,
      `Invalid request: ${problems.join('; ')}.`,
    );
  }

  static notFound(resource: string, id: string): ManagementApiException {
    return new ManagementApiException(ManagementErrorCodes.notFound, `${resource} ${id} does not exist.`);
  }

  static conflict(message: string): ManagementApiException {
    return new ManagementApiException(ManagementErrorCodes.conflict, message);
  }

  static unauthorized(message = 'A valid bearer token is required.'): ManagementApiException {
    return new ManagementApiException(ManagementErrorCodes.unauthorized, message);
  }

  /** An authenticated caller outside what it may reach (a portal session beyond its organization). */
  static forbidden(message: string): ManagementApiException {
    return new ManagementApiException(ManagementErrorCodes.forbidden, message);
  }
}
