import type { RoleRule } from './directory-model';

/** An organization with one SCIM directory, ready for an identity provider. */
export interface Tenant {
  organizationId: string;
  directoryId: string;
  token: string;
}

/** Where the management APIs are: one base per service (the same base three times in the embedded mode). */
export interface ManagementApis {
  directory: string;
  roleMapping: string;
  webhooks: string;
  adminApiKey: string;
}

/**
 * What an administrator does before the identity provider connects, through the management APIs: the roles
 * and each organization's group→role mapping (set before any user exists, so that no backfill runs during the
 * sync), the SCIM directories, and the webhook endpoint of the onboarded application.
 */
export class TenantSetup {
  constructor(private readonly apis: ManagementApis) {}

  async createRoles(rules: readonly RoleRule[]): Promise<void> {
    const keys = [...new Set(rules.map((rule) => rule.role))];
    for (const [index, key] of keys.entries()) {
      const created = await this.call('POST', this.apis.roleMapping, '/api/v1/roles', {
        key,
        name: key[0]!.toUpperCase() + key.slice(1),
        priority: 10 * (index + 1),
      });
      // 409: created by an earlier test of the same run.
      if (created.status !== 201 && created.status !== 409)
        throw new Error(`create role ${key}: ${created.status} ${created.text}`);
    }
  }

  async createTenant(name: string, rules: readonly RoleRule[]): Promise<Tenant> {
    const organization = await this.expect(201, 'POST', this.apis.directory, '/api/v1/organizations', {
      name,
    });
    const organizationId = String(organization['id']);
    await this.expect(
      200,
      'PUT',
      this.apis.roleMapping,
      `/api/v1/organizations/${organizationId}/role-mapping`,
      {
        mode: 'multiple',
        defaultRole: null,
        rules: rules.map((rule) => ({ group: { displayName: rule.groupDisplayName }, roles: [rule.role] })),
      },
    );
    const directory = await this.expect(
      201,
      'POST',
      this.apis.directory,
      `/api/v1/organizations/${organizationId}/directories`,
      { provider: 'generic-scim' },
    );
    return { organizationId, directoryId: String(directory['id']), token: String(directory['bearerToken']) };
  }

  /** Creates an endpoint for every event of every organization; returns its signing secret. */
  async createWebhookEndpoint(url: string): Promise<string> {
    const endpoint = await this.expect(201, 'POST', this.apis.webhooks, '/api/v1/webhook-endpoints', { url });
    return String(endpoint['secret']);
  }

  private async expect(
    status: number,
    method: string,
    base: string,
    path: string,
    body: unknown,
  ): Promise<Record<string, unknown>> {
    const answer = await this.call(method, base, path, body);
    if (answer.status !== status) throw new Error(`${method} ${path}: ${answer.status} ${answer.text}`);
    return JSON.parse(answer.text) as Record<string, unknown>;
  }

  private async call(
    method: string,
    base: string,
    path: string,
    body: unknown,
  ): Promise<{ status: number; text: string }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.apis.adminApiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: response.status, text: await response.text() };
  }
}
