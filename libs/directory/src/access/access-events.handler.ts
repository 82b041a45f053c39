import { Controller, Inject, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EventTypes, Topics } from '@scimflow/contracts';
import { ConsumerGroup, EventBatchPattern, PermanentMessageError } from '@scimflow/messaging';
import { Inbox, runInTransaction } from '@scimflow/persistence';
import { DataSource, In, type EntityManager } from 'typeorm';
import { DIRECTORY_DATA_SOURCE } from '../directory.tokens';
import { DirectoryEntity } from '../entities/directory.entity';
import { UserEntity } from '../entities/user.entity';
import { UserRolesEntity } from '../entities/user-roles.entity';
import { DirectoryEventWriter } from '../scim/directory-event-writer';
import { isUuid } from '../scim/ids';
import { parseAccessEvent, type AccessEvent } from './access-event.validation';

const CONSUMER = 'directory-service.access-events';

/**
 * Role events from role-mapping-service join the directory's one ordered log here: each gets the next
 * sequence number of its directory (after the membership change that caused it, which was sequenced
 * first) and leaves again on directory.events.v1 under its own id. A batch of one partition is sequenced in one
 * transaction: its directories locked once, consecutive events of a directory appended together.
 */
@Controller()
// A group of its own, apart from the SCIM commands': a burst of role events must never hold up the commands an
// identity provider is waiting on (one group fetches for all its topics and handles a fetch's batches in turn).
@ConsumerGroup(CONSUMER)
export class AccessEventsHandler {
  private readonly logger = new Logger(AccessEventsHandler.name);

  constructor(
    @Inject(DIRECTORY_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly eventWriter: DirectoryEventWriter,
  ) {}

  @EventBatchPattern(Topics.accessEvents)
  async handle(@Payload() payloads: unknown[]): Promise<void> {
    const events = payloads.map((payload) => {
      const parsed = parseAccessEvent(payload);
      if (!parsed.ok) throw new PermanentMessageError(`invalid access event: ${parsed.problems.join('; ')}`);
      return parsed.event;
    });
    await runInTransaction(this.dataSource, async (manager) => {
      const claimed = await Inbox.claimAll(
        manager,
        CONSUMER,
        events.map((event) => event.id),
      );
      // delete(): an event twice in one batch is applied once
      const fresh = events.filter((event) => claimed.delete(event.id));
      if (fresh.length === 0) return;
      // Before the directories are locked: SCIM commands wait for that lock, so it is held for the appends only.
      await rememberRoles(manager, fresh);
      const directories = await lockDirectories(manager, fresh);
      const sequenced: AccessEvent[] = [];
      for (const event of fresh) {
        const directory = directories.get(event.directoryId);
        if (!directory || directory.organizationId !== event.organizationId) {
          this.logger.warn(
            `dropped ${event.type} ${event.id}: directory ${event.directoryId} no longer exists`,
          );
          continue;
        }
        sequenced.push(event);
      }
      // Consecutive events of one directory that happened at the same time (one recompute) are appended together.
      for (let start = 0; start < sequenced.length;) {
        const { directoryId, occurredAt } = sequenced[start];
        let end = start + 1;
        while (
          end < sequenced.length &&
          sequenced[end].directoryId === directoryId &&
          sequenced[end].occurredAt === occurredAt
        )
          end += 1;
        await this.eventWriter.append(
          manager,
          directories.get(directoryId) as DirectoryEntity,
          sequenced
            .slice(start, end)
            .map((event) => ({ id: event.id, type: EventTypes.userRolesUpdated, data: event.data })),
          new Date(occurredAt),
        );
        start = end;
      }
    });
  }
}

/** Locks the directories of the events, in id order; an id that is no uuid names none. */
async function lockDirectories(
  manager: EntityManager,
  events: readonly AccessEvent[],
): Promise<Map<string, DirectoryEntity>> {
  const ids = [...new Set(events.map((event) => event.directoryId))].filter(isUuid).sort();
  if (ids.length === 0) return new Map();
  const directories = await manager
    .createQueryBuilder(DirectoryEntity, 'directory')
    .setLock('pessimistic_write')
    .where('directory.id IN (:...ids)', { ids })
    .orderBy('directory.id')
    .getMany();
  return new Map(directories.map((directory) => [directory.id, directory]));
}

/**
 * Keeps each user's current grants (from the last of its events) for the user detail; a user deleted meanwhile has
 * nothing to keep.
 */
async function rememberRoles(manager: EntityManager, events: readonly AccessEvent[]): Promise<void> {
  const latest = new Map<string, AccessEvent>();
  for (const event of events) {
    const userId = (event.data['user'] as { id?: unknown } | undefined)?.id;
    if (typeof userId !== 'string' || !isUuid(userId)) continue;
    latest.delete(userId);
    latest.set(userId, event);
  }
  if (latest.size === 0) return;
  const users = await manager.find(UserEntity, {
    select: { id: true, directoryId: true, organizationId: true },
    where: { id: In([...latest.keys()]) },
  });
  // The user still in the event's directory and organization: the directory exists, so the event is sequenced.
  const known = new Set(users.map((user) => `${user.id}/${user.directoryId}/${user.organizationId}`));
  const now = new Date();
  const rows = [...latest]
    .filter(([userId, { directoryId, organizationId }]) =>
      known.has(`${userId}/${directoryId}/${organizationId}`),
    )
    .map(([userId, { directoryId, data }]) => ({
      userId,
      directoryId,
      grants: grantsOf(data),
      updatedAt: now,
    }));
  if (rows.length > 0) await manager.upsert(UserRolesEntity, rows, ['userId']);
}

function grantsOf(data: Record<string, unknown>): Array<{ role: string; groupIds: string[] }> {
  return Array.isArray(data['grants'])
    ? (data['grants'] as Array<{ role?: unknown; groupIds?: unknown }>)
        .filter((grant) => typeof grant.role === 'string')
        .map((grant) => ({
          role: grant.role as string,
          groupIds: Array.isArray(grant.groupIds)
            ? grant.groupIds.filter((id): id is string => typeof id === 'string')
            : [],
        }))
    : [];
}
