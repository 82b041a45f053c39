import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type RecomputeJobStatus = 'running' | 'done';

/**
 * The recomputation of every user of an organization after its mapping (or a role) changed: one row per
 * organization, restarted by each change. Batches advance `lastUserId`, so a restarted service resumes a
 * running job where its last committed batch ended.
 */
@Entity({ schema: 'role_mapping', name: 'recompute_jobs' })
@Index('recompute_jobs_running_idx', ['startedAt'], { where: "status = 'running'" })
export class RecomputeJobEntity {
  @PrimaryColumn('uuid')
  organizationId!: string;

  @Column('text')
  status!: RecomputeJobStatus;

  @Column('integer')
  total!: number;

  @Column('integer')
  done!: number;

  /** The last user (in id order) of the last committed batch; null before the first. */
  @Column('uuid', { nullable: true })
  lastUserId!: string | null;

  @Column('timestamptz')
  startedAt!: Date;

  @Column('timestamptz', { nullable: true })
  finishedAt!: Date | null;
}
