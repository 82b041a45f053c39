/** Who is calling: the operator (the admin API key) or an IT admin holding a session of one organization. */
export type PortalPrincipal =
  | { kind: 'operator' }
  | { kind: 'organization'; organizationId: string; linkId: string; sessionExpiresAt: Date };

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const principals = new WeakMap<object, PortalPrincipal>();

/** The credential of an `Authorization: Bearer <credential>` header, if the header has that form. */
export function bearerCredential(header: string | undefined): string | undefined {
  return header ? BEARER.exec(header)?.[1] : undefined;
}

/** Records the principal the guard authenticated on `request`, for the handler. */
export function rememberPrincipal(request: object, principal: PortalPrincipal): void {
  principals.set(request, principal);
}

/** The principal the guard authenticated on `request`. */
export function principalOf(request: object): PortalPrincipal {
  const principal = principals.get(request);
  // Only a route without the guard gets here: a wiring mistake, not a client error.
  if (!principal) throw new Error('No portal principal on this request: is PortalAccessGuard applied?');
  return principal;
}
