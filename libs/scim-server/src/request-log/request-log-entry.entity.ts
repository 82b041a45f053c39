import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One SCIM request of a directory and the answer it got, secrets removed: the directory's diagnostics. */
@Entity({ schema: 'scim_ingress', name: 'request_log' })
@Index('request_log_directory_received_idx', ['directoryId', 'receivedAt', 'id'])
@Index('request_log_received_idx', ['receivedAt'])
export class RequestLogEntryEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  directoryId!: string;

  @Column('uuid')
  organizationId!: string;

  @Column('timestamptz')
  receivedAt!: Date;

  @Column('text')
  method!: string;

  /** Relative to the directory's SCIM base URL, e.g. `/Users/<id>`. */
  @Column('text')
  path!: string;

  // json, not jsonb: the log shows bodies with their keys in the order the identity provider sent them.
  @Column('json')
  query!: Record<string, string>;

  @Column('smallint')
  status!: number;

  @Column('double precision')
  durationMs!: number;

  /** The provider the directory is configured for. */
  @Column('text')
  provider!: string;

  /** The provider recognised from the request itself (User-Agent, headers, query flags). */
  @Column('text', { nullable: true })
  detectedProvider!: string | null;

  @Column('json', { nullable: true })
  requestBody!: unknown;

  @Column('json', { nullable: true })
  responseBody!: unknown;

  /** What the provider normalization changed (`notes`) and what an admin may want to fix (`warnings`). */
  @Column('json')
  normalization!: { notes: unknown[]; warnings: unknown[] };

  @Column('text')
  correlationId!: string;
}
