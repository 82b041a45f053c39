import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'directory', name: 'memberships' })
@Index('memberships_user_idx', ['userId'])
export class MembershipEntity {
  @PrimaryColumn('uuid')
  groupId!: string;

  @PrimaryColumn('uuid')
  userId!: string;

  @Column('uuid')
  directoryId!: string;

  @Column('timestamptz')
  createdAt!: Date;
}
