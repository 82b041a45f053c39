import { isUUID } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { DirectoryEntity } from '../entities/directory.entity';
import { ManagementApiException } from '@scimflow/service-kit';

/** The directory with this id; a 404 when there is none (an id that is not a uuid cannot exist). */
export async function findDirectoryOrThrow(
  manager: EntityManager,
  directoryId: string,
  options: { lock?: boolean } = {},
): Promise<DirectoryEntity> {
  const query = manager
    .createQueryBuilder(DirectoryEntity, 'directory')
    .where('directory.id = :directoryId', { directoryId });
  // The SCIM command writer locks the same row: a rotation or deletion waits for the command in flight.
  if (options.lock) query.setLock('pessimistic_write');
  const directory = isUUID(directoryId) ? await query.getOne() : null;
  if (!directory) throw ManagementApiException.notFound('Directory', directoryId);
  return directory;
}
