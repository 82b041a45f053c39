import { Injectable } from '@nestjs/common';
import { EVENT_VERSIONS, Topics, type EventEnvelope, type EventType } from '@scimflow/contracts';
import { Outbox } from '@scimflow/persistence';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DirectoryEntity } from '../entities/directory.entity';
import { EventEntity } from '../entities/event.entity';

export interface PendingEvent {
  /** Set when the event already has an identity (re-sequenced from another service); else a new uuid. */
  id?: string;
  type: EventType;
  data: unknown;
  previousAttributes?: Record<string, unknown>;
}

/**
 * Appends events to a directory's log inside the caller's transaction: each gets the next sequence number
 * of its directory, a row in the permanent `events` table and a row in the outbox, so that state, log and
 * publication commit or roll back together.
 */
@Injectable()
export class DirectoryEventWriter {
  /**
   * `directoryChanges` are written in the same UPDATE of the directory row as its new last sequence (or alone
   * when there is no event), which saves the caller a statement.
   */
  async append(
    manager: EntityManager,
    directory: DirectoryEntity,
    pending: PendingEvent[],
    now = new Date(),
    directoryChanges: QueryDeepPartialEntity<DirectoryEntity> = {},
  ): Promise<EventEnvelope[]> {
    if (pending.length === 0) {
      if (Object.keys(directoryChanges).length > 0)
        await manager.update(DirectoryEntity, { id: directory.id }, directoryChanges);
      return [];
    }
    const envelopes: EventEnvelope[] = pending.map((event, index) => ({
      id: event.id ?? randomUUID(),
      type: event.type,
      version: EVENT_VERSIONS[event.type],
      sequence: directory.lastSequence + index + 1,
      occurredAt: now.toISOString(),
      organizationId: directory.organizationId,
      directoryId: directory.id,
      data: event.data,
      ...(event.previousAttributes ? { previousAttributes: event.previousAttributes } : {}),
    }));
    directory.lastSequence += pending.length;
    await manager.update(
      DirectoryEntity,
      { id: directory.id },
      { ...directoryChanges, lastSequence: directory.lastSequence },
    );
    await manager.insert(
      EventEntity,
      envelopes.map<QueryDeepPartialEntity<EventEntity>>(
        (envelope) =>
          ({
            id: envelope.id,
            directoryId: envelope.directoryId,
            organizationId: envelope.organizationId,
            sequence: envelope.sequence,
            type: envelope.type,
            version: envelope.version,
            occurredAt: now,
            data: envelope.data as Record<string, unknown>,
            previousAttributes: envelope.previousAttributes ?? null,
          }) as QueryDeepPartialEntity<EventEntity>,
      ),
    );
    await Outbox.enqueue(
      manager,
      envelopes.map((envelope) => ({
        topic: Topics.directoryEvents,
        key: envelope.directoryId,
        value: envelope,
        headers: { 'event-id': envelope.id, 'event-type': envelope.type },
      })),
    );
    return envelopes;
  }
}
