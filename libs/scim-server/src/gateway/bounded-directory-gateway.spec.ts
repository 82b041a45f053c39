import type { DirectoryGateway, ScimIdentity } from '@scimflow/contracts';
import { ScimError } from '@scimflow/scim';
import { ScimServerException } from '../scim-server.exception';
import { BoundedDirectoryGateway } from './bounded-directory-gateway';

const IDENTITY: ScimIdentity = { directoryId: 'd', organizationId: 'o', provider: 'generic-scim' };

function gateway(behaviour: () => Promise<unknown>): DirectoryGateway {
  return {
    authenticate: behaviour as DirectoryGateway['authenticate'],
    getResource: behaviour as DirectoryGateway['getResource'],
    listResources: behaviour as DirectoryGateway['listResources'],
  };
}

describe(BoundedDirectoryGateway.name, () => {
  it('answers what the gateway answers in time', async () => {
    const bounded = new BoundedDirectoryGateway(
      gateway(async () => IDENTITY),
      1_000,
    );
    await expect(bounded.authenticate('d', 't')).resolves.toBe(IDENTITY);
  });

  it('gives up on a call that does not settle within its bound: unavailable (503 at the edge)', async () => {
    const bounded = new BoundedDirectoryGateway(
      gateway(() => new Promise(() => undefined)),
      20,
    );
    await expect(
      bounded.listResources('d', { resourceType: 'User', startIndex: 1, count: 1 }),
    ).rejects.toThrow(ScimServerException);
  });

  it('turns a failure of its own (a refused database connection) into unavailable', async () => {
    const failure = new Error('connect ECONNREFUSED /tmp/.s.PGSQL.5432');
    const bounded = new BoundedDirectoryGateway(gateway(() => Promise.reject(failure)));
    await expect(bounded.getResource('d', 'User', 'id')).rejects.toMatchObject({
      name: ScimServerException.name,
      cause: failure,
    });
  });

  it('passes a SCIM error (a bad filter) on as it is', async () => {
    const invalid = ScimError.invalidFilter('bad');
    const bounded = new BoundedDirectoryGateway(gateway(() => Promise.reject(invalid)));
    await expect(bounded.listResources('d', { resourceType: 'User', startIndex: 1, count: 1 })).rejects.toBe(
      invalid,
    );
  });
});
