import type { ProviderId } from '../catalog/provider-id';
import type { QuirkCode } from './quirks';

/** The resource a SCIM request addresses, decided by the ingress from the first path segment. */
export type ScimResourceType =
  'User' | 'Group' | 'ServiceProviderConfig' | 'ResourceType' | 'Schema' | 'Bulk' | 'Search';

/** Instructions for the handlers that a normalization could not express in the body itself. */
export interface NormalizationDirectives {
  /**
   * Attributes a PUT must keep from the stored resource although the body nulls them (JumpCloud's
   * `"emails": null` on its minimal PUT means "unchanged", not "clear"). Maps to the command's
   * `preserveAttributes`.
   */
  readonly preserveAttributes: readonly string[];
  /**
   * True when a PATCH had operations and normalization removed every one of them (a password-only PATCH):
   * apply nothing and answer with the current resource instead of rejecting an empty `Operations`.
   */
  readonly allowEmptyOperations: boolean;
}

/** A SCIM request as the ingress parsed it, before RFC validation. */
export interface ScimRequest {
  /** HTTP method, any case. */
  readonly method: string;
  readonly resourceType: ScimResourceType;
  /** Path segments after the SCIM base URL, e.g. `['Users', '<id>']` or `['Groups']`. */
  readonly pathSegments: readonly string[];
  readonly query: Readonly<Record<string, string>>;
  /** Request headers, names lower-cased as Node gives them. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The parsed JSON body, or undefined when there is none. */
  readonly body: unknown;
  /** Directives of an earlier normalization, carried over so that normalizing twice changes nothing. */
  readonly directives?: NormalizationDirectives;
}

/** One change a normalization made, for the request log and the portal's diagnostics. */
export interface NormalizationNote {
  readonly code: QuirkCode;
  /** Where: a JSON pointer into the body as normalized so far, or `?name` for a query parameter. */
  readonly location: string;
  readonly message: string;
}

/** Something an admin may want to fix: usually a directory configured for the wrong provider. */
export interface NormalizationWarning {
  readonly code: 'provider-mismatch' | 'unexpected-quirk';
  readonly message: string;
}

/** The request after normalization: same shape as the input, plus what was done and why. */
export interface NormalizedScimRequest extends ScimRequest {
  readonly directives: NormalizationDirectives;
  /** The profile that was applied: the provider the directory is configured for. */
  readonly profile: ProviderId;
  /** The provider recognised from the request itself (User-Agent, headers, query flags), or null. */
  readonly detectedProvider: ProviderId | null;
  readonly notes: readonly NormalizationNote[];
  readonly warnings: readonly NormalizationWarning[];
}

/** A normalization profile: a pure function from a parsed request to its normalized form. */
export type NormalizationProfile = (request: ScimRequest) => NormalizedScimRequest;
