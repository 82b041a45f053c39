import { useId, useState } from 'react';
import { ApiError } from '../api/api-client';
import type { Directory, Page, RequestLogEntry } from '../api/types';
import { useApp } from '../app-context';
import { CursorPager, useCursorPager } from '../components/cursor-pager';
import { EmptyState } from '../components/empty-state';
import { JsonView } from '../components/json-view';
import { LiveIndicator } from '../components/live-indicator';
import { ErrorNotice, UnavailableNotice } from '../components/notice';
import { StatusBadge, httpStatusTone } from '../components/status-badge';
import { TimeText } from '../components/time-text';
import { formatDateTime, formatDuration } from '../format';
import { useResource } from '../hooks/use-resource';

const POLL_MS = 4000;

export function RequestLogTab({ directory }: { directory: Directory }) {
  const { api } = useApp();
  const id = useId();
  const [status, setStatus] = useState('');
  const pager = useCursorPager();
  const entries = useResource(
    () =>
      api.get<Page<RequestLogEntry>>(`/api/v1/directories/${directory.id}/requests`, {
        limit: 25,
        cursor: pager.cursor,
        status,
      }),
    [directory.id, status, pager.cursor],
    { pollMs: POLL_MS },
  );
  if (entries.error instanceof ApiError && entries.error.unavailable)
    return <UnavailableNotice what="Request log" />;
  const rows = entries.data?.data ?? [];

  return (
    <div className="stack">
      <div className="toolbar">
        <div className="field">
          <label htmlFor={`${id}-status`} className="field-label">
            Status
          </label>
          <select
            id={`${id}-status`}
            className="input select"
            value={status}
            onChange={(event) => {
              setStatus(event.target.value);
              pager.reset();
            }}
          >
            <option value="">All requests</option>
            <option value="2xx">Successful (2xx)</option>
            <option value="4xx">Client errors (4xx)</option>
            <option value="5xx">Server errors (5xx)</option>
            <option value="409">Conflicts (409)</option>
          </select>
        </div>
        <p className="toolbar-note muted">Bodies are stored without passwords, tokens or secrets.</p>
        <LiveIndicator seconds={POLL_MS / 1000} />
      </div>
      {entries.error ? <ErrorNotice error={entries.error} what="the request log" /> : null}
      {entries.data && rows.length === 0 ? (
        <EmptyState title={status ? 'No request with this status' : 'No request yet'}>
          {status ? 'Choose another status.' : 'Every SCIM request of the identity provider shows up here.'}
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <ul className="entry-list card card-flush" aria-label="SCIM requests, newest first">
          {rows.map((entry) => (
            <li key={entry.id}>
              <details className="entry">
                <summary className="entry-summary">
                  <StatusBadge tone={httpStatusTone(entry.status)}>{entry.status}</StatusBadge>
                  <span className="method">{entry.method}</span>
                  <span className="mono entry-main break">
                    {entry.path}
                    {queryText(entry.query)}
                  </span>
                  <span className="muted duration">{formatDuration(entry.durationMs)}</span>
                  <span className="muted entry-time">
                    <TimeText value={entry.receivedAt} />
                  </span>
                </summary>
                <div className="entry-body">
                  <dl className="inline-facts">
                    <div>
                      <dt>Received</dt>
                      <dd>{formatDateTime(entry.receivedAt)}</dd>
                    </div>
                    <div>
                      <dt>Provider</dt>
                      <dd>
                        {entry.provider}
                        {entry.detectedProvider && entry.detectedProvider !== entry.provider
                          ? ` (looks like ${entry.detectedProvider})`
                          : ''}
                      </dd>
                    </div>
                    <div>
                      <dt>Correlation id</dt>
                      <dd className="mono">{entry.correlationId}</dd>
                    </div>
                  </dl>
                  {entry.notes.length > 0 || entry.warnings.length > 0 ? (
                    <ul className="note-list" aria-label="Normalization notes">
                      {[
                        ...entry.warnings.map((note) => ({ note, warning: true })),
                        ...entry.notes.map((note) => ({ note, warning: false })),
                      ].map(({ note, warning }, index) => (
                        <li key={index} className={warning ? 'note note-warning' : 'note'}>
                          {describeNote(note)}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  <div className="body-grid">
                    <div>
                      <h4 className="body-title">Request body</h4>
                      <JsonView
                        value={entry.requestBody ?? undefined}
                        label={`Request body of ${entry.method} ${entry.path}`}
                      />
                    </div>
                    <div>
                      <h4 className="body-title">Response body</h4>
                      <JsonView
                        value={entry.responseBody ?? undefined}
                        label={`Response body of ${entry.method} ${entry.path}`}
                      />
                    </div>
                  </div>
                </div>
              </details>
            </li>
          ))}
        </ul>
      ) : null}
      {entries.loading && !entries.data ? <p className="loading">Loading requests…</p> : null}
      <CursorPager
        label="Requests"
        page={pager.page}
        nextCursor={entries.data?.nextCursor}
        onNext={pager.next}
        onPrevious={pager.previous}
      />
    </div>
  );
}

/** The query as the identity provider meant it (decoded), for reading rather than for pasting. */
function queryText(query: Record<string, string>): string {
  const pairs = Object.entries(query).map(([name, value]) => `${name}=${value}`);
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

function describeNote(note: unknown): string {
  if (note && typeof note === 'object') {
    const { message, code, location } = note as { message?: unknown; code?: unknown; location?: unknown };
    const text =
      typeof message === 'string' ? message : typeof code === 'string' ? code : JSON.stringify(note);
    return typeof location === 'string' ? `${location}: ${text}` : text;
  }
  return String(note);
}
