import { newDirectory, type ConformanceTarget, type ScimAnswer } from './conformance-client';

/**
 * The per-directory rate limit, against a product started with a rate of 1 request a second and a burst of
 * `burst`: a directory's requests beyond its burst are answered 429 with Retry-After and a SCIM error body, and
 * another directory is still served meanwhile.
 */
export async function expectRateLimitedPerDirectory(target: ConformanceTarget, burst: number): Promise<void> {
  const busy = await newDirectory(target);
  const quiet = await newDirectory(target);
  const statuses: number[] = [];
  let limited: ScimAnswer | undefined;
  for (let attempt = 0; attempt < burst + 3 && !limited; attempt += 1) {
    const answer = await busy.request('GET', '/Users?count=1');
    statuses.push(answer.status);
    if (answer.status === 429) limited = answer;
  }
  // the bucket refills while the requests run: at least burst - 1 of them pass first
  expect(statuses.slice(0, burst - 1)).toEqual(Array(burst - 1).fill(200));
  expect(limited?.headers.get('content-type')).toContain('application/scim+json');
  expect(limited?.body).toMatchObject({
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    status: '429',
  });
  expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect((await quiet.request('GET', '/Users?count=1')).status).toBe(200);
}
