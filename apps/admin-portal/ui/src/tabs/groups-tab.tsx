import { useState } from 'react';
import type { Directory, DirectoryGroup, DirectoryUser, Page } from '../api/types';
import { useApp } from '../app-context';
import { CursorPager, useCursorPager } from '../components/cursor-pager';
import { EmptyState } from '../components/empty-state';
import { JsonView } from '../components/json-view';
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

const POLL_MS = 4000;

export function GroupsTab({
  directory,
  groupId,
  base,
  directoryQuery,
}: {
  directory: Directory;
  groupId?: string;
  base: string;
  directoryQuery: string;
}) {
  if (groupId)
    return (
      <GroupDetail directory={directory} groupId={groupId} base={base} directoryQuery={directoryQuery} />
    );
  return <GroupList directory={directory} base={base} directoryQuery={directoryQuery} />;
}

function GroupList({
  directory,
  base,
  directoryQuery,
}: {
  directory: Directory;
  base: string;
  directoryQuery: string;
}) {
  const { api } = useApp();
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim());
  const pager = useCursorPager();
  const groups = useResource(
    () =>
      api.get<Page<DirectoryGroup>>(`/api/v1/directories/${directory.id}/groups`, {
        limit: 25,
        cursor: pager.cursor,
        search: query,
      }),
    [directory.id, pager.cursor, query],
    { pollMs: POLL_MS },
  );
  const rows = groups.data?.data ?? [];

  return (
    <div className="stack">
      <div className="toolbar">
        <SearchBox
          label="Search groups"
          placeholder="Group name"
          value={search}
          onChange={(value) => {
            setSearch(value);
            pager.reset();
          }}
        />
        <LiveIndicator seconds={POLL_MS / 1000} />
      </div>
      {groups.error ? <ErrorNotice error={groups.error} what="groups" /> : null}
      {groups.data && rows.length === 0 ? (
        <EmptyState title={query ? 'No group matches' : 'No groups yet'}>
          {query ? 'Try another name.' : 'Groups appear here when the identity provider pushes them.'}
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <div className="card card-flush">
          <TableFrame label="Groups">
            <table className="table">
              <caption className="visually-hidden">Groups of {directory.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col">Members</th>
                  <th scope="col" className="hide-narrow">
                    Updated
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((group) => (
                  <tr key={group.id}>
                    <td>
                      <Link to={`${base}/groups/${group.id}${directoryQuery}`} className="row-link">
                        <span className="avatar avatar-group" aria-hidden="true">
                          {initials(group.displayName)}
                        </span>
                        <span className="row-link-text">
                          <span className="row-link-title">{group.displayName}</span>
                          {group.externalId ? (
                            <span className="row-link-subtitle mono">{group.externalId}</span>
                          ) : null}
                        </span>
                      </Link>
                    </td>
                    <td>
                      <span className="number">{group.memberCount}</span>
                    </td>
                    <td className="hide-narrow">
                      <TimeText value={group.updatedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableFrame>
        </div>
      ) : null}
      {groups.loading && !groups.data ? <p className="loading">Loading groups…</p> : null}
      <CursorPager
        label="Groups"
        page={pager.page}
        nextCursor={groups.data?.nextCursor}
        onNext={pager.next}
        onPrevious={pager.previous}
      />
    </div>
  );
}

function GroupDetail({
  directory,
  groupId,
  base,
  directoryQuery,
}: {
  directory: Directory;
  groupId: string;
  base: string;
  directoryQuery: string;
}) {
  const { api } = useApp();
  const pager = useCursorPager();
  const group = useResource(
    () => api.get<DirectoryGroup>(`/api/v1/directories/${directory.id}/groups/${groupId}`),
    [directory.id, groupId],
    {
      pollMs: POLL_MS,
    },
  );
  const members = useResource(
    () =>
      api.get<Page<DirectoryUser>>(`/api/v1/directories/${directory.id}/groups/${groupId}/members`, {
        limit: 25,
        cursor: pager.cursor,
      }),
    [directory.id, groupId, pager.cursor],
    { pollMs: POLL_MS },
  );
  const back = (
    <Link to={`${base}/groups${directoryQuery}`} className="back-link">
      ← All groups
    </Link>
  );
  if (group.error) {
    return (
      <div className="stack">
        {back}
        <ErrorNotice error={group.error} what="this group" />
      </div>
    );
  }
  const rows = members.data?.data ?? [];
  return (
    <div className="stack-lg">
      {back}
      <div className="detail-header">
        <span className="avatar avatar-large avatar-group" aria-hidden="true">
          {initials(group.data?.displayName ?? '?')}
        </span>
        <div>
          <h2 className="section-title">{group.data?.displayName ?? 'Loading…'}</h2>
          <p className="muted">
            {group.data
              ? `${group.data.memberCount} ${group.data.memberCount === 1 ? 'member' : 'members'}`
              : ''}
            {group.data ? (
              <>
                {' '}
                · updated <TimeText value={group.data.updatedAt} />
              </>
            ) : null}
          </p>
        </div>
        <LiveIndicator seconds={POLL_MS / 1000} />
      </div>
      <section className="card card-flush" aria-labelledby="group-members">
        <h3 id="group-members" className="card-title card-title-padded">
          Members
        </h3>
        {members.error ? <ErrorNotice error={members.error} what="the members" /> : null}
        {members.data && rows.length === 0 ? (
          <EmptyState title="No members">This group has no members right now.</EmptyState>
        ) : null}
        {rows.length > 0 ? (
          <TableFrame label="Group members">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col" className="hide-narrow">
                    Email
                  </th>
                  <th scope="col">Status</th>
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
                    <td className="hide-narrow">{user.email ?? '—'}</td>
                    <td>
                      {user.active ? (
                        <StatusBadge tone="success">Active</StatusBadge>
                      ) : (
                        <StatusBadge tone="neutral">Deactivated</StatusBadge>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableFrame>
        ) : null}
      </section>
      <CursorPager
        label="Members"
        page={pager.page}
        nextCursor={members.data?.nextCursor}
        onNext={pager.next}
        onPrevious={pager.previous}
      />
      {group.data ? (
        <section className="card" aria-labelledby="group-raw">
          <h3 id="group-raw" className="card-title">
            Raw SCIM attributes
          </h3>
          <JsonView value={group.data.rawAttributes} label="Raw SCIM attributes of the group" />
        </section>
      ) : null}
    </div>
  );
}
