/**
 * Who is calling the management API: the operator (the admin API key), or a customer's IT admin holding a
 * portal session of one organization.
 */
export type ManagementPrincipal =
  | { kind: 'operator' }
  | { kind: 'organization'; organizationId: string; linkId: string; sessionExpiresAt: Date };

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const principals = new WeakMap<object, ManagementPrincipal>();

/** The credential of an `Authorization: Bearer <credential>` header, if the header has that form. */
export function bearerCredential(header: string | undefined): string | undefined {
  return header ? BEARER.exec(header)?.[1] : undefined;
}

/** Records the principal a guard authenticated on `request`, for the handler. */
export function rememberPrincipal(request: object, principal: ManagementPrincipal): void {
  principals.set(request, principal);
}

/** The principal a guard authenticated on `request`. */
export function principalOf(request: object): ManagementPrincipal {
  const principal = principals.get(request);
  // Only a route without the guard gets here: a wiring mistake, not a client error.
  if (!principal) throw new Error('No principal on this request: is the management API guard applied?');
  return principal;
}
