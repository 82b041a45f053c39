import type { ProviderId } from '../catalog/provider-id';

/** A known non-RFC (or less common RFC) form that normalization rewrites into the canonical RFC form. */
export interface QuirkDefinition {
  /** Providers known to send it; empty for RFC-valid variants no particular provider is known for. */
  readonly providers: readonly ProviderId[];
  readonly summary: string;
  /** Where the form is documented (section of the protocol notes or vendor page). */
  readonly source: string;
}

/** Every quirk normalization handles. Each profile applies all of them; see normalize-scim-request.ts. */
export const QUIRKS = {
  'entra-query-flag': {
    providers: ['entra-id'],
    summary: 'the aadOptscim062020 feature flag is removed from the query',
    source: 'notes §8 Deactivate; Microsoft "Known issues with SCIM 2.0 protocol compliance"',
  },
  'entra-adscim-schema': {
    providers: ['entra-id'],
    summary: 'Microsoft ADSCIM schema URNs without a body are removed from schemas',
    source: 'notes §8 Payload quirks ("extension URNs"); Microsoft "Create Group" request sample',
  },
  'attribute-path-keys': {
    providers: ['entra-id'],
    summary: 'attribute paths used as keys of a path-less PATCH value become operations with that path',
    source: 'Microsoft aadOptscim062020 sample "Requests to replace multiple attributes"',
  },
  'op-case': {
    providers: ['entra-id'],
    summary: 'PATCH op names are lower-cased (Add/Replace/Remove)',
    source: 'notes §8 op casing',
  },
  'string-boolean': {
    providers: ['entra-id'],
    summary: 'the strings "True"/"False" become booleans in boolean attributes',
    source: 'notes §8 String booleans',
  },
  'member-null-ref': {
    providers: ['entra-id'],
    summary: '"$ref": null is dropped from members',
    source: 'notes §8 Membership',
  },
  'scim11-urn': {
    providers: ['onelogin'],
    summary: 'SCIM 1.1 schema URNs become their SCIM 2.0 equivalents',
    source: 'notes §8 Payload quirks (OneLogin JSON template)',
  },
  'single-object-multi-valued': {
    providers: ['onelogin'],
    summary: 'a multi-valued attribute sent as one object is wrapped in a list',
    source: 'notes §8 Payload quirks (OneLogin emails object)',
  },
  'emails-null-preserved': {
    providers: ['jumpcloud'],
    summary: '"emails": null on a PUT keeps the stored emails',
    source: 'notes Q4, §3.1 step 3',
  },
  'password-stripped': {
    providers: ['okta', 'jumpcloud'],
    summary: 'passwords are removed and never stored',
    source: 'notes §4 password, §8 Payload quirks (Okta POST includes password)',
  },
  'read-only-groups-dropped': {
    providers: ['okta'],
    summary: 'an empty read-only groups list on a user is dropped',
    source: 'notes §8 Payload quirks (Okta groups: [])',
  },
  'group-id-in-value-dropped': {
    providers: ['okta'],
    summary: "the group's own id is dropped from a path-less replace value",
    source: 'notes §3.9, §8 Group rename (Okta {id, displayName})',
  },
  'patch-key-case': {
    providers: [],
    summary: 'PatchOp member names (Operations, op, path, value) are given their canonical case',
    source: 'RFC 7643 §2.1: attribute names are case-insensitive',
  },
} as const satisfies Record<string, QuirkDefinition>;

export type QuirkCode = keyof typeof QUIRKS;
