import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';

/** One HTTP attempt of a delivery, as the delivery log shows it. */
@Entity({ schema: 'webhooks', name: 'delivery_attempts' })
@Index('delivery_attempts_delivery_idx', ['deliveryId', 'attemptedAt'])
export class WebhookDeliveryAttemptEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  deliveryId!: string;

  @ManyToOne(() => WebhookDeliveryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'delivery_attempts_delivery_id_fkey' })
  delivery?: WebhookDeliveryEntity;

  @Column('timestamptz')
  attemptedAt!: Date;

  @Column('integer', { nullable: true })
  httpStatus!: number | null;

  @Column('integer')
  durationMs!: number;

  /** The first 4 KB of the answer. */
  @Column('text', { nullable: true })
  responseBody!: string | null;

  @Column('text', { nullable: true })
  error!: string | null;
}
