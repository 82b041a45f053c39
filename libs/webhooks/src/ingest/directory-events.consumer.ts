import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Topics, validateEventEnvelope, type EventEnvelope } from '@scimflow/contracts';
import { ConsumerGroup, EventBatchPattern, PermanentMessageError } from '@scimflow/messaging';
import { isUUID } from 'class-validator';
import { DeliveryDispatcher } from '../delivery/delivery-dispatcher';
import { EventIngestService, WEBHOOK_DISPATCHER_CONSUMER } from './event-ingest.service';

/**
 * Consumes directory.events.v1, the one ordered stream of directory events (role events included: directory-service
 * sequences them into it), a batch of one partition at a time in one transaction. An invalid event fails its batch
 * permanently, so the bus takes the batch again one event at a time and dead-letters only that one; a database
 * failure is rethrown so the bus retries the batch.
 */
@Controller()
@ConsumerGroup(WEBHOOK_DISPATCHER_CONSUMER)
export class DirectoryEventsConsumer {
  constructor(
    private readonly ingest: EventIngestService,
    private readonly dispatcher: DeliveryDispatcher,
  ) {}

  @EventBatchPattern(Topics.directoryEvents)
  async handle(@Payload() payloads: unknown[]): Promise<void> {
    const events = payloads.map((payload) => {
      const problems = validateEventEnvelope(payload);
      const event = payload as EventEnvelope;
      // the tables key events by uuid: anything else could never be stored, so it must not be retried forever
      if (problems.length === 0 && !isUUID(event.organizationId))
        problems.push('organizationId must be a UUID');
      if (problems.length === 0 && !isUUID(event.directoryId)) problems.push('directoryId must be a UUID');
      if (problems.length > 0) throw new PermanentMessageError(`invalid event: ${problems.join('; ')}`);
      return event;
    });
    if ((await this.ingest.ingestBatch(events)) > 0) this.dispatcher.wake();
  }
}
