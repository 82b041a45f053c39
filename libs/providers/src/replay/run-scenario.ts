import { isJsonObject } from '../normalization/json';
import { ScimUrns } from '../normalization/scim-schema';
import { subsetMismatch, valueAtPath } from './json-subset';
import { substitute, substituteJson } from './placeholders';
import type {
  ReplayCapture,
  ReplayEventExpectation,
  ReplayGroupExpectation,
  ReplayScenario,
  ReplayStateExpectation,
  ReplayStep,
  ReplayUserExpectation,
} from './replay-scenario';
import { isReplayEventType } from './replay-events';
import { ScenarioMismatchError } from './scenario-mismatch.error';
import { eventTypeOf, expectedStatuses, isSuccessStep, validateScenario } from './validate-scenario';

/** The part of a fetch Response the runner reads; the global `fetch` satisfies it. */
export interface ReplayHttpResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** A fetch-compatible function: the global `fetch`, or a fake for tests. */
export type ReplayFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<ReplayHttpResponse>;

/** A user as the management API shows it (a DirectoryUser from @scimflow/contracts fits). */
export interface ReplayUserView {
  readonly id: string;
  readonly userName: string;
  readonly active: boolean;
  readonly emails: readonly { readonly value: string }[];
}

/** A group as the management API shows it (a DirectoryGroup fits; `memberIds` is needed for `members`). */
export interface ReplayGroupView {
  readonly id: string;
  readonly displayName: string;
  readonly memberCount: number;
  readonly memberIds?: readonly string[];
}

/** An event as the events API shows it (an EventEnvelope fits). */
export interface ReplayEvent {
  readonly type: string;
  readonly data?: unknown;
  readonly previousAttributes?: Record<string, unknown>;
}

/** Read access to the directory under test, as the management API offers it. */
export interface ReplayManagementApi {
  /** The user with this SCIM id, or null when there is none. */
  getUser(id: string): Promise<ReplayUserView | null>;
  getGroup(id: string): Promise<ReplayGroupView | null>;
  /** Every event of the directory, in sequence order; a later call returns the same list extended. */
  listEvents(): Promise<readonly ReplayEvent[]>;
}

export interface RunScenarioOptions {
  /** The directory's SCIM base URL; a trailing slash is removed. Use a fresh directory per scenario. */
  readonly scimBaseUrl: string;
  readonly token: string;
  readonly managementApi: ReplayManagementApi;
  /** Defaults to the global fetch. */
  readonly fetch?: ReplayFetch;
  /** How long to wait for a step's events to appear (default 5000 ms). */
  readonly eventTimeoutMs?: number;
  readonly pollIntervalMs?: number;
  /** Require `application/scim+json` on responses with a body (default true; notes Q18). */
  readonly requireScimContentType?: boolean;
}

export interface ReplayStepResult {
  readonly name: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly body: unknown;
  readonly eventTypes: readonly string[];
}

export interface ScenarioRunResult {
  readonly scenarioId: string;
  readonly steps: readonly ReplayStepResult[];
  /** Every captured placeholder and its value. */
  readonly variables: Readonly<Record<string, string>>;
}

/**
 * Replays a scenario against a SCIM endpoint with plain HTTP, checking each response, the state the
 * management API shows and the events each step emits. Throws a ScenarioMismatchError at the first
 * difference, or an Error when the scenario data itself is invalid.
 */
export async function runScenario(
  scenario: ReplayScenario,
  options: RunScenarioOptions,
): Promise<ScenarioRunResult> {
  const problems = validateScenario(scenario);
  if (problems.length > 0) throw new Error(`Invalid scenario ${scenario.id}:\n${problems.join('\n')}`);

  const run = new ScenarioRun(scenario, options);
  await run.start();
  const steps: ReplayStepResult[] = [];
  for (const [index, step] of scenario.steps.entries()) {
    steps.push(await run.step(index, step));
  }
  return { scenarioId: scenario.id, steps, variables: Object.fromEntries(run.variables) };
}

class ScenarioRun {
  readonly variables = new Map<string, string>();
  private eventCursor = 0;
  private readonly fetch: ReplayFetch;
  private readonly baseUrl: string;

  constructor(
    private readonly scenario: ReplayScenario,
    private readonly options: RunScenarioOptions,
  ) {
    this.fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.baseUrl = options.scimBaseUrl.replace(/\/+$/, '');
  }

  async start(): Promise<void> {
    // Events that exist before the first step (fixtures, earlier runs) are not the scenario's.
    this.eventCursor = (await this.relevantEvents()).length;
  }

  async step(index: number, step: ReplayStep): Promise<ReplayStepResult> {
    const fail = (detail: string): never => {
      throw new ScenarioMismatchError(this.scenario.id, index, step.name, detail);
    };
    const url = this.baseUrl + substitute(step.path, this.variables, encodeURIComponent);
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.token}`,
      accept: 'application/scim+json',
    };
    const body =
      step.body === undefined ? undefined : JSON.stringify(substituteJson(step.body, this.variables));
    if (body !== undefined) headers['content-type'] = this.scenario.contentType ?? 'application/scim+json';
    for (const [name, value] of Object.entries({ ...this.scenario.headers, ...step.headers })) {
      headers[name.toLowerCase()] = substitute(value, this.variables);
    }

    const response = await this.fetch(url, {
      method: step.method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    const context = `${step.method} ${url} answered ${response.status}`;
    let parsed: unknown;
    if (text.trim() !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        fail(`${context} with a body that is not JSON: ${text.slice(0, 200)}`);
      }
    }
    const statuses = expectedStatuses(step);
    if (!statuses.includes(response.status)) {
      fail(`expected status ${statuses.join(' or ')}; ${context} with ${text.slice(0, 500) || 'no body'}`);
    }
    this.checkContentType(response, text, context, fail);
    this.checkBody(step, parsed, context, fail);
    this.capture(step, parsed, context, fail);
    for (const expectation of step.expectState ?? []) await this.checkState(expectation, fail);
    const eventTypes = await this.checkEvents(step, fail);
    return { name: step.name, method: step.method, url, status: response.status, body: parsed, eventTypes };
  }

  private checkContentType(
    response: ReplayHttpResponse,
    text: string,
    context: string,
    fail: (detail: string) => never,
  ): void {
    if (this.options.requireScimContentType === false || text.trim() === '') return;
    const contentType = response.headers.get('content-type') ?? '';
    if (!contentType.toLowerCase().includes('application/scim+json')) {
      fail(`${context} with content type "${contentType}", expected application/scim+json`);
    }
  }

  private checkBody(step: ReplayStep, body: unknown, context: string, fail: (detail: string) => never): void {
    if (!isSuccessStep(step) && body !== undefined) {
      // RFC 7644 §3.12: every error carries the error schema and the status as a string.
      const mismatch = subsetMismatch({ schemas: [ScimUrns.error] }, body);
      if (mismatch !== null) fail(`${context} with an error body that is not a SCIM error (${mismatch})`);
    }
    if (step.expect.body !== undefined) {
      const mismatch = subsetMismatch(substituteJson(step.expect.body, this.variables), body);
      if (mismatch !== null) fail(`${context}; body mismatch at ${mismatch}`);
    }
    for (const path of step.expect.absent ?? []) {
      const value = valueAtPath(body, path);
      if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) {
        fail(`${context}; ${path} should be absent but is ${JSON.stringify(value)}`);
      }
    }
  }

  private capture(step: ReplayStep, body: unknown, context: string, fail: (detail: string) => never): void {
    const capture = step.expect.capture;
    const captures: readonly ReplayCapture[] =
      capture === undefined ? [] : Array.isArray(capture) ? capture : [capture as ReplayCapture];
    for (const { as, from } of captures) {
      const value = valueAtPath(body, from);
      // JumpCloud rejects numeric ids (notes Q14): an id must be a JSON string.
      if (typeof value !== 'string' || value === '') {
        fail(
          `${context}; cannot capture {{${as}}}: ${from} is ${JSON.stringify(value)}, expected a non-empty string`,
        );
      }
      this.variables.set(as, value as string);
    }
  }

  private async checkState(
    expectation: ReplayStateExpectation,
    fail: (detail: string) => never,
  ): Promise<void> {
    if ('user' in expectation) await this.checkUser(expectation, fail);
    else await this.checkGroup(expectation, fail);
  }

  private async checkUser(
    expectation: ReplayUserExpectation,
    fail: (detail: string) => never,
  ): Promise<void> {
    const id = substitute(expectation.user, this.variables);
    const user = await this.options.managementApi.getUser(id);
    const label = `management API user ${expectation.user} (${id})`;
    if (expectation.exists === false) {
      if (user !== null) fail(`${label} should not exist`);
      return;
    }
    if (user === null) return fail(`${label} does not exist`);
    if (expectation.active !== undefined && user.active !== expectation.active) {
      fail(`${label}: active is ${user.active}, expected ${expectation.active}`);
    }
    if (
      expectation.userName !== undefined &&
      user.userName !== substitute(expectation.userName, this.variables)
    ) {
      fail(`${label}: userName is "${user.userName}", expected "${expectation.userName}"`);
    }
    if (expectation.emails !== undefined) {
      const actual = [...new Set(user.emails.map((email) => email.value))].sort();
      const expected = [
        ...new Set(expectation.emails.map((email) => substitute(email, this.variables))),
      ].sort();
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        fail(`${label}: emails are ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
      }
    }
  }

  private async checkGroup(
    expectation: ReplayGroupExpectation,
    fail: (detail: string) => never,
  ): Promise<void> {
    const id = substitute(expectation.group, this.variables);
    const group = await this.options.managementApi.getGroup(id);
    const label = `management API group ${expectation.group} (${id})`;
    if (expectation.exists === false) {
      if (group !== null) fail(`${label} should not exist`);
      return;
    }
    if (group === null) return fail(`${label} does not exist`);
    if (expectation.displayName !== undefined && group.displayName !== expectation.displayName) {
      fail(`${label}: displayName is "${group.displayName}", expected "${expectation.displayName}"`);
    }
    if (expectation.memberCount !== undefined && group.memberCount !== expectation.memberCount) {
      fail(`${label}: memberCount is ${group.memberCount}, expected ${expectation.memberCount}`);
    }
    if (expectation.members !== undefined) {
      if (group.memberIds === undefined)
        return fail(`${label}: the management API gave no memberIds to compare`);
      const actual = [...group.memberIds].sort();
      const expected = expectation.members.map((member) => substitute(member, this.variables)).sort();
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        fail(`${label}: members are ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
      }
    }
  }

  private async relevantEvents(): Promise<readonly ReplayEvent[]> {
    return (await this.options.managementApi.listEvents()).filter((event) => isReplayEventType(event.type));
  }

  private async checkEvents(step: ReplayStep, fail: (detail: string) => never): Promise<string[]> {
    const expected: readonly ReplayEventExpectation[] = step.expectEvents ?? [];
    const deadline = Date.now() + (this.options.eventTimeoutMs ?? 5000);
    let events = await this.relevantEvents();
    while (events.length - this.eventCursor < expected.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, this.options.pollIntervalMs ?? 50));
      events = await this.relevantEvents();
    }
    const emitted = events.slice(this.eventCursor);
    this.eventCursor = events.length;
    const emittedTypes = emitted.map((event) => event.type);
    const expectedTypes = expected.map(eventTypeOf);
    if (JSON.stringify(emittedTypes) !== JSON.stringify(expectedTypes)) {
      fail(`expected events ${JSON.stringify(expectedTypes)}, got ${JSON.stringify(emittedTypes)}`);
    }
    const unused = new Set(emitted.keys());
    for (const expectation of expected) {
      if (typeof expectation === 'string') continue;
      const match = [...unused].find((position) => this.eventMatches(expectation, emitted[position]));
      if (match === undefined) {
        fail(
          `no ${expectation.type} event matches ${JSON.stringify(expectation)} among ${JSON.stringify(emitted)}`,
        );
      }
      unused.delete(match as number);
    }
    return emittedTypes;
  }

  private eventMatches(expectation: Exclude<ReplayEventExpectation, string>, event: ReplayEvent): boolean {
    if (event.type !== expectation.type) return false;
    if (
      expectation.data !== undefined &&
      subsetMismatch(substituteJson(expectation.data, this.variables), event.data) !== null
    ) {
      return false;
    }
    if (expectation.previousAttributes !== undefined) {
      const previous = event.previousAttributes;
      if (!isJsonObject(previous)) return false;
      return (
        subsetMismatch(substituteJson(expectation.previousAttributes, this.variables), previous) === null
      );
    }
    return true;
  }
}
