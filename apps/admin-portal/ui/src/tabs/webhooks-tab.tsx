import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../api/api-client';
import type {
  CreatedWebhookEndpoint,
  DeliveryStatus,
  Page,
  SecretRotation,
  WebhookDelivery,
  WebhookEndpoint,
} from '../api/types';
import { useApp } from '../app-context';
import { CopyField } from '../components/copy-field';
import { CursorPager, useCursorPager } from '../components/cursor-pager';
import { EmptyState } from '../components/empty-state';
import { ErrorNotice, Notice, UnavailableNotice } from '../components/notice';
import { StatusBadge, httpStatusTone, type Tone } from '../components/status-badge';
import { TableFrame } from '../components/table-frame';
import { TimeText } from '../components/time-text';
import { formatDateTime, formatDuration } from '../format';
import { useResource } from '../hooks/use-resource';

const DELIVERY_TONES: Record<DeliveryStatus, Tone> = {
  pending: 'info',
  failed: 'warning',
  succeeded: 'success',
  dead: 'danger',
};

export function WebhooksTab({ organizationId }: { organizationId: string }) {
  const { api } = useApp();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedWebhookEndpoint | null>(null);
  const endpoints = useResource(
    () => api.get<Page<WebhookEndpoint>>('/api/v1/webhook-endpoints', { organizationId, limit: 50 }),
    [organizationId],
    { pollMs: 10000 },
  );
  if (endpoints.error instanceof ApiError && endpoints.error.unavailable)
    return <UnavailableNotice what="Webhooks" />;
  const rows = endpoints.data?.data ?? [];

  return (
    <div className="stack-lg">
      <div className="section-header">
        <div>
          <h2 className="section-title">Webhook endpoints</h2>
          <p className="section-lead">
            Signed POSTs (Standard Webhooks) of this organization&apos;s events, in order per directory,
            retried with backoff.
          </p>
        </div>
        {!creating ? (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            + Add endpoint
          </button>
        ) : null}
      </div>
      {creating ? (
        <CreateEndpointForm
          organizationId={organizationId}
          onCancel={() => setCreating(false)}
          onCreated={(endpoint) => {
            setCreated(endpoint);
            setCreating(false);
            endpoints.reload();
          }}
        />
      ) : null}
      {created ? (
        <section className="card" aria-label="New endpoint secret">
          <CopyField label="Signing secret" value={created.secret} secret testId="webhook-secret" />
          <Notice tone="warning" title="Copy the signing secret now">
            It is shown this once. Your application verifies each delivery&apos;s webhook-signature header
            with it.
          </Notice>
          <div className="form-actions">
            <button type="button" className="button button-secondary" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </section>
      ) : null}
      {endpoints.error ? <ErrorNotice error={endpoints.error} what="webhook endpoints" /> : null}
      {endpoints.data && rows.length === 0 && !creating ? (
        <EmptyState title="No webhook endpoint">
          Add your application&apos;s URL to receive user, group and role events.
        </EmptyState>
      ) : null}
      <div className="stack">
        {rows.map((endpoint) => (
          <EndpointCard key={endpoint.id} endpoint={endpoint} onChanged={endpoints.reload} />
        ))}
      </div>
    </div>
  );
}

function CreateEndpointForm({
  organizationId,
  onCancel,
  onCreated,
}: {
  organizationId: string;
  onCancel: () => void;
  onCreated: (endpoint: CreatedWebhookEndpoint) => void;
}) {
  const { api } = useApp();
  const id = useId();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [eventTypes, setEventTypes] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const types = eventTypes
        .split(/[\s,]+/)
        .map((type) => type.trim())
        .filter(Boolean);
      onCreated(
        await api.post<CreatedWebhookEndpoint>('/api/v1/webhook-endpoints', {
          url: url.trim(),
          organizationId,
          ...(description.trim() ? { description: description.trim() } : {}),
          ...(types.length > 0 ? { eventTypes: types } : {}),
        }),
      );
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="card form-card"
      onSubmit={(event) => void submit(event)}
      aria-labelledby={`${id}-title`}
      noValidate
    >
      <h3 id={`${id}-title`} className="card-title">
        New webhook endpoint
      </h3>
      <div className="form-grid">
        <div className="field field-wide">
          <label htmlFor={`${id}-url`} className="field-label">
            URL
          </label>
          <input
            id={`${id}-url`}
            className="input mono"
            type="url"
            value={url}
            placeholder="https://app.example.com/webhooks/scimflow"
            onChange={(event) => setUrl(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`} className="field-label">
            Description <span className="optional">(optional)</span>
          </label>
          <input
            id={`${id}-description`}
            className="input"
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-types`} className="field-label">
            Event types <span className="optional">(optional)</span>
          </label>
          <input
            id={`${id}-types`}
            className="input mono"
            value={eventTypes}
            placeholder="directory.user.*, directory.group.user_added"
            onChange={(event) => setEventTypes(event.target.value)}
            aria-describedby={`${id}-types-hint`}
          />
          <p id={`${id}-types-hint`} className="field-hint">
            Comma-separated; empty means every type.
          </p>
        </div>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy || !url.trim()}>
          {busy ? 'Adding…' : 'Add endpoint'}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function EndpointCard({ endpoint, onChanged }: { endpoint: WebhookEndpoint; onChanged: () => void }) {
  const { api } = useApp();
  const [confirming, setConfirming] = useState<'rotate' | 'delete' | null>(null);
  const [rotation, setRotation] = useState<SecretRotation | null>(null);
  const [showDeliveries, setShowDeliveries] = useState(false);
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setConfirming(null);
      onChanged();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  }

  const deliveriesId = `deliveries-${endpoint.id}`;
  return (
    <article className="card" aria-labelledby={`endpoint-${endpoint.id}`}>
      <header className="endpoint-header">
        <div className="endpoint-title">
          <h3 id={`endpoint-${endpoint.id}`} className="card-title mono break">
            {endpoint.url}
          </h3>
          {endpoint.description ? <p className="muted">{endpoint.description}</p> : null}
        </div>
        <div className="badge-row">
          {endpoint.enabled ? (
            <StatusBadge tone="success">Enabled</StatusBadge>
          ) : (
            <StatusBadge tone="danger">Disabled</StatusBadge>
          )}
          {endpoint.failingSince ? (
            <StatusBadge tone="warning">Failing since {formatDateTime(endpoint.failingSince)}</StatusBadge>
          ) : null}
        </div>
      </header>
      {!endpoint.enabled && endpoint.disabledReason ? (
        <Notice tone="danger" title="Disabled by the dispatcher">
          {endpoint.disabledReason}
        </Notice>
      ) : null}
      <p className="endpoint-types">
        <span className="field-label">Events</span>{' '}
        {endpoint.eventTypes.length === 0 ? (
          <span className="muted">every type</span>
        ) : (
          endpoint.eventTypes.map((type) => (
            <span key={type} className="chip chip-static mono">
              {type}
            </span>
          ))
        )}
      </p>
      {rotation ? (
        <div className="stack-sm">
          <CopyField label="New signing secret" value={rotation.secret} secret />
          <Notice tone="warning" title="Copy the new secret now">
            Until {formatDateTime(rotation.previousSecretExpiresAt)} every delivery carries a signature with
            the previous secret too.
          </Notice>
        </div>
      ) : endpoint.previousSecretExpiresAt ? (
        <p className="muted">
          Previous secret still signs deliveries until {formatDateTime(endpoint.previousSecretExpiresAt)}.
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {confirming ? (
        <div
          className="confirm"
          role="group"
          aria-label={confirming === 'rotate' ? 'Confirm secret rotation' : 'Confirm deletion'}
        >
          <p>
            {confirming === 'rotate'
              ? 'Rotate the signing secret? The new secret is shown once; the previous one keeps signing for a while.'
              : 'Delete this endpoint with its delivery log?'}
          </p>
          <div className="form-actions">
            <button
              type="button"
              className={`button ${confirming === 'delete' ? 'button-danger' : 'button-primary'}`}
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  if (confirming === 'rotate')
                    setRotation(
                      await api.post<SecretRotation>(
                        `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`,
                      ),
                    );
                  else await api.delete(`/api/v1/webhook-endpoints/${endpoint.id}`);
                })
              }
            >
              {confirming === 'rotate' ? 'Rotate secret' : 'Delete endpoint'}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="form-actions">
          <button
            type="button"
            className="button button-secondary"
            aria-expanded={showDeliveries}
            aria-controls={deliveriesId}
            onClick={() => setShowDeliveries((shown) => !shown)}
          >
            {showDeliveries ? 'Hide deliveries' : 'Show deliveries'}
          </button>
          <button type="button" className="button button-secondary" onClick={() => setConfirming('rotate')}>
            Rotate secret
          </button>
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() =>
              void run(() =>
                api.patch(`/api/v1/webhook-endpoints/${endpoint.id}`, { enabled: !endpoint.enabled }),
              )
            }
          >
            {endpoint.enabled ? 'Disable' : 'Enable'}
          </button>
          <button
            type="button"
            className="button button-ghost-danger"
            onClick={() => setConfirming('delete')}
          >
            Delete
          </button>
        </div>
      )}
      {showDeliveries ? (
        <div id={deliveriesId} className="stack">
          <DeliveriesPanel endpointId={endpoint.id} />
          <ReplayForm endpointId={endpoint.id} />
        </div>
      ) : null}
    </article>
  );
}

function DeliveriesPanel({ endpointId }: { endpointId: string }) {
  const { api } = useApp();
  const id = useId();
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const pager = useCursorPager();
  const deliveries = useResource(
    () =>
      api.get<Page<WebhookDelivery>>(`/api/v1/webhook-endpoints/${endpointId}/deliveries`, {
        limit: 20,
        cursor: pager.cursor,
        status,
      }),
    [endpointId, status, pager.cursor],
    { pollMs: 5000 },
  );
  const [retryError, setRetryError] = useState<Error>();

  async function retry(deliveryId: string) {
    setRetryError(undefined);
    try {
      await api.post(`/api/v1/webhook-deliveries/${deliveryId}/retry`);
      deliveries.reload();
    } catch (caught) {
      setRetryError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  }

  const rows = deliveries.data?.data ?? [];
  return (
    <section className="subsection" aria-labelledby={`${id}-title`}>
      <div className="section-header">
        <h4 id={`${id}-title`} className="card-title">
          Deliveries
        </h4>
        <div className="field field-inline">
          <label htmlFor={`${id}-status`} className="field-label">
            Status
          </label>
          <select
            id={`${id}-status`}
            className="input select"
            value={status}
            onChange={(event) => {
              setStatus(event.target.value as DeliveryStatus | '');
              pager.reset();
            }}
          >
            <option value="">All</option>
            <option value="pending">Pending</option>
            <option value="failed">Failed (retrying)</option>
            <option value="dead">Dead</option>
            <option value="succeeded">Succeeded</option>
          </select>
        </div>
      </div>
      {deliveries.error ? <ErrorNotice error={deliveries.error} what="deliveries" /> : null}
      {retryError ? <ErrorNotice error={retryError} /> : null}
      {deliveries.data && rows.length === 0 ? (
        <p className="muted">No delivery{status ? ` with status ${status}` : ''}.</p>
      ) : null}
      <ul className="entry-list" aria-label="Deliveries of the endpoint">
        {rows.map((delivery) => (
          <li key={delivery.id}>
            <details className="entry">
              <summary className="entry-summary">
                <StatusBadge tone={DELIVERY_TONES[delivery.status]}>{delivery.status}</StatusBadge>
                <span className="mono entry-main">{delivery.eventType}</span>
                <span className="muted hide-narrow">#{delivery.sequence}</span>
                <span className="muted">
                  {delivery.attempts.length} {delivery.attempts.length === 1 ? 'attempt' : 'attempts'}
                </span>
                <span className="muted entry-time">
                  <TimeText value={delivery.createdAt} />
                </span>
              </summary>
              <div className="entry-body">
                <dl className="inline-facts">
                  <div>
                    <dt>Event id (webhook-id)</dt>
                    <dd className="mono">{delivery.eventId}</dd>
                  </div>
                  <div>
                    <dt>Next attempt</dt>
                    <dd>{delivery.nextAttemptAt ? formatDateTime(delivery.nextAttemptAt) : '—'}</dd>
                  </div>
                  {delivery.replayId ? (
                    <div>
                      <dt>Replay</dt>
                      <dd className="mono">{delivery.replayId}</dd>
                    </div>
                  ) : null}
                </dl>
                {delivery.attempts.length > 0 ? (
                  <TableFrame label="Attempts">
                    <table className="table table-compact">
                      <thead>
                        <tr>
                          <th scope="col">Attempted</th>
                          <th scope="col">Answer</th>
                          <th scope="col">Duration</th>
                          <th scope="col">Detail</th>
                        </tr>
                      </thead>
                      <tbody>
                        {delivery.attempts.map((attempt, index) => (
                          <tr key={index}>
                            <td>{formatDateTime(attempt.attemptedAt)}</td>
                            <td>
                              <StatusBadge tone={httpStatusTone(attempt.httpStatus)}>
                                {attempt.httpStatus ?? 'no answer'}
                              </StatusBadge>
                            </td>
                            <td>{formatDuration(attempt.durationMs)}</td>
                            <td className="mono break">{attempt.error ?? attempt.responseBody ?? ''}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableFrame>
                ) : (
                  <p className="muted">Not attempted yet.</p>
                )}
                {delivery.status === 'failed' || delivery.status === 'dead' ? (
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    onClick={() => void retry(delivery.id)}
                  >
                    Retry now
                  </button>
                ) : null}
              </div>
            </details>
          </li>
        ))}
      </ul>
      <CursorPager
        label="Deliveries"
        page={pager.page}
        nextCursor={deliveries.data?.nextCursor}
        onNext={pager.next}
        onPrevious={pager.previous}
      />
    </section>
  );
}

function ReplayForm({ endpointId }: { endpointId: string }) {
  const { api } = useApp();
  const id = useId();
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [result, setResult] = useState<string>();
  const [error, setError] = useState<Error>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setResult(undefined);
    try {
      const answer = await api.post<{ replayId: string; deliveries: number }>(
        `/api/v1/webhook-endpoints/${endpointId}/replay`,
        {
          since: new Date(since).toISOString(),
          ...(until ? { until: new Date(until).toISOString() } : {}),
        },
      );
      setResult(`${answer.deliveries} events will be sent again, in order, with their original webhook-id.`);
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  }

  return (
    <form
      className="subsection"
      onSubmit={(event) => void submit(event)}
      aria-labelledby={`${id}-title`}
      noValidate
    >
      <h4 id={`${id}-title`} className="card-title">
        Replay events
      </h4>
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${id}-since`} className="field-label">
            Since
          </label>
          <input
            id={`${id}-since`}
            className="input"
            type="datetime-local"
            value={since}
            onChange={(event) => setSince(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-until`} className="field-label">
            Until <span className="optional">(optional)</span>
          </label>
          <input
            id={`${id}-until`}
            className="input"
            type="datetime-local"
            value={until}
            onChange={(event) => setUntil(event.target.value)}
          />
        </div>
        <button type="submit" className="button button-secondary" disabled={!since}>
          Replay
        </button>
      </div>
      {result ? <Notice tone="success">{result}</Notice> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}
