import type { RequestGate } from './request-gate';
import type { ScimTraffic } from './scim-traffic';
import type { SeededRandom } from './seeded-random';

/** A SCIM answer: status, headers and the parsed JSON body (an object, or undefined). */
export interface ScimAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> | undefined;
}

/** A write whose outcome is settled, and whether an unanswered earlier attempt may have applied it. */
export interface SettledWrite {
  answer: ScimAnswer;
  /** Attempts before the definitive one whose outcome was unknown (503, no answer). */
  uncertainAttempts: number;
}

/** The edge's time bounds, from the ingress configuration the test started it with. */
export interface ScimTimings {
  /** SCIM_REQUEST_TIMEOUT_MS: a write's command expires this long after the ingress published it. */
  commandTimeoutMs: number;
  /** DIRECTORY_SERVICE_TIMEOUT_MS: the most the ingress spends authenticating before it publishes. */
  authTimeoutMs: number;
  /** Slack for a command that started just before its expiry and committed just after. */
  marginMs: number;
  /** A single write or read that has not settled after this long fails the test. */
  giveUpAfterMs: number;
}

type Attempt =
  | { kind: 'answered'; answer: ScimAnswer; startedAt: number; endedAt: number }
  | { kind: 'refused'; startedAt: number; endedAt: number; error: string }
  | { kind: 'no-answer'; startedAt: number; endedAt: number; error: string };

/**
 * The driving client of one directory, as an identity provider that retries: requests go to one of the
 * ingress instances at random (a load balancer), bounded by the shared RequestGate.
 *
 * A write answered 503 (or not at all) has an unknown outcome: its command may be applied later, until it
 * expires. So before sending it again the client waits until that command can no longer apply (the expiry
 * bound below), and only then retries: the retry's answer then settles the write. This wait is the one timed
 * pause of the system tests, and it is a protocol bound, not a guess.
 */
export class ScimClient {
  constructor(
    private readonly bases: readonly string[],
    private readonly token: string,
    private readonly gate: RequestGate,
    private readonly traffic: ScimTraffic,
    private readonly timings: ScimTimings,
    private readonly random: SeededRandom,
  ) {}

  /** A read, repeated until it gets an answer other than 429 or 5xx. */
  async read(path: string): Promise<ScimAnswer> {
    const deadline = Date.now() + this.timings.giveUpAfterMs;
    for (;;) {
      const attempt = await this.attempt('GET', path, undefined, false);
      if (attempt.kind === 'answered' && attempt.answer.status !== 429 && attempt.answer.status < 500) {
        return attempt.answer;
      }
      if (Date.now() > deadline) throw new Error(`GET ${path} did not settle: ${describe(attempt)}`);
      await pause(attempt.kind === 'answered' ? retryAfterMs(attempt.answer, 300) : 300);
    }
  }

  /**
   * A write, repeated until its outcome is known: any answer but 429 and 5xx. Before repeating an attempt
   * whose outcome is unknown, waits until its command has expired (see the class comment).
   */
  async write(
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<SettledWrite> {
    const deadline = Date.now() + this.timings.giveUpAfterMs;
    let uncertainAttempts = 0;
    for (;;) {
      const attempt = await this.attempt(method, path, body, true);
      if (attempt.kind === 'answered') {
        const { status } = attempt.answer;
        if (status !== 429 && status < 500) return { answer: attempt.answer, uncertainAttempts };
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${method} ${path} did not settle within ${this.timings.giveUpAfterMs} ms: ${describe(attempt)}`,
        );
      }
      if (attempt.kind === 'refused' || (attempt.kind === 'answered' && attempt.answer.status === 429)) {
        // Nothing reached the bus: a refused connection, or the rate limiter answering before any command.
        await pause(attempt.kind === 'answered' ? retryAfterMs(attempt.answer, 300) : 300);
        continue;
      }
      uncertainAttempts += 1;
      // Answered: the command (if published) was published before the answer, so it expires within the
      // command timeout of it. Unanswered: it was published after authentication at the latest.
      const expiry =
        Math.max(attempt.endedAt, attempt.startedAt + this.timings.authTimeoutMs) +
        this.timings.commandTimeoutMs +
        this.timings.marginMs;
      await pause(Math.max(0, expiry - Date.now()));
    }
  }

  private async attempt(method: string, path: string, body: unknown, write: boolean): Promise<Attempt> {
    return this.gate.run(async () => {
      const base = this.random.pick(this.bases);
      const startedAt = Date.now();
      try {
        const response = await fetch(`${base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: 'application/scim+json',
            ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.timings.commandTimeoutMs + this.timings.authTimeoutMs + 5_000),
        });
        const text = await response.text();
        const endedAt = Date.now();
        const answer: ScimAnswer = { status: response.status, headers: response.headers, body: parse(text) };
        this.traffic.record({
          write,
          method,
          path,
          status: response.status,
          startedAt,
          endedAt,
          retryAfter: response.headers.get('retry-after'),
        });
        return { kind: 'answered', answer, startedAt, endedAt };
      } catch (error) {
        const endedAt = Date.now();
        const message = describeError(error);
        this.traffic.record({
          write,
          method,
          path,
          status: 0,
          startedAt,
          endedAt,
          retryAfter: null,
          error: message,
        });
        return /ECONNREFUSED/.test(message)
          ? { kind: 'refused', startedAt, endedAt, error: message }
          : { kind: 'no-answer', startedAt, endedAt, error: message };
      }
    });
  }
}

function parse(text: string): Record<string, unknown> | undefined {
  if (text.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function retryAfterMs(answer: ScimAnswer, fallbackMs: number): number {
  const seconds = Number(answer.headers.get('retry-after'));
  // An impatient identity provider: it honours Retry-After up to a second, or the run would crawl.
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, 1_000) : fallbackMs;
}

function describe(attempt: Attempt): string {
  return attempt.kind === 'answered'
    ? `last answer ${attempt.answer.status} ${JSON.stringify(attempt.answer.body ?? {}).slice(0, 300)}`
    : `last attempt got no answer (${attempt.error})`;
}

function describeError(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  const detail =
    cause instanceof Error
      ? `${cause.name}: ${cause.message} ${(cause as { code?: string }).code ?? ''}`
      : '';
  return `${error instanceof Error ? `${error.name}: ${error.message}` : String(error)} ${detail}`.trim();
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
