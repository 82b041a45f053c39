import { freePort } from '@scimflow/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestGate } from './request-gate';
import { ScimClient, type ScimTimings } from './scim-client';
import { ScimTraffic } from './scim-traffic';
import { SeededRandom } from './seeded-random';

const TIMINGS: ScimTimings = { commandTimeoutMs: 200, authTimeoutMs: 20, marginMs: 50, giveUpAfterMs: 5_000 };

/** An ingress stand-in answering from a script, one status (and headers) per request. */
async function scriptedServer(
  script: Array<{ status: number; headers?: Record<string, string> }>,
): Promise<{ server: Server; base: string; arrivals: number[] }> {
  const arrivals: number[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      arrivals.push(Date.now());
      const next = script[Math.min(arrivals.length - 1, script.length - 1)]!;
      response.writeHead(next.status, { 'content-type': 'application/scim+json', ...next.headers });
      response.end(JSON.stringify({ id: 'user-1', status: String(next.status) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals };
}

function client(base: string, traffic = new ScimTraffic(), timings = TIMINGS): ScimClient {
  return new ScimClient([base], 'token', new RequestGate(4), traffic, timings, new SeededRandom(1));
}

describe(ScimClient.name, () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('sends a write answered 503 again only once its command can no longer apply', async () => {
    const { server, base, arrivals } = await scriptedServer([
      { status: 503, headers: { 'retry-after': '5' } },
      { status: 201 },
    ]);
    servers.push(server);
    const traffic = new ScimTraffic();
    const settled = await client(base, traffic).write('POST', '/Users', { userName: 'ada' });
    expect(settled.answer.status).toBe(201);
    expect(settled.uncertainAttempts).toBe(1);
    const answered = traffic.exchanges[0]!.endedAt;
    expect(arrivals[1]! - answered).toBeGreaterThanOrEqual(TIMINGS.commandTimeoutMs + TIMINGS.marginMs);
  });

  it('sends a write answered 429 again without counting it as uncertain', async () => {
    const { server, base } = await scriptedServer([{ status: 429 }, { status: 200 }]);
    servers.push(server);
    const settled = await client(base).write('PATCH', '/Groups/g', { Operations: [] });
    expect(settled).toMatchObject({ answer: { status: 200 }, uncertainAttempts: 0 });
  });

  it.each([[400], [404], [409]])('settles a write on a %i at once', async (status) => {
    const { server, base, arrivals } = await scriptedServer([{ status }]);
    servers.push(server);
    const settled = await client(base).write('DELETE', '/Users/u');
    expect(settled).toMatchObject({ answer: { status }, uncertainAttempts: 0 });
    expect(arrivals).toHaveLength(1);
  });

  it('repeats a read until it is answered', async () => {
    const { server, base } = await scriptedServer([
      { status: 503, headers: { 'retry-after': '1' } },
      { status: 200 },
    ]);
    servers.push(server);
    const answer = await client(base).read('/Users?filter=x');
    expect(answer).toMatchObject({ status: 200, body: { id: 'user-1' } });
  });

  it('gives up on a write that never settles, naming the last attempt', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    await expect(
      client(closed, new ScimTraffic(), { ...TIMINGS, giveUpAfterMs: 300 }).write('POST', '/Users', {}),
    ).rejects.toThrow(/did not settle within 300 ms: last attempt got no answer/);
  });
});
