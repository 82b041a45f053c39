import { useEffect, useRef } from 'react';

/**
 * Calls `callback` every `intervalMs` while the page is visible, and at once when it becomes visible again:
 * an admin watching a sync sees rows appear, a hidden tab costs the server nothing. No interval: no polling.
 */
export function usePolling(callback: () => void, intervalMs: number | undefined): void {
  const saved = useRef(callback);
  saved.current = callback;
  useEffect(() => {
    if (!intervalMs) return undefined;
    const tick = () => {
      if (document.visibilityState === 'visible') saved.current();
    };
    const timer = window.setInterval(tick, intervalMs);
    document.addEventListener('visibilitychange', tick);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [intervalMs]);
}
