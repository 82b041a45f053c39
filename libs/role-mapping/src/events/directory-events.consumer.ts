import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics, validateEventEnvelope, type EventEnvelope } from '@scimflow/contracts';
import { ConsumerGroup, PermanentMessageError } from '@scimflow/messaging';
import { Inbox, runInTransaction } from '@scimflow/persistence';
import type { DataSource } from 'typeorm';
import { ROLE_MAPPING_CONSUMER, ROLE_MAPPING_DATA_SOURCE } from '../role-mapping.tokens';
import { parseDirectoryChange } from './directory-change';
import { DirectoryProjection } from './directory-projection.service';

/**
 * Consumes directory.events.v1: each event updates the projection and recomputes the roles it can affect, in
 * one transaction with its inbox claim and the roles_updated events it causes. A redelivered event is dropped
 * by the inbox; an invalid one is dead-lettered.
 */
@Controller()
@ConsumerGroup(ROLE_MAPPING_CONSUMER)
export class DirectoryEventsConsumer {
  constructor(
    @Inject(ROLE_MAPPING_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly projection: DirectoryProjection,
  ) {}

  @EventPattern(Topics.directoryEvents)
  async handle(@Payload() payload: unknown): Promise<void> {
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
    const change = parsed.change;
    if (!change) return;
    // Retried after a deadlock with a recompute job batch on the same users: the whole transaction is repeatable.
    await runInTransaction(
      this.dataSource,
      async (manager) => {
        if (!(await Inbox.claim(manager, ROLE_MAPPING_CONSUMER, event.id))) return;
        await this.projection.apply(manager, change, event.id, new Date());
      },
      { retries: 3 },
    );
  }
}
