import { useId, useState } from 'react';
import type { Directory, DirectoryUser, Page } from '../api/types';
import { useApp } from '../app-context';
import { CursorPager, useCursorPager } from '../components/cursor-pager';
import { EmptyState } from '../components/empty-state';
import { Link } from '../components/link';
import { LiveIndicator } from '../components/live-indicator';
import { ErrorNotice } from '../components/notice';
import { SearchBox } from '../components/search-box';
import { StatusBadge } from '../components/status-badge';
import { TableFrame } from '../components/table-frame';
import { TimeText } from '../components/time-text';
import { initials, userLabel } from '../format';
import { useDebounced } from '../hooks/use-debounced';
import { useResource } from '../hooks/use-resource';
import { UserDetail } from './user-detail';

const POLL_MS = 4000;

export function UsersTab({
  directory,
  userId,
  base,
  directoryQuery,
}: {
  directory: Directory;
  userId?: string;
  base: string;
  directoryQuery: string;
}) {
  if (userId)
    return <UserDetail directory={directory} userId={userId} base={base} directoryQuery={directoryQuery} />;
  return <UserList directory={directory} base={base} directoryQuery={directoryQuery} />;
}

function UserList({
  directory,
  base,
  directoryQuery,
}: {
  directory: Directory;
  base: string;
  directoryQuery: string;
}) {
  const { api } = useApp();
  const statusId = useId();
  const [search, setSearch] = useState('');
  const [active, setActive] = useState<'' | 'true' | 'false'>('');
  const query = useDebounced(search.trim());
  const pager = useCursorPager();
  const { reset } = pager;
  const users = useResource(
    () =>
      api.get<Page<DirectoryUser>>(`/api/v1/directories/${directory.id}/users`, {
        limit: 25,
        cursor: pager.cursor,
        search: query,
        active,
      }),
    [directory.id, pager.cursor, query, active],
    { pollMs: POLL_MS },
  );
  const rows = users.data?.data ?? [];
  const filtered = query !== '' || active !== '';

  return (
    <div className="stack">
      <div className="toolbar">
        <SearchBox
          label="Search users"
          placeholder="Name, user name or email"
          value={search}
          onChange={(value) => {
            setSearch(value);
            reset();
          }}
        />
        <div className="field">
          <label htmlFor={statusId} className="field-label">
            Status
          </label>
          <select
            id={statusId}
            className="input select"
            value={active}
            onChange={(event) => {
              setActive(event.target.value as '' | 'true' | 'false');
              reset();
            }}
          >
            <option value="">All users</option>
            <option value="true">Active</option>
            <option value="false">Deactivated</option>
          </select>
        </div>
        <LiveIndicator seconds={POLL_MS / 1000} />
      </div>
      {users.error ? <ErrorNotice error={users.error} what="users" /> : null}
      {users.data && rows.length === 0 ? (
        <EmptyState title={filtered ? 'No user matches' : 'No users yet'}>
          {filtered
            ? 'Try another search or status.'
            : 'Users appear here as soon as the identity provider provisions them: this list refreshes by itself.'}
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <div className="card card-flush">
          <TableFrame label="Users">
            <table className="table">
              <caption className="visually-hidden">Users of {directory.name}</caption>
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col" className="hide-narrow">
                    Email
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col" className="hide-narrow">
                    Updated
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((user) => (
                  <tr key={user.id}>
                    <td>
                      <Link to={`${base}/users/${user.id}${directoryQuery}`} className="row-link">
                        <span className="avatar" aria-hidden="true">
                          {initials(userLabel(user))}
                        </span>
                        <span className="row-link-text">
                          <span className="row-link-title">{userLabel(user)}</span>
                          <span className="row-link-subtitle">{user.userName}</span>
                        </span>
                      </Link>
                    </td>
                    <td className="hide-narrow">{user.email ?? <span className="muted">—</span>}</td>
                    <td>
                      {user.active ? (
                        <StatusBadge tone="success">Active</StatusBadge>
                      ) : (
                        <StatusBadge tone="neutral">Deactivated</StatusBadge>
                      )}
                    </td>
                    <td className="hide-narrow">
                      <TimeText value={user.updatedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableFrame>
        </div>
      ) : null}
      {users.loading && !users.data ? <p className="loading">Loading users…</p> : null}
      <CursorPager
        label="Users"
        page={pager.page}
        nextCursor={users.data?.nextCursor}
        onNext={pager.next}
        onPrevious={pager.previous}
      />
    </div>
  );
}
