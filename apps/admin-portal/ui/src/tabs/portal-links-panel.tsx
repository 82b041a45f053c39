import { useId, useState } from 'react';
import type { CreatedPortalLink, Page, PortalLink } from '../api/types';
import { useApp } from '../app-context';
import { CopyField } from '../components/copy-field';
import { ErrorNotice } from '../components/notice';
import { StatusBadge } from '../components/status-badge';
import { TableFrame } from '../components/table-frame';
import { TimeText } from '../components/time-text';
import { useResource } from '../hooks/use-resource';

const EXPIRIES = [
  { seconds: 24 * 3600, label: '1 day' },
  { seconds: 7 * 24 * 3600, label: '7 days' },
  { seconds: 30 * 24 * 3600, label: '30 days' },
];

/** The operator invites the customer's IT admin: a magic link scoped to this organization. */
export function PortalLinksPanel({ organizationId }: { organizationId: string }) {
  const { api } = useApp();
  const id = useId();
  const [expiresIn, setExpiresIn] = useState(EXPIRIES[1]!.seconds);
  const [created, setCreated] = useState<CreatedPortalLink | null>(null);
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const links = useResource(
    () => api.get<Page<PortalLink>>(`/api/v1/organizations/${organizationId}/portal-links`, { limit: 20 }),
    [organizationId],
  );

  async function create() {
    setBusy(true);
    setError(undefined);
    try {
      setCreated(
        await api.post<CreatedPortalLink>(`/api/v1/organizations/${organizationId}/portal-links`, {
          expiresIn,
        }),
      );
      links.reload();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  }

  async function revoke(linkId: string) {
    setError(undefined);
    try {
      await api.delete(`/api/v1/portal-links/${linkId}`);
      if (created?.id === linkId) setCreated(null);
      links.reload();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  }

  const active = (links.data?.data ?? []).filter((link) => link.status === 'active');
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        Invite the customer&apos;s IT admin
      </h2>
      <p className="section-lead">
        A setup link signs its holder in to this organization only, to connect their identity provider and
        follow the sync. Links expire and can be revoked.
      </p>
      <div className="form-row">
        <div className="field field-inline">
          <label htmlFor={`${id}-expiry`} className="field-label">
            Expires after
          </label>
          <select
            id={`${id}-expiry`}
            className="input select"
            value={expiresIn}
            onChange={(event) => setExpiresIn(Number(event.target.value))}
          >
            {EXPIRIES.map((option) => (
              <option key={option.seconds} value={option.seconds}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={() => void create()}
        >
          {busy ? 'Creating…' : 'Create setup link'}
        </button>
      </div>
      {created ? (
        <CopyField
          label="Setup link"
          value={created.url}
          secret
          testId="portal-link"
          hint="Shown once. Send it to the IT admin over a channel you trust."
        />
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {links.error ? <ErrorNotice error={links.error} what="the setup links" /> : null}
      {active.length > 0 ? (
        <TableFrame label="Active setup links">
          <table className="table table-compact">
            <caption className="table-caption">Active setup links</caption>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {active.map((link) => (
                <tr key={link.id}>
                  <td>
                    <TimeText value={link.createdAt} />
                  </td>
                  <td>
                    <TimeText value={link.expiresAt} />
                  </td>
                  <td>
                    {link.lastUsedAt ? (
                      <TimeText value={link.lastUsedAt} />
                    ) : (
                      <StatusBadge tone="neutral">Never</StatusBadge>
                    )}
                  </td>
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="button button-ghost-danger button-small"
                      onClick={() => void revoke(link.id)}
                    >
                      Revoke<span className="visually-hidden"> the link created {link.createdAt}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      ) : null}
    </section>
  );
}
