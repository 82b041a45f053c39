import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Topics, validateEventEnvelope, type EventEnvelope } from '@scimflow/contracts';
import { ConsumerGroup, EventBatchPattern, PermanentMessageError } from '@scimflow/messaging';
import { Inbox, runInTransaction } from '@scimflow/persistence';
import type { DataSource } from 'typeorm';
import { ROLE_MAPPING_CONSUMER, ROLE_MAPPING_DATA_SOURCE } from '../role-mapping.tokens';
import { parseDirectoryChange, type DirectoryChange } from './directory-change';
import { DirectoryProjection } from './directory-projection.service';

/**
 * Consumes directory.events.v1 a batch of one partition at a time: the events update the projection and recompute
 * the roles they can affect, in one transaction with their inbox claims and the roles_updated events they cause.
 * An event seen before is dropped by the inbox; an invalid one fails its batch permanently, so the bus takes the
 * batch again one event at a time and dead-letters only that one.
 */
@Controller()
@ConsumerGroup(ROLE_MAPPING_CONSUMER)
export class DirectoryEventsConsumer {
  constructor(
    @Inject(ROLE_MAPPING_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly projection: DirectoryProjection,
  ) {}

  @EventBatchPattern(Topics.directoryEvents)
  async handle(@Payload() payloads: unknown[]): Promise<void> {
    const changes: Array<{ change: DirectoryChange; causationId: string }> = [];
    for (const payload of payloads) {
      const problems = validateEventEnvelope(payload);
      if (problems.length > 0)
        throw new PermanentMessageError(`invalid directory event: ${problems.join('; ')}`);
      const event = payload as EventEnvelope;
      const parsed = parseDirectoryChange(event);
      if (!parsed.ok) {
        throw new PermanentMessageError(
          `invalid ${event.type} event ${event.id}: ${parsed.problems.join('; ')}`,
        );
      }
      if (parsed.change) changes.push({ change: parsed.change, causationId: event.id });
    }
    if (changes.length === 0) return;
    // Retried after a deadlock with a recompute job batch on the same users: the whole transaction is repeatable.
    await runInTransaction(
      this.dataSource,
      async (manager) => {
        const claimed = await Inbox.claimAll(
          manager,
          ROLE_MAPPING_CONSUMER,
          changes.map(({ causationId }) => causationId),
        );
        // delete(): an event twice in one batch is applied once
        const fresh = changes.filter(({ causationId }) => claimed.delete(causationId));
        if (fresh.length > 0) await this.projection.applyBatch(manager, fresh, new Date());
      },
      { retries: 3 },
    );
  }
}
