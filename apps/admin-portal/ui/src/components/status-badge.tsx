import type { ReactNode } from 'react';

export type Tone = 'success' | 'warning' | 'danger' | 'neutral' | 'info';

export function StatusBadge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <span className={`badge badge-${tone}`}>
      <span className="badge-dot" aria-hidden="true" />
      {children}
    </span>
  );
}

/** The tone of an HTTP status: 2xx fine, 4xx the client's problem, 5xx ours. */
export function httpStatusTone(status: number | null): Tone {
  if (status === null) return 'danger';
  if (status < 300) return 'success';
  if (status < 500) return 'warning';
  return 'danger';
}
