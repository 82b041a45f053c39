import { useId, useState } from 'react';
import type { Directory, EventEnvelope, EventPage, EventType } from '../api/types';
import { useApp } from '../app-context';
import { EmptyState } from '../components/empty-state';
import { JsonView } from '../components/json-view';
import { ErrorNotice } from '../components/notice';
import { StatusBadge, type Tone } from '../components/status-badge';
import { TimeText } from '../components/time-text';
import { formatDateTime } from '../format';
import { useResource } from '../hooks/use-resource';

function toneOf(type: string): Tone {
  if (/deleted|deactivated|user_removed/.test(type)) return 'warning';
  if (/created|activated|user_added|reactivated/.test(type)) return 'success';
  return 'info';
}

function subjectOf(event: EventEnvelope): string {
  const data = event.data;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const user = data['user'] as Record<string, unknown> | undefined;
  const group = data['group'] as Record<string, unknown> | undefined;
  const userName = text(user?.['displayName']) ?? text(user?.['userName']);
  const groupName = text(group?.['displayName']);
  if (userName && groupName) return `${userName} → ${groupName}`;
  return (
    userName ?? groupName ?? text(data['displayName']) ?? text(data['userName']) ?? text(data['name']) ?? ''
  );
}

export function EventsTab({
  organizationId,
  directories,
}: {
  organizationId: string;
  directories: Directory[];
}) {
  const { api } = useApp();
  const id = useId();
  const [type, setType] = useState('');
  const [pages, setPages] = useState<string[]>([]);
  const types = useResource(() => api.get<EventType[]>('/api/v1/event-types'), []);
  const events = useResource(
    async () => {
      // Pages already shown are read again, so that a filter change or a poll keeps one ordered list.
      const loaded: EventEnvelope[] = [];
      let next: string | null = null;
      for (const after of [undefined, ...pages]) {
        const page: EventPage<EventEnvelope> = await api.get<EventPage<EventEnvelope>>('/api/v1/events', {
          organizationId,
          type,
          limit: 50,
          after,
        });
        loaded.push(...page.data);
        next = page.hasMore ? page.nextCursor : null;
      }
      return { data: loaded, nextCursor: next };
    },
    [organizationId, type, pages.join(',')],
    { pollMs: 10000 },
  );
  const directoryName = (directoryId: string) =>
    directories.find((directory) => directory.id === directoryId)?.name ?? directoryId.slice(0, 8);
  const rows = events.data?.data ?? [];

  return (
    <div className="stack">
      <div className="toolbar">
        <div className="field">
          <label htmlFor={`${id}-type`} className="field-label">
            Event type
          </label>
          <select
            id={`${id}-type`}
            className="input select"
            value={type}
            onChange={(event) => {
              setType(event.target.value);
              setPages([]);
            }}
          >
            <option value="">All types</option>
            {(types.data ?? []).map((entry) => (
              <option key={entry.type} value={entry.type}>
                {entry.type}
              </option>
            ))}
          </select>
        </div>
        <p className="toolbar-note muted">
          {type
            ? (types.data?.find((entry) => entry.type === type)?.description ?? '')
            : 'The ordered event log that webhooks deliver, oldest first.'}
        </p>
      </div>
      {events.error ? <ErrorNotice error={events.error} what="events" /> : null}
      {events.data && rows.length === 0 ? (
        <EmptyState title={type ? 'No event of this type' : 'No events yet'}>
          Events appear as the identity provider provisions users and groups.
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <ul className="entry-list card card-flush" aria-label="Events">
          {rows.map((event) => (
            <li key={event.id}>
              <details className="entry">
                <summary className="entry-summary">
                  <span className="sequence mono" title="Sequence in its directory">
                    #{event.sequence}
                  </span>
                  <StatusBadge tone={toneOf(event.type)}>{event.type}</StatusBadge>
                  <span className="entry-main">{subjectOf(event)}</span>
                  <span className="muted hide-narrow">{directoryName(event.directoryId)}</span>
                  <span className="muted entry-time">
                    <TimeText value={event.occurredAt} />
                  </span>
                </summary>
                <div className="entry-body">
                  <dl className="inline-facts">
                    <div>
                      <dt>Id</dt>
                      <dd className="mono">{event.id}</dd>
                    </div>
                    <div>
                      <dt>Occurred</dt>
                      <dd>{formatDateTime(event.occurredAt)}</dd>
                    </div>
                    <div>
                      <dt>Version</dt>
                      <dd>{event.version}</dd>
                    </div>
                  </dl>
                  <JsonView value={event.data} label={`Data of event ${event.sequence}`} />
                  {event.previousAttributes ? (
                    <>
                      <h4 className="body-title">Previous attributes</h4>
                      <JsonView
                        value={event.previousAttributes}
                        label={`Previous attributes of event ${event.sequence}`}
                      />
                    </>
                  ) : null}
                </div>
              </details>
            </li>
          ))}
        </ul>
      ) : null}
      {events.loading && !events.data ? <p className="loading">Loading events…</p> : null}
      {events.data?.nextCursor ? (
        <div className="pager">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setPages((current) => [...current, events.data!.nextCursor!])}
          >
            Load more events
          </button>
        </div>
      ) : null}
    </div>
  );
}
