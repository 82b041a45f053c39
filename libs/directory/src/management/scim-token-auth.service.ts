import { Inject, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { DIRECTORY_DATA_SOURCE } from '../directory.tokens';
import { DirectoryEntity } from '../entities/directory.entity';
import { DirectoryActivity } from './directory-activity';
import { sameSha256Hex, sha256Hex } from '@scimflow/service-kit';

/** Who a valid SCIM bearer token speaks for. */
export interface ScimTokenIdentity {
  directoryId: string;
  organizationId: string;
  provider: string;
}

// Tokens this API hands out are 48 characters; anything far longer is not worth hashing.
const MAX_TOKEN_LENGTH = 1024;

/** What a token is checked against: the directory's row, as last read. */
interface DirectoryCredentials {
  id: string;
  organizationId: string;
  provider: string;
  tokenHash: string;
  previousTokenHash: string | null;
  previousTokenExpiresAt: Date | null;
}

/**
 * Whether `hash` (a bearer token's SHA-256, hex) is one of the directory's tokens at `now`: the current one, or the
 * previous one within its grace period. Both comparisons always run, so timing tells nothing about which matched.
 */
export function acceptsTokenHash(
  directory: Pick<DirectoryCredentials, 'tokenHash' | 'previousTokenHash' | 'previousTokenExpiresAt'>,
  hash: string,
  now: Date,
): boolean {
  const current = sameSha256Hex(hash, directory.tokenHash);
  const previous = directory.previousTokenHash !== null && sameSha256Hex(hash, directory.previousTokenHash);
  const previousValid =
    previous &&
    directory.previousTokenExpiresAt !== null &&
    directory.previousTokenExpiresAt.getTime() > now.getTime();
  return current || previousValid;
}

/** How long a directory's credentials are used without reading them again; its own changes forget them at once. */
const CREDENTIALS_TTL_MS = 1_000;
const MAX_CACHED_DIRECTORIES = 10_000;

/**
 * Checks the bearer tokens of SCIM requests. Used in-process by the embedded mode and through
 * `POST /internal/v1/scim-auth` by a separate scim-ingress.
 *
 * Every SCIM request is authenticated, so a directory's credentials are kept for a second instead of being read
 * per request. A rotation or deletion made through this instance forgets them when it commits (the embedded mode
 * has one instance, so there it is exact); another instance's change is seen within the second.
 */
@Injectable()
export class ScimTokenAuthService {
  private readonly cache = new Map<string, { credentials: DirectoryCredentials; expiresAt: number }>();
  // A read that started before a forget() must not put what it read back into the cache.
  private generation = 0;

  constructor(
    @Inject(DIRECTORY_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly activity: DirectoryActivity,
  ) {}

  /**
   * The identity behind `bearerToken` when it is the current token of directory `directoryId`, or its
   * previous token still within the grace period; otherwise null. A token is only ever compared with the
   * hashes of the directory named in the URL, so one directory's token never opens another.
   */
  async authenticateScimToken(
    directoryId: string,
    bearerToken: string,
    now = new Date(),
  ): Promise<ScimTokenIdentity | null> {
    if (!isUUID(directoryId) || bearerToken.length === 0 || bearerToken.length > MAX_TOKEN_LENGTH)
      return null;
    const directory = await this.credentialsOf(directoryId);
    if (!directory) return null;
    if (!acceptsTokenHash(directory, sha256Hex(bearerToken), now)) return null;
    this.activity.touch(directory.id);
    return {
      directoryId: directory.id,
      organizationId: directory.organizationId,
      provider: directory.provider,
    };
  }

  /** Drops what is known of a directory's tokens: called once its rotation or deletion has committed. */
  forget(directoryId: string): void {
    this.generation += 1;
    this.cache.delete(directoryId);
  }

  private async credentialsOf(directoryId: string): Promise<DirectoryCredentials | null> {
    const cached = this.cache.get(directoryId);
    if (cached && cached.expiresAt > Date.now()) return cached.credentials;
    const generation = this.generation;
    const directory = await this.dataSource.manager.findOne(DirectoryEntity, {
      where: { id: directoryId },
      select: [
        'id',
        'organizationId',
        'provider',
        'tokenHash',
        'previousTokenHash',
        'previousTokenExpiresAt',
      ],
    });
    // Unknown directories are not remembered: anyone can name one.
    if (!directory) {
      this.cache.delete(directoryId);
      return null;
    }
    if (generation === this.generation) {
      if (!this.cache.has(directoryId) && this.cache.size >= MAX_CACHED_DIRECTORIES)
        this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(directoryId, { credentials: directory, expiresAt: Date.now() + CREDENTIALS_TTL_MS });
    }
    return directory;
  }
}
