import { getProvider } from '../catalog/providers';
import { PROVIDER_IDS, type ProviderId } from '../catalog/provider-id';
import { detectProvider, ENTRA_COMPLIANCE_FLAG } from './detect-provider';
import { cloneJson, isJsonObject, jsonPointer } from './json';
import type { NormalizationContext } from './normalization-context';
import { normalizePatchBody } from './patch-rules';
import { QUIRKS, type QuirkCode } from './quirks';
import { normalizeResourceBody } from './resource-rules';
import type {
  NormalizationDirectives,
  NormalizationNote,
  NormalizationProfile,
  NormalizationWarning,
  NormalizedScimRequest,
  ScimRequest,
} from './scim-request';

/**
 * Normalizes a SCIM request before RFC validation: every known provider quirk is rewritten into its RFC form,
 * whatever `profile` says, because a directory configured for the wrong provider must still work. The
 * profile only decides which quirks are expected and which deserve a warning. RFC-correct requests come
 * back unchanged, and normalizing a normalized request changes nothing and reports nothing.
 */
export function normalizeScimRequest(request: ScimRequest, profile: ProviderId): NormalizedScimRequest {
  const notes: NormalizationNote[] = [];
  const preserveAttributes = [...(request.directives?.preserveAttributes ?? [])];
  const method = request.method.toUpperCase();
  const isResource = request.resourceType === 'User' || request.resourceType === 'Group';
  const isSearch = request.pathSegments.some((segment) => segment.toLowerCase() === '.search');
  const context: NormalizationContext = {
    method,
    resourceType: request.resourceType,
    resourceId: isResource && request.pathSegments.length >= 2 ? request.pathSegments[1] : null,
    note: (code, location, message) => notes.push({ code, location: jsonPointer(location), message }),
    preserve: (attribute) => {
      if (preserveAttributes.includes(attribute)) return false;
      preserveAttributes.push(attribute);
      return true;
    },
  };

  const query = normalizeQuery(request.query, notes);
  let body = request.body;
  let emptied = false;
  if (isResource && !isSearch && isJsonObject(body)) {
    const notesBefore = notes.length;
    const copy = cloneJson(body);
    if (method === 'POST' || method === 'PUT') normalizeResourceBody(copy, context);
    if (method === 'PATCH') emptied = normalizePatchBody(copy, context).emptied;
    // Every rule that changes the body notes it: an untouched body is handed back as the very same object.
    if (notes.length > notesBefore) body = copy;
  }

  const directives: NormalizationDirectives = {
    preserveAttributes,
    allowEmptyOperations: (request.directives?.allowEmptyOperations ?? false) || emptied,
  };
  const detectedProvider = detectProvider(request);
  return {
    ...request,
    query,
    body,
    directives,
    profile,
    detectedProvider,
    notes,
    warnings: warningsFor(profile, detectedProvider, notes),
  };
}

function normalizeQuery(
  query: Readonly<Record<string, string>>,
  notes: NormalizationNote[],
): Readonly<Record<string, string>> {
  const flagKeys = Object.keys(query).filter(
    (key) => key.toLowerCase() === ENTRA_COMPLIANCE_FLAG.toLowerCase(),
  );
  if (flagKeys.length === 0) return query;
  for (const key of flagKeys) {
    notes.push({
      code: 'entra-query-flag',
      location: `?${key}`,
      message: `Entra ID feature flag ${key} removed from the query`,
    });
  }
  return Object.fromEntries(Object.entries(query).filter(([key]) => !flagKeys.includes(key)));
}

function warningsFor(
  profile: ProviderId,
  detectedProvider: ProviderId | null,
  notes: readonly NormalizationNote[],
): NormalizationWarning[] {
  const warnings: NormalizationWarning[] = [];
  if (detectedProvider !== null && detectedProvider !== profile) {
    warnings.push({
      code: 'provider-mismatch',
      message: `The request comes from ${getProvider(detectedProvider).name}, but the directory is configured for ${getProvider(profile).name}.`,
    });
  }
  const unexpected = new Set<QuirkCode>(
    notes
      .map((note) => note.code)
      .filter((code) => {
        const providers: readonly ProviderId[] = QUIRKS[code].providers;
        return providers.length > 0 && !providers.includes(profile);
      }),
  );
  for (const code of unexpected) {
    const knownFrom = QUIRKS[code].providers.map((id) => getProvider(id).name).join(' and ');
    warnings.push({
      code: 'unexpected-quirk',
      message: `Accepted a form known from ${knownFrom} (${QUIRKS[code].summary}), but the directory is configured for ${getProvider(profile).name}.`,
    });
  }
  return warnings;
}

/** One profile per provider, each a pure function of the request. */
export const PROFILES: Readonly<Record<ProviderId, NormalizationProfile>> = Object.fromEntries(
  PROVIDER_IDS.map((id) => [id, (request: ScimRequest) => normalizeScimRequest(request, id)]),
) as Record<ProviderId, NormalizationProfile>;

/** The normalization profile of a provider. */
export function getProfile(id: ProviderId): NormalizationProfile {
  return PROFILES[id];
}
