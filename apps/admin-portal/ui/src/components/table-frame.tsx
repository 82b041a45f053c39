import type { ReactNode } from 'react';

/** A table's horizontal scroller: a labelled region the keyboard can reach and scroll. */
export function TableFrame({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-frame" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
