import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A group as learned from directory.events.v1: its current display name is what displayName rules match. */
@Entity({ schema: 'role_mapping', name: 'groups' })
@Index('groups_directory_id_idx', ['directoryId'])
export class ProjectedGroupEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  directoryId!: string;

  @Column('uuid')
  organizationId!: string;

  @Column('text')
  displayName!: string;

  @Column('timestamptz')
  updatedAt!: Date;
}
