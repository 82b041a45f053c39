import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { BusHeaders, type OutgoingMessage } from '@scimflow/messaging';
import { markOutboxPending, outboxChannel, outboxTable } from './outbox-location';

const CLEANUP_CHUNK = 1000;

/**
 * A data-modifying SQL statement (INSERT, UPDATE or DELETE, no trailing semicolon) with its parameters, numbered
 * from $1 on; `$` must appear in it only as a parameter reference.
 */
export interface SqlStatement {
  sql: string;
  parameters: readonly unknown[];
}

/**
 * A message whose value the same transaction stores elsewhere (e.g. an event in a permanent log): the outbox keeps
 * only `payloadRef`, and the relay asks its `resolvePayloads` for the value when it publishes. The value is then
 * written once instead of twice (the outbox table needs `addOutboxPayloadReferences`).
 */
export interface ReferencedOutgoingMessage {
  topic: string;
  key: string;
  payloadRef: string;
  headers?: Record<string, string>;
}

/** What goes into the outbox: a message with its value, or with a reference to it. */
export type OutboxMessageInput = OutgoingMessage | ReferencedOutgoingMessage;

/** Options of {@link Outbox.enqueue}. */
export interface EnqueueOptions {
  /**
   * Writes of the same transaction to run in the same round trip as the outbox rows (each a CTE of one
   * statement): a write path pays one round trip for its state, its log and its messages together.
   */
  alongside?: readonly SqlStatement[];
}

/** The transactional outbox of a service: messages written with the state change, sent by the OutboxRelay. */
export class Outbox {
  /**
   * Writes `messages` to the outbox in the caller's transaction (the manager runInTransaction gives), in order.
   * They are published after the transaction commits, never if it rolls back. Each gets a `message-id` header
   * (the outbox row id, unless the producer set one), the same on every redelivery, for the consumers' inbox.
   * Returns the message ids.
   */
  static async enqueue(
    manager: EntityManager,
    messages: readonly OutboxMessageInput[],
    options: EnqueueOptions = {},
  ): Promise<string[]> {
    const { statement, messageIds } = Outbox.statement(manager, messages, options);
    if (statement) await manager.query(statement.sql, [...statement.parameters]);
    return messageIds;
  }

  /**
   * What {@link enqueue} runs, as a statement for the caller to run in the same transaction (e.g. as the closing
   * statement of runInPipelinedTransaction, in the round trip of the COMMIT); null when there is nothing to write.
   * The relay is woken after that transaction commits.
   */
  static statement(
    manager: EntityManager,
    messages: readonly OutboxMessageInput[],
    options: EnqueueOptions = {},
  ): { statement: SqlStatement | null; messageIds: string[] } {
    const queryRunner = manager.queryRunner;
    if (!queryRunner?.isTransactionActive) {
      throw new Error(
        'Outbox.enqueue() must run inside a transaction: use the manager that runInTransaction() gives',
      );
    }
    const parameters: unknown[] = [];
    const ctes: string[] = [];
    for (const [index, statement] of (options.alongside ?? []).entries()) {
      const offset = parameters.length;
      ctes.push(
        `alongside_${index} AS (${statement.sql.replace(/\$(\d+)/g, (_match, n: string) => `$${Number(n) + offset}`)})`,
      );
      parameters.push(...statement.parameters);
    }
    if (messages.length === 0) {
      return {
        statement: ctes.length > 0 ? { sql: `WITH ${ctes.join(', ')} SELECT 1`, parameters } : null,
        messageIds: [],
      };
    }
    const rows: string[] = [];
    const messageIds: string[] = [];
    const anyReferenced = messages.some((message) => 'payloadRef' in message);
    const columns = anyReferenced ? 6 : 5;
    for (const message of messages) {
      if (!message.topic || !message.key)
        throw new Error('an outbox message needs a topic and a non-empty key');
      const id = randomUUID();
      const messageId = message.headers?.[BusHeaders.messageId] ?? id;
      const headers = { ...message.headers, [BusHeaders.messageId]: messageId };
      messageIds.push(messageId);
      const base = parameters.length;
      const referenced = 'payloadRef' in message;
      if (referenced && !message.payloadRef)
        throw new Error('an outbox message needs a non-empty payloadRef');
      parameters.push(
        id,
        message.topic,
        message.key,
        referenced ? null : JSON.stringify(message.value ?? null),
        JSON.stringify(headers),
      );
      if (anyReferenced) parameters.push(referenced ? message.payloadRef : null);
      rows.push(`(${Array.from({ length: columns }, (_, index) => `$${base + index + 1}`).join(', ')})`);
    }
    parameters.push(outboxChannel(manager.connection));
    markOutboxPending(queryRunner);
    // One round trip: the rows, and a notification that reaches the relays of other instances at commit.
    return {
      statement: {
        sql:
          `WITH ${ctes.map((cte) => `${cte}, `).join('')}inserted AS (INSERT INTO ${outboxTable(manager.connection)} ` +
          `("id", "topic", "key", "payload", "headers"${anyReferenced ? ', "payload_ref"' : ''}) ` +
          `VALUES ${rows.join(', ')} RETURNING 1) ` +
          `SELECT pg_notify($${parameters.length}, '') AS notified`,
        parameters,
      },
      messageIds,
    };
  }

  /** Deletes the messages published before `publishedBefore`, a chunk at a time; returns how many. */
  static async cleanup(dataSource: DataSource, publishedBefore: Date): Promise<number> {
    const table = outboxTable(dataSource);
    let deleted = 0;
    for (;;) {
      const [, count] = await dataSource.query<[unknown[], number]>(
        `DELETE FROM ${table} WHERE "id" IN (SELECT "id" FROM ${table} ` +
          `WHERE "published_at" < $1 ORDER BY "published_at" LIMIT ${CLEANUP_CHUNK})`,
        [publishedBefore],
      );
      deleted += count;
      if (count < CLEANUP_CHUNK) return deleted;
    }
  }
}
