import { json } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { sendScimError } from './scim-response';

/** Largest request body accepted on SCIM routes; advertised as maxPayloadSize in /ServiceProviderConfig. */
export const SCIM_MAX_PAYLOAD_BYTES = 2 * 1024 * 1024;

const SCIM_MEDIA_TYPES = ['application/scim+json', 'application/json'];

const parse = json({ limit: SCIM_MAX_PAYLOAD_BYTES, type: SCIM_MEDIA_TYPES, strict: false });

/**
 * Parses SCIM request bodies (application/scim+json or application/json) and answers body problems with
 * the RFC 7644 error body: 415 for another media type, 413 over the size limit, 400 invalidSyntax for
 * malformed JSON.
 */
export function scimBodyParser(request: Request, response: Response, next: NextFunction): void {
  const hasBody = request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0'
    || request.headers['transfer-encoding'] !== undefined;
  if (hasBody && ['POST', 'PUT', 'PATCH'].includes(request.method)) {
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!SCIM_MEDIA_TYPES.includes(mediaType)) {
      sendScimError(response, 415, `Unsupported media type "${mediaType || '(none)'}": use application/scim+json.`);
      return;
    }
  }
  parse(request, response, (error?: unknown) => {
    if (!error) return next();
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      sendScimError(response, 413, `The request body exceeds ${SCIM_MAX_PAYLOAD_BYTES} bytes.`);
    } else if (type === 'entity.parse.failed') {
      sendScimError(response, 400, 'The request body is not valid JSON.', 'invalidSyntax');
    } else if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      sendScimError(response, 415, 'Unsupported request body encoding: use UTF-8.');
    } else {
      sendScimError(response, 400, 'The request body could not be read.', 'invalidSyntax');
    }
  });
}
