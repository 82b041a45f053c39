import type { ScimCommandReply } from '@scimflow/contracts';
import type { Projector } from '@scimflow/scim';
import { scimErrorOf } from '../http/scim-error-response';
import type { ScimHttpResult } from '../http/scim-response';
import { etagOf, locationOf } from './resource-projection';

/**
 * The HTTP answer to a write from directory-service's reply: the resource (projected) with its ETag, and its
 * Location on 201; 204 without a body.
 *
 * @throws ScimError for an error reply (its status, scimType and detail, as directory-service decided).
 */
export function commandReplyToResult(
  reply: ScimCommandReply,
  project: Projector,
  fallbackLocation?: string,
): ScimHttpResult {
  if (!reply.ok) throw scimErrorOf(reply.error.status, reply.error.scimType, reply.error.detail);
  if (reply.status === 204) return { status: 204 };
  if (!reply.resource) throw new Error(`directory-service replied ${reply.status} without a resource`);
  const headers: Record<string, string> = {};
  const etag = etagOf(reply.resource, reply.version);
  if (etag !== undefined) headers['ETag'] = etag;
  if (reply.status === 201) {
    const location = locationOf(reply.resource) ?? fallbackLocation;
    if (location !== undefined) headers['Location'] = location;
  }
  return { status: reply.status, body: project(reply.resource), headers };
}
