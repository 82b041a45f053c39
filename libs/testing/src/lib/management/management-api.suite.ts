import { accessManagement } from './access.management';
import { directoryLifecycleManagement } from './directory-lifecycle.management';
import type { ManagementApiTarget } from './management-client';
import { organizationsDirectoriesManagement } from './organizations-directories.management';
import { usersGroupsManagement } from './users-groups.management';

export type { ManagementApiTarget } from './management-client';

/**
 * A black-box suite of the management API (`/api/v1`, the admin key, `{ error: { code, message } }`), run over
 * HTTP as an application would call it, with users and groups provisioned through each directory's SCIM
 * endpoint as an identity provider would. Registered in the calling `describe`; `target` is read once that
 * `describe`'s own `beforeAll` has started the product (embedded, or the distributed services), with the
 * PUBLIC_URL and TOKEN_GRACE_PERIOD_SECONDS it was started with.
 */
export function managementApiSuite(target: () => ManagementApiTarget): void {
  describe('authentication, errors, OpenAPI and providers', () => accessManagement(target));
  describe('organizations and directories', () => organizationsDirectoriesManagement(target));
  describe("a directory's status, token rotation and deletion", () => directoryLifecycleManagement(target));
  describe('users, groups and members', () => usersGroupsManagement(target));
}
