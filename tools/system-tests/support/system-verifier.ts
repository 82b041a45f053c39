import { waitFor } from '@scimflow/testing';
import type { Client } from 'pg';
import type { DirectoryModel, RoleRule } from './directory-model';
import { EventLogFold, type LoggedEvent } from './event-log-fold';
import type { SeededRandom } from './seeded-random';
import type { WebhookReceiver } from './webhook-receiver';

/** Where the verifier reads the system's state. */
export interface VerifierTargets {
  /** Management API of directory-service (users, groups, events). */
  directoryApi: string;
  /** Management API of role-mapping-service (a user's roles). */
  roleMappingApi: string;
  adminApiKey: string;
  receiver: WebhookReceiver;
  /** The shared Postgres, for the outbox and inbox tables (distributed mode); none in the embedded mode. */
  sql?: Client;
}

interface StateView {
  users: Map<
    string,
    { userName: string; displayName: string | null; externalId: string | null; active: boolean }
  >;
  groups: Map<string, { displayName: string; externalId: string | null; members: Set<string> }>;
}

/** The directory event types role-mapping-service records in its inbox (the others change nothing there). */
const ROLE_MAPPING_INPUTS = new Set([
  'directory.user.created',
  'directory.user.updated',
  'directory.user.deactivated',
  'directory.user.reactivated',
  'directory.user.deleted',
  'directory.group.created',
  'directory.group.updated',
  'directory.group.deleted',
  'directory.group.user_added',
  'directory.group.user_removed',
]);

/**
 * The end-of-run proof, against the reference models: waits until the system is quiet (every command applied,
 * every event relayed, consumed, re-sequenced and delivered), then checks, per directory:
 *  - the stored directory (management API) equals the model;
 *  - the events API holds each event once, sequences 1..n, and replays strictly (EventLogFold) into the model;
 *  - role-mapping's effects: the announced roles chain without gap or repeat and end at the roles the rules
 *    give; its API and its table agree;
 *  - the webhook receiver got every event id, first arrivals in sequence order, all signatures valid;
 *  - (distributed) every outbox row was published once and is in the log, every inbox has every event.
 */
export class SystemVerifier {
  private readonly logs = new Map<string, LoggedEvent[]>();

  constructor(
    private readonly targets: VerifierTargets,
    private readonly models: ReadonlyMap<string, DirectoryModel>,
    private readonly rules: readonly RoleRule[],
    private readonly random: SeededRandom,
  ) {}

  /** Waits (polling, up to `timeoutMs`) for the system to settle, then runs every check; throws the first failure. */
  async verify(timeoutMs: number): Promise<string> {
    const findings: string[] = [];
    try {
      await waitFor(() => this.quiet(), { timeoutMs, intervalMs: 2_000 });
    } catch (error) {
      // Checked all the same: the findings below say more than the condition that did not settle.
      findings.push(`the system did not settle: ${error instanceof Error ? error.message : String(error)}`);
    }
    let events = 0;
    for (const [directoryId, model] of this.models) {
      const log = await this.readLog(directoryId);
      events += log.length;
      findings.push(...this.checkLog(directoryId, log, model));
      findings.push(...(await this.checkStored(directoryId, model)));
      findings.push(...(await this.checkRoles(directoryId, model, log)));
      findings.push(...this.checkWebhooks(directoryId, log));
    }
    if (this.targets.sql) findings.push(...(await this.checkOutboxesAndInboxes()));
    if (findings.length > 0) {
      throw new Error(`${findings.length} finding(s):\n  ${findings.slice(0, 40).join('\n  ')}`);
    }
    const requests = this.targets.receiver.received.filter((webhook) => this.models.has(webhook.directoryId));
    const repeated = requests.length - new Set(requests.map((webhook) => webhook.webhookId)).size;
    return `${events} events in ${this.models.size} directories, ${requests.length} webhook requests (${repeated} repeated a webhook-id)`;
  }

  // ------------------------------------------------------------------ settling

  private async quiet(): Promise<void> {
    for (const [directoryId, model] of this.models) {
      const log = await this.readLog(directoryId);
      const fold = EventLogFold.of(log, this.rules);
      const difference = compareStates('events', fold, 'model', modelView(model));
      if (difference.length > 0) throw new Error(`directory ${directoryId}: ${difference[0]}`);
      const expected = model.expectedRoles(this.rules);
      for (const [userId, roles] of expected) {
        const announced = fold.announced.get(userId) ?? [];
        if (JSON.stringify(announced) !== JSON.stringify(roles)) {
          throw new Error(
            `user ${userId}: roles ${JSON.stringify(roles)} not announced yet (last ${JSON.stringify(announced)})`,
          );
        }
      }
      const delivered = new Set(this.targets.receiver.received.map((webhook) => webhook.webhookId));
      const undelivered = log.filter((event) => !delivered.has(event.id));
      if (undelivered.length > 0)
        throw new Error(`directory ${directoryId}: ${undelivered.length} events not delivered yet`);
    }
    if (this.targets.sql) {
      for (const schema of ['directory', 'role_mapping']) {
        const { rows } = await this.targets.sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${schema}.outbox WHERE published_at IS NULL`,
        );
        if (rows[0]!.n > 0) throw new Error(`${rows[0]!.n} rows of ${schema}.outbox not published yet`);
      }
    }
  }

  /** The directory's whole log; events never change once written, so only what follows is read again. */
  private async readLog(directoryId: string): Promise<LoggedEvent[]> {
    let log = this.logs.get(directoryId);
    if (!log) this.logs.set(directoryId, (log = []));
    for (;;) {
      const after = log.length > 0 ? log[log.length - 1]!.sequence : 0;
      const page = await this.get<{ data: LoggedEvent[]; nextCursor: string | null }>(
        this.targets.directoryApi,
        `/api/v1/directories/${directoryId}/events?after=${after}&limit=200`,
      );
      log.push(...page.data);
      if (page.data.length < 200) return log;
    }
  }

  // ------------------------------------------------------------------ checks

  private checkLog(directoryId: string, log: readonly LoggedEvent[], model: DirectoryModel): string[] {
    const findings: string[] = [];
    const ids = new Set(log.map((event) => event.id));
    if (ids.size !== log.length)
      findings.push(`${directoryId}: ${log.length - ids.size} event id(s) appear twice in the events API`);
    const fold = EventLogFold.of(log, this.rules);
    findings.push(...fold.problems.slice(0, 10).map((problem) => `${directoryId} log: ${problem}`));
    findings.push(
      ...compareStates('events', fold, 'model', modelView(model)).map((line) => `${directoryId}: ${line}`),
    );
    return findings;
  }

  private async checkStored(directoryId: string, model: DirectoryModel): Promise<string[]> {
    const stored: StateView = { users: new Map(), groups: new Map() };
    const base = `/api/v1/directories/${directoryId}`;
    for (const user of await this.pages<{
      id: string;
      userName: string;
      displayName: string | null;
      externalId: string | null;
      active: boolean;
    }>(`${base}/users`)) {
      stored.users.set(user.id, {
        userName: user.userName,
        displayName: user.displayName,
        externalId: user.externalId,
        active: user.active,
      });
    }
    for (const group of await this.pages<{
      id: string;
      displayName: string;
      externalId: string | null;
      memberCount: number;
    }>(`${base}/groups`)) {
      const members = await this.pages<{ id: string }>(`${base}/groups/${group.id}/members`);
      stored.groups.set(group.id, {
        displayName: group.displayName,
        externalId: group.externalId,
        members: new Set(members.map((member) => member.id)),
      });
      if (group.memberCount !== members.length) {
        return [
          `${directoryId}: group ${group.id} says memberCount ${group.memberCount}, lists ${members.length}`,
        ];
      }
    }
    return compareStates('stored', stored, 'model', modelView(model)).map(
      (line) => `${directoryId}: ${line}`,
    );
  }

  private async checkRoles(
    directoryId: string,
    model: DirectoryModel,
    log: readonly LoggedEvent[],
  ): Promise<string[]> {
    const findings: string[] = [];
    const expected = model.expectedRoles(this.rules);
    const fold = EventLogFold.of(log, this.rules);
    for (const [userId, roles] of fold.announced) {
      if (!expected.has(userId) && roles.length > 0)
        findings.push(`${directoryId}: deleted user ${userId} still announced ${JSON.stringify(roles)}`);
    }
    // The API, for a sample of users (every user would cost thousands of requests).
    const users = [...expected.keys()];
    for (const userId of this.random.sample(users, 25)) {
      const answer = await this.get<{ roles: Array<{ key: string }> }>(
        this.targets.roleMappingApi,
        `/api/v1/directories/${directoryId}/users/${userId}/roles`,
      );
      const keys = answer.roles.map((role) => role.key).sort();
      if (JSON.stringify(keys) !== JSON.stringify(expected.get(userId))) {
        findings.push(
          `${directoryId}: role-mapping API gives user ${userId} ${JSON.stringify(keys)}, expected ${JSON.stringify(expected.get(userId))}`,
        );
      }
    }
    if (this.targets.sql) {
      const { rows } = await this.targets.sql.query<{ user_id: string; roles: string[] | null }>(
        `SELECT u.id AS user_id, r.roles FROM role_mapping.users u LEFT JOIN role_mapping.user_roles r ON r.user_id = u.id
          WHERE u.directory_id = $1`,
        [directoryId],
      );
      const stored = new Map(rows.map((row) => [row.user_id, [...(row.roles ?? [])].sort()]));
      for (const [userId, roles] of expected) {
        const held = stored.get(userId) ?? [];
        if (JSON.stringify(held) !== JSON.stringify(roles)) {
          findings.push(
            `${directoryId}: role_mapping.user_roles gives ${userId} ${JSON.stringify(held)}, expected ${JSON.stringify(roles)}`,
          );
        }
      }
      for (const userId of stored.keys()) {
        if (!expected.has(userId))
          findings.push(`${directoryId}: role-mapping still projects deleted user ${userId}`);
      }
    }
    return findings.slice(0, 10);
  }

  private checkWebhooks(directoryId: string, log: readonly LoggedEvent[]): string[] {
    const receiver = this.targets.receiver;
    const findings = receiver.rejected.slice(0, 3).map((rejected) => `webhook rejected: ${rejected}`);
    const arrivals = receiver.firstArrivals().get(directoryId) ?? [];
    const delivered = arrivals.map((webhook) => `${webhook.sequence}:${webhook.webhookId}`);
    const logged = log.map((event) => `${event.sequence}:${event.id}`);
    if (JSON.stringify(delivered) !== JSON.stringify(logged)) {
      const firstDifference = logged.findIndex((entry, index) => delivered[index] !== entry);
      findings.push(
        `${directoryId}: webhooks first arrived as ${delivered.length} distinct ids, the log has ${logged.length}; first difference at #${firstDifference + 1}: got ${delivered[firstDifference] ?? 'nothing'}, expected ${logged[firstDifference] ?? 'nothing'}`,
      );
    }
    for (const webhook of receiver.received.filter((item) => item.directoryId === directoryId)) {
      if (webhook.webhookId !== webhook.eventId) {
        findings.push(`${directoryId}: webhook-id ${webhook.webhookId} carries event ${webhook.eventId}`);
        break;
      }
    }
    return findings;
  }

  private async checkOutboxesAndInboxes(): Promise<string[]> {
    const sql = this.targets.sql!;
    const findings: string[] = [];
    const directories = [...this.models.keys()];
    const logs = directories.flatMap((directoryId) => this.logs.get(directoryId) ?? []);
    const logged = new Map(logs.map((event) => [event.id, event]));

    // directory-service's outbox: each logged event exactly once, published (its rows refer to the event by id).
    const directoryOutbox = await sql.query<{ id: string; copies: number; unpublished: number }>(
      `SELECT COALESCE(payload_ref, payload->>'id') AS id, count(*)::int AS copies,
              count(*) FILTER (WHERE published_at IS NULL)::int AS unpublished
         FROM directory.outbox WHERE topic LIKE '%directory.events.v1' AND key = ANY($1::text[])
        GROUP BY COALESCE(payload_ref, payload->>'id')`,
      [directories],
    );
    const outboxIds = new Set(directoryOutbox.rows.map((row) => row.id));
    const doubled = directoryOutbox.rows.filter((row) => row.copies !== 1 || row.unpublished > 0);
    if (doubled.length > 0)
      findings.push(
        `directory.outbox: ${doubled.length} event(s) enqueued twice or unpublished, e.g. ${JSON.stringify(doubled[0])}`,
      );
    const notLogged = [...outboxIds].filter((id) => !logged.has(id));
    const notInOutbox = logs.filter((event) => !outboxIds.has(event.id));
    if (notLogged.length > 0)
      findings.push(
        `directory.outbox: ${notLogged.length} event(s) not in the events API, e.g. ${notLogged[0]}`,
      );
    if (notInOutbox.length > 0)
      findings.push(
        `events API: ${notInOutbox.length} event(s) never went through the outbox, e.g. ${notInOutbox[0]!.id}`,
      );

    // role-mapping-service's outbox: each roles event published once and sequenced once in the directory's log.
    const rolesOutbox = await sql.query<{ id: string; published: boolean }>(
      `SELECT payload->>'id' AS id, published_at IS NOT NULL AS published FROM role_mapping.outbox
        WHERE key = ANY($1::text[])`,
      [directories],
    );
    const rolesLogged = logs.filter((event) => event.type === 'directory.user.roles_updated');
    const rolesOutboxIds = new Set(rolesOutbox.rows.map((row) => row.id));
    if (rolesOutboxIds.size !== rolesOutbox.rows.length)
      findings.push('role_mapping.outbox: an event id enqueued twice');
    const rolesLost = rolesOutbox.rows.filter((row) => !logged.has(row.id));
    if (rolesLost.length > 0)
      findings.push(
        `${rolesLost.length} roles event(s) of role_mapping.outbox never reached the log, e.g. ${rolesLost[0]!.id}`,
      );
    const rolesUnknown = rolesLogged.filter((event) => !rolesOutboxIds.has(event.id));
    if (rolesUnknown.length > 0)
      findings.push(`${rolesUnknown.length} roles event(s) in the log that role-mapping never enqueued`);

    // Each consumer's view: its inbox holds every event it had to consume.
    const inbox = async (schema: string, consumer: string, wanted: readonly string[]): Promise<void> => {
      const { rows } = await sql.query<{ message_id: string }>(
        `SELECT message_id FROM ${schema}.inbox WHERE consumer = $1 AND message_id = ANY($2::text[])`,
        [consumer, wanted],
      );
      const seen = new Set(rows.map((row) => row.message_id));
      const missing = wanted.filter((id) => !seen.has(id));
      if (missing.length > 0)
        findings.push(
          `${schema}.inbox (${consumer}) lacks ${missing.length} of ${wanted.length} events, e.g. ${missing[0]}`,
        );
    };
    await inbox(
      'role_mapping',
      'role-mapping-service',
      logs.filter((event) => ROLE_MAPPING_INPUTS.has(event.type)).map((event) => event.id),
    );
    await inbox(
      'webhooks',
      'webhook-dispatcher',
      logs.map((event) => event.id),
    );
    await inbox(
      'directory',
      'directory-service.access-events',
      rolesOutbox.rows.map((row) => row.id),
    );
    return findings;
  }

  // ------------------------------------------------------------------ HTTP

  private async pages<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: T[]; nextCursor: string | null } = await this.get(
        this.targets.directoryApi,
        `${path}?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      items.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  private async get<T>(base: string, path: string): Promise<T> {
    const response = await fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${this.targets.adminApiKey}` },
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }
}

function modelView(model: DirectoryModel): StateView {
  return {
    users: new Map(
      [...model.users.values()].map((user) => [
        user.id,
        {
          userName: user.userName,
          displayName: user.displayName,
          externalId: user.externalId,
          active: user.active,
        },
      ]),
    ),
    groups: new Map(
      [...model.groups.values()].map((group) => [
        group.id,
        { displayName: group.displayName, externalId: group.externalId, members: group.members },
      ]),
    ),
  };
}

/** Differences between two views of a directory, at most a few of each kind. */
function compareStates(leftName: string, left: StateView, rightName: string, right: StateView): string[] {
  const findings: string[] = [];
  const users = (view: StateView) =>
    new Map(
      [...view.users].map(([id, user]) => [
        id,
        JSON.stringify({
          userName: user.userName,
          displayName: user.displayName,
          externalId: user.externalId,
          active: user.active,
        }),
      ]),
    );
  const groups = (view: StateView) =>
    new Map(
      [...view.groups].map(([id, group]) => [
        id,
        JSON.stringify({
          displayName: group.displayName,
          externalId: group.externalId,
          members: [...group.members].sort(),
        }),
      ]),
    );
  for (const [kind, l, r] of [
    ['user', users(left), users(right)],
    ['group', groups(left), groups(right)],
  ] as const) {
    const onlyLeft = [...l.keys()].filter((id) => !r.has(id));
    const onlyRight = [...r.keys()].filter((id) => !l.has(id));
    const differing = [...l.keys()].filter((id) => r.has(id) && l.get(id) !== r.get(id));
    if (onlyLeft.length > 0)
      findings.push(
        `${onlyLeft.length} ${kind}(s) in ${leftName} but not in ${rightName}, e.g. ${onlyLeft[0]}`,
      );
    if (onlyRight.length > 0)
      findings.push(
        `${onlyRight.length} ${kind}(s) in ${rightName} but not in ${leftName}, e.g. ${onlyRight[0]}`,
      );
    if (differing.length > 0) {
      const id = differing[0]!;
      findings.push(
        `${differing.length} ${kind}(s) differ, e.g. ${id}: ${leftName} ${l.get(id)!.slice(0, 400)} / ${rightName} ${r.get(id)!.slice(0, 400)}`,
      );
    }
  }
  return findings;
}
