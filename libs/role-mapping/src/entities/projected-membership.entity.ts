import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A user's membership of a group, as learned from directory.events.v1. */
@Entity({ schema: 'role_mapping', name: 'memberships' })
@Index('memberships_group_id_idx', ['groupId'])
export class ProjectedMembershipEntity {
  @PrimaryColumn('uuid')
  userId!: string;

  @PrimaryColumn('uuid')
  groupId!: string;

  @Column('uuid')
  directoryId!: string;
}
