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
    messages: readonly OutgoingMessage[],
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
    messages: readonly OutgoingMessage[],
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
    for (const message of messages) {
      if (!message.topic || !message.key)
        throw new Error('an outbox message needs a topic and a non-empty key');
      const id = randomUUID();
      const messageId = message.headers?.[BusHeaders.messageId] ?? id;
      const headers = { ...message.headers, [BusHeaders.messageId]: messageId };
      messageIds.push(messageId);
      const base = parameters.length;
      parameters.push(
        id,
        message.topic,
        message.key,
        JSON.stringify(message.value ?? null),
        JSON.stringify(headers),
      );
      rows.push(`($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5})`);
    }
    parameters.push(outboxChannel(manager.connection));
    markOutboxPending(queryRunner);
    // One round trip: the rows, and a notification that reaches the relays of other instances at commit.
    return {
      statement: {
        sql:
          `WITH ${ctes.map((cte) => `${cte}, `).join('')}inserted AS (INSERT INTO ${outboxTable(manager.connection)} ` +
          `("id", "topic", "key", "payload", "headers") VALUES ${rows.join(', ')} RETURNING 1) ` +
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
