import type { ExecutionContext } from '@nestjs/common';
import { AdminApiKeyGuard } from './admin-api-key.guard';
import { ManagementApiException } from './management-api.exception';

function contextWith(authorization: string | undefined): ExecutionContext {
  const request = { headers: authorization === undefined ? {} : { authorization } };
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

describe(AdminApiKeyGuard.name, () => {
  const guard = new AdminApiKeyGuard({ adminApiKey: 'k3y-of-the-admin' });

  it.each(['Bearer k3y-of-the-admin', 'bearer k3y-of-the-admin', 'Bearer   k3y-of-the-admin  '])(
    'lets %p through',
    (header) => {
      expect(guard.canActivate(contextWith(header))).toBe(true);
    },
  );

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', 'Basic k3y-of-the-admin'],
    ['the key without a scheme', 'k3y-of-the-admin'],
    ['a wrong key', 'Bearer k3y-of-the-admim'],
    ['a prefix of the key', 'Bearer k3y'],
    ['two tokens', 'Bearer k3y-of-the-admin extra'],
  ])('refuses %s with unauthorized', (_label, header) => {
    expect(() => guard.canActivate(contextWith(header))).toThrow(ManagementApiException);
    expect(() => guard.canActivate(contextWith(header))).toThrow(
      expect.objectContaining({ status: 401, code: 'unauthorized' }),
    );
  });

  it('refuses every request when no admin key is configured', () => {
    const open = new AdminApiKeyGuard({ adminApiKey: '' });
    expect(() => open.canActivate(contextWith('Bearer '))).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => open.canActivate(contextWith('Bearer x'))).toThrow(expect.objectContaining({ status: 401 }));
  });
});
