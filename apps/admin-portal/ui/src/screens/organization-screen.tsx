import { useId } from 'react';
import { ApiError } from '../api/api-client';
import type { Directory, Organization, Page } from '../api/types';
import { useApp } from '../app-context';
import { Link } from '../components/link';
import { ErrorNotice, Notice } from '../components/notice';
import { Tabs, type TabItem } from '../components/tabs';
import { plural } from '../format';
import { useResource } from '../hooks/use-resource';
import { navigate, useLocation } from '../routing/router';
import { EventsTab } from '../tabs/events-tab';
import { GroupsTab } from '../tabs/groups-tab';
import { ProvisioningTab } from '../tabs/provisioning-tab';
import { RequestLogTab } from '../tabs/request-log-tab';
import { RoleMappingTab } from '../tabs/role-mapping-tab';
import { UsersTab } from '../tabs/users-tab';
import { WebhooksTab } from '../tabs/webhooks-tab';

const ALL_TABS: (TabItem & { operatorOnly?: boolean; perDirectory?: boolean })[] = [
  { id: 'provisioning', label: 'SCIM Provisioning' },
  { id: 'users', label: 'Users', perDirectory: true },
  { id: 'groups', label: 'Groups', perDirectory: true },
  { id: 'role-mapping', label: 'Role mapping' },
  { id: 'webhooks', label: 'Webhooks', operatorOnly: true },
  { id: 'request-log', label: 'Request log', perDirectory: true },
  { id: 'events', label: 'Events' },
];

export function OrganizationScreen({
  organizationId,
  tab,
  itemId,
}: {
  organizationId: string;
  tab?: string;
  itemId?: string;
}) {
  const { api, credentials, isOperator } = useApp();
  const location = useLocation();
  const pickerId = useId();
  const tabs = ALL_TABS.filter((item) => isOperator || !item.operatorOnly);
  const selected = tabs.find((item) => item.id === tab) ?? tabs[0]!;
  const organization = useResource(
    () => api.get<Organization>(`/api/v1/organizations/${organizationId}`),
    [organizationId],
  );
  const directories = useResource(
    () => api.get<Page<Directory>>(`/api/v1/organizations/${organizationId}/directories`, { limit: 200 }),
    [organizationId],
    { pollMs: 5000 },
  );

  if (credentials.kind === 'organization' && credentials.organizationId !== organizationId.toLowerCase()) {
    return (
      <div className="page">
        <Notice tone="warning" title="Not part of your access">
          Your setup link gives access to one organization only.{' '}
          <Link to={`/organizations/${credentials.organizationId}/provisioning`}>
            Go to your organization
          </Link>
          .
        </Notice>
      </div>
    );
  }

  const directoryList = directories.data?.data ?? [];
  const requested = location.search.get('directory');
  const directory = directoryList.find((entry) => entry.id === requested) ?? directoryList[0];
  const directoryQuery = directory && directoryList.length > 1 ? `?directory=${directory.id}` : '';
  const base = `/organizations/${organizationId}`;

  function selectTab(id: string) {
    navigate(`${base}/${id}${directoryQuery}`);
  }

  const name = organization.data?.name ?? (organization.error ? 'Organization' : '…');
  // A live setup-link session that the management API still refuses (a service without the portal's session
  // key, or a version that takes the admin key only): say it once, clearly.
  const sessionRefused =
    credentials.kind === 'organization' &&
    organization.error instanceof ApiError &&
    organization.error.status === 401;

  return (
    <div className="page">
      {isOperator ? (
        <nav className="breadcrumbs" aria-label="Breadcrumb">
          <ol>
            <li>
              <Link to="/organizations">Organizations</Link>
            </li>
            <li aria-current="page">{name}</li>
          </ol>
        </nav>
      ) : null}
      <div className="page-header">
        <div>
          <h1 className="page-title">{name}</h1>
          <p className="page-lead">
            {organization.data?.externalId ? (
              <>
                External id <span className="mono">{organization.data.externalId}</span> ·{' '}
              </>
            ) : null}
            {directoryList.length === 0
              ? 'No identity provider connected yet'
              : [
                  plural(directoryList.length, 'directory', 'directories'),
                  plural(
                    directoryList.reduce((sum, entry) => sum + entry.stats.users, 0),
                    'user',
                  ),
                  plural(
                    directoryList.reduce((sum, entry) => sum + entry.stats.groups, 0),
                    'group',
                  ),
                ].join(' · ')}
          </p>
        </div>
        {selected.perDirectory && directoryList.length > 1 ? (
          <div className="field field-inline">
            <label htmlFor={pickerId} className="field-label">
              Directory
            </label>
            <select
              id={pickerId}
              className="input select"
              value={directory?.id}
              onChange={(event) =>
                navigate(`${base}/${selected.id}?directory=${event.target.value}`, { replace: true })
              }
            >
              {directoryList.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {entry.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {sessionRefused ? (
        <Notice tone="warning" title="Your setup link cannot read this organization yet">
          This server&apos;s management API does not accept your setup-link session. Ask the operator who sent
          you the link to check that every service shares the portal&apos;s session key, or to connect the
          identity provider for you.
        </Notice>
      ) : organization.error ? (
        <ErrorNotice error={organization.error} what="the organization" />
      ) : null}
      <Tabs
        items={tabs}
        selected={selected.id}
        onSelect={selectTab}
        label="Organization sections"
        idPrefix="org"
      />
      <section
        className="tab-panel"
        role="tabpanel"
        id="org-panel"
        aria-labelledby={`org-tab-${selected.id}`}
      >
        {sessionRefused ? null : (
          <>
            {selected.perDirectory && directories.data && !directory ? (
              <Notice tone="info" title="No directory yet">
                Connect an identity provider in <Link to={`${base}/provisioning`}>SCIM Provisioning</Link>{' '}
                first: users, groups and requests appear here once it starts provisioning.
              </Notice>
            ) : null}
            {selected.id === 'provisioning' ? (
              <ProvisioningTab organizationId={organizationId} directories={directories} />
            ) : null}
            {selected.id === 'users' && directory ? (
              <UsersTab
                key={directory.id}
                directory={directory}
                userId={itemId}
                base={base}
                directoryQuery={directoryQuery}
              />
            ) : null}
            {selected.id === 'groups' && directory ? (
              <GroupsTab
                key={directory.id}
                directory={directory}
                groupId={itemId}
                base={base}
                directoryQuery={directoryQuery}
              />
            ) : null}
            {selected.id === 'role-mapping' ? (
              <RoleMappingTab organizationId={organizationId} directories={directoryList} />
            ) : null}
            {selected.id === 'webhooks' && isOperator ? (
              <WebhooksTab organizationId={organizationId} />
            ) : null}
            {selected.id === 'request-log' && directory ? (
              <RequestLogTab key={directory.id} directory={directory} />
            ) : null}
            {selected.id === 'events' ? (
              <EventsTab organizationId={organizationId} directories={directoryList} />
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
