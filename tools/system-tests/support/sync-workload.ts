import { DirectoryModel, type ModelUser, type RoleRule } from './directory-model';
import { RequestGate } from './request-gate';
import { ScimClient, type ScimAnswer, type ScimTimings, type SettledWrite } from './scim-client';
import { ScimTraffic } from './scim-traffic';
import type { SeededRandom } from './seeded-random';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Group names; the role rules of the system tests name some of them, and renames toggle the suffix. */
export const GROUP_NAMES = [
  'Engineering',
  'Admins',
  'Sales',
  'Support',
  'Marketing',
  'Finance',
  'Legal',
  'Operations',
] as const;
/** A rename appends (or drops) this suffix: `Sales` ↔ `Sales EMEA`. */
export const RENAME_SUFFIX = ' EMEA';
/** The role mapping of every organization: renames move groups in and out of these rules. */
export const ROLE_RULES: readonly RoleRule[] = [
  { groupDisplayName: 'Engineering', role: 'engineer' },
  { groupDisplayName: 'Admins', role: 'admin' },
  { groupDisplayName: 'Sales EMEA', role: 'sales' },
  { groupDisplayName: 'Support', role: 'support' },
];

/** One directory the workload provisions, reachable through every ingress. */
export interface WorkloadDirectory {
  directoryId: string;
  token: string;
  /** `<ingress>/scim/v2/<directoryId>`, one per ingress instance. */
  scimBases: string[];
}

export interface SyncWorkloadOptions {
  usersPerDirectory: number;
  groupsPerDirectory: number;
  /** Membership, rename and replace operations per group, spread over the user sync. */
  stepsPerGroup: number;
  /** Share of users updated (deactivated, or renamed) right after they were created. */
  userUpdateShare: number;
  /** Share of users looked up by userName before they are created, as JumpCloud does. */
  lookupShare: number;
  /** Users and groups deleted per directory once everything else is done. */
  userDeletes: number;
  groupDeletes: number;
  /** Requests in flight at most, over every directory. */
  concurrency: number;
  timings: ScimTimings;
}

interface UserPlan {
  directory: number;
  index: number;
  lookup: boolean;
  update: 'none' | 'deactivate' | 'rename';
}

interface DirectoryState {
  directory: WorkloadDirectory;
  model: DirectoryModel;
  created: string[];
  waiters: Array<{ count: number; resolve: () => void }>;
}

type Json = Record<string, unknown>;

/**
 * A JumpCloud-like initial sync with group churn, through the SCIM endpoint, on several directories at once:
 * users are created (some looked up first, some updated right after), while one lane per group creates the
 * group and then, as users appear, adds and removes members, renames it and replaces it with PUT. Once all
 * that is done, a few users and groups are deleted.
 *
 * Writes to one resource are never concurrent (a lane owns its group, a worker its user, deletions come last),
 * so each resource's final state is the result of its last acknowledged write, in order: that is what the
 * DirectoryModel records, per directory. A write whose outcome was unknown is settled by ScimClient (waiting
 * for its command to expire, then sending it again): the PATCHes and PUTs are idempotent, a repeated create
 * answers 409 and the resource is looked up, a repeated delete answers 404.
 *
 * Every acknowledged group write is also checked against the model on the spot (read-your-writes: the answer
 * carries the committed members); mismatches are collected in `violations`.
 */
export class SyncWorkload {
  readonly traffic = new ScimTraffic();
  readonly violations: string[] = [];
  private readonly states: DirectoryState[];
  private readonly gate: RequestGate;
  private readonly userPlans: UserPlan[];
  private readonly total: number;
  private settled = 0;
  private finished = false;
  private failure: unknown;
  private readonly milestones: Array<{ fraction: number; resolve: () => void }> = [];

  constructor(
    directories: readonly WorkloadDirectory[],
    private readonly options: SyncWorkloadOptions,
    private readonly random: SeededRandom,
  ) {
    if (options.groupsPerDirectory > GROUP_NAMES.length) {
      throw new Error(`at most ${GROUP_NAMES.length} groups per directory`);
    }
    this.gate = new RequestGate(options.concurrency);
    this.states = directories.map((directory) => ({
      directory,
      model: new DirectoryModel(directory.directoryId),
      created: [],
      waiters: [],
    }));
    const planner = random.fork('plan');
    this.userPlans = [];
    // Round robin over directories, so that every directory advances at the same pace.
    for (let index = 0; index < options.usersPerDirectory; index += 1) {
      for (let directory = 0; directory < directories.length; directory += 1) {
        const update = planner.chance(options.userUpdateShare)
          ? planner.pick(['deactivate', 'rename'] as const)
          : 'none';
        this.userPlans.push({ directory, index, lookup: planner.chance(options.lookupShare), update });
      }
    }
    this.total =
      this.userPlans.length +
      this.userPlans.filter((plan) => plan.update !== 'none').length +
      directories.length *
        (options.groupsPerDirectory * (1 + options.stepsPerGroup) +
          options.userDeletes +
          options.groupDeletes);
  }

  /** The reference model of each directory, by directory id. */
  get models(): Map<string, DirectoryModel> {
    return new Map(this.states.map((state) => [state.directory.directoryId, state.model]));
  }

  /** Settled operations over planned ones, in [0, 1]. */
  get progress(): number {
    return this.settled / this.total;
  }

  /** One line for a progress trace or a report. */
  describe(): string {
    return `${this.settled}/${this.total} operations settled; answers ${this.traffic.summary()}`;
  }

  /** Resolves once `fraction` of the planned operations have settled (or the run ended). */
  reached(fraction: number): Promise<void> {
    if (this.finished || this.progress >= fraction) return Promise.resolve();
    return new Promise((resolve) => this.milestones.push({ fraction, resolve }));
  }

  async run(): Promise<void> {
    try {
      let next = 0;
      const workers = Array.from({ length: this.options.concurrency }, async (_, worker) => {
        const random = this.random.fork(`worker-${worker}`);
        const clients = this.states.map((state) => this.client(state, random));
        while (next < this.userPlans.length && this.failure === undefined) {
          const plan = this.userPlans[next++]!;
          await this.provisionUser(this.states[plan.directory]!, clients[plan.directory]!, plan);
        }
      });
      const lanes = this.states.flatMap((state, directory) =>
        Array.from({ length: this.options.groupsPerDirectory }, (_, group) =>
          this.runLane(state, group, this.random.fork(`lane-${directory}-${group}`)),
        ),
      );
      await Promise.all([...workers, ...lanes].map((actor) => actor.catch((error) => this.fail(error))));
      if (this.failure === undefined) {
        await Promise.all(
          this.states.map((state, directory) =>
            this.deleteSome(state, this.random.fork(`deletes-${directory}`)).catch((error) =>
              this.fail(error),
            ),
          ),
        );
      }
      if (this.failure !== undefined) throw this.failure;
    } finally {
      this.finished = true;
      for (const milestone of this.milestones.splice(0)) milestone.resolve();
    }
  }

  // ------------------------------------------------------------------ users

  private async provisionUser(state: DirectoryState, client: ScimClient, plan: UserPlan): Promise<void> {
    const tag = state.directory.directoryId.slice(0, 8);
    const userName = `user${plan.index}.${tag}@sync.example`;
    const user: Omit<ModelUser, 'id'> = {
      userName,
      displayName: `User ${plan.index}`,
      externalId: `ext-${tag}-${plan.index}`,
      active: true,
    };
    const byUserName = `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`;
    if (plan.lookup) {
      const lookup = await client.read(byUserName);
      if (lookup.status !== 200 || lookup.body?.['totalResults'] !== 0) {
        this.violations.push(`lookup of new ${userName}: ${summarize(lookup)}`);
      }
    }
    const created = await client.write('POST', '/Users', userResource(user));
    let id: string;
    if (created.answer.status === 201) {
      id = this.idOf(created.answer, `create ${userName}`);
      this.expectUser(created.answer, { id, ...user }, `create ${userName}`);
    } else if (created.answer.status === 409 && created.uncertainAttempts > 0) {
      // An earlier, unanswered attempt created it: find it the way an identity provider would.
      const found = await client.read(byUserName);
      const resources = found.body?.['Resources'];
      if (!Array.isArray(resources) || resources.length !== 1) {
        throw new Error(
          `${userName}: 409 after an unanswered attempt, but the lookup found ${summarize(found)}`,
        );
      }
      id = String((resources[0] as Json)['id']);
      this.expectUser({ ...found, body: resources[0] as Json }, { id, ...user }, `lookup ${userName}`);
    } else {
      throw unexpectedAnswer(`create ${userName}`, created);
    }
    state.model.addUser({ id, ...user });
    state.created.push(id);
    this.release(state);
    this.tick();

    if (plan.update === 'none') return;
    const next: ModelUser =
      plan.update === 'deactivate'
        ? { id, ...user, active: false }
        : { id, ...user, displayName: `${user.displayName} (renamed)` };
    const updated = await client.write('PUT', `/Users/${id}`, userResource(next));
    if (updated.answer.status !== 200) throw unexpectedAnswer(`update ${userName}`, updated);
    this.expectUser(updated.answer, next, `update ${userName}`);
    state.model.replaceUser(next);
    this.tick();
  }

  // ------------------------------------------------------------------ groups

  private async runLane(state: DirectoryState, index: number, random: SeededRandom): Promise<void> {
    const client = this.client(state, random);
    const users = this.options.usersPerDirectory;
    const baseName = GROUP_NAMES[index]!;
    const externalId = `grp-${state.directory.directoryId.slice(0, 8)}-${index}`;

    await this.createdAtLeast(state, Math.min(10, users));
    const initial = random.sample(state.created, random.int(0, 10));
    const created = await client.write('POST', '/Groups', {
      schemas: [CORE_GROUP],
      displayName: baseName,
      externalId,
      members: initial.map((value) => ({ value })),
    });
    let groupId: string;
    if (created.answer.status === 201) {
      groupId = this.idOf(created.answer, `create group ${baseName}`);
    } else if (created.answer.status === 409 && created.uncertainAttempts > 0) {
      const found = await client.read(`/Groups?filter=${encodeURIComponent(`displayName eq "${baseName}"`)}`);
      const resources = found.body?.['Resources'];
      if (!Array.isArray(resources) || resources.length !== 1) {
        throw new Error(
          `group ${baseName}: 409 after an unanswered attempt, lookup found ${summarize(found)}`,
        );
      }
      groupId = String((resources[0] as Json)['id']);
    } else {
      throw unexpectedAnswer(`create group ${baseName}`, created);
    }
    state.model.addGroup({ id: groupId, displayName: baseName, externalId, members: new Set(initial) });
    this.tick();

    const steps = this.options.stepsPerGroup;
    for (let step = 0; step < steps && this.failure === undefined; step += 1) {
      // Spread the churn over the sync: step s waits for its share of the directory's users.
      await this.createdAtLeast(state, Math.ceil(((step + 1) / (steps + 1)) * users));
      await this.churn(state, client, groupId, random);
      this.tick();
    }
  }

  private async churn(
    state: DirectoryState,
    client: ScimClient,
    groupId: string,
    random: SeededRandom,
  ): Promise<void> {
    const group = state.model.group(groupId);
    const members = [...group.members];
    const outsiders = state.created.filter((id) => !group.members.has(id));
    const path = `/Groups/${groupId}`;
    // Too few members to take some away, or nobody left to add: the roll is forced to what is possible.
    let roll = random.next();
    if (members.length < 3) roll = 0;
    else if (outsiders.length === 0) roll = 0.45;
    if (roll < 0.4) {
      const added = random.sample(outsiders, random.int(5, 40));
      const answer = await this.patch(client, path, [{ op: 'add', path: 'members', value: refs(added) }]);
      state.model.addMembers(groupId, added);
      this.expectMembers(state, groupId, answer, 'add members');
    } else if (roll < 0.6) {
      const removed = random.sample(members, random.int(1, Math.min(10, members.length)));
      const answer = await this.patch(client, path, [
        { op: 'remove', path: 'members', value: refs(removed) },
      ]);
      state.model.removeMembers(groupId, removed);
      this.expectMembers(state, groupId, answer, 'remove members');
    } else if (roll < 0.7) {
      const removed = random.pick(members);
      const answer = await this.patch(client, path, [
        { op: 'remove', path: `members[value eq "${removed}"]` },
      ]);
      state.model.removeMembers(groupId, [removed]);
      this.expectMembers(state, groupId, answer, 'remove one member by filter');
    } else if (roll < 0.8) {
      const removed = random.sample(members, random.int(1, Math.min(5, members.length)));
      const added = random.sample(outsiders, random.int(1, 10));
      const answer = await this.patch(client, path, [
        { op: 'remove', path: 'members', value: refs(removed) },
        { op: 'add', path: 'members', value: refs(added) },
      ]);
      state.model.removeMembers(groupId, removed);
      state.model.addMembers(groupId, added);
      this.expectMembers(state, groupId, answer, 'remove and add members');
    } else if (roll < 0.9) {
      const current = group.displayName;
      const renamed = current.endsWith(RENAME_SUFFIX)
        ? current.slice(0, -RENAME_SUFFIX.length)
        : `${current}${RENAME_SUFFIX}`;
      // JumpCloud renames with a top-level replace; others name the path.
      const operation = random.chance(0.5)
        ? { op: 'replace', value: { displayName: renamed } }
        : { op: 'replace', path: 'displayName', value: renamed };
      const answer = await this.patch(client, path, [operation]);
      state.model.renameGroup(groupId, renamed);
      if (answer.body?.['displayName'] !== renamed) {
        this.violations.push(`rename to ${renamed}: answered ${String(answer.body?.['displayName'])}`);
      }
      this.expectMembers(state, groupId, answer, 'rename');
    } else {
      const kept = random.sample(members, Math.max(0, members.length - random.int(1, 6)));
      const next = [...kept, ...random.sample(outsiders, random.int(0, 8))];
      const settled = await client.write('PUT', path, {
        schemas: [CORE_GROUP],
        displayName: group.displayName,
        externalId: group.externalId,
        members: refs(next),
      });
      if (settled.answer.status !== 200) throw unexpectedAnswer(`replace group ${groupId}`, settled);
      state.model.setMembers(groupId, next);
      this.expectMembers(state, groupId, settled.answer, 'replace');
    }
  }

  private async patch(client: ScimClient, path: string, operations: Json[]): Promise<ScimAnswer> {
    const settled = await client.write('PATCH', path, { schemas: [PATCH_OP], Operations: operations });
    if (settled.answer.status !== 200) throw unexpectedAnswer(`PATCH ${path}`, settled);
    return settled.answer;
  }

  // ------------------------------------------------------------------ deletions

  private async deleteSome(state: DirectoryState, random: SeededRandom): Promise<void> {
    const client = this.client(state, random);
    const users = random.sample([...state.model.users.keys()], this.options.userDeletes);
    const groups = random.sample([...state.model.groups.keys()], this.options.groupDeletes);
    await Promise.all([
      ...users.map(async (id) => {
        await this.delete(client, `/Users/${id}`);
        state.model.deleteUser(id);
        this.tick();
      }),
      ...groups.map(async (id) => {
        await this.delete(client, `/Groups/${id}`);
        state.model.deleteGroup(id);
        this.tick();
      }),
    ]);
  }

  private async delete(client: ScimClient, path: string): Promise<void> {
    const settled = await client.write('DELETE', path);
    const { status } = settled.answer;
    // 404 after an unanswered attempt: that attempt deleted it.
    if (status === 204 || (status === 404 && settled.uncertainAttempts > 0)) return;
    throw unexpectedAnswer(`DELETE ${path}`, settled);
  }

  // ------------------------------------------------------------------ helpers

  private client(state: DirectoryState, random: SeededRandom): ScimClient {
    return new ScimClient(
      state.directory.scimBases,
      state.directory.token,
      this.gate,
      this.traffic,
      this.options.timings,
      random,
    );
  }

  private createdAtLeast(state: DirectoryState, count: number): Promise<void> {
    if (state.created.length >= count || this.failure !== undefined) return Promise.resolve();
    return new Promise((resolve) => state.waiters.push({ count, resolve }));
  }

  private release(state: DirectoryState): void {
    const ready = state.waiters.filter((waiter) => state.created.length >= waiter.count);
    state.waiters = state.waiters.filter((waiter) => state.created.length < waiter.count);
    ready.forEach((waiter) => waiter.resolve());
  }

  private tick(): void {
    this.settled += 1;
    const reached = this.milestones.filter((milestone) => this.progress >= milestone.fraction);
    for (const milestone of reached) {
      this.milestones.splice(this.milestones.indexOf(milestone), 1);
      milestone.resolve();
    }
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    // Lanes waiting for users that will never come must not hang the run.
    for (const state of this.states) {
      state.waiters.splice(0).forEach((waiter) => waiter.resolve());
    }
  }

  private idOf(answer: ScimAnswer, what: string): string {
    const id = answer.body?.['id'];
    if (typeof id !== 'string') throw new Error(`${what}: no id in ${summarize(answer)}`);
    return id;
  }

  private expectUser(answer: ScimAnswer, user: ModelUser, what: string): void {
    const body = answer.body ?? {};
    const actual = {
      id: body['id'],
      userName: body['userName'],
      displayName: body['displayName'] ?? null,
      externalId: body['externalId'] ?? null,
      active: body['active'],
    };
    if (JSON.stringify(actual) !== JSON.stringify(user)) {
      this.violations.push(`${what}: answered ${JSON.stringify(actual)}, wrote ${JSON.stringify(user)}`);
    }
  }

  private expectMembers(state: DirectoryState, groupId: string, answer: ScimAnswer, what: string): void {
    const members = answer.body?.['members'];
    const answered = new Set(
      Array.isArray(members) ? members.map((member) => String((member as Json)['value'])) : [],
    );
    const expected = state.model.group(groupId).members;
    const missing = [...expected].filter((id) => !answered.has(id));
    const extra = [...answered].filter((id) => !expected.has(id));
    if (missing.length > 0 || extra.length > 0) {
      this.violations.push(
        `${what} on group ${groupId}: answer lacks ${missing.length} member(s) (${missing.slice(0, 3).join(', ')}), has ${extra.length} extra (${extra.slice(0, 3).join(', ')})`,
      );
    }
  }
}

function userResource(user: Omit<ModelUser, 'id'>): Json {
  return {
    schemas: [CORE_USER],
    userName: user.userName,
    externalId: user.externalId,
    displayName: user.displayName,
    name: { givenName: 'User', familyName: user.userName.split('@')[0] },
    emails: [{ value: user.userName, type: 'work', primary: true }],
    active: user.active,
  };
}

function refs(ids: readonly string[]): Array<{ value: string }> {
  return ids.map((value) => ({ value }));
}

function summarize(answer: ScimAnswer): string {
  return `${answer.status} ${JSON.stringify(answer.body ?? {}).slice(0, 300)}`;
}

function unexpectedAnswer(what: string, settled: SettledWrite): Error {
  return new Error(
    `${what}: unexpected answer ${summarize(settled.answer)} (after ${settled.uncertainAttempts} unanswered attempt(s))`,
  );
}
