import type { IncomingMessage } from 'node:http';
import { requestFields } from './logging.module';

describe('requestFields', () => {
  const request = (fields: Record<string, unknown>): IncomingMessage =>
    ({
      method: 'GET',
      headers: { 'user-agent': 'Okta SCIM Client 1.0.0', authorization: 'Bearer secret' },
      socket: { remoteAddress: '10.1.2.3' },
      ...fields,
    }) as unknown as IncomingMessage;

  it('says which request it was, without its headers', () => {
    expect(requestFields(request({ url: '/api/v1/organizations?limit=5' }))).toEqual({
      method: 'GET',
      url: '/api/v1/organizations?limit=5',
      userAgent: 'Okta SCIM Client 1.0.0',
      remoteAddress: '10.1.2.3',
    });
  });

  it('gives the whole URL of a request inside a router that Express mounted on a path', () => {
    const mounted = request({ url: '/d1/Users?count=1', originalUrl: '/scim/v2/d1/Users?count=1' });

    expect(requestFields(mounted)['url']).toBe('/scim/v2/d1/Users?count=1');
  });
});
