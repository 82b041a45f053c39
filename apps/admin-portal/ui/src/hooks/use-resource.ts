import { useCallback, useEffect, useRef, useState } from 'react';
import { usePolling } from './use-polling';

export interface Resource<T> {
  data: T | undefined;
  error: Error | undefined;
  /** True while a load the user asked for runs (not during background polls). */
  loading: boolean;
  /** Loads again in the background, keeping what is shown until the answer comes. */
  reload: () => void;
}

/**
 * Loads `load()` when `deps` change (and every `pollMs` in the background while the page is visible). Only
 * the latest load's answer is kept, so a slow poll never overwrites a newer search.
 */
export function useResource<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  { pollMs }: { pollMs?: number } = {},
): Resource<T> {
  const [state, setState] = useState<{ data: T | undefined; error: Error | undefined; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const saved = useRef(load);
  saved.current = load;
  const generation = useRef(0);

  const run = useCallback(async (background: boolean) => {
    const id = ++generation.current;
    if (!background) setState((previous) => ({ ...previous, loading: true }));
    try {
      const data = await saved.current();
      if (id === generation.current) setState({ data, error: undefined, loading: false });
    } catch (error) {
      if (id === generation.current) {
        setState((previous) => ({
          data: background ? previous.data : undefined,
          error: error instanceof Error ? error : new Error(String(error)),
          loading: false,
        }));
      }
    }
  }, []);

  useEffect(() => {
    void run(false);
  }, deps);
  usePolling(() => void run(true), pollMs);
  const reload = useCallback(() => void run(true), [run]);
  return { ...state, reload };
}
