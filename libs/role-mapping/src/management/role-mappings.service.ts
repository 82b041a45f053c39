import { Inject, Injectable } from '@nestjs/common';
import { runInTransaction } from '@scimflow/persistence';
import { ManagementApiException } from '@scimflow/service-kit';
import { isUUID } from 'class-validator';
import type { DataSource, EntityManager } from 'typeorm';
import { computeRoles } from '../computation/compute-roles';
import type { MappingRule, RoleMapping } from '../computation/role-mapping.types';
import { OrganizationMappingEntity } from '../entities/organization-mapping.entity';
import { loadRoleCatalog, unsavedMapping } from '../recompute/effective-mappings';
import { RecomputeJobRunner } from '../recompute/recompute-job.runner';
import { RecomputeJobsService } from '../recompute/recompute-jobs.service';
import { loadOrganizationUsers } from '../recompute/user-membership-rows';
import { ROLE_MAPPING_DATA_SOURCE } from '../role-mapping.tokens';
import type { RecomputeStatusDto } from './dto/recompute-status.dto';
import type { RoleMappingInputDto } from './dto/role-mapping-input.dto';
import type { RoleMappingPreviewDto } from './dto/role-mapping-preview.dto';
import type { RoleMappingDto } from './dto/role-mapping.dto';
import type { UserRoleChangeDto } from './dto/user-role-change.dto';

/** Users read per query by a preview. */
const PREVIEW_BATCH = 2000;
/** Users listed per side of a preview; the counts cover everyone. */
const PREVIEW_LIST_LIMIT = 1000;

/** Organizations' group→role mappings: read, save (then recompute in the background), preview. */
@Injectable()
export class RoleMappingsService {
  constructor(
    @Inject(ROLE_MAPPING_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly jobs: RecomputeJobsService,
    private readonly runner: RecomputeJobRunner,
  ) {}

  async get(organizationId: string): Promise<RoleMappingDto> {
    assertOrganizationId(organizationId);
    const saved = await this.dataSource.manager.findOne(OrganizationMappingEntity, {
      where: { organizationId },
    });
    if (saved) return toRoleMappingDto(saved);
    const mapping = unsavedMapping(await loadRoleCatalog(this.dataSource.manager));
    return { organizationId, ...mapping, version: 0, updatedAt: null };
  }

  /** Saves the mapping and restarts the recomputation of every user of the organization. */
  async put(organizationId: string, input: RoleMappingInputDto): Promise<RoleMappingDto> {
    assertOrganizationId(organizationId);
    const saved = await runInTransaction(this.dataSource, async (manager) => {
      const mapping = await this.resolve(manager, input, { lock: true });
      const now = new Date();
      const [{ version }] = await manager.query<[{ version: number }]>(
        `INSERT INTO role_mapping.organization_mappings (organization_id, mode, default_role, rules, version, updated_at)
         VALUES ($1, $2, $3, $4::jsonb, 1, $5)
         ON CONFLICT (organization_id) DO UPDATE
           SET mode = EXCLUDED.mode, default_role = EXCLUDED.default_role, rules = EXCLUDED.rules,
               version = organization_mappings.version + 1, updated_at = EXCLUDED.updated_at
         RETURNING version`,
        [organizationId, mapping.mode, mapping.defaultRole, JSON.stringify(mapping.rules), now],
      );
      await this.jobs.request(manager, [organizationId], now);
      return { organizationId, ...mapping, version, updatedAt: now.toISOString() };
    });
    this.runner.notify();
    return saved;
  }

  /** What saving `input` would change, on the current users and groups, without saving anything. */
  async preview(organizationId: string, input: RoleMappingInputDto): Promise<RoleMappingPreviewDto> {
    assertOrganizationId(organizationId);
    const manager = this.dataSource.manager;
    const mapping = await this.resolve(manager, input, { lock: false });
    const catalog = await loadRoleCatalog(manager);
    const usersGaining: UserRoleChangeDto[] = [];
    const usersLosing: UserRoleChangeDto[] = [];
    const counts = { gaining: 0, losing: 0, unchanged: 0 };
    for (let after: string | null = null; ;) {
      const users = await loadOrganizationUsers(manager, organizationId, after, PREVIEW_BATCH);
      for (const user of users) {
        const current = new Set(user.storedRoles);
        const next = computeRoles(user, mapping, catalog.priorities).roles;
        const gained = next.filter((role) => !current.has(role));
        const lost = [...current].filter((role) => !next.includes(role)).sort();
        if (gained.length > 0) {
          counts.gaining += 1;
          if (usersGaining.length < PREVIEW_LIST_LIMIT) usersGaining.push({ userId: user.id, roles: gained });
        }
        if (lost.length > 0) {
          counts.losing += 1;
          if (usersLosing.length < PREVIEW_LIST_LIMIT) usersLosing.push({ userId: user.id, roles: lost });
        }
        if (gained.length === 0 && lost.length === 0) counts.unchanged += 1;
      }
      const last = users.at(-1);
      if (!last || users.length < PREVIEW_BATCH) break;
      after = last.id;
    }
    return { usersGaining, usersLosing, counts };
  }

  async status(organizationId: string): Promise<RecomputeStatusDto> {
    assertOrganizationId(organizationId);
    const job = await this.jobs.find(organizationId);
    if (!job) return { status: 'idle', total: 0, done: 0, startedAt: null, finishedAt: null };
    return {
      status: job.status,
      total: job.total,
      done: job.done,
      startedAt: job.startedAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
    };
  }

  /**
   * The mapping `input` describes, with every role key checked: unknown keys are a validation error. With
   * `lock`, the named roles are share-locked, so that a concurrent deletion waits for this save to commit and
   * then removes the role from it.
   */
  private async resolve(
    manager: EntityManager,
    input: RoleMappingInputDto,
    { lock }: { lock: boolean },
  ): Promise<RoleMapping> {
    const problems: string[] = [];
    const rules: MappingRule[] = input.rules.map((rule, index) => {
      const { id, displayName } = rule.group;
      if ((id === undefined) === (displayName === undefined)) {
        problems.push(`rules.${index}.group must have exactly one of id and displayName`);
      }
      return {
        group: id !== undefined ? { id } : { displayName: displayName ?? '' },
        roles: [...new Set(rule.roles)],
      };
    });
    const named = [
      ...new Set([...rules.flatMap((rule) => rule.roles), ...(input.defaultRole ? [input.defaultRole] : [])]),
    ];
    const found = named.length
      ? await manager.query<Array<{ key: string }>>(
          `SELECT key FROM role_mapping.roles WHERE key = ANY($1::text[])${lock ? ' FOR SHARE' : ''}`,
          [named],
        )
      : [];
    const known = new Set(found.map((row) => row.key));
    const unknown = named.filter((key) => !known.has(key));
    if (unknown.length > 0) problems.push(`unknown role(s): ${unknown.join(', ')}`);
    if (problems.length > 0) throw ManagementApiException.validation(problems);
    if (input.defaultRole !== undefined) return { mode: input.mode, defaultRole: input.defaultRole, rules };
    const [flagged] = await manager.query<Array<{ key: string }>>(
      `SELECT key FROM role_mapping.roles WHERE is_default${lock ? ' FOR SHARE' : ''}`,
    );
    return { mode: input.mode, defaultRole: flagged?.key ?? null, rules };
  }
}

function assertOrganizationId(organizationId: string): void {
  if (!isUUID(organizationId)) throw ManagementApiException.notFound('Organization', organizationId);
}

function toRoleMappingDto(row: OrganizationMappingEntity): RoleMappingDto {
  return {
    organizationId: row.organizationId,
    mode: row.mode,
    defaultRole: row.defaultRole,
    rules: row.rules,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}
