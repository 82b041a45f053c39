import { Inject, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { DIRECTORY_DATA_SOURCE } from '../directory.tokens';
import { DirectoryEntity } from '../entities/directory.entity';
import { sameSha256Hex, sha256Hex } from '@scimflow/service-kit';

/** Who a valid SCIM bearer token speaks for. */
export interface ScimTokenIdentity {
  directoryId: string;
  organizationId: string;
  provider: string;
}

// Tokens this API hands out are 48 characters; anything far longer is not worth hashing.
const MAX_TOKEN_LENGTH = 1024;

/**
 * Checks the bearer tokens of SCIM requests. Used in-process by the embedded mode and through
 * `POST /internal/v1/scim-auth` by a separate scim-ingress.
 */
@Injectable()
export class ScimTokenAuthService {
  constructor(@Inject(DIRECTORY_DATA_SOURCE) private readonly dataSource: DataSource) {}

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
    if (!directory) return null;
    const hash = sha256Hex(bearerToken);
    // Both comparisons always run, so timing tells nothing about which hash matched.
    const current = sameSha256Hex(hash, directory.tokenHash);
    const previous = directory.previousTokenHash !== null && sameSha256Hex(hash, directory.previousTokenHash);
    const previousValid =
      previous &&
      directory.previousTokenExpiresAt !== null &&
      directory.previousTokenExpiresAt.getTime() > now.getTime();
    if (!current && !previousValid) return null;
    return {
      directoryId: directory.id,
      organizationId: directory.organizationId,
      provider: directory.provider,
    };
  }
}
