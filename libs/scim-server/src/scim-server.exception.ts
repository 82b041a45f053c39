/** What went wrong in scim-ingress itself; the SCIM edge answers all of these with 503 and Retry-After. */
export enum ScimServerErrorCode {
  /** directory-service cannot be reached, timed out, or failed (5xx). */
  DirectoryServiceUnavailable = 'directory-service-unavailable',
  /** directory-service answered something this version does not understand (or refused the admin key). */
  DirectoryServiceUnexpected = 'directory-service-unexpected',
}

/** The one exception of the SCIM edge; mapped to HTTP only by the SCIM exception filter. */
export class ScimServerException extends Error {
  constructor(
    readonly code: ScimServerErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = ScimServerException.name;
  }

  static unavailable(message: string, cause?: unknown): ScimServerException {
    return new ScimServerException(ScimServerErrorCode.DirectoryServiceUnavailable, message, { cause });
  }

  static unexpected(message: string): ScimServerException {
    return new ScimServerException(ScimServerErrorCode.DirectoryServiceUnexpected, message);
  }
}
