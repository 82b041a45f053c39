import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An application's webhook endpoint: where events go, which ones, and the secret that signs them. */
@Entity({ schema: 'webhooks', name: 'endpoints' })
@Index('endpoints_created_idx', ['createdAt', 'id'])
@Index('endpoints_enabled_organization_idx', ['organizationId'], { where: 'enabled' })
export class WebhookEndpointEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  url!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  /** Exact types or wildcards (`directory.user.*`); empty = every type. */
  @Column('text', { array: true, default: () => "'{}'" })
  eventTypes!: string[];

  /** Events of this organization only; null = every organization. */
  @Column('uuid', { nullable: true })
  organizationId!: string | null;

  @Column('boolean', { default: true })
  enabled!: boolean;

  @Column('text', { nullable: true })
  disabledReason!: string | null;

  @Column('timestamptz', { nullable: true })
  disabledAt!: Date | null;

  /** The signing secret, encrypted with WEBHOOK_SECRET_KEY (SecretCipher). */
  @Column('text')
  secretEncrypted!: string;

  /** The secret before the last rotation, still signing until previousSecretExpiresAt. */
  @Column('text', { nullable: true })
  previousSecretEncrypted!: string | null;

  @Column('timestamptz', { nullable: true })
  previousSecretExpiresAt!: Date | null;

  /** Start of the current run of failed attempts; null after any success. */
  @Column('timestamptz', { nullable: true })
  failingSince!: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt!: Date;
}
