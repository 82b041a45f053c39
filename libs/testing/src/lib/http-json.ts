/** What {@link httpJson} read: the status, the headers, the raw text and the parsed JSON body (if any). */
export interface HttpJsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  body: T | undefined;
}

/** `fetch` options, plus `json`: a value sent as the JSON request body. */
export interface HttpJsonInit extends RequestInit {
  json?: unknown;
}

/**
 * A small `fetch` for specs: sends `init.json` as a JSON body (content-type `application/json` unless the
 * caller sets one, e.g. `application/scim+json`) and parses any JSON-like response (`*json` content type).
 * Never throws on an HTTP error status: assert on `status` instead.
 */
export async function httpJson<T = unknown>(
  url: string | URL,
  init: HttpJsonInit = {},
): Promise<HttpJsonResponse<T>> {
  const { json, headers: given, ...rest } = init;
  const headers = new Headers(given);
  if (!headers.has('accept')) headers.set('accept', 'application/json, application/scim+json');
  let body = rest.body;
  if (json !== undefined) {
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    body = JSON.stringify(json);
  }
  const response = await fetch(url, { ...rest, headers, body });
  const text = await response.text();
  const isJson = /json/i.test(response.headers.get('content-type') ?? '') && text.length > 0;
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: isJson ? (JSON.parse(text) as T) : undefined,
  };
}
