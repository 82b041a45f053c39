import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { deadLetterTopic, Topics } from '@scimflow/contracts';
import { BusContext, BusHeaders, ConsumerGroup } from '@scimflow/messaging';
import { Inbox, runInTransaction } from '@scimflow/persistence';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DIRECTORY_DATA_SOURCE } from '../directory.tokens';
import { DeadLetterEntity } from '../entities/dead-letter.entity';

const CONSUMER = 'directory-service.dead-letters';

/**
 * Collects the dead letters of every topic (whichever service gave up on them) into one table, so that the
 * management API can show them with their reason. Stored once per original message.
 */
@Controller()
@ConsumerGroup(CONSUMER)
export class DeadLettersHandler {
  constructor(@Inject(DIRECTORY_DATA_SOURCE) private readonly dataSource: DataSource) {}

  @EventPattern(deadLetterTopic(Topics.scimCommands))
  commands(@Payload() payload: unknown, @Ctx() context: BusContext): Promise<void> {
    return this.store(payload, context);
  }

  @EventPattern(deadLetterTopic(Topics.directoryEvents))
  directoryEvents(@Payload() payload: unknown, @Ctx() context: BusContext): Promise<void> {
    return this.store(payload, context);
  }

  @EventPattern(deadLetterTopic(Topics.accessEvents))
  accessEvents(@Payload() payload: unknown, @Ctx() context: BusContext): Promise<void> {
    return this.store(payload, context);
  }

  private async store(payload: unknown, context: BusContext): Promise<void> {
    const headers = context.getHeaders();
    const source =
      headers[BusHeaders.deadLetterSource] ??
      `${context.getTopic()}/${context.getPartition()}@${context.getOffset()}`;
    await runInTransaction(this.dataSource, async (manager) => {
      if (!(await Inbox.claim(manager, CONSUMER, source))) return;
      const row: QueryDeepPartialEntity<DeadLetterEntity> = {
        id: randomUUID(),
        topic: context.getTopic().replace(/\.dead-letter$/, ''),
        source,
        consumerGroup: headers[BusHeaders.deadLetterGroup] ?? 'unknown',
        reason: headers[BusHeaders.deadLetterReason] ?? 'unknown',
        messageKey: context.getKey(),
        payload: payload as QueryDeepPartialEntity<unknown>,
        headers,
        receivedAt: new Date(),
      } as QueryDeepPartialEntity<DeadLetterEntity>;
      await manager.insert(DeadLetterEntity, row);
    });
  }
}
