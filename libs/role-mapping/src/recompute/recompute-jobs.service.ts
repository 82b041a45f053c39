import { Inject, Injectable } from '@nestjs/common';
import { runInTransaction } from '@scimflow/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { RecomputeJobEntity } from '../entities/recompute-job.entity';
import {
  ROLE_MAPPING_DATA_SOURCE,
  ROLE_MAPPING_OPTIONS,
  type RoleMappingOptions,
} from '../role-mapping.tokens';
import { RoleRecomputer } from './role-recomputer.service';

/** What one batch of a job did. */
export type RecomputeBatchOutcome =
  /** Users were recomputed and more remain. */
  | 'progressed'
  /** The last batch: the job is done. */
  | 'finished'
  /** Nothing to do here: the job is done, absent, or another instance is running its batch. */
  | 'skipped';

/**
 * Recompute jobs: every user of an organization, in batches of `recomputeBatchSize` users per transaction,
 * after its mapping or a role changed. Each batch locks the job row, so instances take turns on a job and a
 * new change restarting the job waits for the batch in flight.
 */
@Injectable()
export class RecomputeJobsService {
  constructor(
    @Inject(ROLE_MAPPING_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(ROLE_MAPPING_OPTIONS) private readonly options: RoleMappingOptions,
    private readonly recomputer: RoleRecomputer,
  ) {}

  /**
   * (Re)starts the job of each organization in the caller's transaction: from the first user, with the
   * organization's current user count as its total. Wake the runner once the transaction has committed.
   */
  async request(manager: EntityManager, organizationIds: readonly string[], now: Date): Promise<void> {
    const unique = [...new Set(organizationIds)].sort();
    if (unique.length === 0) return;
    await manager.query(
      `INSERT INTO role_mapping.recompute_jobs (organization_id, status, total, done, last_user_id, started_at, finished_at)
       SELECT o.id, 'running', (SELECT count(*) FROM role_mapping.users u WHERE u.organization_id = o.id), 0, NULL, $2, NULL
         FROM unnest($1::uuid[]) AS o(id)
       ON CONFLICT (organization_id) DO UPDATE
         SET status = 'running', total = EXCLUDED.total, done = 0, last_user_id = NULL,
             started_at = EXCLUDED.started_at, finished_at = NULL`,
      [unique, now],
    );
  }

  /** The organization's job, or null when none ever ran. */
  find(organizationId: string): Promise<RecomputeJobEntity | null> {
    return this.dataSource.manager.findOne(RecomputeJobEntity, { where: { organizationId } });
  }

  /** Organizations whose job is unfinished, oldest first. */
  async unfinished(): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ organization_id: string }>>(
      `SELECT organization_id FROM role_mapping.recompute_jobs WHERE status = 'running' ORDER BY started_at`,
    );
    return rows.map((row) => row.organization_id);
  }

  /** Recomputes the next batch of the organization's job, in one transaction. */
  runBatch(organizationId: string): Promise<RecomputeBatchOutcome> {
    const batchSize = this.options.recomputeBatchSize;
    return runInTransaction(
      this.dataSource,
      async (manager): Promise<RecomputeBatchOutcome> => {
        const [job] = await manager.query<Array<{ last_user_id: string | null }>>(
          `SELECT last_user_id FROM role_mapping.recompute_jobs
            WHERE organization_id = $1 AND status = 'running' FOR UPDATE SKIP LOCKED`,
          [organizationId],
        );
        if (!job) return 'skipped';
        const users = await manager.query<Array<{ id: string }>>(
          `SELECT id FROM role_mapping.users
            WHERE organization_id = $1 AND ($2::uuid IS NULL OR id > $2::uuid) ORDER BY id LIMIT $3`,
          [organizationId, job.last_user_id, batchSize],
        );
        const now = new Date();
        const userIds = users.map((user) => user.id);
        await this.recomputer.recompute(manager, userIds, { causationId: null, now });
        const finished = userIds.length < batchSize;
        // Users created or deleted while the job ran make the first count stale: the final total is what was done.
        await manager.query(
          `UPDATE role_mapping.recompute_jobs
              SET done = done + $2,
                  last_user_id = COALESCE($3::uuid, last_user_id),
                  status = CASE WHEN $4::boolean THEN 'done' ELSE 'running' END,
                  total = CASE WHEN $4::boolean THEN done + $2 ELSE GREATEST(total, done + $2) END,
                  finished_at = CASE WHEN $4::boolean THEN $5::timestamptz ELSE NULL END
            WHERE organization_id = $1`,
          [organizationId, userIds.length, userIds.at(-1) ?? null, finished, now],
        );
        return finished ? 'finished' : 'progressed';
      },
      { retries: 3 },
    );
  }
}
