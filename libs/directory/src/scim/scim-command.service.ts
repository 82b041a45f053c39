import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  EventTypes,
  ScimCommandTypes,
  type ScimCommand,
  type ScimCommandReply,
  type ScimPatchOperation,
} from '@scimflow/contracts';
import {
  entityFromRow,
  insertStatement,
  runUnitsInPipelinedTransaction,
  updateStatement,
  type PipelinedWork,
  type ResultRow,
  type SqlStatement,
} from '@scimflow/persistence';
import { ScimError } from '@scimflow/scim';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { isUuid } from './ids';
import { acceptsTokenHash } from '../management/scim-token-auth.service';
import { DIRECTORY_DATA_SOURCE, DIRECTORY_OPTIONS, type DirectoryOptions } from '../directory.tokens';
import { CommandReplyEntity } from '../entities/command-reply.entity';
import { DirectoryEntity } from '../entities/directory.entity';
import { GroupEntity } from '../entities/group.entity';
import { MembershipEntity } from '../entities/membership.entity';
import { UserEntity } from '../entities/user.entity';
import { DirectoryEventWriter, type PendingEvent } from './directory-event-writer';
import { ScimEngine } from './scim-engine';
import {
  etagOf,
  groupColumns,
  toDirectoryGroup,
  toDirectoryUser,
  toScimGroup,
  toScimUser,
  type GroupRef,
  userColumns,
  type MemberRef,
} from './scim-resource-mapping';
import { describeUserChange } from './user-diff';

type Json = Record<string, unknown>;

interface CommandContext {
  manager: EntityManager;
  directory: DirectoryEntity;
  command: ScimCommand;
  events: PendingEvent[];
  /** Writes that go in the same round trip as the events (see DirectoryEventWriter.append). */
  alongside: SqlStatement[];
  now: Date;
  /** The rows of the command's reads sent with its opening statement (see memberPatchReads), if any. */
  reads: ReadonlyArray<readonly ResultRow[]>;
}

const UNIQUE_VIOLATION = '23505';
const COMMAND_CONSUMER = 'directory-service.scim-commands';

/**
 * Applies canonical SCIM write commands. Each command runs in one transaction that holds the directory row
 * lock, writes the state change, its events and their outbox rows, and yields the reply the identity
 * provider will see. A ScimError becomes an error reply; anything else is transient and propagates so the
 * bus retries the command.
 */
@Injectable()
export class ScimCommandService {
  private readonly logger = new Logger(ScimCommandService.name);

  constructor(
    @Inject(DIRECTORY_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(DIRECTORY_OPTIONS) private readonly options: DirectoryOptions,
    private readonly eventWriter: DirectoryEventWriter,
    private readonly engine: ScimEngine,
  ) {}

  async execute(command: ScimCommand): Promise<ScimCommandReply> {
    const [reply] = await this.executeAll([command]);
    return reply!;
  }

  /**
   * Applies `commands` (of one partition, in order) in one transaction, each in a savepoint of its own: a command
   * that fails with a SCIM error or a uniqueness violation is rolled back alone and gets its error reply; any other
   * error rolls back all of them and propagates (the bus retries). One commit for the lot: when commands queue up
   * (several clients of one directory), each costs two round trips and no WAL flush of its own.
   */
  async executeAll(commands: readonly ScimCommand[]): Promise<ScimCommandReply[]> {
    try {
      const outcomes = await runUnitsInPipelinedTransaction(
        this.dataSource,
        commands.map((command) => ({
          opening: openingStatement(command),
          reads: commandReads(command),
          work: (
            manager: EntityManager,
            rows: readonly ResultRow[],
            reads: ReadonlyArray<readonly ResultRow[]>,
          ) => this.apply(command, manager, rows[0], reads),
        })),
        (error) => ScimError.is(error) || isUniqueViolation(error),
      );
      return outcomes.map((outcome) => (outcome.ok ? outcome.result : errorReply(outcome.error)));
    } catch (error) {
      const types = [...new Set(commands.map((command) => command.type))].join(', ');
      this.logger.warn(
        `${commands.length} command(s) (${types}; first ${commands[0]?.commandId}) failed transiently: ${String(error)}`,
      );
      throw error;
    }
  }

  /**
   * One command, after its opening statement (the directory row's lock and the command's inbox claim) ran; the
   * writes, events, outbox rows and stored reply come back as the closing statement. A command redelivered after
   * a crash (committed, reply or offset not yet) must not apply twice; its caller may still be waiting, so it gets
   * the reply the first run gave. (A claim made for a directory that is gone rolls back with the 401.)
   */
  private async apply(
    command: ScimCommand,
    manager: EntityManager,
    row: ResultRow | undefined,
    reads: ReadonlyArray<readonly ResultRow[]>,
  ): Promise<PipelinedWork<ScimCommandReply>> {
    const directory = row && entityFromRow(this.dataSource, DirectoryEntity, row);
    if (!directory || directory.organizationId !== command.organizationId) {
      throw new ScimError(401, undefined, 'The directory does not exist or was deleted.');
    }
    if (row['scimflow_claimed'] !== true) {
      const stored = await manager.findOneBy(CommandReplyEntity, { commandId: command.commandId });
      return {
        result: stored?.reply ?? {
          ok: false,
          error: { status: 409, detail: 'This command was already applied; its reply has expired.' },
        },
      };
    }
    // after the redelivery check: a command that committed keeps its reply, whatever became of its token since
    if (command.credential !== undefined && !acceptsTokenHash(directory, command.credential, new Date())) {
      throw new ScimError(401, undefined, 'The bearer token is not valid for this endpoint.');
    }
    const context: CommandContext = {
      manager,
      directory,
      command,
      events: [],
      alongside: [],
      now: new Date(),
      reads,
    };
    const reply = await this.dispatch(context);
    // one UPDATE of the directory row per command: its activation, last request and sequence together
    const touched: QueryDeepPartialEntity<DirectoryEntity> = { lastRequestAt: context.now };
    if (directory.status === 'pending') {
      directory.status = 'active';
      directory.activatedAt = context.now;
      Object.assign(touched, { status: 'active', activatedAt: context.now });
      context.events.unshift({
        type: EventTypes.directoryActivated,
        data: {
          id: directory.id,
          organizationId: directory.organizationId,
          provider: directory.provider,
          name: directory.name,
        },
      });
    }
    // the reply is stored in the same statement as the events: see CommandReplyEntity
    const { statement } = this.eventWriter.appendStatement(
      manager,
      directory,
      context.events,
      context.now,
      touched,
      [
        ...context.alongside,
        {
          sql: 'INSERT INTO directory.command_replies (command_id, reply) VALUES ($1, $2)',
          parameters: [command.commandId, JSON.stringify(reply)],
        },
      ],
    );
    return { result: reply, ...(statement ? { closing: statement } : {}) };
  }

  private dispatch(context: CommandContext): Promise<ScimCommandReply> {
    switch (context.command.type) {
      case ScimCommandTypes.userCreate:
        return this.createUser(context);
      case ScimCommandTypes.userReplace:
      case ScimCommandTypes.userPatch:
        return this.updateUser(context);
      case ScimCommandTypes.userDelete:
        return this.deleteUser(context);
      case ScimCommandTypes.groupCreate:
        return this.createGroup(context);
      case ScimCommandTypes.groupReplace:
      case ScimCommandTypes.groupPatch:
        return this.updateGroup(context);
      case ScimCommandTypes.groupDelete:
        return this.deleteGroup(context);
    }
  }

  private baseUrl(directoryId: string): string {
    return `${this.options.publicUrl}/scim/v2/${directoryId}`;
  }

  // ------------------------------------------------------------------ users

  private async createUser({
    manager,
    directory,
    command,
    events,
    alongside,
    now,
  }: CommandContext): Promise<ScimCommandReply> {
    const attributes = this.engine.prepareUserForCreate(requireResource(command));
    const columns = userColumns(attributes);
    // No lookup first: the unique index on (directory_id, user_name_lower) answers a taken userName with 409.
    const user = manager.create(UserEntity, {
      id: randomUUID(),
      directoryId: directory.id,
      organizationId: directory.organizationId,
      ...columns,
      attributes,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    // inserted with the events: a taken userName fails that statement, and the whole command, with 23505
    alongside.push(insertStatement(manager, UserEntity, user));
    events.push({ type: EventTypes.userCreated, data: toDirectoryUser(user) });
    return {
      ok: true,
      status: 201,
      resource: toScimUser(user, this.baseUrl(directory.id)),
      version: user.version,
    };
  }

  private async updateUser(context: CommandContext): Promise<ScimCommandReply> {
    const { manager, directory, command, events, alongside, now } = context;
    const user = await this.findUser(manager, directory.id, requireResourceId(command));
    checkIfMatch(command, user.version);
    // the user's groups, read with the opening statement: the reply shows them, the engine never sees them
    const groups = (context.reads[0] ?? []).map(groupRefOf);
    const current = toScimUser(user, this.baseUrl(directory.id));
    const next =
      command.type === ScimCommandTypes.userReplace
        ? this.engine.replaceUser(current, requireResource(command), command.preserveAttributes ?? [])
        : this.engine.patchUser(current, command.operations ?? []);
    if (isDeepStrictEqual(next, user.attributes)) {
      return {
        ok: true,
        status: 200,
        resource: toScimUser(user, this.baseUrl(directory.id), groups),
        version: user.version,
      };
    }
    const columns = userColumns(next);
    if (columns.userNameLower !== user.userNameLower) {
      await this.assertUserNameFree(manager, directory.id, columns.userNameLower, user.id);
    }
    const before = toDirectoryUser(user);
    Object.assign(user, columns, { attributes: next, version: user.version + 1, updatedAt: now });
    alongside.push(
      updateStatement(manager, UserEntity, user.id, {
        ...columns,
        attributes: next,
        version: user.version,
        updatedAt: now,
      }),
    );
    const change = describeUserChange(before, toDirectoryUser(user));
    if (change)
      events.push({
        type: change.type,
        data: toDirectoryUser(user),
        previousAttributes: change.previousAttributes,
      });
    return {
      ok: true,
      status: 200,
      resource: toScimUser(user, this.baseUrl(directory.id), groups),
      version: user.version,
    };
  }

  private async deleteUser({
    manager,
    directory,
    command,
    events,
  }: CommandContext): Promise<ScimCommandReply> {
    const user = await this.findUser(manager, directory.id, requireResourceId(command));
    checkIfMatch(command, user.version);
    const memberships = await manager.find(MembershipEntity, { where: { userId: user.id } });
    const groups = memberships.length
      ? await manager.find(GroupEntity, {
          where: { id: In(memberships.map((membership) => membership.groupId)) },
        })
      : [];
    const directoryUser = toDirectoryUser(user);
    for (const group of groups.sort((a, b) => a.displayNameLower.localeCompare(b.displayNameLower))) {
      group.memberCount -= 1;
      await manager.update(GroupEntity, { id: group.id }, { memberCount: group.memberCount });
      events.push({
        type: EventTypes.groupUserRemoved,
        data: { user: directoryUser, group: toDirectoryGroup(group) },
      });
    }
    await manager.delete(UserEntity, { id: user.id });
    events.push({ type: EventTypes.userDeleted, data: directoryUser });
    return { ok: true, status: 204 };
  }

  private async findUser(manager: EntityManager, directoryId: string, id: string): Promise<UserEntity> {
    const user = isUuid(id) ? await manager.findOne(UserEntity, { where: { id, directoryId } }) : null;
    if (!user) throw ScimError.notFound(`User ${id} not found.`);
    return user;
  }

  private async assertUserNameFree(
    manager: EntityManager,
    directoryId: string,
    userNameLower: string,
    exceptId: string | null,
  ): Promise<void> {
    const existing = await manager.findOne(UserEntity, {
      where: { directoryId, userNameLower },
      select: ['id'],
    });
    if (existing && existing.id !== exceptId) {
      throw ScimError.uniqueness('A user with this userName already exists in the directory.');
    }
  }

  // ------------------------------------------------------------------ groups

  private async createGroup({
    manager,
    directory,
    command,
    events,
    alongside,
    now,
  }: CommandContext): Promise<ScimCommandReply> {
    const { attributes, members } = this.engine.prepareGroupForCreate(requireResource(command));
    const columns = groupColumns(attributes);
    await this.assertDisplayNameFree(manager, directory.id, columns.displayNameLower, null);
    const memberUsers = await this.loadMemberUsers(manager, directory.id, members ?? []);
    const group = manager.create(GroupEntity, {
      id: randomUUID(),
      directoryId: directory.id,
      organizationId: directory.organizationId,
      ...columns,
      attributes,
      memberCount: 0,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    events.push({ type: EventTypes.groupCreated, data: toDirectoryGroup(group) });
    const memberships = this.addMembers(manager, group, memberUsers, events, now);
    // the group (with its final member count) and its memberships go in the round trip of the events
    alongside.push(insertStatement(manager, GroupEntity, group), ...memberships);
    return {
      ok: true,
      status: 201,
      resource: toScimGroup(group, memberUsers.map(memberRef), this.baseUrl(directory.id)),
      version: group.version,
    };
  }

  private async updateGroup(context: CommandContext): Promise<ScimCommandReply> {
    const { manager, directory, command, events, alongside, now } = context;
    const operations = command.operations ?? [];
    const fastPath = command.type === ScimCommandTypes.groupPatch ? simpleMemberChanges(operations) : null;
    // a members-only PATCH read its group, memberships, users and members with its opening statement
    const [groupRows = [], membershipRows = [], userRows = [], memberRows = []] = fastPath
      ? context.reads
      : [];
    const group = fastPath
      ? this.groupOrNotFound(groupRows, requireResourceId(command))
      : await this.findGroup(manager, directory.id, requireResourceId(command));
    checkIfMatch(command, group.version);

    let nextAttributes: Json;
    let nextMembers: string[] | null; // null: members untouched
    let toAdd: string[];
    let toRemove: string[];
    let currentMembers: MemberRef[]; // the members before the command
    let readUsers: UserEntity[] | undefined; // the users a members-only PATCH may add, read beforehand
    if (fastPath) {
      nextAttributes = group.attributes;
      nextMembers = null;
      const mentioned = [...new Set([...fastPath.add, ...fastPath.remove])].filter(isUuid);
      const before = new Set(membershipRows.map((membership) => membership['user_id'] as string));
      // Operations apply in order: replay them over the membership state of the mentioned users only.
      const existing = new Set(before);
      for (const step of fastPath.steps) {
        if (step.op === 'add') existing.add(step.id);
        else existing.delete(step.id);
      }
      // A malformed id that is added must fail (below, in loadMemberUsers); one that is removed is a no-op.
      for (const id of fastPath.add) if (!isUuid(id) && existing.has(id)) mentioned.push(id);
      toAdd = mentioned.filter((id) => existing.has(id) && !before.has(id));
      toRemove = mentioned.filter((id) => !existing.has(id) && before.has(id));
      currentMembers = memberRows.map((member) => ({
        id: member['id'] as string,
        display: member['display'] as string | null,
      }));
      readUsers = userRows.map((row) => entityFromRow(this.dataSource, UserEntity, row));
    } else {
      currentMembers = await this.memberRefs(manager, group.id);
      const current = toScimGroup(group, currentMembers, this.baseUrl(directory.id));
      const result =
        command.type === ScimCommandTypes.groupReplace
          ? this.engine.replaceGroup(current, requireResource(command))
          : this.engine.patchGroup(current, operations);
      nextAttributes = result.attributes;
      nextMembers = result.members;
      const before = new Set(currentMembers.map((member) => member.id));
      const after = new Set(nextMembers ?? before);
      toAdd = [...after].filter((id) => !before.has(id));
      toRemove = [...before].filter((id) => !after.has(id));
    }

    const attributesChanged = !isDeepStrictEqual(nextAttributes, group.attributes);
    if (!attributesChanged && toAdd.length === 0 && toRemove.length === 0) {
      return this.groupReply(manager, group, 200);
    }
    const addUsers = readUsers
      ? this.memberUsersAmong(readUsers, toAdd)
      : await this.loadMemberUsers(manager, directory.id, toAdd);
    // group.updated shows the group as of this change: new attributes and updatedAt; its memberCount is the one
    // before the membership events that follow it in the log
    group.version += 1;
    group.updatedAt = now;
    if (attributesChanged) {
      const columns = groupColumns(nextAttributes);
      if (columns.displayNameLower !== group.displayNameLower) {
        await this.assertDisplayNameFree(manager, directory.id, columns.displayNameLower, group.id);
      }
      const before = toDirectoryGroup(group);
      Object.assign(group, columns, { attributes: nextAttributes });
      const after = toDirectoryGroup(group);
      const previousAttributes = Object.fromEntries(
        (['displayName', 'externalId', 'rawAttributes'] as const)
          .filter((key) => !isDeepStrictEqual(before[key], after[key]))
          .map((key) => [key, before[key]]),
      );
      events.push({ type: EventTypes.groupUpdated, data: after, previousAttributes });
    }
    await this.removeMembers(manager, group, toRemove, events);
    alongside.push(
      ...this.addMembers(manager, group, addUsers, events, now),
      updateStatement(manager, GroupEntity, group.id, {
        displayName: group.displayName,
        displayNameLower: group.displayNameLower,
        externalId: group.externalId,
        attributes: group.attributes,
        memberCount: group.memberCount,
        version: group.version,
        updatedAt: now,
      }),
    );
    // the reply's members as memberRefs would read them after the commit (the changes are written with the
    // events): oldest membership first, those made now by user id
    const removed = new Set(toRemove);
    const members = [
      ...currentMembers.filter((member) => !removed.has(member.id)),
      ...addUsers.map(memberRef).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    ];
    return {
      ok: true,
      status: 200,
      resource: toScimGroup(group, members, this.baseUrl(directory.id)),
      version: group.version,
    };
  }

  private async deleteGroup({
    manager,
    directory,
    command,
    events,
  }: CommandContext): Promise<ScimCommandReply> {
    const group = await this.findGroup(manager, directory.id, requireResourceId(command));
    checkIfMatch(command, group.version);
    const members = await manager.find(UserEntity, {
      where: {
        id: In((await manager.find(MembershipEntity, { where: { groupId: group.id } })).map((m) => m.userId)),
      },
      order: { userNameLower: 'ASC' },
    });
    const directoryGroup = toDirectoryGroup(group);
    for (const user of members) {
      events.push({
        type: EventTypes.groupUserRemoved,
        data: { user: toDirectoryUser(user), group: directoryGroup },
      });
    }
    await manager.delete(GroupEntity, { id: group.id });
    events.push({ type: EventTypes.groupDeleted, data: { ...directoryGroup, memberCount: 0 } });
    return { ok: true, status: 204 };
  }

  private async groupReply(
    manager: EntityManager,
    group: GroupEntity,
    status: 200 | 201,
  ): Promise<ScimCommandReply> {
    const members = await this.memberRefs(manager, group.id);
    return {
      ok: true,
      status,
      resource: toScimGroup(group, members, this.baseUrl(group.directoryId)),
      version: group.version,
    };
  }

  private async findGroup(manager: EntityManager, directoryId: string, id: string): Promise<GroupEntity> {
    const group = isUuid(id) ? await manager.findOne(GroupEntity, { where: { id, directoryId } }) : null;
    if (!group) throw ScimError.notFound(`Group ${id} not found.`);
    return group;
  }

  /** The group of rows read by memberPatchReads, as findGroup finds it. */
  private groupOrNotFound(rows: readonly ResultRow[], id: string): GroupEntity {
    if (!rows[0]) throw ScimError.notFound(`Group ${id} not found.`);
    return entityFromRow(this.dataSource, GroupEntity, rows[0]);
  }

  private async assertDisplayNameFree(
    manager: EntityManager,
    directoryId: string,
    displayNameLower: string,
    exceptId: string | null,
  ): Promise<void> {
    const existing = await manager.findOne(GroupEntity, {
      where: { directoryId, displayNameLower },
      select: ['id'],
    });
    if (existing && existing.id !== exceptId) {
      throw ScimError.uniqueness('A group with this displayName already exists in the directory.');
    }
  }

  /** Members must be users of the same directory; nested groups are not supported. */
  private async loadMemberUsers(
    manager: EntityManager,
    directoryId: string,
    ids: string[],
  ): Promise<UserEntity[]> {
    if (ids.length === 0) return [];
    const wellFormed = [...new Set(ids)].filter(isUuid);
    return this.memberUsersAmong(
      wellFormed.length > 0
        ? await manager.find(UserEntity, { where: { directoryId, id: In(wellFormed) } })
        : [],
      ids,
    );
  }

  /**
   * The users `ids` name, in that order, from `users` (the directory's users among them, read beforehand); a
   * SCIM error naming those that are malformed or not users of the directory.
   */
  private memberUsersAmong(users: UserEntity[], ids: string[]): UserEntity[] {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const malformed = unique.filter((id) => !isUuid(id));
    const wanted = new Set(unique);
    users = users.filter((user) => wanted.has(user.id));
    const found = new Set(users.map((user) => user.id));
    const missing = [...malformed, ...unique.filter((id) => isUuid(id) && !found.has(id))];
    if (missing.length > 0) {
      throw ScimError.invalidValue(
        `Members must be users of this directory; unknown: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''}.`,
      );
    }
    const order = new Map(unique.map((id, index) => [id, index]));
    return users.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }

  /** Counts the users in and adds their events; returns the INSERT of their memberships (none for no users). */
  private addMembers(
    manager: EntityManager,
    group: GroupEntity,
    users: UserEntity[],
    events: PendingEvent[],
    now: Date,
  ): SqlStatement[] {
    if (users.length === 0) return [];
    for (const user of users) {
      group.memberCount += 1;
      events.push({
        type: EventTypes.groupUserAdded,
        data: { user: toDirectoryUser(user), group: toDirectoryGroup(group) },
      });
    }
    return [
      insertStatement(
        manager,
        MembershipEntity,
        users.map((user) => ({
          groupId: group.id,
          userId: user.id,
          directoryId: group.directoryId,
          createdAt: now,
        })),
      ),
    ];
  }

  private async removeMembers(
    manager: EntityManager,
    group: GroupEntity,
    userIds: string[],
    events: PendingEvent[],
  ): Promise<void> {
    if (userIds.length === 0) return;
    const users = await manager.find(UserEntity, { where: { id: In(userIds) } });
    const order = new Map(userIds.map((id, index) => [id, index]));
    users.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    await manager.delete(MembershipEntity, { groupId: group.id, userId: In(userIds) });
    for (const user of users) {
      group.memberCount -= 1;
      events.push({
        type: EventTypes.groupUserRemoved,
        data: { user: toDirectoryUser(user), group: toDirectoryGroup(group) },
      });
    }
  }

  private async memberRefs(manager: EntityManager, groupId: string): Promise<MemberRef[]> {
    const { sql, parameters } = memberRefsStatement(groupId);
    const rows: Array<{ id: string; display: string | null }> = await manager.query(sql, [...parameters]);
    return rows;
  }
}

function memberRef(user: UserEntity): MemberRef {
  return { id: user.id, display: user.displayName ?? user.userName };
}

function requireResource(command: ScimCommand): Json {
  if (!command.resource) throw ScimError.invalidSyntax('The request has no resource body.');
  return command.resource;
}

function requireResourceId(command: ScimCommand): string {
  if (!command.resourceId) throw ScimError.notFound('No resource id in the request path.');
  return command.resourceId;
}

function checkIfMatch(command: ScimCommand, version: number): void {
  if (!command.ifMatch) return;
  const accepted = command.ifMatch.split(',').map((tag) => tag.trim());
  if (accepted.includes('*')) return;
  const current = etagOf(version);
  const strong = current.slice(2);
  if (!accepted.some((tag) => tag === current || tag === strong)) {
    throw ScimError.preconditionFailed(`The resource changed: its version is ${current}.`);
  }
}

interface MemberChanges {
  add: string[];
  remove: string[];
  steps: Array<{ op: 'add' | 'remove'; id: string }>;
}

const MEMBER_FILTER_PATH = /^members\[\s*value\s+eq\s+"((?:[^"\\]|\\.)*)"\s*\]$/i;

/**
 * The membership PATCHes identity providers send in bulk (add or remove members by value, or remove one
 * member by `members[value eq "id"]`) touch only the mentioned users, so they are applied without loading
 * the whole member list. Anything else returns null and goes through the general PATCH engine.
 */
export function simpleMemberChanges(operations: ScimPatchOperation[]): MemberChanges | null {
  const changes: MemberChanges = { add: [], remove: [], steps: [] };
  for (const operation of operations) {
    const op = String(operation.op).toLowerCase();
    const path = operation.path?.trim();
    if (!path) return null;
    if (path.toLowerCase() === 'members' && (op === 'add' || op === 'remove')) {
      if (!Array.isArray(operation.value) || operation.value.length === 0) return null;
      for (const item of operation.value) {
        if (typeof item !== 'object' || item === null) return null;
        const value = (item as Json)['value'];
        if (typeof value !== 'string') return null;
        changes[op].push(value);
        changes.steps.push({ op, id: value });
      }
      continue;
    }
    const match = op === 'remove' && operation.value === undefined ? MEMBER_FILTER_PATH.exec(path) : null;
    if (!match) return null;
    const id = JSON.parse(`"${match[1]}"`) as string;
    changes.remove.push(id);
    changes.steps.push({ op: 'remove', id });
  }
  return changes;
}

function isUniqueViolation(error: unknown): boolean {
  const code =
    (error as { code?: unknown; driverError?: { code?: unknown } }).code ??
    (error as { driverError?: { code?: unknown } }).driverError?.code;
  return code === UNIQUE_VIOLATION;
}

function uniquenessDetail(error: unknown): string {
  const constraint = String((error as { constraint?: unknown }).constraint ?? '');
  return constraint.includes('display_name')
    ? 'A group with this displayName already exists in the directory.'
    : 'A user with this userName already exists in the directory.';
}

/** The directory row's lock and the command's inbox claim, in one statement. */
function openingStatement(command: ScimCommand): SqlStatement {
  return {
    sql:
      'WITH claim AS (INSERT INTO directory.inbox (consumer, message_id) VALUES ($1, $2) ' +
      'ON CONFLICT DO NOTHING RETURNING 1) ' +
      'SELECT d.*, EXISTS (SELECT 1 FROM claim) AS scimflow_claimed FROM directory.directories d ' +
      'WHERE d.id = $3 FOR UPDATE OF d',
    parameters: [COMMAND_CONSUMER, command.commandId, command.directoryId],
  };
}

/** A group's members (id and display) as the reply lists them: oldest membership first. */
function memberRefsStatement(groupId: string): SqlStatement {
  return {
    sql: `SELECT u.id, COALESCE(u.display_name, u.user_name) AS display
            FROM directory.memberships m JOIN directory.users u ON u.id = m.user_id
           WHERE m.group_id = $1
           ORDER BY m.created_at, u.id`,
    parameters: [groupId],
  };
}

/** What a command reads with its opening statement: a user's groups for its reply, or a member PATCH's reads. */
function commandReads(command: ScimCommand): SqlStatement[] {
  const userId = command.resourceId;
  if (
    (command.type === ScimCommandTypes.userPatch || command.type === ScimCommandTypes.userReplace) &&
    userId &&
    isUuid(userId)
  ) {
    return [
      {
        sql: `SELECT g.id, g.display_name AS display
                FROM directory.memberships m JOIN directory.groups g ON g.id = m.group_id
               WHERE m.user_id = $1 AND g.directory_id = $2
               ORDER BY g.display_name_lower, g.id`,
        parameters: [userId, command.directoryId],
      },
    ];
  }
  return memberPatchReads(command);
}

function groupRefOf(row: ResultRow): GroupRef {
  return { id: row['id'] as string, display: (row['display'] as string | null) ?? null };
}

/**
 * What a PATCH of group members only (the path of simpleMemberChanges) reads before it writes — the group, the
 * memberships of the users it mentions, the users it adds, and the members for the reply — sent with its opening
 * statement, under the directory row's lock: one round trip instead of four. Nothing for other commands.
 */
function memberPatchReads(command: ScimCommand): SqlStatement[] {
  const groupId = command.resourceId;
  if (command.type !== ScimCommandTypes.groupPatch || !groupId || !isUuid(groupId)) return [];
  const changes = simpleMemberChanges(command.operations ?? []);
  if (!changes) return [];
  const mentioned = [...new Set([...changes.add, ...changes.remove])].filter(isUuid);
  const added = [...new Set(changes.add)].filter(isUuid);
  return [
    {
      sql: 'SELECT * FROM directory.groups WHERE id = $1 AND directory_id = $2',
      parameters: [groupId, command.directoryId],
    },
    {
      sql: 'SELECT user_id FROM directory.memberships WHERE group_id = $1 AND user_id = ANY($2::uuid[])',
      parameters: [groupId, mentioned],
    },
    {
      sql: 'SELECT * FROM directory.users WHERE directory_id = $1 AND id = ANY($2::uuid[])',
      parameters: [command.directoryId, added],
    },
    memberRefsStatement(groupId),
  ];
}

/** The reply to a command that failed with an error of its own (see executeAll). */
function errorReply(error: unknown): ScimCommandReply {
  if (ScimError.is(error)) {
    return {
      ok: false,
      error: {
        status: error.status,
        ...(error.scimType ? { scimType: error.scimType } : {}),
        detail: error.detail,
      },
    };
  }
  return { ok: false, error: { status: 409, scimType: 'uniqueness', detail: uniquenessDetail(error) } };
}
