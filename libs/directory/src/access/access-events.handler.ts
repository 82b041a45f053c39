import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventTypes, Topics } from '@scimflow/contracts';
import { ConsumerGroup, PermanentMessageError } from '@scimflow/messaging';
import { Inbox, runInTransaction } from '@scimflow/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { DIRECTORY_DATA_SOURCE } from '../directory.tokens';
import { DirectoryEntity } from '../entities/directory.entity';
import { UserEntity } from '../entities/user.entity';
import { UserRolesEntity } from '../entities/user-roles.entity';
import { DirectoryEventWriter } from '../scim/directory-event-writer';
import { isUuid } from '../scim/ids';
import { parseAccessEvent } from './access-event.validation';

const CONSUMER = 'directory-service.access-events';

/**
 * Role events from role-mapping-service join the directory's one ordered log here: each gets the next
 * sequence number of its directory (after the membership change that caused it, which was sequenced
 * first) and leaves again on directory.events.v1 under its own id.
 */
@Controller()
// A group of its own, apart from the SCIM commands': a burst of role events must never hold up the commands an
// identity provider is waiting on (one group fetches for all its topics and handles a fetch's batches in turn).
@ConsumerGroup(CONSUMER)
export class AccessEventsHandler {
  /** Keeps the user's current grants for the user detail; a user deleted meanwhile has nothing to keep. */
  private async rememberRoles(
    manager: EntityManager,
    directoryId: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    const userId = (data['user'] as { id?: unknown } | undefined)?.id;
    if (
      typeof userId !== 'string' ||
      !isUuid(userId) ||
      !(await manager.exists(UserEntity, { where: { id: userId, directoryId } }))
    )
      return;
    const grants = Array.isArray(data['grants'])
      ? (data['grants'] as Array<{ role?: unknown; groupIds?: unknown }>)
          .filter((grant) => typeof grant.role === 'string')
          .map((grant) => ({
            role: grant.role as string,
            groupIds: Array.isArray(grant.groupIds)
              ? grant.groupIds.filter((id): id is string => typeof id === 'string')
              : [],
          }))
      : [];
    await manager.upsert(UserRolesEntity, { userId, directoryId, grants, updatedAt: new Date() }, ['userId']);
  }

  private readonly logger = new Logger(AccessEventsHandler.name);

  constructor(
    @Inject(DIRECTORY_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly eventWriter: DirectoryEventWriter,
  ) {}

  @EventPattern(Topics.accessEvents)
  async handle(@Payload() payload: unknown): Promise<void> {
    const parsed = parseAccessEvent(payload);
    if (!parsed.ok) throw new PermanentMessageError(`invalid access event: ${parsed.problems.join('; ')}`);
    const event = parsed.event;
    await runInTransaction(this.dataSource, async (manager) => {
      if (!(await Inbox.claim(manager, CONSUMER, event.id))) return;
      const directory = await manager
        .createQueryBuilder(DirectoryEntity, 'directory')
        .setLock('pessimistic_write')
        .where('directory.id = :id', { id: event.directoryId })
        .getOne();
      if (!directory || directory.organizationId !== event.organizationId) {
        this.logger.warn(
          `dropped ${event.type} ${event.id}: directory ${event.directoryId} no longer exists`,
        );
        return;
      }
      await this.eventWriter.append(
        manager,
        directory,
        [{ id: event.id, type: EventTypes.userRolesUpdated, data: event.data }],
        new Date(event.occurredAt),
      );
      await this.rememberRoles(manager, event.directoryId, event.data);
    });
  }
}
