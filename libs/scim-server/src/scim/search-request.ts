import { isPlainObject, ScimError, ScimSchemaUrns } from '@scimflow/scim';

/**
 * The body of a POST …/.search as a SearchRequest (RFC 7644 §3.4.3): a JSON object whose `schemas`, when given,
 * names the SearchRequest message — another message (a PatchOp sent to the wrong URL) is refused rather than read
 * as a query. A body without `schemas` is read as a SearchRequest, as the query parameters would be.
 *
 * @throws ScimError 400 invalidSyntax.
 */
export function asSearchRequest(body: unknown): Readonly<Record<string, unknown>> {
  if (!isPlainObject(body))
    throw ScimError.invalidSyntax('The body of a search must be a SearchRequest object');
  const key = Object.keys(body).find((name) => name.toLowerCase() === 'schemas');
  const schemas = key === undefined ? undefined : body[key];
  if (schemas === undefined || schemas === null) return body;
  const wanted = ScimSchemaUrns.searchRequest.toLowerCase();
  if (
    !Array.isArray(schemas) ||
    !schemas.some((urn) => typeof urn === 'string' && urn.toLowerCase() === wanted)
  ) {
    throw ScimError.invalidSyntax(
      `The body of a search must be a SearchRequest (schemas ["${ScimSchemaUrns.searchRequest}"])`,
    );
  }
  return body;
}
