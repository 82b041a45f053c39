// Response bodies are read loosely in the scenarios; their assertions say what the bodies must hold.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** What a scenario's request answered: the status and the parsed JSON body, if the response had one. */
export interface JsonAnswer {
  status: number;
  body: Json;
}

/**
 * One request of a scenario: `credential` as a bearer token (none when empty), `body` as JSON of
 * `contentType`. Never throws on an HTTP error status: the scenarios assert on it.
 */
export async function requestJson(
  url: string,
  credential: string,
  method: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<JsonAnswer> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(credential ? { Authorization: `Bearer ${credential}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': contentType }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
