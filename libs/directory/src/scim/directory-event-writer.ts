import { Injectable } from '@nestjs/common';
import { EVENT_VERSIONS, Topics, type EventEnvelope, type EventType } from '@scimflow/contracts';
import { Outbox, updateStatement, type SqlStatement } from '@scimflow/persistence';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DirectoryEntity } from '../entities/directory.entity';

export interface PendingEvent {
  /** Set when the event already has an identity (re-sequenced from another service); else a new uuid. */
  id?: string;
  type: EventType;
  data: unknown;
  previousAttributes?: Record<string, unknown>;
}

/**
 * Appends events to a directory's log inside the caller's transaction: each gets the next sequence number
 * of its directory, a row in the permanent `events` table and a row in the outbox referring to it (the relay
 * publishes the event as the log holds it), so that state, log and publication commit or roll back together.
 */
@Injectable()
export class DirectoryEventWriter {
  /**
   * `directoryChanges` are written in the same UPDATE of the directory row as its new last sequence (or alone
   * when there is no event), and the caller's `alongside` writes go with them: the directory row, the events,
   * their outbox rows and those writes take one round trip together.
   */
  async append(...args: Parameters<DirectoryEventWriter['appendStatement']>): Promise<EventEnvelope[]> {
    const { envelopes, statement } = this.appendStatement(...args);
    if (statement) await args[0].query(statement.sql, [...statement.parameters]);
    return envelopes;
  }

  /**
   * What {@link append} runs, as one statement for the caller to run in its transaction (e.g. with the COMMIT);
   * null when there is nothing to write. `directory.lastSequence` is advanced as by append.
   */
  appendStatement(
    manager: EntityManager,
    directory: DirectoryEntity,
    pending: PendingEvent[],
    now = new Date(),
    directoryChanges: QueryDeepPartialEntity<DirectoryEntity> = {},
    alongside: readonly SqlStatement[] = [],
  ): { envelopes: EventEnvelope[]; statement: SqlStatement | null } {
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
    const changes: QueryDeepPartialEntity<DirectoryEntity> =
      pending.length > 0 ? { ...directoryChanges, lastSequence: directory.lastSequence } : directoryChanges;
    const statements = [
      ...(Object.keys(changes).length > 0
        ? [updateStatement(manager, DirectoryEntity, directory.id, changes as Partial<DirectoryEntity>)]
        : []),
      ...(envelopes.length > 0 ? [insertEvents(envelopes, now)] : []),
      ...alongside,
    ];
    const { statement } = Outbox.statement(
      manager,
      // the outbox holds the event id only: the relay reads the event from the log (written once, not twice)
      envelopes.map((envelope) => ({
        topic: Topics.directoryEvents,
        key: envelope.directoryId,
        payloadRef: envelope.id,
        headers: { 'event-id': envelope.id, 'event-type': envelope.type },
      })),
      { alongside: statements },
    );
    return { envelopes, statement };
  }
}

function insertEvents(envelopes: readonly EventEnvelope[], now: Date): SqlStatement {
  const parameters: unknown[] = [];
  const rows = envelopes.map((envelope) => {
    const base = parameters.length;
    parameters.push(
      envelope.id,
      envelope.directoryId,
      envelope.organizationId,
      envelope.sequence,
      envelope.type,
      envelope.version,
      now,
      JSON.stringify(envelope.data),
      envelope.previousAttributes ? JSON.stringify(envelope.previousAttributes) : null,
    );
    return `(${Array.from({ length: 9 }, (_, index) => `$${base + index + 1}`).join(', ')})`;
  });
  return {
    sql:
      'INSERT INTO directory.events (id, directory_id, organization_id, sequence, type, version, occurred_at, ' +
      `data, previous_attributes) VALUES ${rows.join(', ')}`,
    parameters,
  };
}
