/**
 * A small client of the management API for integration specs: what a replay of identity-provider traffic
 * needs to read back (users, groups with their member ids, the directory's events in sequence order).
 */
export interface ManagementApiClient {
  createOrganization(name: string): Promise<{ id: string }>;
  createDirectory(
    organizationId: string,
    provider: string,
  ): Promise<{ id: string; endpointUrl: string; bearerToken: string }>;
  forDirectory(directoryId: string): DirectoryReader;
}

export interface DirectoryReader {
  getUser(id: string): Promise<DirectoryUserView | null>;
  getGroup(id: string): Promise<DirectoryGroupView | null>;
  listEvents(): Promise<
    Array<{
      id: string;
      type: string;
      sequence: number;
      data?: unknown;
      previousAttributes?: Record<string, unknown>;
    }>
  >;
}

export interface DirectoryUserView {
  id: string;
  userName: string;
  active: boolean;
  emails: Array<{ value: string }>;
  [key: string]: unknown;
}

export interface DirectoryGroupSummary {
  id: string;
  displayName: string;
  memberCount: number;
  [key: string]: unknown;
}

export interface DirectoryGroupView extends DirectoryGroupSummary {
  memberIds: string[];
}

export function managementApiClient(baseUrl: string, adminApiKey: string): ManagementApiClient {
  const root = baseUrl.replace(/\/+$/, '');
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${root}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${adminApiKey}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const expectStatus = <T>(result: { status: number; body: T }, status: number, what: string): T => {
    if (result.status !== status)
      throw new Error(`${what}: expected ${status}, got ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  };
  const pages = async <T>(path: string): Promise<T[]> => {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const page: { data: T[]; nextCursor: string | null } = expectStatus(
        await call(
          'GET',
          `${path}${separator}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        ),
        200,
        `GET ${path}`,
      );
      items.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };

  return {
    async createOrganization(name) {
      return expectStatus(await call('POST', '/api/v1/organizations', { name }), 201, 'create organization');
    },
    async createDirectory(organizationId, provider) {
      return expectStatus(
        await call('POST', `/api/v1/organizations/${organizationId}/directories`, { provider }),
        201,
        'create directory',
      );
    },
    forDirectory(directoryId) {
      const base = `/api/v1/directories/${directoryId}`;
      return {
        async getUser(id) {
          const result = await call<DirectoryUserView>('GET', `${base}/users/${encodeURIComponent(id)}`);
          return result.status === 404 ? null : expectStatus(result, 200, 'get user');
        },
        async getGroup(id) {
          const result = await call<DirectoryGroupSummary>('GET', `${base}/groups/${encodeURIComponent(id)}`);
          if (result.status === 404) return null;
          const group = expectStatus(result, 200, 'get group');
          const members = await pages<{ id: string }>(`${base}/groups/${encodeURIComponent(id)}/members`);
          const view: DirectoryGroupView = { ...group, memberIds: members.map((member) => member.id) };
          return view;
        },
        async listEvents() {
          const events: Array<{ id: string; type: string; sequence: number }> = [];
          let after = 0;
          for (;;) {
            const page: {
              data: Array<{ id: string; type: string; sequence: number }>;
              nextCursor: string | null;
            } = expectStatus(
              await call('GET', `${base}/events?after=${after}&limit=200`),
              200,
              'list events',
            );
            events.push(...page.data);
            if (!page.nextCursor || page.data.length === 0) return events;
            after = page.data[page.data.length - 1]!.sequence;
          }
        },
      };
    },
  };
}
