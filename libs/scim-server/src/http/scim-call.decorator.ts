import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ScimIdentity } from '@scimflow/contracts';
import type { IncomingMessage } from 'node:http';
import { scimRequestState } from './scim-request-state';

/** An authenticated SCIM request as the handlers see it: normalized, with its conditional headers. */
export interface ScimCall {
  readonly identity: ScimIdentity;
  /** SHA-256 (hex) of the request's bearer token. */
  readonly credential: string | undefined;
  readonly correlationId: string;
  /** The query after normalization (without `aadOptscim062020`). */
  readonly query: Readonly<Record<string, string>>;
  /** The body after the provider profile was applied. */
  readonly body: unknown;
  readonly preserveAttributes: readonly string[];
  readonly allowEmptyOperations: boolean;
  readonly ifMatch: string | undefined;
  readonly ifNoneMatch: string | undefined;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Builds the ScimCall of a request the SCIM pipeline let through. */
export function scimCallOf(request: IncomingMessage): ScimCall {
  const state = scimRequestState(request);
  if (!state?.identity) {
    // Only reachable when the pipeline is not mounted: a wiring error, never the client's.
    throw new Error('SCIM request reached a handler without the SCIM pipeline');
  }
  return {
    identity: state.identity,
    credential: state.credential,
    correlationId: state.correlationId,
    query: state.normalized?.query ?? state.query ?? {},
    body: state.normalized ? state.normalized.body : state.body,
    preserveAttributes: state.normalized?.directives.preserveAttributes ?? [],
    allowEmptyOperations: state.normalized?.directives.allowEmptyOperations ?? false,
    ifMatch: header(request, 'if-match'),
    ifNoneMatch: header(request, 'if-none-match'),
  };
}

/** Injects the ScimCall of the request into a SCIM handler. */
export const ScimRequestCall = createParamDecorator((_data: unknown, context: ExecutionContext): ScimCall =>
  scimCallOf(context.switchToHttp().getRequest<IncomingMessage>()),
);
