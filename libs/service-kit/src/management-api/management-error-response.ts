import { HttpException } from '@nestjs/common';
import { ManagementApiException, ManagementErrorCodes } from './management-api.exception';

/** The body of every error answer of the management API. */
export interface ManagementErrorBody {
  error: { code: string; message: string };
}

export interface ManagementErrorResponse {
  status: number;
  body: ManagementErrorBody;
  /** Whether the cause is unexpected and must be logged (its details never reach the client). */
  unexpected: boolean;
}

const CODE_OF_STATUS: Readonly<Record<number, string>> = {
  400: ManagementErrorCodes.validationFailed,
  401: ManagementErrorCodes.unauthorized,
  403: ManagementErrorCodes.forbidden,
  404: ManagementErrorCodes.notFound,
  405: 'method_not_allowed',
  409: ManagementErrorCodes.conflict,
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

const INTERNAL_MESSAGE = 'The server could not complete the request.';

/**
 * Maps anything thrown while serving a management route to its answer. Our own exception keeps its code;
 * a Nest HttpException (routing, a pipe from elsewhere) or a client error of Express' body parser (http-errors
 * marks those `expose`) keeps its 4xx status and message; every other error becomes a 500 that says nothing
 * about its cause.
 */
export function toManagementErrorResponse(exception: unknown): ManagementErrorResponse {
  if (exception instanceof ManagementApiException) {
    return {
      status: exception.status,
      body: errorBody(exception.code, exception.message),
      unexpected: false,
    };
  }
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    const status = exception.getStatus();
    const code = CODE_OF_STATUS[status] ?? 'bad_request';
    return { status, body: errorBody(code, httpExceptionMessage(exception)), unexpected: false };
  }
  if (isClientHttpError(exception)) {
    const code = CODE_OF_STATUS[exception.status] ?? 'bad_request';
    return { status: exception.status, body: errorBody(code, exception.message), unexpected: false };
  }
  return {
    status: 500,
    body: errorBody(ManagementErrorCodes.internalError, INTERNAL_MESSAGE),
    unexpected: true,
  };
}

function errorBody(code: string, message: string): ManagementErrorBody {
  return { error: { code, message } };
}

function httpExceptionMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** An error of the http-errors package (what Express' body parser throws) meant to be shown to the client. */
function isClientHttpError(exception: unknown): exception is Error & { status: number; expose: true } {
  if (!(exception instanceof Error)) return false;
  const { status, expose } = exception as Error & { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500;
}
