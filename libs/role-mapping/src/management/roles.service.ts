import { Inject, Injectable } from '@nestjs/common';
import { runInTransaction, sqlState } from '@scimflow/persistence';
import { ManagementApiException } from '@scimflow/service-kit';
import type { DataSource, EntityManager } from 'typeorm';
import type { MappingRule } from '../computation/role-mapping.types';
import { RoleEntity } from '../entities/role.entity';
import { RecomputeJobRunner } from '../recompute/recompute-job.runner';
import { RecomputeJobsService } from '../recompute/recompute-jobs.service';
import { ROLE_MAPPING_DATA_SOURCE } from '../role-mapping.tokens';
import type { CreateRoleDto } from './dto/create-role.dto';
import type { RoleListDto } from './dto/role-list.dto';
import type { RoleDto } from './dto/role.dto';
import type { UpdateRoleDto } from './dto/update-role.dto';

const UNIQUE_VIOLATION = '23505';

/**
 * The application's roles. A change that can change who holds what (the default role, a priority, a deletion)
 * restarts the recomputation of the organizations it can affect, in the transaction of the change.
 */
@Injectable()
export class RolesService {
  constructor(
    @Inject(ROLE_MAPPING_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly jobs: RecomputeJobsService,
    private readonly runner: RecomputeJobRunner,
  ) {}

  async list(): Promise<RoleListDto> {
    const roles = await this.dataSource.manager.find(RoleEntity, { order: { priority: 'DESC', key: 'ASC' } });
    return { data: roles.map(toRoleDto) };
  }

  async create(input: CreateRoleDto): Promise<RoleDto> {
    const role = await this.changeRoles(async (manager, now) => {
      const isDefault = input.isDefault ?? false;
      if (isDefault) await clearDefault(manager, now);
      const created = manager.create(RoleEntity, {
        key: input.key,
        name: input.name,
        description: input.description ?? '',
        priority: input.priority ?? 0,
        isDefault,
        createdAt: now,
        updatedAt: now,
      });
      try {
        await manager.insert(RoleEntity, created);
      } catch (error) {
        if (sqlState((error as { driverError?: unknown }).driverError) === UNIQUE_VIOLATION) {
          throw ManagementApiException.conflict(`A role with key ${input.key} already exists.`);
        }
        throw error;
      }
      return { result: created, affected: isDefault ? await organizationsWithoutMapping(manager) : [] };
    });
    return toRoleDto(role);
  }

  async update(key: string, input: UpdateRoleDto): Promise<RoleDto> {
    const role = await this.changeRoles(async (manager, now) => {
      const role = await findRoleForUpdate(manager, key);
      const affected: string[] = [];
      if (input.isDefault !== undefined && input.isDefault !== role.isDefault) {
        if (input.isDefault) await clearDefault(manager, now);
        affected.push(...(await organizationsWithoutMapping(manager)));
      }
      if (input.priority !== undefined && input.priority !== role.priority) {
        affected.push(...(await highestPriorityOrganizations(manager)));
      }
      Object.assign(role, {
        name: input.name ?? role.name,
        description: input.description ?? role.description,
        priority: input.priority ?? role.priority,
        isDefault: input.isDefault ?? role.isDefault,
        updatedAt: now,
      });
      await manager.update(
        RoleEntity,
        { key },
        {
          name: role.name,
          description: role.description,
          priority: role.priority,
          isDefault: role.isDefault,
          updatedAt: now,
        },
      );
      return { result: role, affected };
    });
    return toRoleDto(role);
  }

  /** Deletes the role, removes it from every mapping and recomputes the organizations it can affect. */
  async delete(key: string): Promise<void> {
    await this.changeRoles(async (manager, now) => {
      const role = await findRoleForUpdate(manager, key);
      const mappings = await manager.query<
        Array<{ organization_id: string; default_role: string | null; rules: MappingRule[] }>
      >(
        `SELECT organization_id, default_role, rules FROM role_mapping.organization_mappings
          WHERE default_role = $1 OR rules @> jsonb_build_array(jsonb_build_object('roles', jsonb_build_array($1::text)))
          FOR UPDATE`,
        [key],
      );
      for (const mapping of mappings) {
        const rules = mapping.rules
          .map((rule) => ({ ...rule, roles: rule.roles.filter((roleKey) => roleKey !== key) }))
          .filter((rule) => rule.roles.length > 0);
        await manager.query(
          `UPDATE role_mapping.organization_mappings
              SET rules = $2::jsonb, default_role = CASE WHEN default_role = $3 THEN NULL ELSE default_role END,
                  version = version + 1, updated_at = $4
            WHERE organization_id = $1`,
          [mapping.organization_id, JSON.stringify(rules), key, now],
        );
      }
      const holders = await manager.query<Array<{ organization_id: string }>>(
        `SELECT DISTINCT organization_id FROM role_mapping.user_roles WHERE roles @> ARRAY[$1::text]`,
        [key],
      );
      await manager.delete(RoleEntity, { key });
      return {
        result: undefined,
        affected: [
          ...mappings.map((mapping) => mapping.organization_id),
          ...holders.map((holder) => holder.organization_id),
          ...(role.isDefault ? await organizationsWithoutMapping(manager) : []),
        ],
      };
    });
  }

  /** Runs a change of the roles and restarts the recomputation of the organizations it affects. */
  private async changeRoles<T>(
    change: (manager: EntityManager, now: Date) => Promise<{ result: T; affected: string[] }>,
  ): Promise<T> {
    const { result, affected } = await runInTransaction(this.dataSource, async (manager) => {
      const now = new Date();
      const outcome = await change(manager, now);
      await this.jobs.request(manager, outcome.affected, now);
      return outcome;
    });
    if (affected.length > 0) this.runner.notify();
    return result;
  }
}

async function findRoleForUpdate(manager: EntityManager, key: string): Promise<RoleEntity> {
  const role = await manager.findOne(RoleEntity, { where: { key }, lock: { mode: 'pessimistic_write' } });
  if (!role) throw ManagementApiException.notFound('Role', key);
  return role;
}

async function clearDefault(manager: EntityManager, now: Date): Promise<void> {
  await manager.update(RoleEntity, { isDefault: true }, { isDefault: false, updatedAt: now });
}

/** Organizations known from their users that have no saved mapping: they follow the default role. */
async function organizationsWithoutMapping(manager: EntityManager): Promise<string[]> {
  const rows = await manager.query<Array<{ organization_id: string }>>(
    `SELECT DISTINCT u.organization_id FROM role_mapping.users u
      WHERE NOT EXISTS (SELECT 1 FROM role_mapping.organization_mappings m WHERE m.organization_id = u.organization_id)`,
  );
  return rows.map((row) => row.organization_id);
}

async function highestPriorityOrganizations(manager: EntityManager): Promise<string[]> {
  const rows = await manager.query<Array<{ organization_id: string }>>(
    `SELECT organization_id FROM role_mapping.organization_mappings WHERE mode = 'highest-priority'`,
  );
  return rows.map((row) => row.organization_id);
}

function toRoleDto(role: RoleEntity): RoleDto {
  return {
    key: role.key,
    name: role.name,
    description: role.description,
    priority: role.priority,
    isDefault: role.isDefault,
    createdAt: role.createdAt.toISOString(),
    updatedAt: role.updatedAt.toISOString(),
  };
}
