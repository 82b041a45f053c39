import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RESPONSE_BODY_LIMIT, WebhookHttpClient } from './webhook-http-client';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local receiver; each path answers its own way. */
async function startReceiver(): Promise<{
  url: string;
  port: number;
  received: Received[];
  close: () => Promise<void>;
}> {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (path === '/ok') response.writeHead(204).end();
      else if (path === '/echo')
        response
          .writeHead(200, { 'content-type': 'text/plain' })
          .end(`got ${chunks.length > 0 ? 'body' : 'nothing'}`);
      else if (path === '/fail') response.writeHead(503).end('down for maintenance');
      else if (path === '/redirect') response.writeHead(302, { location: '/ok' }).end();
      else if (path === '/huge') {
        response.writeHead(200);
        response.end(Buffer.alloc(1024 * 1024, 'x'));
      } else if (path === '/silent') {
        // never answers: the client's time limit must end the attempt
      } else response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe(WebhookHttpClient.name, () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const client = new WebhookHttpClient({ timeoutMs: 500, allowPrivateNetworks: true, maxSockets: 8 });
  const strict = new WebhookHttpClient({ timeoutMs: 500, allowPrivateNetworks: false, maxSockets: 8 });

  beforeAll(async () => {
    receiver = await startReceiver();
  });

  afterAll(async () => {
    client.close();
    strict.close();
    await receiver.close();
  });

  it('POSTs the body as JSON with the given headers and reports a 2xx as success', async () => {
    const result = await client.post(`${receiver.url}/echo`, '{"a":1}', { 'webhook-id': 'evt-1' });

    expect(result).toMatchObject({
      succeeded: true,
      aborted: false,
      httpStatus: 200,
      responseBody: 'got body',
      error: null,
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    const request = receiver.received.find((entry) => entry.headers['webhook-id'] === 'evt-1');
    expect(request).toMatchObject({
      body: '{"a":1}',
      headers: { 'content-type': 'application/json', 'content-length': '7' },
    });
  });

  it.each([
    ['a 5xx', '/fail', 503, 'down for maintenance', null],
    ['a 404', '/missing', 404, null, null],
    ['a redirect, without following it', '/redirect', 302, null, 'redirect (302) not followed'],
  ])('reports %s as a failure with its status', async (_label, path, status, body, error) => {
    const before = receiver.received.filter((entry) => entry.path === '/ok').length;
    const result = await client.post(`${receiver.url}${path}`, '{}', {});

    expect(result).toMatchObject({ succeeded: false, httpStatus: status, responseBody: body, error });
    expect(receiver.received.filter((entry) => entry.path === '/ok')).toHaveLength(before);
  });

  it('keeps the first 4 KB of a large answer and drops the rest', async () => {
    const result = await client.post(`${receiver.url}/huge`, '{}', {});

    expect(result.succeeded).toBe(true);
    expect(result.responseBody).toHaveLength(RESPONSE_BODY_LIMIT);
  });

  it('gives up at the time limit', async () => {
    const result = await client.post(`${receiver.url}/silent`, '{}', {});

    expect(result).toMatchObject({
      succeeded: false,
      aborted: false,
      httpStatus: null,
      error: 'no answer within 500 ms',
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(450);
  });

  it('reports an attempt stopped by its signal as aborted', async () => {
    const controller = new AbortController();
    const pending = client.post(`${receiver.url}/silent`, '{}', {}, controller.signal);
    controller.abort();

    await expect(pending).resolves.toMatchObject({
      succeeded: false,
      aborted: true,
      error: 'the dispatcher stopped',
    });
  });

  it('reports a refused connection', async () => {
    const closed = await startReceiver();
    await closed.close();

    await expect(client.post(`${closed.url}/ok`, '{}', {})).resolves.toMatchObject({
      succeeded: false,
      httpStatus: null,
      error: 'connection refused',
    });
  });

  it('resolves host names at send time when private networks are allowed', async () => {
    await expect(client.post(`http://localhost:${receiver.port}/ok`, '{}', {})).resolves.toMatchObject({
      succeeded: true,
      httpStatus: 204,
    });
  });

  it.each([
    [
      'a loopback IP literal',
      () => `${receiver.url}/ok`,
      'refused to connect to 127.0.0.1: a loopback address',
    ],
    ['a name resolving to loopback', () => `http://localhost:${receiver.port}/ok`, 'a loopback address'],
    [
      'an IPv6 loopback literal',
      () => `http://[::1]:${receiver.port}/ok`,
      'refused to connect to ::1: a loopback address',
    ],
    ['the metadata address', () => 'http://169.254.169.254/latest/meta-data/', 'a link-local address'],
    ['an IPv4-mapped private address', () => 'http://[::ffff:10.0.0.1]/', 'a private address'],
    ['a unique-local address', () => 'http://[fd00::1]/', 'a unique local (private) address'],
  ])('refuses %s unless private networks are allowed, without sending', async (_label, url, error) => {
    const before = receiver.received.length;
    const result = await strict.post(url(), '{}', {});

    expect(result).toMatchObject({ succeeded: false, httpStatus: null });
    expect(result.error).toContain(error);
    expect(receiver.received).toHaveLength(before);
  });

  it.each([
    ['a URL that does not parse', 'not a url', 'the endpoint URL does not parse'],
    ['another scheme', 'ftp://files.example.com/hook', 'only http and https endpoints are called'],
    ['a file URL', 'file:///etc/passwd', 'only http and https endpoints are called'],
  ])('refuses %s', async (_label, url, error) => {
    await expect(client.post(url, '{}', {})).resolves.toMatchObject({
      succeeded: false,
      httpStatus: null,
      error,
    });
  });
});
