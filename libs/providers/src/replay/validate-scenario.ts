import { EventTypes } from '@scimflow/contracts';
import { isProviderId } from '../catalog/provider-id';
import { placeholdersIn, placeholdersInJson } from './placeholders';
import type { ReplayEventExpectation, ReplayScenario, ReplayStep } from './replay-scenario';
import { isReplayEventType } from './replay-events';

/** Statuses a SCIM server may plausibly answer to each method in these scenarios (RFC 7644 + the notes). */
const PLAUSIBLE_STATUSES: Readonly<Record<ReplayStep['method'], readonly number[]>> = {
  GET: [200, 400, 404],
  POST: [201, 400, 409],
  PUT: [200, 400, 404, 409],
  PATCH: [200, 204, 400, 404, 409],
  DELETE: [204, 404],
};

export function expectedStatuses(step: ReplayStep): readonly number[] {
  return typeof step.expect.status === 'number' ? [step.expect.status] : step.expect.status;
}

export function eventTypeOf(expectation: ReplayEventExpectation): string {
  return typeof expectation === 'string' ? expectation : expectation.type;
}

/** The statuses of a step are all 2xx. Validation guarantees they are never mixed with errors. */
export function isSuccessStep(step: ReplayStep): boolean {
  return expectedStatuses(step).every((status) => status >= 200 && status < 300);
}

/**
 * The problems of a scenario's data, or an empty list: placeholders used before they are captured,
 * implausible statuses, missing event expectations, event sequences that break the emission rules.
 */
export function validateScenario(scenario: ReplayScenario): string[] {
  const problems: string[] = [];
  if (!isProviderId(scenario.provider)) problems.push(`unknown provider "${scenario.provider}"`);
  if (!scenario.id.startsWith(`${scenario.provider}.`))
    problems.push(`id "${scenario.id}" must start with "${scenario.provider}."`);
  if (scenario.steps.length === 0) problems.push('no steps');

  const captured = new Set<string>();
  const names = new Set<string>();
  scenario.steps.forEach((step, index) => {
    const at = `step ${index + 1} "${step.name}"`;
    if (names.has(step.name)) problems.push(`${at}: duplicate step name`);
    names.add(step.name);
    problems.push(...checkRequest(step).map((problem) => `${at}: ${problem}`));
    problems.push(...checkStatuses(step).map((problem) => `${at}: ${problem}`));
    problems.push(...checkEvents(step).map((problem) => `${at}: ${problem}`));

    // The request and the response body are checked before this step's captures exist; state and events after.
    const usedBeforeCapture = [
      ...placeholdersIn(step.path),
      ...Object.values({ ...scenario.headers, ...step.headers }).flatMap(placeholdersIn),
      ...placeholdersInJson(step.body),
      ...placeholdersInJson(step.expect.body),
    ];
    const usedAfterCapture = [
      ...(step.expectState ?? []).flatMap((state) => placeholdersInJson(state)),
      ...(step.expectEvents ?? []).flatMap((event) =>
        typeof event === 'string' ? [] : placeholdersInJson(event),
      ),
    ];
    const report = (name: string): void => {
      problems.push(`${at}: {{${name}}} is used before any step captures it`);
    };
    for (const name of new Set(usedBeforeCapture)) if (!captured.has(name)) report(name);
    for (const capture of captures(step)) captured.add(capture.as);
    for (const name of new Set(usedAfterCapture)) if (!captured.has(name)) report(name);
  });
  return problems;
}

function captures(step: ReplayStep): readonly { as: string; from: string }[] {
  const capture = step.expect.capture;
  if (capture === undefined) return [];
  return Array.isArray(capture) ? capture : [capture as { as: string; from: string }];
}

function checkRequest(step: ReplayStep): string[] {
  const problems: string[] = [];
  if (!step.path.startsWith('/') || step.path.startsWith('//'))
    problems.push(`path "${step.path}" must start with a single "/"`);
  const hasBody = step.body !== undefined;
  if ((step.method === 'GET' || step.method === 'DELETE') && hasBody)
    problems.push(`${step.method} must not carry a body`);
  if ((step.method === 'POST' || step.method === 'PUT' || step.method === 'PATCH') && !hasBody) {
    problems.push(`${step.method} needs a body`);
  }
  return problems;
}

function checkStatuses(step: ReplayStep): string[] {
  const problems: string[] = [];
  const statuses = expectedStatuses(step);
  if (statuses.length === 0) problems.push('no expected status');
  for (const status of statuses) {
    if (!PLAUSIBLE_STATUSES[step.method].includes(status))
      problems.push(`status ${status} is implausible for ${step.method}`);
  }
  const successes = statuses.filter((status) => status < 300).length;
  if (successes > 0 && successes < statuses.length) problems.push('mixes success and error statuses');
  const capturesSomething = captures(step).length > 0;
  if (capturesSomething && (!isSuccessStep(step) || statuses.includes(204))) {
    problems.push('captures from a response that may have no body');
  }
  if (step.expect.body !== undefined && statuses.length === 1 && statuses[0] === 204)
    problems.push('expects a body on 204');
  return problems;
}

function checkEvents(step: ReplayStep): string[] {
  const problems: string[] = [];
  const events = step.expectEvents;
  const isWrite = step.method !== 'GET';
  if (isWrite && isSuccessStep(step) && events === undefined) {
    problems.push('a successful write must state its events (use [] for none)');
  }
  if ((!isWrite || !isSuccessStep(step)) && events !== undefined && events.length > 0) {
    problems.push('reads and rejected requests emit no events');
  }
  if (events === undefined || !isSuccessStep(step)) return problems;

  const types = events.map(eventTypeOf);
  for (const type of types) if (!isReplayEventType(type)) problems.push(`unknown event type "${type}"`);
  const resource = step.path.split(/[/?]/)[1]?.toLowerCase();
  const last = types[types.length - 1];
  const allButLast = types.slice(0, -1);
  if (step.method === 'DELETE' && resource === 'users') {
    if (last !== EventTypes.userDeleted || allButLast.some((type) => type !== EventTypes.groupUserRemoved)) {
      problems.push('deleting a user emits user_removed per group, then user.deleted');
    }
  }
  if (step.method === 'DELETE' && resource === 'groups') {
    if (last !== EventTypes.groupDeleted || allButLast.some((type) => type !== EventTypes.groupUserRemoved)) {
      problems.push('deleting a group emits user_removed per member, then group.deleted');
    }
  }
  if (
    step.method === 'POST' &&
    resource === 'users' &&
    (types.length !== 1 || types[0] !== EventTypes.userCreated)
  ) {
    problems.push('creating a user emits exactly user.created');
  }
  if (step.method === 'POST' && resource === 'groups') {
    if (
      types[0] !== EventTypes.groupCreated ||
      types.slice(1).some((type) => type !== EventTypes.groupUserAdded)
    ) {
      problems.push('creating a group emits group.created, then user_added per member');
    }
  }
  const userStateEvents = types.filter(
    (type) =>
      type === EventTypes.userUpdated ||
      type === EventTypes.userDeactivated ||
      type === EventTypes.userReactivated,
  );
  if (userStateEvents.length > 1)
    problems.push('one user change emits one of updated, deactivated or reactivated, not several');
  return problems;
}
