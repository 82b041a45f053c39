import { Fragment, useState } from 'react';
import { ApiError } from '../api/api-client';
import type {
  CreatedDirectory,
  Directory,
  Page,
  Provider,
  RequestLogEntry,
  TokenRotation,
} from '../api/types';
import { useApp } from '../app-context';
import { CopyField } from '../components/copy-field';
import { Link } from '../components/link';
import { ErrorNotice, Notice } from '../components/notice';
import { ProviderLogo } from '../components/provider-logo';
import { StatusBadge } from '../components/status-badge';
import { TimeText } from '../components/time-text';
import { formatDateTime } from '../format';
import { useResource, type Resource } from '../hooks/use-resource';
import { PortalLinksPanel } from './portal-links-panel';

export function ProvisioningTab({
  organizationId,
  directories,
}: {
  organizationId: string;
  directories: Resource<Page<Directory>>;
}) {
  const { api, isOperator } = useApp();
  const providers = useResource(() => api.get<Provider[]>('/api/v1/providers'), []);
  const [choosing, setChoosing] = useState(false);
  const [created, setCreated] = useState<CreatedDirectory | null>(null);
  const list = directories.data?.data ?? [];
  const providerList = providers.data ?? [];
  const providerOf = (id: string) => providerList.find((provider) => provider.id === id);

  let body;
  if (created) {
    const live = list.find((directory) => directory.id === created.id);
    body = (
      <ConnectionSetup
        created={created}
        provider={providerOf(created.provider)}
        directory={live}
        onDone={() => {
          setCreated(null);
          setChoosing(false);
        }}
      />
    );
  } else if (choosing || (directories.data && list.length === 0)) {
    body = (
      <ProviderPicker
        organizationId={organizationId}
        providers={providerList}
        canCancel={list.length > 0}
        onCancel={() => setChoosing(false)}
        onCreated={(directory) => {
          setCreated(directory);
          directories.reload();
        }}
      />
    );
  } else if (directories.data) {
    body = (
      <>
        <div className="section-header">
          <div>
            <h2 className="section-title">Connected identity providers</h2>
            <p className="section-lead">Each directory has its own SCIM endpoint and bearer token.</p>
          </div>
          <button type="button" className="button button-secondary" onClick={() => setChoosing(true)}>
            + Connect another provider
          </button>
        </div>
        <div className="stack">
          {list.map((directory) => (
            <DirectoryCard
              key={directory.id}
              directory={directory}
              provider={providerOf(directory.provider)}
              onChanged={directories.reload}
            />
          ))}
        </div>
      </>
    );
  }

  return (
    <div className="stack-lg">
      {providers.error ? <ErrorNotice error={providers.error} what="the identity providers" /> : null}
      {directories.error ? <ErrorNotice error={directories.error} what="the directories" /> : null}
      {!directories.data && directories.loading ? <p className="loading">Loading directories…</p> : null}
      {body}
      {isOperator ? <PortalLinksPanel organizationId={organizationId} /> : null}
    </div>
  );
}

function ProviderPicker({
  organizationId,
  providers,
  canCancel,
  onCancel,
  onCreated,
}: {
  organizationId: string;
  providers: Provider[];
  canCancel: boolean;
  onCancel: () => void;
  onCreated: (directory: CreatedDirectory) => void;
}) {
  const { api } = useApp();
  const [chosen, setChosen] = useState<Provider | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  async function create(provider: Provider) {
    setBusy(true);
    setError(undefined);
    try {
      onCreated(
        await api.post<CreatedDirectory>(`/api/v1/organizations/${organizationId}/directories`, {
          provider: provider.id,
        }),
      );
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="provider-picker-title">
      <div className="section-header">
        <div>
          <h2 id="provider-picker-title" className="section-title">
            Connect an identity provider
          </h2>
          <p className="section-lead">
            Choose where your users and groups are managed. You will get a SCIM endpoint and a token for it.
          </p>
        </div>
        {canCancel ? (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
      <ul className="provider-grid" aria-label="Identity providers">
        {providers.map((provider) => (
          <li key={provider.id}>
            <button
              type="button"
              className="provider-option"
              aria-pressed={chosen?.id === provider.id}
              onClick={() => setChosen(provider)}
            >
              <ProviderLogo providerId={provider.id} />
              <span className="provider-option-name">{provider.name}</span>
            </button>
          </li>
        ))}
      </ul>
      {chosen ? (
        <div className="provider-detail" aria-live="polite">
          <div className="provider-detail-header">
            <ProviderLogo providerId={chosen.id} size={48} />
            <div>
              <h3 className="card-title">{chosen.name}</h3>
              <p className="muted">{chosen.description}</p>
            </div>
          </div>
          <SetupSteps provider={chosen} />
          {error ? <ErrorNotice error={error} /> : null}
          <div className="form-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              onClick={() => void create(chosen)}
            >
              {busy ? 'Creating…' : `Create ${chosen.name} directory`}
            </button>
            <span className="muted">The Endpoint URL and Bearer token appear once the directory exists.</span>
          </div>
        </div>
      ) : (
        <p className="muted provider-hint">Select a provider to see how to connect it.</p>
      )}
    </section>
  );
}

/** The provider's steps, with the two values the portal shows highlighted where the steps mention them. */
function SetupSteps({ provider }: { provider: Provider }) {
  return (
    <ol className="setup-steps" aria-label={`Setup steps for ${provider.name}`}>
      {provider.setupSteps.map((step, index) => (
        <li key={index}>
          {step
            .split(/(Endpoint URL|Bearer token)/)
            .map((part, partIndex) =>
              part === 'Endpoint URL' || part === 'Bearer token' ? (
                <strong key={partIndex}>{part}</strong>
              ) : (
                <Fragment key={partIndex}>{part}</Fragment>
              ),
            )}
        </li>
      ))}
    </ol>
  );
}

function ConnectionSetup({
  created,
  provider,
  directory,
  onDone,
}: {
  created: CreatedDirectory;
  provider: Provider | undefined;
  directory: Directory | undefined;
  onDone: () => void;
}) {
  return (
    <section className="card" aria-labelledby="connection-title">
      <div className="provider-detail-header">
        <ProviderLogo providerId={created.provider} size={48} />
        <div>
          <h2 id="connection-title" className="section-title">
            Connect {provider?.name ?? created.name}
          </h2>
          <p className="muted">
            Directory created. Enter these two values in {provider?.name ?? 'your identity provider'}.
          </p>
        </div>
      </div>
      <div className="connection-layout">
        <div className="connection-credentials">
          <CopyField
            label="Endpoint URL"
            value={created.endpointUrl}
            testId="endpoint-url"
            hint="Paste it exactly, without a trailing slash."
          />
          <CopyField label="Bearer token" value={created.bearerToken} secret testId="bearer-token" />
          <Notice tone="warning" title="Copy the token now">
            It is shown this once: only its hash is stored. If it is lost, rotate it.
          </Notice>
          <div className="connection-status">
            <span className="field-label">Status</span>
            <DirectoryStatus directory={directory} />
          </div>
          <button type="button" className="button button-primary" onClick={onDone}>
            Done, I saved the token
          </button>
        </div>
        {provider ? (
          <div className="connection-steps">
            <h3 className="card-title">Steps in {provider.name}</h3>
            <SetupSteps provider={provider} />
          </div>
        ) : null}
      </div>
    </section>
  );
}

function DirectoryStatus({ directory }: { directory: Directory | undefined }) {
  if (!directory || directory.status === 'pending') {
    return (
      <span className="status-line">
        <StatusBadge tone="warning">Waiting for the first request</StatusBadge>
        <span className="muted">
          <span className="pulse" aria-hidden="true" /> listening…
        </span>
      </span>
    );
  }
  return (
    <span className="status-line">
      <StatusBadge tone="success">Active</StatusBadge>
      <span className="muted">
        last request <TimeText value={directory.lastRequestAt} />
      </span>
    </span>
  );
}

function DirectoryCard({
  directory,
  provider,
  onChanged,
}: {
  directory: Directory;
  provider: Provider | undefined;
  onChanged: () => void;
}) {
  const { api, isOperator } = useApp();
  const [confirming, setConfirming] = useState<'rotate' | 'delete' | null>(null);
  const [rotation, setRotation] = useState<TokenRotation | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const lastError = useResource(() => lastFailedRequest(api.get, directory.id), [directory.id], {
    pollMs: 5000,
  });

  async function act(action: 'rotate' | 'delete') {
    setBusy(true);
    setError(undefined);
    try {
      if (action === 'rotate')
        setRotation(await api.post<TokenRotation>(`/api/v1/directories/${directory.id}/token`));
      else await api.delete(`/api/v1/directories/${directory.id}`);
      setConfirming(null);
      onChanged();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  }

  const failed = lastError.data;
  return (
    <article className="card directory-card" aria-labelledby={`directory-${directory.id}`}>
      <header className="directory-card-header">
        <ProviderLogo providerId={directory.provider} size={44} />
        <div className="directory-card-title">
          <h3 id={`directory-${directory.id}`} className="card-title">
            {directory.name}
          </h3>
          <p className="muted">
            {provider && provider.name !== directory.name ? `${provider.name} · ` : ''}created{' '}
            {formatDateTime(directory.createdAt)}
          </p>
        </div>
        <DirectoryStatus directory={directory} />
      </header>
      <dl className="stats">
        <div>
          <dt>Users</dt>
          <dd>{directory.stats.users}</dd>
        </div>
        <div>
          <dt>Groups</dt>
          <dd>{directory.stats.groups}</dd>
        </div>
        <div>
          <dt>Last request</dt>
          <dd>
            <TimeText value={directory.lastRequestAt} />
          </dd>
        </div>
        <div>
          <dt>Active since</dt>
          <dd>
            <TimeText value={directory.activatedAt} />
          </dd>
        </div>
      </dl>
      {failed ? (
        <Notice tone="warning" title="Last error">
          <span className="mono">
            {failed.status} {failed.method} {failed.path}
          </span>{' '}
          · <TimeText value={failed.receivedAt} /> ·{' '}
          <Link to={`/organizations/${directory.organizationId}/request-log?directory=${directory.id}`}>
            open the request log
          </Link>
        </Notice>
      ) : null}
      <CopyField label="Endpoint URL" value={directory.endpointUrl} testId="endpoint-url" />
      {rotation ? (
        <div className="stack-sm">
          <CopyField label="Bearer token" value={rotation.bearerToken} secret testId="bearer-token" />
          <Notice tone="warning" title="New token: copy it now">
            It is shown this once. The previous token keeps working until{' '}
            {formatDateTime(rotation.previousTokenExpiresAt)}, so the identity provider can be updated without
            a gap.
          </Notice>
        </div>
      ) : (
        <div className="token-row">
          <div>
            <span className="field-label">Bearer token</span>
            <p className="muted token-hidden">
              <span className="mono">scim_••••••••••••</span> · shown once when created; only its hash is
              stored.
            </p>
          </div>
        </div>
      )}
      {error ? <ErrorNotice error={error} /> : null}
      {confirming ? (
        <div
          className="confirm"
          role="group"
          aria-label={confirming === 'rotate' ? 'Confirm token rotation' : 'Confirm deletion'}
        >
          <p>
            {confirming === 'rotate'
              ? 'Rotate the bearer token? A new token is shown once; the current one keeps working for a grace period.'
              : `Delete ${directory.name} with its ${directory.stats.users} users and ${directory.stats.groups} groups? The identity provider's requests will then fail.`}
          </p>
          <div className="form-actions">
            <button
              type="button"
              className={`button ${confirming === 'delete' ? 'button-danger' : 'button-primary'}`}
              disabled={busy}
              onClick={() => void act(confirming)}
            >
              {confirming === 'rotate' ? 'Rotate token' : 'Delete directory'}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="form-actions">
          <button type="button" className="button button-secondary" onClick={() => setConfirming('rotate')}>
            Rotate token
          </button>
          {isOperator ? (
            <button
              type="button"
              className="button button-ghost-danger"
              onClick={() => setConfirming('delete')}
            >
              Delete directory
            </button>
          ) : null}
        </div>
      )}
      {provider ? (
        <details className="disclosure">
          <summary>Setup steps for {provider.name}</summary>
          <SetupSteps provider={provider} />
        </details>
      ) : null}
    </article>
  );
}

/** The newest failed SCIM request of a directory, or null (also when the request log is not served here). */
async function lastFailedRequest(
  get: <T>(path: string, query?: Record<string, string | number>) => Promise<T>,
  directoryId: string,
): Promise<RequestLogEntry | null> {
  try {
    const pages = await Promise.all(
      ['4xx', '5xx'].map((status) =>
        get<Page<RequestLogEntry>>(`/api/v1/directories/${directoryId}/requests`, { status, limit: 1 }),
      ),
    );
    const entries = pages.flatMap((page) => page.data);
    entries.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
    return entries[0] ?? null;
  } catch (error) {
    if (error instanceof ApiError && error.unavailable) return null;
    throw error;
  }
}
