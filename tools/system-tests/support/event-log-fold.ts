import { rolesFor, type RoleRule } from './directory-model';

/** An event as the events API lists it. */
export interface LoggedEvent {
  id: string;
  type: string;
  sequence: number;
  directoryId: string;
  data?: unknown;
}

/** A user as its latest event describes it. */
export interface FoldedUser {
  id: string;
  userName: string;
  displayName: string | null;
  externalId: string | null;
  active: boolean;
}

/** A group as its events describe it, members included. */
export interface FoldedGroup {
  id: string;
  displayName: string;
  externalId: string | null;
  members: Set<string>;
}

type Json = Record<string, unknown>;

/**
 * Replays one directory's event log, in sequence order, strictly: an event that does not fit the state built
 * from the events before it (a user created twice, a member added who already is one, an update of a user
 * that does not exist, a snapshot that disagrees with that state) is a problem. A log that replays without
 * problems into the stored directory has lost nothing, doubled nothing and kept its order.
 *
 * Roles: role-mapping-service announces a user's roles (roles_updated) after the change that caused them, so
 * each announcement must (1) continue the previous one (`previousRoles` = the roles announced before), and
 * (2) equal the roles the rules give for some state of the user between the previous announcement's state
 * and this event's position. The roles are computed here from the rules, independently of role-mapping code.
 */
export class EventLogFold {
  readonly users = new Map<string, FoldedUser>();
  readonly groups = new Map<string, FoldedGroup>();
  readonly problems: string[] = [];
  /** The roles last announced per user (users never announced are absent: they hold none). */
  readonly announced = new Map<string, string[]>();
  private readonly groupsOfUser = new Map<string, Set<string>>();
  /** Per user, the role sets its state went through, with the log position they started at. */
  private readonly roleHistory = new Map<string, Array<{ position: number; roles: string }>>();
  /** Per user, how far into its history the announcements have been matched. */
  private readonly matched = new Map<string, number>();
  private activations = 0;
  private nextSequence = 1;

  constructor(private readonly rules: readonly RoleRule[]) {}

  /** Folds a whole log (the events API's order) and returns this fold. */
  static of(events: readonly LoggedEvent[], rules: readonly RoleRule[]): EventLogFold {
    const fold = new EventLogFold(rules);
    events.forEach((event) => fold.apply(event));
    if (events.length > 0 && fold.activations !== 1) {
      fold.problems.push(`${fold.activations} directory.activated events, 1 expected`);
    }
    return fold;
  }

  private apply(event: LoggedEvent): void {
    const problem = (message: string): void => {
      this.problems.push(`#${event.sequence} ${event.type} (${event.id}): ${message}`);
    };
    // A gap (or a repeat) is reported once; the events after it are checked from where the log resumes.
    if (event.sequence !== this.nextSequence) problem(`sequence ${this.nextSequence} expected here`);
    this.nextSequence = event.sequence + 1;
    const data = (event.data ?? {}) as Json;
    switch (event.type) {
      case 'directory.activated':
        this.activations += 1;
        if (event.sequence !== 1) problem('the directory is activated by its first event');
        return;
      case 'directory.user.created': {
        const user = readUser(data);
        if (this.users.has(user.id)) return problem(`user ${user.id} already exists`);
        this.users.set(user.id, user);
        return this.recompute([user.id], event.sequence);
      }
      case 'directory.user.updated':
      case 'directory.user.deactivated':
      case 'directory.user.reactivated': {
        const user = readUser(data);
        const before = this.users.get(user.id);
        if (!before) return problem(`user ${user.id} does not exist`);
        const kind =
          before.active && !user.active
            ? 'directory.user.deactivated'
            : !before.active && user.active
              ? 'directory.user.reactivated'
              : 'directory.user.updated';
        if (kind !== event.type) problem(`active ${before.active} → ${user.active} is a ${kind}`);
        this.users.set(user.id, user);
        return this.recompute([user.id], event.sequence);
      }
      case 'directory.user.deleted': {
        const user = readUser(data);
        if (!this.users.delete(user.id)) return problem(`user ${user.id} does not exist`);
        if ((this.groupsOfUser.get(user.id)?.size ?? 0) > 0) {
          problem(
            `user ${user.id} deleted while still a member of ${[...this.groupsOfUser.get(user.id)!].join(', ')}`,
          );
        }
        this.groupsOfUser.delete(user.id);
        return this.recompute([user.id], event.sequence);
      }
      case 'directory.group.created': {
        const group = readGroup(data);
        if (this.groups.has(group.id)) return problem(`group ${group.id} already exists`);
        if (data['memberCount'] !== 0) problem(`a new group has memberCount ${String(data['memberCount'])}`);
        this.groups.set(group.id, group);
        return;
      }
      case 'directory.group.updated': {
        const group = readGroup(data);
        const before = this.groups.get(group.id);
        if (!before) return problem(`group ${group.id} does not exist`);
        const renamed = before.displayName !== group.displayName;
        before.displayName = group.displayName;
        before.externalId = group.externalId;
        if (renamed) this.recompute([...before.members], event.sequence);
        return;
      }
      case 'directory.group.deleted': {
        const group = readGroup(data);
        const before = this.groups.get(group.id);
        if (!before) return problem(`group ${group.id} does not exist`);
        if (before.members.size > 0) problem(`group deleted with ${before.members.size} member(s) left`);
        this.groups.delete(group.id);
        return;
      }
      case 'directory.group.user_added':
      case 'directory.group.user_removed': {
        const user = readUser((data['user'] ?? {}) as Json);
        const groupData = (data['group'] ?? {}) as Json;
        const group = this.groups.get(String(groupData['id']));
        const current = this.users.get(user.id);
        if (!group) return problem(`group ${String(groupData['id'])} does not exist`);
        if (!current) return problem(`user ${user.id} does not exist`);
        if (JSON.stringify(current) !== JSON.stringify(user)) {
          problem(`user snapshot ${JSON.stringify(user)} differs from the state ${JSON.stringify(current)}`);
        }
        if (groupData['displayName'] !== group.displayName) {
          problem(`group snapshot named ${String(groupData['displayName'])}, the state ${group.displayName}`);
        }
        const memberships = this.groupsOfUser.get(user.id) ?? new Set<string>();
        this.groupsOfUser.set(user.id, memberships);
        if (event.type === 'directory.group.user_added') {
          if (group.members.has(user.id)) return problem(`user ${user.id} is already a member`);
          group.members.add(user.id);
          memberships.add(group.id);
          if (groupData['memberCount'] !== group.members.size) {
            problem(`memberCount ${String(groupData['memberCount'])}, ${group.members.size} members`);
          }
        } else {
          if (!group.members.delete(user.id)) return problem(`user ${user.id} is not a member`);
          memberships.delete(group.id);
        }
        return this.recompute([user.id], event.sequence);
      }
      case 'directory.user.roles_updated':
        return this.announce(event, data, problem);
      default:
        return problem('not an event type this workload causes');
    }
  }

  private recompute(userIds: Iterable<string>, position: number): void {
    for (const userId of userIds) {
      const user = this.users.get(userId);
      const groups = [...(this.groupsOfUser.get(userId) ?? [])].map((id) => this.groups.get(id)!);
      const roles = JSON.stringify(user?.active ? rolesFor(groups, this.rules) : []);
      let history = this.roleHistory.get(userId);
      if (!history) this.roleHistory.set(userId, (history = [{ position: 0, roles: '[]' }]));
      if (history[history.length - 1]!.roles !== roles) history.push({ position, roles });
    }
  }

  private announce(event: LoggedEvent, data: Json, problem: (message: string) => void): void {
    const userId = String(((data['user'] ?? {}) as Json)['id']);
    const roles = sortedStrings(data['roles']);
    const previous = sortedStrings(data['previousRoles']);
    const before = this.announced.get(userId) ?? [];
    if (JSON.stringify(previous) !== JSON.stringify(before)) {
      problem(
        `previousRoles ${JSON.stringify(previous)}, but ${JSON.stringify(before)} was announced before`,
      );
    }
    if (JSON.stringify(previous) === JSON.stringify(roles)) problem('announces no change');
    const history = this.roleHistory.get(userId) ?? [{ position: 0, roles: '[]' }];
    const wanted = JSON.stringify(roles);
    let index = this.matched.get(userId) ?? 0;
    while (
      index < history.length &&
      !(history[index]!.roles === wanted && history[index]!.position < event.sequence)
    ) {
      index += 1;
    }
    if (index >= history.length) {
      problem(
        `roles ${wanted} for user ${userId} match no state since the last announcement (${JSON.stringify(history.slice(this.matched.get(userId) ?? 0))})`,
      );
    } else {
      this.matched.set(userId, index);
    }
    this.announced.set(userId, roles);
  }
}

function readUser(data: Json): FoldedUser {
  return {
    id: String(data['id']),
    userName: String(data['userName']),
    displayName: typeof data['displayName'] === 'string' ? data['displayName'] : null,
    externalId: typeof data['externalId'] === 'string' ? data['externalId'] : null,
    active: data['active'] === true,
  };
}

function readGroup(data: Json): FoldedGroup {
  return {
    id: String(data['id']),
    displayName: String(data['displayName']),
    externalId: typeof data['externalId'] === 'string' ? data['externalId'] : null,
    members: new Set(),
  };
}

function sortedStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : [];
}
