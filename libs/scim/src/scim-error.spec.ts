import { ScimError, ScimType } from './scim-error';

describe(ScimError.name, () => {
  it('serialises to the RFC 7644 §3.12 error body, with status as a string', () => {
    const error = new ScimError(400, 'invalidFilter', 'Invalid filter at position 10');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '400',
      scimType: 'invalidFilter',
      detail: 'Invalid filter at position 10',
    });
  });

  it('leaves scimType out when there is none', () => {
    expect(ScimError.notFound('User 42 not found').toJSON()).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '404',
      detail: 'User 42 not found',
    });
  });

  it.each<readonly [(detail: string) => ScimError, number, ScimType | undefined]>([
    [ScimError.invalidFilter, 400, 'invalidFilter'],
    [ScimError.tooMany, 400, 'tooMany'],
    [ScimError.uniqueness, 409, 'uniqueness'],
    [ScimError.mutability, 400, 'mutability'],
    [ScimError.invalidSyntax, 400, 'invalidSyntax'],
    [ScimError.invalidPath, 400, 'invalidPath'],
    [ScimError.noTarget, 400, 'noTarget'],
    [ScimError.invalidValue, 400, 'invalidValue'],
    [ScimError.invalidVers, 400, 'invalidVers'],
    [ScimError.sensitive, 403, 'sensitive'],
    [ScimError.notFound, 404, undefined],
    [ScimError.preconditionFailed, 412, undefined],
    [ScimError.payloadTooLarge, 413, undefined],
    [ScimError.notImplemented, 501, undefined],
  ])('%p builds status %i with scimType %s', (build, status, scimType) => {
    const error = build('detail');
    expect(error).toBeInstanceOf(Error);
    expect(ScimError.is(error)).toBe(true);
    expect({ status: error.status, scimType: error.scimType, detail: error.detail }).toEqual({
      status,
      scimType,
      detail: 'detail',
    });
    expect(error.toJSON().status).toBe(String(status));
  });

  it('is recognisable and has a useful message', () => {
    expect(ScimError.is(new Error('x'))).toBe(false);
    expect(ScimError.mutability('id is read-only').message).toBe('400 mutability: id is read-only');
    expect(ScimError.notFound('gone').name).toBe('ScimError');
  });
});
