/** An error answer of the management API (`{ error: { code, message } }`), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /**
   * The route is not served here: a 404 from the router itself ("Cannot GET ...") rather than a missing
   * resource, or a gateway whose upstream is down. The screen says the API is unavailable.
   */
  get unavailable(): boolean {
    return (
      (this.status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE) /.test(this.message)) ||
      [0, 502, 503, 504].includes(this.status)
    );
  }
}

export type QueryValue = string | number | boolean | null | undefined;

export interface ApiClient {
  get<T>(path: string, query?: Record<string, QueryValue>): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  delete(path: string): Promise<void>;
}

/** `path` with the defined values of `query` as its query string. */
export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * A client of the same-origin management API with `Authorization: Bearer <credential>`. On a 401 it asks
 * `onUnauthorized` once for a fresh credential (a refreshed portal session) and retries with it.
 */
export function createApiClient(
  credential: () => string | null,
  onUnauthorized: () => Promise<string | null>,
): ApiClient {
  async function send<T>(method: string, path: string, body?: unknown, retried = false): Promise<T> {
    const token = credential();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers['authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'network_error', 'The server cannot be reached.');
    }
    if (response.status === 401 && token && !retried) {
      const fresh = await onUnauthorized();
      if (fresh) return send<T>(method, path, body, true);
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ApiError(
        response.status,
        error?.code ?? 'http_error',
        error?.message ?? `The server answered ${response.status} ${response.statusText}.`,
      );
    }
    return parsed as T;
  }

  return {
    get: (path, query) => send('GET', withQuery(path, query)),
    post: (path, body) => send('POST', path, body ?? {}),
    put: (path, body) => send('PUT', path, body ?? {}),
    patch: (path, body) => send('PATCH', path, body ?? {}),
    delete: (path) => send('DELETE', path),
  };
}
