import { Logger } from '@nestjs/common';
import type { DirectoryGateway, ScimIdentity, ScimListResult } from '@scimflow/contracts';
import { ScimError } from '@scimflow/scim';
import express from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import request from 'supertest';
import type { RequestLogEntryEntity } from '../request-log/request-log-entry.entity';
import { ScimServerException } from '../scim-server.exception';
import { scimCallOf, type ScimCall } from './scim-call.decorator';
import { ScimRequestPipeline, type RequestLogSink } from './scim-request-pipeline';
import { sendScim, type ScimHttpResult } from './scim-response';
import type { ScimRoute } from './scim-route';

const DIRECTORY = '4f8e7c1a-0d5b-4a43-9a6f-1b2c3d4e5f60';
const OTHER = '9a1c2b3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';

/** Directories and their tokens, in memory: the port as directory-service would answer it. */
class InMemoryGateway implements DirectoryGateway {
  authentications = 0;
  failure: Error | undefined;

  constructor(private readonly tokens: Record<string, ScimIdentity>) {}

  async authenticate(directoryId: string, token: string): Promise<ScimIdentity | null> {
    this.authentications += 1;
    if (this.failure) throw this.failure;
    const identity = this.tokens[token];
    return identity && (identity.directoryId === directoryId || token === 'token-claiming-another')
      ? identity
      : null;
  }

  async getResource(): Promise<Record<string, unknown> | null> {
    return null;
  }

  async listResources(): Promise<ScimListResult> {
    return { totalResults: 0, resources: [] };
  }
}

class RecordingSink implements RequestLogSink {
  readonly entries: RequestLogEntryEntity[] = [];

  record(entry: RequestLogEntryEntity): void {
    this.entries.push(entry);
  }
}

function setUp(rate = { rateLimitPerSecond: 100, rateLimitBurst: 200 }) {
  const identity = { directoryId: DIRECTORY, organizationId: 'org-1', provider: 'entra-id' };
  const gateway = new InMemoryGateway({
    'token-a': identity,
    'token-b': { directoryId: OTHER, organizationId: 'org-2', provider: 'okta' },
    'token-claiming-another': { directoryId: OTHER, organizationId: 'org-2', provider: 'okta' },
  });
  const sink = new RecordingSink();
  const echo = (call: ScimCall): { status: number; body: Record<string, unknown> } => ({
    status: 200,
    body: { identity: call.identity, query: call.query, body: call.body ?? null },
  });
  // Stand for the resource handlers: /Users answers what the pipeline handed over, /Groups what a test sets.
  const handlers = {
    groups: (_call: ScimCall): Promise<ScimHttpResult> => Promise.resolve({ status: 204 }),
  };
  const routes = {
    handlerFor: (_method: string, route: ScimRoute) => {
      if (route.resourceType === 'User') return (call: ScimCall) => Promise.resolve(echo(call));
      if (route.resourceType === 'Group') return handlers.groups;
      return undefined;
    },
  };
  const pipeline = new ScimRequestPipeline(gateway, sink, { ...rate, maxLoggedBodyBytes: 10_000 }, routes);
  // Stands for the Nest controllers: what the pipeline hands on, marked as such.
  const application = express();
  application.all('/scim/v2/*path', (req, res) => {
    sendScim(res, { status: 200, body: { handedOn: true, ...echo(scimCallOf(req)).body } });
  });
  // as ScimPipelineInstaller puts it in front of the application
  const app = (request: IncomingMessage, response: ServerResponse): void => {
    const handOn = (): void => void application(request, response);
    if (ScimRequestPipeline.covers(request.url)) pipeline.handle(request, response, handOn);
    else handOn();
  };
  return { app, gateway, sink, handlers };
}

const users = `/scim/v2/${DIRECTORY}/Users`;

describe(ScimRequestPipeline.name, () => {
  it.each([
    ['no Authorization header', undefined],
    ['another scheme', 'Basic dG9rZW4tYQ=='],
    ['an unknown token', 'Bearer nope'],
    ["another directory's token", 'Bearer token-b'],
    ['a token whose identity names another directory', 'Bearer token-claiming-another'],
  ])('answers %s with 401 and a SCIM body', async (_name, authorization) => {
    const { app, sink } = setUp();
    const call = request(app).get(users);
    const response = await (authorization ? call.set('Authorization', authorization) : call);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(response.headers['content-type']).toBe('application/scim+json; charset=utf-8');
    expect(response.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '401',
      detail: expect.any(String),
    });
    expect(sink.entries).toEqual([]);
  });

  it('authenticates before it looks at the body', async () => {
    const { app } = setUp();
    const response = await request(app).post(users).set('Content-Type', 'text/plain').send('not json');
    expect(response.status).toBe(401);
  });

  it.each([
    ['another media type', 'text/plain', 'userName=ada', 415, undefined],
    ['malformed JSON', 'application/scim+json', '{"userName":', 400, 'invalidSyntax'],
    [
      'a body over the limit',
      'application/json',
      JSON.stringify({ displayName: 'x'.repeat(2 * 1024 * 1024) }),
      413,
      undefined,
    ],
  ])('refuses %s', async (_name, contentType, body, status, scimType) => {
    const { app } = setUp();
    const response = await request(app)
      .post(users)
      .set('Authorization', 'Bearer token-a')
      .set('Content-Type', contentType)
      .send(body);
    expect(response.status).toBe(status);
    expect(response.body.scimType).toBe(scimType);
  });

  it("hands the handlers the identity and the request normalized by the directory's provider profile", async () => {
    const { app } = setUp();
    const response = await request(app)
      .patch(`${users}/u-1?aadOptscim062020&attributes=userName`)
      .set('Authorization', 'Bearer token-a')
      .set('Content-Type', 'application/scim+json')
      .send({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
      });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      identity: { directoryId: DIRECTORY, organizationId: 'org-1', provider: 'entra-id' },
      query: { attributes: 'userName' },
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'active', value: false }],
      },
    });
  });

  it('limits each directory on its own and says when to retry', async () => {
    const { app } = setUp({ rateLimitPerSecond: 1, rateLimitBurst: 2 });
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      statuses.push((await request(app).get(users).set('Authorization', 'Bearer token-a')).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await request(app).get(users).set('Authorization', 'Bearer token-a');
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.body).toMatchObject({ status: '429' });
    expect(
      (await request(app).get(`/scim/v2/${OTHER}/Users`).set('Authorization', 'Bearer token-b')).status,
    ).toBe(200);
  });

  it('answers 503 with Retry-After when directory-service cannot be asked', async () => {
    const { app, gateway } = setUp();
    gateway.failure = ScimServerException.unavailable('connect ECONNREFUSED 127.0.0.1:3002');
    const response = await request(app).get(users).set('Authorization', 'Bearer token-a');
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(JSON.stringify(response.body)).not.toContain('ECONNREFUSED');
  });

  it('answers a path without a directory with a SCIM 404', async () => {
    const { app, gateway } = setUp();
    const response = await request(app).get('/scim/v2/');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ status: '404' });
    expect(gateway.authentications).toBe(0);
  });

  it('keeps the caller’s correlation id and logs authenticated requests with secrets removed', async () => {
    const { app, sink } = setUp();
    const response = await request(app)
      .post(`${users}?count=1`)
      .set('Authorization', 'Bearer token-a')
      .set('X-Correlation-Id', 'idp-request-42')
      .set('Content-Type', 'application/scim+json')
      .send({ userName: 'ada@acme.example', password: 'hunter2' });
    expect(response.headers['x-correlation-id']).toBe('idp-request-42');
    expect(sink.entries).toEqual([
      expect.objectContaining({
        directoryId: DIRECTORY,
        organizationId: 'org-1',
        method: 'POST',
        path: '/Users',
        query: { count: '1' },
        status: 200,
        provider: 'entra-id',
        requestBody: { userName: 'ada@acme.example', password: '[redacted]' },
        // The handler got the body with the password stripped by the provider profile.
        responseBody: expect.objectContaining({ body: { userName: 'ada@acme.example' } }),
        correlationId: 'idp-request-42',
        durationMs: expect.any(Number),
      }),
    ]);
    expect(JSON.stringify(sink.entries)).not.toContain('hunter2');
    expect(JSON.stringify(sink.entries)).not.toContain('token-a');
  });

  it('answers a resource request with its handler, and hands any other SCIM request on to the controllers', async () => {
    const { app } = setUp();
    const resource = await request(app).get(`${users}?count=1`).set('Authorization', 'Bearer token-a');
    const discovery = await request(app)
      .get(`/scim/v2/${DIRECTORY}/ServiceProviderConfig`)
      .set('Authorization', 'Bearer token-a');

    expect(resource.status).toBe(200);
    expect(resource.body).not.toHaveProperty('handedOn');
    expect(resource.body).toMatchObject({ query: { count: '1' } });
    expect(discovery.status).toBe(200);
    expect(discovery.body).toMatchObject({ handedOn: true });
  });

  it("answers a handler's SCIM error with its body, and any other failure with a 500 that says nothing of it", async () => {
    const { app, handlers } = setUp();
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      handlers.groups = () => Promise.reject(ScimError.notFound('Group 42 not found.'));
      const missing = await request(app)
        .get(`/scim/v2/${DIRECTORY}/Groups/42`)
        .set('Authorization', 'Bearer token-a');
      handlers.groups = () => Promise.reject(new Error('connection to 10.0.0.7:5432 refused'));
      const failed = await request(app)
        .get(`/scim/v2/${DIRECTORY}/Groups/42`)
        .set('Authorization', 'Bearer token-a')
        .set('X-Correlation-Id', 'idp-request-43');

      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: '404',
        detail: 'Group 42 not found.',
      });
      expect(failed.status).toBe(500);
      expect(failed.headers['content-type']).toBe('application/scim+json; charset=utf-8');
      expect(failed.text).not.toContain('10.0.0.7');
      expect(errors).toHaveBeenCalledTimes(1);
      expect(errors.mock.calls[0]?.[0]).toContain('idp-request-43');
    } finally {
      errors.mockRestore();
    }
  });

  it('logs a request completed line for what it answers itself, not for what it hands on', async () => {
    const { app } = setUp();
    const lines = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      await request(app).get(users).set('Authorization', 'Bearer token-a').set('X-Correlation-Id', 'c-1');
      await request(app).get(users).set('Authorization', 'Bearer nope').set('X-Correlation-Id', 'c-2');
      await request(app)
        .get(`/scim/v2/${DIRECTORY}/Schemas`)
        .set('Authorization', 'Bearer token-a')
        .set('X-Correlation-Id', 'c-3');
      await request(app).get('/scim/v2').set('X-Correlation-Id', 'c-4');

      const logged = lines.mock.calls.map(([line]) => line as Record<string, unknown>);
      expect(logged).toEqual([
        expect.objectContaining({
          msg: 'request completed',
          correlationId: 'c-1',
          responseTime: expect.any(Number),
        }),
        expect.objectContaining({ msg: 'request completed', correlationId: 'c-2' }),
        expect.objectContaining({ msg: 'request completed', correlationId: 'c-4' }),
      ]);
      expect((logged[1]?.['res'] as { statusCode: number }).statusCode).toBe(401);
    } finally {
      lines.mockRestore();
    }
  });

  it.each([
    ['/scim/v2', true],
    [`/scim/v2/${DIRECTORY}/Users?count=1`, true],
    [`/SCIM/V2/${DIRECTORY}/Users`, true],
    ['/scim/v2?x=1', true],
    ['/scim/v2x/Users', false],
    ['/scim', false],
    ['/api/v1/organizations', false],
    [undefined, false],
  ])('takes %s: %s', (url, taken) => {
    expect(ScimRequestPipeline.covers(url)).toBe(taken);
  });
});
