import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics, validateEventEnvelope, type EventEnvelope } from '@scimflow/contracts';
import { ConsumerGroup, PermanentMessageError } from '@scimflow/messaging';
import { isUUID } from 'class-validator';
import { DeliveryDispatcher } from '../delivery/delivery-dispatcher';
import { EventIngestService, WEBHOOK_DISPATCHER_CONSUMER } from './event-ingest.service';

/**
 * Consumes directory.events.v1, the one ordered stream of directory events (role events included: directory-service
 * sequences them into it). Invalid events are dead-lettered; a database failure is rethrown so the bus retries.
 */
@Controller()
@ConsumerGroup(WEBHOOK_DISPATCHER_CONSUMER)
export class DirectoryEventsConsumer {
  constructor(
    private readonly ingest: EventIngestService,
    private readonly dispatcher: DeliveryDispatcher,
  ) {}

  @EventPattern(Topics.directoryEvents)
  async handle(@Payload() payload: unknown): Promise<void> {
    const problems = validateEventEnvelope(payload);
    const event = payload as EventEnvelope;
    // the tables key events by uuid: anything else could never be stored, so it must not be retried forever
    if (problems.length === 0 && !isUUID(event.organizationId))
      problems.push('organizationId must be a UUID');
    if (problems.length === 0 && !isUUID(event.directoryId)) problems.push('directoryId must be a UUID');
    if (problems.length > 0) throw new PermanentMessageError(`invalid event: ${problems.join('; ')}`);
    if ((await this.ingest.ingest(event)) > 0) this.dispatcher.wake();
  }
}
