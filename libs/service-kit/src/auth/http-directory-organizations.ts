import type { DirectoryOrganizations } from './directory-organizations';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface HttpDirectoryOrganizationsOptions {
  /** directory-service's base URL (its internal API). */
  baseUrl: string;
  adminApiKey: string;
  /** Bound of each call (default 5 000 ms). */
  timeoutMs?: number;
  /** How long an answer is kept (default 60 000 ms; 0 disables the cache). */
  cacheTtlMs?: number;
  /** Most directories kept at once (default 10 000); the oldest entry leaves first. */
  maxEntries?: number;
  /** Milliseconds since the epoch; tests move it. */
  now?: () => number;
}

/**
 * {@link DirectoryOrganizations} over directory-service's internal API
 * (`GET /internal/v1/directories/:directoryId/organization` with the admin key), for the services that do not
 * own the directories. A directory never changes organization, so found answers are cached; "no such
 * directory" is not, since the directory may be created the next second. Concurrent lookups of one directory
 * share a call. Anything but 200 or 404 is an error, so an unreachable directory-service fails the request
 * rather than passing for "no such directory".
 */
export class HttpDirectoryOrganizations implements DirectoryOrganizations {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly cacheTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly cache = new Map<string, { organizationId: string; expiresAt: number }>();
  private readonly inFlight = new Map<string, Promise<string | null>>();

  constructor(private readonly options: HttpDirectoryOrganizationsOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.cacheTtlMs = options.cacheTtlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async organizationOf(directoryId: string): Promise<string | null> {
    if (!UUID.test(directoryId)) return null;
    const key = directoryId.toLowerCase();
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.organizationId;
    if (cached) this.cache.delete(key);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const lookup = this.fetchOrganization(key).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, lookup);
    return lookup;
  }

  private async fetchOrganization(directoryId: string): Promise<string | null> {
    const response = await fetch(`${this.baseUrl}/internal/v1/directories/${directoryId}/organization`, {
      headers: { authorization: `Bearer ${this.options.adminApiKey}`, accept: 'application/json' },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new Error(`directory-service answered ${response.status} to a directory organization lookup`);
    }
    const body = (await response.json()) as { organizationId?: unknown };
    if (typeof body.organizationId !== 'string' || !UUID.test(body.organizationId)) {
      throw new Error(
        'directory-service answered a directory organization lookup without an organization id',
      );
    }
    const organizationId = body.organizationId.toLowerCase();
    if (this.cacheTtlMs > 0) this.remember(directoryId, organizationId);
    return organizationId;
  }

  private remember(directoryId: string, organizationId: string): void {
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(directoryId, { organizationId, expiresAt: this.now() + this.cacheTtlMs });
  }
}
