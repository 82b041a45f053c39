/** How long {@link waitFor} keeps trying, and how often. */
export interface WaitForOptions {
  /** Give up after this many milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Pause between two attempts (default 50). */
  intervalMs?: number;
}

/**
 * Calls `assertion` until it returns (or resolves) without throwing, and returns its value. Use it instead of a
 * sleep to wait for something asynchronous: a row written by a consumer, a message on a topic, a webhook received.
 * When the deadline passes, rejects with the last error of the assertion (its message prefixed with the time
 * waited, the original kept as `cause`). An attempt still pending at the deadline counts as failed.
 */
export async function waitFor<T>(assertion: () => T | Promise<T>, options: WaitForOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  let lastError: unknown = new Error('the assertion never completed');
  for (;;) {
    attempts += 1;
    const outcome = await attemptBefore(assertion, deadline);
    if (outcome.ok) return outcome.value;
    if (outcome.error !== undefined) lastError = outcome.error;
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw timedOut(lastError, timeoutMs, attempts);
    await delay(Math.min(intervalMs, remaining));
  }
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function attemptBefore<T>(assertion: () => T | Promise<T>, deadline: number): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<Outcome<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: undefined }), Math.max(0, deadline - Date.now()));
  });
  const attempt = (async (): Promise<Outcome<T>> => {
    try {
      return { ok: true, value: await assertion() };
    } catch (error) {
      return { ok: false, error };
    }
  })();
  try {
    return await Promise.race([attempt, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function timedOut(lastError: unknown, timeoutMs: number, attempts: number): Error {
  const detail = lastError instanceof Error ? lastError.message : String(lastError);
  const error = new Error(`waitFor: still failing after ${timeoutMs} ms (${attempts} attempts): ${detail}`, {
    cause: lastError,
  });
  if (lastError instanceof Error && lastError.stack) {
    error.stack = `${error.message}\n${lastError.stack.split('\n').slice(1).join('\n')}`;
  }
  return error;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
