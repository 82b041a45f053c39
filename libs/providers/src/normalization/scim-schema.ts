import { equalsIgnoreCase } from './json';

// Minimal SCIM schema knowledge the normalizations need. @scimflow/scim owns the full schemas; these few
// constants are kept here so that normalization stays a leaf that runs before any RFC validation.

/** Schema URNs the normalizations read or write. */
export const ScimUrns = {
  coreUser: 'urn:ietf:params:scim:schemas:core:2.0:User',
  coreGroup: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  /** SCIM 1.1 core schema, used by OneLogin's JSON templates. */
  scim11Core: 'urn:scim:schemas:core:1.0',
  /** SCIM 1.1 enterprise extension. */
  scim11Enterprise: 'urn:scim:schemas:extension:enterprise:1.0',
} as const;

/** Prefix of the Microsoft-private schema URNs Entra ID lists in `schemas` of a group create. */
export const ENTRA_ADSCIM_SCHEMA_PREFIX = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/';

/** Multi-valued attributes of the core User schema (RFC 7643 §4.1.2); each value may carry `primary`. */
export const MULTI_VALUED_USER_ATTRIBUTES: ReadonlySet<string> = new Set(
  ['emails', 'phoneNumbers', 'ims', 'photos', 'addresses', 'entitlements', 'roles', 'x509Certificates'].map(
    (name) => name.toLowerCase(),
  ),
);

/** What a PATCH `path` points at: `[schema:]attribute[filter][.subAttribute]`. */
export interface PatchPathTarget {
  /** The schema URN prefix, or null when the path has none. */
  readonly schema: string | null;
  readonly attribute: string;
  readonly subAttribute: string | null;
  /** Whether the path has a value filter (`emails[type eq "work"]`). */
  readonly filtered: boolean;
}

/**
 * Splits a PATCH path into its parts. Lenient on purpose: it is used only to find the attributes a
 * normalization cares about; the PATCH engine parses and validates paths for real.
 */
export function parsePatchPath(path: string): PatchPathTarget | null {
  const trimmed = path.trim();
  if (trimmed === '') return null;
  const bracket = trimmed.indexOf('[');
  let head = bracket >= 0 ? trimmed.slice(0, bracket) : trimmed;
  let tail = '';
  if (bracket >= 0) {
    const close = trimmed.lastIndexOf(']');
    if (close < bracket) return null;
    tail = trimmed.slice(close + 1);
    if (tail !== '' && !tail.startsWith('.')) return null;
  }
  let schema: string | null = null;
  if (/^urn:/i.test(head)) {
    const colon = head.lastIndexOf(':');
    schema = head.slice(0, colon);
    head = head.slice(colon + 1);
  }
  const dot = head.indexOf('.');
  const attribute = dot >= 0 ? head.slice(0, dot) : head;
  const subAttribute = dot >= 0 ? head.slice(dot + 1) : tail !== '' ? tail.slice(1) : null;
  if (attribute === '') return null;
  return {
    schema,
    attribute,
    subAttribute: subAttribute === '' ? null : subAttribute,
    filtered: bracket >= 0,
  };
}

/** Whether a path target is an attribute of the core schema of `resourceUrn` (no prefix counts as core). */
export function isCoreAttribute(target: PatchPathTarget, resourceUrn: string, attribute: string): boolean {
  return (
    (target.schema === null || equalsIgnoreCase(target.schema, resourceUrn)) &&
    equalsIgnoreCase(target.attribute, attribute)
  );
}
