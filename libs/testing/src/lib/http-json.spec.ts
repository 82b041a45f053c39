import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpJson } from './http-json';

interface Received {
  method: string | undefined;
  contentType: string | undefined;
  accept: string | undefined;
  body: string;
}

describe(httpJson.name, () => {
  let server: Server;
  let baseUrl: string;
  let reply: (response: ServerResponse) => void;
  const received: Received[] = [];

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({
          method: request.method,
          contentType: request.headers['content-type'],
          accept: request.headers.accept,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        reply(response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  });

  beforeEach(() => {
    received.length = 0;
  });

  it('sends `json` as a JSON body and parses a JSON answer', async () => {
    reply = (response) => response.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"u1"}');

    const result = await httpJson<{ id: string }>(`${baseUrl}/users`, {
      method: 'POST',
      json: { userName: 'ada' },
    });

    expect(result.status).toBe(201);
    expect(result.body).toEqual({ id: 'u1' });
    expect(received).toEqual([
      {
        method: 'POST',
        contentType: 'application/json',
        accept: 'application/json, application/scim+json',
        body: '{"userName":"ada"}',
      },
    ]);
  });

  it('keeps a content type chosen by the caller and parses any *json answer', async () => {
    reply = (response) =>
      response
        .writeHead(409, { 'content-type': 'application/scim+json; charset=utf-8' })
        .end('{"status":"409"}');

    const result = await httpJson(`${baseUrl}/scim/v2/Users`, {
      method: 'POST',
      headers: { 'content-type': 'application/scim+json' },
      json: { schemas: [] },
    });

    expect(result.status).toBe(409);
    expect(result.body).toEqual({ status: '409' });
    expect(received[0]?.contentType).toBe('application/scim+json');
  });

  it.each([
    ['a text answer', 'text/plain', 'service unavailable', 503],
    ['an empty JSON answer', 'application/json', '', 204],
  ])('returns the text and no body for %s', async (_label, contentType, text, status) => {
    reply = (response) => response.writeHead(status, { 'content-type': contentType }).end(text);

    const result = await httpJson(`${baseUrl}/health/ready`);

    expect(result).toEqual(expect.objectContaining({ status, text, body: undefined }));
    expect(received[0]).toEqual(expect.objectContaining({ method: 'GET', body: '' }));
  });
});
