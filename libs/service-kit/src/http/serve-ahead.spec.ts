import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveAhead } from './serve-ahead';

describe('serveAhead', () => {
  let server: Server;

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers what its handler takes and hands every other request to the application', async () => {
    server = createServer((request, response) => {
      response.end(`application: ${request.url}`);
    });
    serveAhead(server, (request, response, handOn) => {
      if (request.url === '/fast') response.end('ahead');
      else handOn();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const [fast, other] = await Promise.all([
      fetch(`${base}/fast`).then((response) => response.text()),
      fetch(`${base}/api/v1/things`).then((response) => response.text()),
    ]);

    expect(fast).toBe('ahead');
    expect(other).toBe('application: /api/v1/things');
    expect(server.listenerCount('request')).toBe(1);
  });
});
