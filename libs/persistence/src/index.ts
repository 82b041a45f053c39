export { CreatedAtColumn, TimestampColumn } from './lib/columns/timestamp-columns';
export {
  buildDataSourceOptions,
  createDataSource,
  type CreateDataSourceOptions,
  type DatabaseConnection,
  type EmbeddedDatabaseConnection,
  type PostgresDatabaseConnection,
} from './lib/data-source/create-data-source';
export { type SessionSettings } from './lib/data-source/session-settings';
export {
  EmbeddedPostgres,
  type EmbeddedPostgresOptions,
  type PgDriverModule,
} from './lib/embedded/embedded-postgres';
export { Inbox } from './lib/inbox/inbox';
export { InboxCleaner, type InboxCleanerOptions } from './lib/inbox/inbox-cleaner';
export { InboxRecord } from './lib/inbox/inbox-record.entity';
export { createInboxTable, dropInboxTable } from './lib/inbox/inbox-table';
export { SnakeNamingStrategy } from './lib/naming/snake-naming.strategy';
export { dataSourceToken, InjectDataSource } from './lib/nest/data-source.token';
export {
  PersistenceModule,
  type DataSourceModuleOptions,
  type EmbeddedDatabaseModuleOptions,
} from './lib/nest/persistence.module';
export {
  Outbox,
  type EnqueueOptions,
  type OutboxMessageInput,
  type ReferencedOutgoingMessage,
  type SqlStatement,
} from './lib/outbox/outbox';
export { OutboxMessage } from './lib/outbox/outbox-message.entity';
export { OutboxRelay, type OutboxRelayOptions, type PayloadResolver } from './lib/outbox/outbox-relay';
export {
  addOutboxPayloadReferences,
  createOutboxTable,
  dropOutboxTable,
  removeOutboxPayloadReferences,
} from './lib/outbox/outbox-table';
export { entityFromRow, insertStatement, updateStatement } from './lib/statements/row-statements';
export {
  runInPipelinedTransaction,
  runUnitsInPipelinedTransaction,
  type PipelinedUnit,
  type PipelinedWork,
  type ResultRow,
  type UnitOutcome,
} from './lib/transaction/run-in-pipelined-transaction';
export {
  isRetryableTransactionError,
  runInTransaction,
  sqlState,
  type TransactionOptions,
} from './lib/transaction/run-in-transaction';
