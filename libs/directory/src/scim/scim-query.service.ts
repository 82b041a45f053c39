import { Inject, Injectable } from '@nestjs/common';
import type { ScimListRequest, ScimListResult, ScimResourceType } from '@scimflow/contracts';
import {
  compileFilterToSql,
  jsonbAttribute,
  parseAttributePath,
  parseFilter,
  SchemaSet,
  ScimError,
  schemaSqlResolver,
  type FilterNode,
  type ResolvedAttribute,
  type SqlAttribute,
  type SqlAttributeResolver,
} from '@scimflow/scim';
import type { SessionSettings } from '@scimflow/persistence';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { isUuid } from './ids';
import { DIRECTORY_DATA_SOURCE, DIRECTORY_OPTIONS, type DirectoryOptions } from '../directory.tokens';
import { GroupEntity } from '../entities/group.entity';
import { UserEntity } from '../entities/user.entity';
import { DirectoryActivity } from '../management/directory-activity';
import {
  groupRefsOf,
  toScimGroup,
  toScimUser,
  userGroupsColumn,
  type MemberRef,
} from './scim-resource-mapping';

type Json = Record<string, unknown>;

/** How many read texts become named statements (see ScimQueryService.read). */
const MAX_NAMED = 64;

/**
 * Settings of directory-service's connections. `plan_cache_mode`: a named read is planned for its values at each
 * execution. PostgreSQL would otherwise settle on a generic plan after five executions, made with the statistics
 * of that moment: one made while a new directory's tables are small reads the whole users table once it has grown,
 * until the next ANALYZE (this service's integration spec shows it). Only this data source: elsewhere the cached
 * plans are foreign-key checks, which a generic plan serves well (docs/performance.md).
 */
export const DIRECTORY_SESSION_SETTINGS: SessionSettings = { plan_cache_mode: 'force_custom_plan' };

interface ResourceTable {
  table: string;
  alias: string;
  resolver: SqlAttributeResolver;
  /** SQL of the sort key for a canonical attribute path, when it has an indexed or typed column. */
  sortColumns: Record<string, string>;
  /** The canonical path of the attribute that is unique per directory (a unique index's key). */
  uniqueKey: string;
}

/**
 * The SCIM read path: filters compiled to SQL over indexed columns and jsonb (never filtering in memory),
 * counted and paged in the database, in a stable order (created, then id).
 */
@Injectable()
export class ScimQueryService {
  private readonly schemas = SchemaSet.standard();
  private readonly statementNames = new Map<string, string>();
  private readonly tables: Record<ScimResourceType, ResourceTable>;

  constructor(
    @Inject(DIRECTORY_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(DIRECTORY_OPTIONS) private readonly options: DirectoryOptions,
    private readonly activity: DirectoryActivity,
  ) {
    this.tables = {
      User: {
        table: 'directory.users',
        alias: 'u',
        resolver: schemaSqlResolver(this.schemas, 'User', (attribute) => userColumn(attribute)),
        sortColumns: {
          id: 'u.id',
          userName: 'u.user_name_lower',
          externalId: 'u.external_id',
          'meta.created': 'u.created_at',
          'meta.lastModified': 'u.updated_at',
          active: 'u.active',
        },
        uniqueKey: 'userName',
      },
      Group: {
        table: 'directory.groups',
        alias: 'g',
        resolver: schemaSqlResolver(this.schemas, 'Group', (attribute) => groupColumn(attribute)),
        sortColumns: {
          id: 'g.id',
          displayName: 'g.display_name_lower',
          externalId: 'g.external_id',
          'meta.created': 'g.created_at',
          'meta.lastModified': 'g.updated_at',
        },
        uniqueKey: 'displayName',
      },
    };
  }

  async get(
    directoryId: string,
    resourceType: ScimResourceType,
    id: string,
    { excludeMembers = false }: { excludeMembers?: boolean } = {},
  ): Promise<Json | null> {
    this.activity.touch(directoryId);
    if (!isUuid(id)) return null;
    const baseUrl = this.baseUrl(directoryId);
    if (resourceType === 'User') {
      const [row] = (await this.read(
        `SELECT u.*, ${userGroupsColumn('u')} FROM directory.users u WHERE u.id = $1 AND u.directory_id = $2`,
        [id, directoryId],
      )) as Array<Record<string, unknown>>;
      return row ? toScimUser(userFromRow(row), baseUrl, groupRefsOf(row)) : null;
    }
    const group = await this.dataSource.manager.findOne(GroupEntity, { where: { id, directoryId } });
    if (!group) return null;
    const members = excludeMembers ? null : ((await this.membersOf([group.id])).get(group.id) ?? []);
    return toScimGroup(group, members, baseUrl);
  }

  async list(directoryId: string, request: ScimListRequest): Promise<ScimListResult> {
    this.activity.touch(directoryId);
    const table = this.tables[request.resourceType];
    const params: unknown[] = [directoryId];
    let where = `${table.alias}.directory_id = $1`;
    let byUniqueKey = false;
    if (request.filter !== undefined && request.filter.trim() !== '') {
      const { resourceType } = request;
      const filter = parseFilter(request.filter);
      byUniqueKey = this.isUniqueKeyEquality(table, resourceType, filter);
      const fragment = compileFilterToSql(filter, table.resolver, {
        paramOffset: params.length,
        ...(request.acrossResourceTypes
          ? { absent: (path) => this.schemas.resolveAttribute(resourceType, path) === undefined }
          : {}),
      });
      where += ` AND (${fragment.sql})`;
      params.push(...fragment.params);
    }
    const from = `${table.table} ${table.alias}`;
    if (request.count === 0) {
      const [{ total }] = (await this.dataSource.query(
        `SELECT count(*)::int AS total FROM ${from} WHERE ${where}`,
        params,
      )) as Array<{ total: number }>;
      return { totalResults: total, resources: [] };
    }
    const columns = `${table.alias}.*${request.resourceType === 'User' ? `, ${userGroupsColumn('u')}` : ''}`;
    // checked even when the order cannot matter: a sortBy naming nothing is the client's error either way
    const order = this.orderBy(table, request);
    if (byUniqueKey) {
      // At most one row matches, so it is the total and the whole ordered result: a plain statement, with no count,
      // order or page, which PostgreSQL plans in about half the time and runs faster (docs/performance.md).
      const matched = await this.read(`SELECT ${columns} FROM ${from} WHERE ${where}`, params);
      const offset = request.startIndex - 1;
      return this.listResult(
        directoryId,
        request,
        matched.length,
        matched.slice(offset, offset + request.count),
      );
    }
    // The total and the page in one round trip (an identity provider's lookup by userName is one statement), each
    // planned on its own: the count from the index, the page stopping at its LIMIT. The LEFT JOIN yields one row of
    // NULLs when the page is empty.
    const pageParams = [...params, request.count, request.startIndex - 1];
    const rows = (await this.read(
      `SELECT total.scimflow_total, page.* FROM (SELECT count(*)::int AS scimflow_total FROM ${from} WHERE ${where}) total
         LEFT JOIN LATERAL (SELECT ${columns}
           FROM ${from} WHERE ${where} ORDER BY ${order}
           LIMIT $${pageParams.length - 1} OFFSET $${pageParams.length}) page ON true`,
      pageParams,
    )) as Array<Record<string, unknown>>;
    const total = (rows[0]?.['scimflow_total'] as number | undefined) ?? 0;
    return this.listResult(directoryId, request, total, rows[0]?.['id'] == null ? [] : rows);
  }

  /**
   * True when `filter` is `<the resource type's unique key> eq "<string>"`: it then matches at most one resource
   * of the directory (a unique index holds the key, case-insensitively, as the filter compares it).
   */
  private isUniqueKeyEquality(
    table: ResourceTable,
    resourceType: ScimResourceType,
    filter: FilterNode,
  ): boolean {
    if (filter.kind !== 'compare' || filter.op !== 'eq' || typeof filter.value !== 'string') return false;
    return this.schemas.resolveAttribute(resourceType, filter.path)?.path === table.uniqueKey;
  }

  private async listResult(
    directoryId: string,
    request: ScimListRequest,
    total: number,
    rows: ReadonlyArray<Record<string, unknown>>,
  ): Promise<ScimListResult> {
    if (rows.length === 0) return { totalResults: total, resources: [] };
    const baseUrl = this.baseUrl(directoryId);
    if (request.resourceType === 'User') {
      return {
        totalResults: total,
        resources: rows.map((row) => toScimUser(userFromRow(row), baseUrl, groupRefsOf(row))),
      };
    }
    const groups = rows.map(groupFromRow);
    const members = request.excludeMembers ? null : await this.membersOf(groups.map((group) => group.id));
    return {
      totalResults: total,
      resources: groups.map((group) =>
        toScimGroup(group, members ? (members.get(group.id) ?? []) : null, baseUrl),
      ),
    };
  }

  private orderBy(table: ResourceTable, request: ScimListRequest): string {
    const direction = request.sortOrder === 'descending' ? 'DESC' : 'ASC';
    // RFC 7644 §3.4.2.3: resources without a value "are ordered last if ascending and first if descending"
    const nulls = direction === 'DESC' ? 'NULLS FIRST' : 'NULLS LAST';
    const stable = `${table.alias}.created_at ${direction}, ${table.alias}.id ${direction}`;
    if (!request.sortBy) return stable;
    const resolved = this.schemas.resolveAttribute(request.resourceType, parseAttributePath(request.sortBy));
    if (!resolved) throw ScimError.invalidValue(`Cannot sort by "${request.sortBy}": no such attribute.`);
    const column = table.sortColumns[resolved.path];
    if (column) return `${column} ${direction} ${nulls}, ${stable}`;
    const attribute = jsonbAttribute(resolved, `${table.alias}.attributes`);
    const leaf =
      resolved.subAttribute ??
      (resolved.attribute.type === 'complex'
        ? resolved.attribute.subAttributes?.find((sub) => sub.name === 'value')
        : resolved.attribute);
    let sql: string;
    if (attribute.kind === 'jsonb') {
      sql = attribute.sql;
    } else if (attribute.kind === 'multi' && attribute.arraySql && leaf) {
      // a multi-valued attribute sorts by its primary value, else its first (RFC 7644 §3.4.2.3)
      const element = resolved.attribute.type === 'complex' ? `e.v -> ${sqlLiteral(leaf.name)}` : 'e.v';
      sql = `(SELECT ${element} FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${attribute.arraySql}) = 'array'
                THEN ${attribute.arraySql} END) WITH ORDINALITY AS e(v, n)
               ORDER BY (e.v ->> 'primary') = 'true' DESC NULLS LAST, e.n LIMIT 1)`;
    } else {
      throw ScimError.invalidValue(`Cannot sort by "${request.sortBy}".`);
    }
    // Strings sort case-insensitively unless the attribute is caseExact (RFC 7644 §3.4.2.3).
    const key = leaf && leaf.type === 'string' && !leaf.caseExact ? `lower(${sql} #>> '{}')` : sql;
    return `${key} ${direction} ${nulls}, ${stable}`;
  }

  private async membersOf(groupIds: string[]): Promise<Map<string, MemberRef[]>> {
    const members = new Map<string, MemberRef[]>(groupIds.map((id) => [id, []]));
    if (groupIds.length === 0) return members;
    const rows = (await this.dataSource.query(
      `SELECT m.group_id, u.id, COALESCE(u.display_name, u.user_name) AS display
         FROM directory.memberships m JOIN directory.users u ON u.id = m.user_id
        WHERE m.group_id = ANY($1::uuid[])
        ORDER BY m.created_at, u.id`,
      [groupIds],
    )) as Array<{ group_id: string; id: string; display: string | null }>;
    for (const row of rows) members.get(row.group_id)!.push({ id: row.id, display: row.display });
    return members;
  }

  /**
   * A read as a named (server-side prepared) statement when its text is one of the first {@link MAX_NAMED}
   * seen: an identity provider's lookups repeat one text with other parameters, and PostgreSQL then parses it once
   * per connection (and plans it for its values at each execution: DIRECTORY_SESSION_SETTINGS).
   * Bounded, because a filter's shape is the client's to choose; other texts run unnamed.
   */
  private async read(sql: string, params: unknown[]): Promise<Array<Record<string, unknown>>> {
    let name = this.statementNames.get(sql);
    if (name === undefined && this.statementNames.size < MAX_NAMED) {
      name = `scimflow_read_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
      this.statementNames.set(sql, name);
    }
    if (name === undefined)
      return (await this.dataSource.query(sql, params)) as Array<Record<string, unknown>>;
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    return (await pool.query({ name, text: sql, values: params })).rows as Array<Record<string, unknown>>;
  }

  private baseUrl(directoryId: string): string {
    return `${this.options.publicUrl}/scim/v2/${directoryId}`;
  }
}

function userColumn(attribute: ResolvedAttribute): SqlAttribute | undefined {
  switch (attribute.path) {
    case 'id':
      return { kind: 'column', sql: 'u.id::text', type: 'string', caseExact: true };
    case 'userName':
      return { kind: 'column', sql: 'u.user_name_lower', type: 'string', caseExact: false, lowered: true };
    case 'externalId':
      return { kind: 'column', sql: 'u.external_id', type: 'string', caseExact: true };
    case 'active':
      return { kind: 'column', sql: 'u.active', type: 'boolean', caseExact: false };
    case 'meta.created':
      return { kind: 'column', sql: 'u.created_at', type: 'dateTime', caseExact: false };
    case 'meta.lastModified':
      return { kind: 'column', sql: 'u.updated_at', type: 'dateTime', caseExact: false };
    case 'meta.resourceType':
      return { kind: 'column', sql: `'User'::text`, type: 'string', caseExact: true };
    case 'meta.location':
    case 'meta.version':
    case 'groups':
    case 'groups.value':
    case 'groups.display':
    case 'groups.type':
      // the read-only groups, derived from the memberships (never stored in the user's attributes)
      return {
        kind: 'multi',
        from: 'directory.memberships um JOIN directory.groups ug ON ug.id = um.group_id',
        where: 'um.user_id = u.id',
        subAttributes: {
          value: { kind: 'column', sql: 'um.group_id::text', type: 'string', caseExact: true },
          display: { kind: 'column', sql: 'ug.display_name', type: 'string', caseExact: false },
          type: { kind: 'column', sql: `'direct'::text`, type: 'string', caseExact: false },
        },
      };
    case 'password':
    case 'groups.$ref':
      return undefined;
    default:
      return jsonbAttribute(attribute, 'u.attributes');
  }
}

function groupColumn(attribute: ResolvedAttribute): SqlAttribute | undefined {
  switch (attribute.path) {
    case 'id':
      return { kind: 'column', sql: 'g.id::text', type: 'string', caseExact: true };
    case 'displayName':
      return { kind: 'column', sql: 'g.display_name_lower', type: 'string', caseExact: false, lowered: true };
    case 'externalId':
      return { kind: 'column', sql: 'g.external_id', type: 'string', caseExact: true };
    case 'meta.created':
      return { kind: 'column', sql: 'g.created_at', type: 'dateTime', caseExact: false };
    case 'meta.lastModified':
      return { kind: 'column', sql: 'g.updated_at', type: 'dateTime', caseExact: false };
    case 'meta.resourceType':
      return { kind: 'column', sql: `'Group'::text`, type: 'string', caseExact: true };
    case 'members':
    case 'members.value':
      return {
        kind: 'multi',
        from: 'directory.memberships m',
        where: 'm.group_id = g.id',
        subAttributes: { value: { kind: 'column', sql: 'm.user_id::text', type: 'string', caseExact: true } },
      };
    case 'meta.location':
    case 'meta.version':
      return undefined;
    default:
      if (attribute.attribute.name === 'members') return undefined;
      return jsonbAttribute(attribute, 'g.attributes');
  }
}

function userFromRow(row: Record<string, unknown>): UserEntity {
  return Object.assign(new UserEntity(), {
    id: row['id'],
    directoryId: row['directory_id'],
    organizationId: row['organization_id'],
    externalId: row['external_id'],
    userName: row['user_name'],
    userNameLower: row['user_name_lower'],
    emailLower: row['email_lower'],
    displayName: row['display_name'],
    active: row['active'],
    attributes: row['attributes'],
    version: row['version'],
    createdAt: new Date(row['created_at'] as string),
    updatedAt: new Date(row['updated_at'] as string),
  });
}

function groupFromRow(row: Record<string, unknown>): GroupEntity {
  return Object.assign(new GroupEntity(), {
    id: row['id'],
    directoryId: row['directory_id'],
    organizationId: row['organization_id'],
    externalId: row['external_id'],
    displayName: row['display_name'],
    displayNameLower: row['display_name_lower'],
    attributes: row['attributes'],
    memberCount: row['member_count'],
    version: row['version'],
    createdAt: new Date(row['created_at'] as string),
    updatedAt: new Date(row['updated_at'] as string),
  });
}

/** A SQL string literal of a schema's attribute name (names are [A-Za-z0-9$_-], but quoted all the same). */
function sqlLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
