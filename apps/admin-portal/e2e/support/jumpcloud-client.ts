/**
 * Speaks to a SCIM endpoint the way JumpCloud does (protocol notes §9): a lookup by userName before each
 * create, users created with the enterprise extension, a group created empty and then filled one member per
 * PATCH, and a disassociated group emptied member by member, each user then deactivated by a full PUT.
 */
export interface JumpCloudUser {
  userName: string;
  externalId: string;
  givenName: string;
  familyName: string;
  title?: string;
  department?: string;
  /** Sent when "Sync password" is on; the server must drop it (and the request log redact it). */
  password?: string;
}

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export class JumpCloudClient {
  constructor(
    private readonly endpointUrl: string,
    private readonly token: string,
  ) {}

  /** GET filter (miss), then POST; returns the id the server gave. */
  async provisionUser(user: JumpCloudUser): Promise<string> {
    const lookup = await this.request(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${user.userName}"`)}`,
    );
    assertStatus(lookup, 200);
    const created = await this.request('POST', '/Users', this.userBody(user, true));
    assertStatus(created, 201);
    return String((created.body as { id: string }).id);
  }

  /** GET filter (miss), POST the group empty, then one PATCH add per member. */
  async createGroup(displayName: string, memberIds: string[]): Promise<string> {
    const lookup = await this.request(
      'GET',
      `/Groups?filter=${encodeURIComponent(`displayName eq "${displayName}"`)}`,
    );
    assertStatus(lookup, 200);
    const created = await this.request('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName });
    assertStatus(created, 201);
    const groupId = String((created.body as { id: string }).id);
    for (const memberId of memberIds) {
      const patched = await this.request('PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'add', path: 'members', value: [{ value: memberId }] }],
      });
      assertStatus(patched, 200, 204);
    }
    return groupId;
  }

  /** The group is unbound from the app: every member removed (the group stays), then each user deactivated. */
  async disassociateGroup(groupId: string, members: { id: string; user: JumpCloudUser }[]): Promise<void> {
    for (const member of members) {
      const patched = await this.request('PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'remove', path: 'members', value: [{ value: member.id }] }],
      });
      assertStatus(patched, 200, 204);
    }
    for (const member of members) {
      const put = await this.request('PUT', `/Users/${member.id}`, {
        ...this.userBody(member.user, false),
        id: member.id,
      });
      assertStatus(put, 200);
    }
  }

  private userBody(user: JumpCloudUser, active: boolean): Record<string, unknown> {
    return {
      schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
      userName: user.userName,
      externalId: user.externalId,
      active,
      name: { givenName: user.givenName, familyName: user.familyName },
      displayName: `${user.givenName} ${user.familyName}`,
      ...(user.title ? { title: user.title } : {}),
      emails: [{ value: user.userName, type: 'work', primary: true }],
      locale: 'en-US',
      ...(user.password ? { password: user.password } : {}),
      ...(user.department ? { [ENTERPRISE_SCHEMA]: { department: user.department } } : {}),
    };
  }

  private async request(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.endpointUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        accept: 'application/scim+json',
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  }
}

function assertStatus(response: { status: number; body: unknown }, ...expected: number[]): void {
  if (!expected.includes(response.status)) {
    throw new Error(
      `SCIM answered ${response.status} (expected ${expected.join(' or ')}): ${JSON.stringify(response.body)}`,
    );
  }
}
