import { ScimError } from '@scimflow/scim';
import { json } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body accepted on SCIM routes; advertised as maxPayloadSize in /ServiceProviderConfig. */
export const SCIM_MAX_PAYLOAD_BYTES = 2 * 1024 * 1024;

const SCIM_MEDIA_TYPES = ['application/scim+json', 'application/json'];
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

const parse = json({ limit: SCIM_MAX_PAYLOAD_BYTES, type: SCIM_MEDIA_TYPES, strict: false });

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

/** What body-parser's error `type` means for a SCIM client. */
function bodyError(error: unknown): ScimError {
  const type = (error as { type?: unknown }).type;
  switch (type) {
    case 'entity.too.large':
      return ScimError.payloadTooLarge(`The request body exceeds ${SCIM_MAX_PAYLOAD_BYTES} bytes.`);
    case 'entity.parse.failed':
      return ScimError.invalidSyntax('The request body is not valid JSON.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ScimError(415, undefined, 'Unsupported request body encoding: use UTF-8.');
    default:
      return ScimError.invalidSyntax('The request body could not be read.');
  }
}

/**
 * Reads the JSON body of a SCIM write (application/scim+json or application/json) into `request.body`.
 * Other methods are left alone.
 *
 * @throws ScimError 415 for another media type, 413 over SCIM_MAX_PAYLOAD_BYTES, 400 invalidSyntax for
 *   malformed JSON.
 */
export async function readScimBody(
  request: IncomingMessage & { body?: unknown },
  response: ServerResponse,
): Promise<void> {
  if (!METHODS_WITH_BODY.has(request.method ?? '')) return;
  if (hasBody(request)) {
    const mediaType = mediaTypeOf(request.headers['content-type']);
    if (!SCIM_MEDIA_TYPES.includes(mediaType)) {
      throw new ScimError(
        415,
        undefined,
        `Unsupported media type "${mediaType || '(none)'}": use application/scim+json.`,
      );
    }
  }
  await new Promise<void>((resolve, reject) => {
    // body-parser reads a plain node:http request as well as Express' (it only adds `body`)
    parse(
      request as Parameters<typeof parse>[0],
      response as Parameters<typeof parse>[1],
      (error?: unknown) => (error ? reject(bodyError(error)) : resolve()),
    );
  });
}
