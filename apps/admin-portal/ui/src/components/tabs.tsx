import { useEffect, useRef, type KeyboardEvent } from 'react';

export interface TabItem {
  id: string;
  label: string;
}

/**
 * A tab list following the WAI-ARIA pattern: one tab in the Tab order, arrows/Home/End move between tabs
 * and select them (each tab is a page of its own, so selecting navigates).
 */
export function Tabs({
  items,
  selected,
  onSelect,
  label,
  idPrefix,
}: {
  items: TabItem[];
  selected: string;
  onSelect: (id: string) => void;
  label: string;
  idPrefix: string;
}) {
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const list = useRef<HTMLDivElement>(null);

  // On a narrow screen the list scrolls sideways: keep the selected tab in sight (without scrolling the page).
  useEffect(() => {
    const container = list.current;
    const tab = refs.current.get(selected);
    if (!container || !tab) return;
    const left = tab.offsetLeft;
    if (
      left < container.scrollLeft ||
      left + tab.offsetWidth > container.scrollLeft + container.clientWidth
    ) {
      container.scrollLeft = Math.max(0, left - 16);
    }
  }, [selected]);

  function move(event: KeyboardEvent<HTMLDivElement>) {
    const index = items.findIndex((item) => item.id === selected);
    const targets: Record<string, number> = {
      ArrowRight: (index + 1) % items.length,
      ArrowLeft: (index - 1 + items.length) % items.length,
      Home: 0,
      End: items.length - 1,
    };
    const target = targets[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = items[target]!;
    onSelect(next.id);
    refs.current.get(next.id)?.focus();
  }

  return (
    <div ref={list} className="tabs" role="tablist" aria-label={label} onKeyDown={move}>
      {items.map((item) => (
        <button
          key={item.id}
          ref={(element) => {
            if (element) refs.current.set(item.id, element);
            else refs.current.delete(item.id);
          }}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${item.id}`}
          aria-selected={item.id === selected}
          aria-controls={`${idPrefix}-panel`}
          tabIndex={item.id === selected ? 0 : -1}
          className="tab"
          onClick={() => onSelect(item.id)}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
