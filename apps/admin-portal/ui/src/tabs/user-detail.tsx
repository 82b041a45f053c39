import type { ReactNode } from 'react';
import { ApiError } from '../api/api-client';
import type { Directory, DirectoryUserDetail, UserRoles } from '../api/types';
import { useApp } from '../app-context';
import { EmptyState } from '../components/empty-state';
import { JsonView } from '../components/json-view';
import { Link } from '../components/link';
import { ErrorNotice } from '../components/notice';
import { StatusBadge } from '../components/status-badge';
import { TableFrame } from '../components/table-frame';
import { TimeText } from '../components/time-text';
import { initials, userLabel } from '../format';
import { useResource } from '../hooks/use-resource';

const POLL_MS = 4000;

type RolesView =
  | { source: 'role-mapping'; roles: UserRoles['roles'] }
  | { source: 'directory'; roles: DirectoryUserDetail['roles'] };

export function UserDetail({
  directory,
  userId,
  base,
  directoryQuery,
}: {
  directory: Directory;
  userId: string;
  base: string;
  directoryQuery: string;
}) {
  const { api } = useApp();
  const user = useResource(
    () => api.get<DirectoryUserDetail>(`/api/v1/directories/${directory.id}/users/${userId}`),
    [directory.id, userId],
    {
      pollMs: POLL_MS,
    },
  );
  const roles = useResource<RolesView | null>(
    async () => {
      try {
        const found = await api.get<UserRoles>(`/api/v1/directories/${directory.id}/users/${userId}/roles`);
        return { source: 'role-mapping', roles: found.roles };
      } catch (error) {
        if (error instanceof ApiError && error.unavailable) return null;
        throw error;
      }
    },
    [directory.id, userId],
    { pollMs: POLL_MS },
  );
  const back = (
    <Link to={`${base}/users${directoryQuery}`} className="back-link">
      ← All users
    </Link>
  );

  if (user.error) {
    return (
      <div className="stack">
        {back}
        <ErrorNotice error={user.error} what="this user" />
      </div>
    );
  }
  if (!user.data) {
    return (
      <div className="stack">
        {back}
        <p className="loading">Loading the user…</p>
      </div>
    );
  }
  const detail = user.data;
  const roleView: RolesView = roles.data ?? { source: 'directory', roles: detail.roles };
  const attributes: [string, ReactNode][] = [
    ['User name', <span className="mono">{detail.userName}</span>],
    ['Email', detail.email],
    ['Given name', detail.givenName],
    ['Family name', detail.familyName],
    ['Title', detail.title],
    ['Department', detail.department],
    ['Division', detail.division],
    ['Cost center', detail.costCenter],
    ['Employee number', detail.employeeNumber],
    ['Manager', detail.manager?.displayName ?? detail.manager?.value],
    ['Locale', detail.locale],
    ['Phone', detail.phoneNumbers.map((phone) => phone.value).join(', ') || null],
    ['External id', detail.externalId ? <span className="mono">{detail.externalId}</span> : null],
    ['Created', <TimeText value={detail.createdAt} absolute />],
    ['Updated', <TimeText value={detail.updatedAt} absolute />],
  ];

  return (
    <div className="stack-lg">
      {back}
      <div className="detail-header">
        <span className="avatar avatar-large" aria-hidden="true">
          {initials(userLabel(detail))}
        </span>
        <div>
          <h2 className="section-title">{userLabel(detail)}</h2>
          <p className="muted">{detail.userName}</p>
        </div>
        {detail.active ? (
          <StatusBadge tone="success">Active</StatusBadge>
        ) : (
          <StatusBadge tone="neutral">Deactivated</StatusBadge>
        )}
      </div>
      <div className="detail-grid">
        <section className="card" aria-labelledby="user-attributes">
          <h3 id="user-attributes" className="card-title">
            Attributes
          </h3>
          <dl className="attribute-list">
            {attributes.map(([name, value]) => (
              <div key={name} className="attribute">
                <dt>{name}</dt>
                <dd>{value ?? <span className="muted">—</span>}</dd>
              </div>
            ))}
          </dl>
        </section>
        <div className="stack-lg">
          <section className="card" aria-labelledby="user-groups">
            <h3 id="user-groups" className="card-title">
              Groups <span className="count">{detail.groups.length}</span>
            </h3>
            {detail.groups.length === 0 ? (
              <p className="muted">In no group.</p>
            ) : (
              <ul className="chip-list" aria-label="Groups of this user">
                {detail.groups.map((group) => (
                  <li key={group.id}>
                    <Link to={`${base}/groups/${group.id}${directoryQuery}`} className="chip">
                      {group.displayName}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="user-roles">
            <h3 id="user-roles" className="card-title">
              Roles <span className="count">{roleView.roles.length}</span>
            </h3>
            {roles.error ? <ErrorNotice error={roles.error} what="the roles" /> : null}
            {roleView.roles.length === 0 ? (
              <p className="muted">No role. Roles come from the organization&apos;s group → role mapping.</p>
            ) : roleView.source === 'role-mapping' ? (
              <TableFrame label="Roles of this user">
                <table className="table table-compact">
                  <thead>
                    <tr>
                      <th scope="col">Role</th>
                      <th scope="col">Granted by</th>
                    </tr>
                  </thead>
                  <tbody>
                    {roleView.roles.map((role) => (
                      <tr key={role.key}>
                        <td>
                          <span className="row-link-title">{role.name}</span>{' '}
                          <span className="mono muted">{role.key}</span>
                        </td>
                        <td>
                          {role.grantedBy.length === 0
                            ? 'Default role'
                            : role.grantedBy
                                .map((group) => group.displayName ?? 'a deleted group')
                                .join(', ')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableFrame>
            ) : (
              <ul className="chip-list" aria-label="Roles of this user">
                {roleView.roles.map((role) => (
                  <li key={role.key} className="chip chip-static">
                    {role.name}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {Object.keys(detail.customAttributes).length > 0 ? (
            <section className="card" aria-labelledby="user-custom">
              <h3 id="user-custom" className="card-title">
                Custom attributes
              </h3>
              <JsonView value={detail.customAttributes} label="Custom attributes" />
            </section>
          ) : null}
        </div>
      </div>
      <section className="card" aria-labelledby="user-raw">
        <h3 id="user-raw" className="card-title">
          Raw SCIM attributes
        </h3>
        <p className="muted">The resource as the identity provider sent it, after normalization.</p>
        {Object.keys(detail.rawAttributes).length > 0 ? (
          <JsonView value={detail.rawAttributes} label="Raw SCIM attributes as JSON" />
        ) : (
          <EmptyState title="No raw attributes" />
        )}
      </section>
    </div>
  );
}
