/** The `scimType` error keywords of RFC 7644 §3.12 (Table 9). */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/** The URN of the SCIM error message schema. */
export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The JSON body of a SCIM error response (RFC 7644 §3.12); `status` is a string there. */
export interface ScimErrorBody {
  readonly schemas: readonly [typeof SCIM_ERROR_SCHEMA];
  readonly status: string;
  readonly scimType?: ScimType;
  readonly detail: string;
}

/**
 * A SCIM protocol error: an HTTP status, an optional RFC 7644 `scimType` and a human-readable detail.
 * Everything in this library that rejects input throws one; the HTTP edge serialises it with `toJSON()`.
 */
export class ScimError extends Error {
  override readonly name = 'ScimError';

  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    readonly detail: string,
  ) {
    super(scimType ? `${status} ${scimType}: ${detail}` : `${status}: ${detail}`);
  }

  /** The RFC 7644 §3.12 error body. */
  toJSON(): ScimErrorBody {
    return this.scimType === undefined
      ? { schemas: [SCIM_ERROR_SCHEMA], status: String(this.status), detail: this.detail }
      : {
          schemas: [SCIM_ERROR_SCHEMA],
          status: String(this.status),
          scimType: this.scimType,
          detail: this.detail,
        };
  }

  /** True when `error` is a ScimError (also across copies of this module). */
  static is(error: unknown): error is ScimError {
    return error instanceof ScimError;
  }

  /** 400 invalidFilter: the filter syntax is invalid, or names something that cannot be filtered on. */
  static invalidFilter(detail: string): ScimError {
    return new ScimError(400, 'invalidFilter', detail);
  }

  /** 400 tooMany: the query would return more results than the server is willing to process. */
  static tooMany(detail: string): ScimError {
    return new ScimError(400, 'tooMany', detail);
  }

  /** 409 uniqueness: a value that must be unique is already taken. */
  static uniqueness(detail: string): ScimError {
    return new ScimError(409, 'uniqueness', detail);
  }

  /** 400 mutability: the request changes a readOnly or immutable attribute, or unassigns a required one. */
  static mutability(detail: string): ScimError {
    return new ScimError(400, 'mutability', detail);
  }

  /** 400 invalidSyntax: the request body does not have the structure the request schema requires. */
  static invalidSyntax(detail: string): ScimError {
    return new ScimError(400, 'invalidSyntax', detail);
  }

  /** 400 invalidPath: a PATCH `path` is malformed or names an unknown attribute. */
  static invalidPath(detail: string): ScimError {
    return new ScimError(400, 'invalidPath', detail);
  }

  /** 400 noTarget: a PATCH `path` yields nothing to operate on. */
  static noTarget(detail: string): ScimError {
    return new ScimError(400, 'noTarget', detail);
  }

  /** 400 invalidValue: a required value is missing or a value does not fit the attribute's type. */
  static invalidValue(detail: string): ScimError {
    return new ScimError(400, 'invalidValue', detail);
  }

  /** 400 invalidVers: the SCIM protocol version is not supported. */
  static invalidVers(detail: string): ScimError {
    return new ScimError(400, 'invalidVers', detail);
  }

  /** 403 sensitive: the request carries data that must not travel in a URI (RFC 7644 §7.5.2). */
  static sensitive(detail: string): ScimError {
    return new ScimError(403, 'sensitive', detail);
  }

  /** 404: the resource does not exist. */
  static notFound(detail: string): ScimError {
    return new ScimError(404, undefined, detail);
  }

  /** 405: the endpoint exists, but does not answer this method (send its methods in an Allow header). */
  static methodNotAllowed(detail: string): ScimError {
    return new ScimError(405, undefined, detail);
  }

  /** 412: an If-Match / If-None-Match precondition failed (RFC 7644 §3.14). */
  static preconditionFailed(detail: string): ScimError {
    return new ScimError(412, undefined, detail);
  }

  /** 413: the request body exceeds `maxPayloadSize`. */
  static payloadTooLarge(detail: string): ScimError {
    return new ScimError(413, undefined, detail);
  }

  /** 501: the server does not implement the requested operation (for example /Bulk). */
  static notImplemented(detail: string): ScimError {
    return new ScimError(501, undefined, detail);
  }
}
