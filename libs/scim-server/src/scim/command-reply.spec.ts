import type { ScimCommandReply } from '@scimflow/contracts';
import { createProjector, SchemaSet } from '@scimflow/scim';
import { commandReplyToResult } from './command-reply';
import { projectionOf } from './resource-projection';

const schemaSet = SchemaSet.standard();
const everything = createProjector({}, schemaSet, 'User');
const user = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: 'u-1',
  userName: 'ada@acme.example',
  meta: { resourceType: 'User', version: 'W/"1"', location: 'https://scim.test/scim/v2/d-1/Users/u-1' },
};

describe(commandReplyToResult.name, () => {
  it('answers a create with 201, Location and ETag', () => {
    const reply: ScimCommandReply = { ok: true, status: 201, resource: user, version: 1 };
    expect(commandReplyToResult(reply, everything)).toEqual({
      status: 201,
      body: user,
      headers: { ETag: 'W/"1"', Location: 'https://scim.test/scim/v2/d-1/Users/u-1' },
    });
  });

  it('answers an update with 200 and ETag, projected', () => {
    const reply: ScimCommandReply = { ok: true, status: 200, resource: user, version: 1 };
    const project = createProjector(projectionOf({ attributes: 'userName' }), schemaSet, 'User');
    expect(commandReplyToResult(reply, project)).toEqual({
      status: 200,
      body: { schemas: user.schemas, id: 'u-1', userName: 'ada@acme.example' },
      headers: { ETag: 'W/"1"' },
    });
  });

  it('builds the ETag from the version when the resource has no meta.version', () => {
    const reply: ScimCommandReply = {
      ok: true,
      status: 201,
      resource: { id: 'u-1', userName: 'x' },
      version: 3,
    };
    expect(commandReplyToResult(reply, everything, 'https://scim.test/fallback').headers).toEqual({
      ETag: 'W/"3"',
      Location: 'https://scim.test/fallback',
    });
  });

  it('answers a delete with 204 and no body', () => {
    expect(commandReplyToResult({ ok: true, status: 204 }, everything)).toEqual({ status: 204 });
  });

  it.each([
    [{ status: 409, scimType: 'uniqueness', detail: 'userName taken' }],
    [{ status: 412, scimType: undefined, detail: 'The resource changed' }],
    [{ status: 404, scimType: undefined, detail: 'User x not found.' }],
  ])('throws the SCIM error of an error reply %j', (error) => {
    expect(() => commandReplyToResult({ ok: false, error }, everything)).toThrow(
      expect.objectContaining({ status: error.status, scimType: error.scimType, detail: error.detail }),
    );
  });
});
