import type {
  DirectoryGateway,
  ScimIdentity,
  ScimListRequest,
  ScimListResult,
  ScimResourceType,
} from '@scimflow/contracts';
import { ScimError } from '@scimflow/scim';
import { ScimServerException } from '../scim-server.exception';

/**
 * A DirectoryGateway called in the same process (the embedded mode), held to what HttpDirectoryGateway promises
 * the SCIM edge: every call settles within `timeoutMs`, and a failure that is not a SCIM error (the database down,
 * or hung) becomes a ScimServerException, which the edge answers with 503 and Retry-After. Without it a stopped
 * database left requests hanging until the client gave up, and a refused connection was answered 500.
 */
export class BoundedDirectoryGateway implements DirectoryGateway {
  constructor(
    private readonly inner: DirectoryGateway,
    private readonly timeoutMs = 5_000,
  ) {}

  authenticate(directoryId: string, token: string): Promise<ScimIdentity | null> {
    return this.bound('the token check', () => this.inner.authenticate(directoryId, token));
  }

  getResource(
    directoryId: string,
    resourceType: ScimResourceType,
    id: string,
    options?: { excludeMembers?: boolean },
  ): Promise<Record<string, unknown> | null> {
    return this.bound(`a read of a ${resourceType}`, () =>
      this.inner.getResource(directoryId, resourceType, id, options),
    );
  }

  listResources(directoryId: string, request: ScimListRequest): Promise<ScimListResult> {
    return this.bound(`a query of ${request.resourceType}s`, () =>
      this.inner.listResources(directoryId, request),
    );
  }

  private async bound<T>(what: string, call: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(ScimServerException.unavailable(`${what} did not answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([call(), expired]);
    } catch (error) {
      if (ScimError.is(error) || error instanceof ScimServerException) throw error;
      throw ScimServerException.unavailable(`${what} failed`, error);
    } finally {
      clearTimeout(timer);
    }
  }
}
