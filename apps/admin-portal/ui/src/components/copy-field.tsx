import { useId, useRef, useState } from 'react';

/** A read-only value with a Copy button; the result is announced to screen readers. */
export function CopyField({
  label,
  value,
  secret = false,
  hint,
  testId,
}: {
  label: string;
  value: string;
  secret?: boolean;
  hint?: string;
  testId?: string;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState('');

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setStatus(`${label} copied to the clipboard.`);
    } catch {
      // Outside a secure context the Clipboard API is missing: select the text for Ctrl+C instead.
      input.current?.select();
      setStatus(`Press Ctrl+C (or ⌘C) to copy the selected ${label.toLowerCase()}.`);
    }
    window.setTimeout(() => setStatus(''), 4000);
  }

  return (
    <div className={`copy-field${secret ? ' copy-field-secret' : ''}`}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="copy-field-row">
        <input
          id={id}
          ref={input}
          className="input mono"
          readOnly
          value={value}
          data-testid={testId}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="button button-secondary" onClick={() => void copy()}>
          <svg viewBox="0 0 20 20" className="icon" aria-hidden="true">
            <rect
              x="7"
              y="7"
              width="10"
              height="10"
              rx="2"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.8"
            />
            <path
              d="M13 4H5a1 1 0 0 0-1 1v8"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.8"
              strokeLinecap="round"
            />
          </svg>
          Copy<span className="visually-hidden"> {label.toLowerCase()}</span>
        </button>
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {status ? (
        <p className="copy-field-status" aria-hidden="true">
          {status}
        </p>
      ) : null}
    </div>
  );
}
