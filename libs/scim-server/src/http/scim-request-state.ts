import type { ScimIdentity } from '@scimflow/contracts';
import type { NormalizedScimRequest } from '@scimflow/providers';
import type { IncomingMessage } from 'node:http';
import type { ScimRoute } from './scim-route';

/** What the SCIM pipeline learned about a request before routing; the handlers and the request log read it. */
export interface ScimRequestState {
  readonly route: ScimRoute;
  readonly receivedAt: Date;
  /** performance.now() when the request arrived. */
  readonly startedAt: number;
  readonly correlationId: string;
  /** Set once the bearer token was accepted for the route's directory. */
  identity?: ScimIdentity;
  /** SHA-256 (hex) of that token, which a write's command carries (see ScimCommand.credential). */
  credential?: string;
  /** The query string as the client sent it. */
  query?: Record<string, string>;
  /** The parsed JSON body as the client sent it. */
  body?: unknown;
  /** The request after the directory's provider profile was applied. */
  normalized?: NormalizedScimRequest;
  /** The body of the answer, for the request log. */
  responseBody?: unknown;
}

const states = new WeakMap<object, ScimRequestState>();

export function setScimRequestState(request: IncomingMessage, state: ScimRequestState): void {
  states.set(request, state);
}

/** The state of a request that went through the SCIM pipeline, or undefined. */
export function scimRequestState(request: IncomingMessage | undefined): ScimRequestState | undefined {
  return request === undefined ? undefined : states.get(request);
}
