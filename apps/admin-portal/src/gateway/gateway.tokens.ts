import type { Upstream } from './gateway-routes';

/** Injection token of the {@link GatewayOptions}. */
export const GATEWAY_OPTIONS = Symbol('GATEWAY_OPTIONS');

export interface GatewayOptions {
  /** Base URL of each service, without a trailing slash. */
  upstreams: Record<Upstream, string>;
  upstreamTimeoutMs: number;
}
