import { CreateOrganizationDto } from './dto/create-organization.dto';
import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { ManagementApiException, ManagementValidationPipe } from '@scimflow/service-kit';

describe(ManagementValidationPipe.name, () => {
  const pipe = new ManagementValidationPipe();

  async function problemOf(
    value: unknown,
    metatype: new () => object,
    type: 'body' | 'query' = 'body',
  ): Promise<ManagementApiException> {
    try {
      await pipe.transform(value, { type, metatype });
    } catch (error) {
      if (error instanceof ManagementApiException) return error;
      throw error;
    }
    throw new Error('the value was accepted');
  }

  it.each([
    ['a missing name', {}, /name must be a string/],
    ['a name of the wrong type', { name: 7 }, /name must be a string/],
    ['an empty name', { name: '' }, /name should not be empty/],
    ['an unknown property', { name: 'Acme', plan: 'gold' }, /property plan should not exist/],
    ['an array body', [{ name: 'Acme' }], /./],
  ])('refuses a body with %s as validation_failed', async (_label, body, problem) => {
    const error = await problemOf(body, CreateOrganizationDto);
    expect(error.code).toBe('validation_failed');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(problem);
  });

  it('lists every problem in one message', async () => {
    const error = await problemOf({ name: 7, externalId: 8 }, CreateOrganizationDto);
    expect(error.message).toMatch(
      /^Invalid request: .*name must be a string.*; .*externalId must be a string.*\.$/,
    );
  });

  it('converts query strings to the DTO types', async () => {
    const query = await pipe.transform(
      { limit: '20', active: 'false' },
      { type: 'query', metatype: ListUsersQueryDto },
    );
    expect(query).toBeInstanceOf(ListUsersQueryDto);
    expect(query).toEqual({ limit: 20, active: 'false' });
  });

  it.each([
    [{ limit: '0' }, /limit must not be less than 1/],
    [{ limit: '201' }, /limit must not be greater than 200/],
    [{ limit: 'ten' }, /limit must be an integer/],
    [{ active: 'yes' }, /active must be one of/],
    [{ groupId: 'not-a-uuid' }, /groupId must be a UUID/],
    [{ page: '2' }, /property page should not exist/],
  ])('refuses the query %p', async (query, problem) => {
    expect((await problemOf(query, ListUsersQueryDto, 'query')).message).toMatch(problem);
  });
});
