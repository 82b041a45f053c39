import { useId, useState, type FormEvent } from 'react';
import type { Organization, Page } from '../api/types';
import { useApp } from '../app-context';
import { CursorPager, useCursorPager } from '../components/cursor-pager';
import { EmptyState } from '../components/empty-state';
import { Link } from '../components/link';
import { ErrorNotice } from '../components/notice';
import { TableFrame } from '../components/table-frame';
import { TimeText } from '../components/time-text';
import { initials } from '../format';
import { useResource } from '../hooks/use-resource';
import { navigate } from '../routing/router';

export function OrganizationsScreen() {
  const { api } = useApp();
  const pager = useCursorPager();
  const organizations = useResource(
    () => api.get<Page<Organization>>('/api/v1/organizations', { limit: 25, cursor: pager.cursor }),
    [pager.cursor],
  );
  const [creating, setCreating] = useState(false);

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Organizations</h1>
          <p className="page-lead">
            Your customers. Each one connects its identity provider and gets its own directory.
          </p>
        </div>
        {!creating ? (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            + New organization
          </button>
        ) : null}
      </div>
      {creating ? (
        <CreateOrganizationForm
          onCancel={() => setCreating(false)}
          onCreated={(organization) => navigate(`/organizations/${organization.id}/provisioning`)}
        />
      ) : null}
      {organizations.error ? <ErrorNotice error={organizations.error} what="organizations" /> : null}
      {organizations.data && organizations.data.data.length === 0 && pager.page === 1 ? (
        <EmptyState title="No organizations yet">
          Create one for each customer whose identity provider will provision users into your application.
        </EmptyState>
      ) : null}
      {organizations.data && organizations.data.data.length > 0 ? (
        <section className="card card-flush" aria-labelledby="organizations-heading">
          <h2 id="organizations-heading" className="visually-hidden">
            Organization list
          </h2>
          <TableFrame label="Organizations">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col" className="hide-narrow">
                    External id
                  </th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {organizations.data.data.map((organization) => (
                  <tr key={organization.id}>
                    <td>
                      <Link to={`/organizations/${organization.id}/provisioning`} className="row-link">
                        <span className="avatar" aria-hidden="true">
                          {initials(organization.name)}
                        </span>
                        <span className="row-link-text">{organization.name}</span>
                      </Link>
                    </td>
                    <td className="hide-narrow mono muted">{organization.externalId ?? '—'}</td>
                    <td>
                      <TimeText value={organization.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableFrame>
        </section>
      ) : null}
      {organizations.loading && !organizations.data ? (
        <p className="loading">Loading organizations…</p>
      ) : null}
      <CursorPager
        label="Organizations"
        page={pager.page}
        nextCursor={organizations.data?.nextCursor}
        onNext={pager.next}
        onPrevious={pager.previous}
      />
    </div>
  );
}

function CreateOrganizationForm({
  onCancel,
  onCreated,
}: {
  onCancel: () => void;
  onCreated: (organization: Organization) => void;
}) {
  const { api } = useApp();
  const id = useId();
  const [name, setName] = useState('');
  const [externalId, setExternalId] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setError('Give the organization a name.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const organization = await api.post<Organization>('/api/v1/organizations', {
        name: name.trim(),
        ...(externalId.trim() ? { externalId: externalId.trim() } : {}),
      });
      onCreated(organization);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
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
      <h2 id={`${id}-title`} className="card-title">
        New organization
      </h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`} className="field-label">
            Name
          </label>
          <input
            id={`${id}-name`}
            className="input"
            value={name}
            maxLength={200}
            autoFocus
            onChange={(event) => setName(event.target.value)}
            aria-invalid={error ? true : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-external`} className="field-label">
            External id <span className="optional">(optional)</span>
          </label>
          <input
            id={`${id}-external`}
            className="input mono"
            value={externalId}
            maxLength={200}
            onChange={(event) => setExternalId(event.target.value)}
            aria-describedby={`${id}-external-hint`}
          />
          <p id={`${id}-external-hint`} className="field-hint">
            Your application&apos;s own id for this customer, e.g. its tenant id. Unique.
          </p>
        </div>
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create organization'}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
