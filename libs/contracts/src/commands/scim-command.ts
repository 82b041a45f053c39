/**
 * Canonical SCIM write commands, sent by scim-ingress on scim.commands.v1 (key = directory id) and applied
 * by directory-service in one transaction. The ingress has already authenticated, validated and applied the
 * provider's normalization; the resource and operations here are RFC 7643/7644-shaped.
 */
export const ScimCommandTypes = {
  userCreate: 'user.create',
  userReplace: 'user.replace',
  userPatch: 'user.patch',
  userDelete: 'user.delete',
  groupCreate: 'group.create',
  groupReplace: 'group.replace',
  groupPatch: 'group.patch',
  groupDelete: 'group.delete',
} as const;

export type ScimCommandType = (typeof ScimCommandTypes)[keyof typeof ScimCommandTypes];
export const SCIM_COMMAND_TYPES: readonly ScimCommandType[] = Object.values(ScimCommandTypes);
export const SCIM_COMMAND_VERSION = 1;

export interface ScimPatchOperation {
  op: 'add' | 'replace' | 'remove';
  path?: string;
  value?: unknown;
}

export interface ScimCommand {
  commandId: string;
  type: ScimCommandType;
  version: typeof SCIM_COMMAND_VERSION;
  organizationId: string;
  directoryId: string;
  /** Provider profile the request was normalized with (for diagnostics). */
  provider: string;
  issuedAt: string;
  /** Target of replace/patch/delete. */
  resourceId?: string;
  /** Body of create/replace. */
  resource?: Record<string, unknown>;
  /** Operations of patch. */
  operations?: ScimPatchOperation[];
  /** Attributes a replace must keep although the body omits or nulls them (JumpCloud's `emails: null`). */
  preserveAttributes?: string[];
  /** If-Match precondition (an ETag), checked against the stored version. */
  ifMatch?: string;
  /**
   * SHA-256 (hex) of the bearer token the request carried. directory-service applies the command only if it is
   * still one of the directory's tokens then (the current one, or the previous one within its grace period): a
   * token rotated out or a deleted directory writes nothing, whatever an ingress cached of the token.
   */
  credential?: string;
}

export interface ScimCommandError {
  status: number;
  scimType?: string;
  detail: string;
}

export type ScimCommandReply =
  | { ok: true; status: 200 | 201 | 204; resource?: Record<string, unknown>; version?: number }
  | { ok: false; error: ScimCommandError };
