import type { ScimRequest } from './scim-request';

// Builders shared by the normalization specs (not exported from the library).

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const USER_ID = '7d1c9e52-0a4b-4f0e-b3b8-61f2a9e0d001';
export const GROUP_ID = 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b';

export function scimRequest(
  overrides: Partial<ScimRequest> & Pick<ScimRequest, 'method' | 'resourceType'>,
): ScimRequest {
  const collection = overrides.resourceType === 'Group' ? 'Groups' : 'Users';
  const id = overrides.resourceType === 'Group' ? GROUP_ID : USER_ID;
  const method = overrides.method.toUpperCase();
  return {
    pathSegments: method === 'POST' || method === 'GET' ? [collection] : [collection, id],
    query: {},
    headers: {},
    body: undefined,
    ...overrides,
  };
}

export function patchBody(operations: readonly unknown[]): Record<string, unknown> {
  return { schemas: [PATCH_OP], Operations: operations };
}
