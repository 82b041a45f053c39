import { parseEntityTags } from '@scimflow/scim';

/**
 * An If-Match header as directory-service compares it: `*`, or the weak form of each tag (`W/"3"`), because
 * SCIM versions are weak ETags and some clients echo `meta.version` without quotes or without `W/`.
 */
export function ifMatchForCommand(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const tags = parseEntityTags(header);
  if (tags === '*') return '*';
  const weak = tags.filter((tag) => tag.opaque !== '').map((tag) => `W/"${tag.opaque}"`);
  return weak.length === 0 ? undefined : weak.join(', ');
}
