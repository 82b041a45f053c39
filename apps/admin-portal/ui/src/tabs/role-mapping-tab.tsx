import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../api/api-client';
import type {
  Directory,
  DirectoryGroup,
  DirectoryUser,
  MappingMode,
  Page,
  RecomputeStatus,
  Role,
  RoleMapping,
  RoleMappingInput,
  RoleMappingPreview,
} from '../api/types';
import { useApp } from '../app-context';
import { ErrorNotice, Notice, UnavailableNotice } from '../components/notice';
import { StatusBadge } from '../components/status-badge';
import { TableFrame } from '../components/table-frame';
import { TimeText } from '../components/time-text';
import { userLabel } from '../format';
import { useResource } from '../hooks/use-resource';

interface DraftRule {
  key: number;
  /** Kept while the name is untouched: a rule by id follows the group through renames. */
  groupId: string | null;
  groupName: string;
  roles: string[];
}

interface Draft {
  mode: MappingMode;
  defaultRole: string | null;
  rules: DraftRule[];
}

let nextRuleKey = 1;

export function RoleMappingTab({
  organizationId,
  directories,
}: {
  organizationId: string;
  directories: Directory[];
}) {
  const { api } = useApp();
  const roles = useResource(() => api.get<{ data: Role[] }>('/api/v1/roles'), []);
  const mapping = useResource(
    () => api.get<RoleMapping>(`/api/v1/organizations/${organizationId}/role-mapping`),
    [organizationId],
  );
  const directoryIds = directories.map((directory) => directory.id).join(',');
  const groups = useResource(async () => {
    const pages = await Promise.all(
      directories.map((directory) =>
        api.get<Page<DirectoryGroup>>(`/api/v1/directories/${directory.id}/groups`, { limit: 200 }),
      ),
    );
    return pages.flatMap((page) => page.data);
  }, [directoryIds]);

  const unavailable = [roles.error, mapping.error].some(
    (error) => error instanceof ApiError && error.unavailable,
  );
  if (unavailable) return <UnavailableNotice what="Role mapping" />;

  return (
    <div className="stack-lg">
      {roles.error ? <ErrorNotice error={roles.error} what="the roles" /> : null}
      {mapping.error ? <ErrorNotice error={mapping.error} what="the role mapping" /> : null}
      <RolesCard roles={roles.data?.data} onChanged={roles.reload} />
      {roles.data && mapping.data ? (
        <MappingEditor
          key={mapping.data.version}
          organizationId={organizationId}
          roles={roles.data.data}
          mapping={mapping.data}
          groups={groups.data ?? []}
          directories={directories}
          onSaved={mapping.reload}
        />
      ) : (
        <p className="loading">Loading the role mapping…</p>
      )}
    </div>
  );
}

function RolesCard({ roles, onChanged }: { roles: Role[] | undefined; onChanged: () => void }) {
  const { api, isOperator } = useApp();
  const id = useId();
  const [adding, setAdding] = useState(false);
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [priority, setPriority] = useState('0');
  const [error, setError] = useState<Error>();

  async function add(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api.post('/api/v1/roles', {
        key: key.trim(),
        name: name.trim(),
        priority: Number(priority) || 0,
      });
      setKey('');
      setName('');
      setPriority('0');
      setAdding(false);
      onChanged();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="section-header">
        <div>
          <h2 id={`${id}-title`} className="section-title">
            Roles
          </h2>
          <p className="section-lead">
            The roles of your application. Rules below grant them to the members of groups.
          </p>
        </div>
        {isOperator && !adding ? (
          <button type="button" className="button button-secondary" onClick={() => setAdding(true)}>
            + Add role
          </button>
        ) : null}
      </div>
      {adding ? (
        <form className="inline-form" onSubmit={(event) => void add(event)} aria-label="New role" noValidate>
          <div className="field">
            <label htmlFor={`${id}-key`} className="field-label">
              Key
            </label>
            <input
              id={`${id}-key`}
              className="input mono"
              value={key}
              placeholder="billing-admin"
              onChange={(event) => setKey(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-name`} className="field-label">
              Name
            </label>
            <input
              id={`${id}-name`}
              className="input"
              value={name}
              placeholder="Billing administrator"
              onChange={(event) => setName(event.target.value)}
            />
          </div>
          <div className="field field-narrow">
            <label htmlFor={`${id}-priority`} className="field-label">
              Priority
            </label>
            <input
              id={`${id}-priority`}
              className="input"
              type="number"
              value={priority}
              onChange={(event) => setPriority(event.target.value)}
            />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-primary">
              Add role
            </button>
            <button type="button" className="button button-secondary" onClick={() => setAdding(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {roles && roles.length === 0 ? (
        <p className="muted">No roles yet.{isOperator ? ' Add the roles of your application first.' : ''}</p>
      ) : null}
      {roles && roles.length > 0 ? (
        <ul className="chip-list" aria-label="Roles">
          {roles.map((role) => (
            <li key={role.key} className="chip chip-static chip-role">
              <span className="chip-role-name">{role.name}</span>
              <span className="mono chip-role-key">{role.key}</span>
              {role.priority !== 0 ? <span className="chip-role-meta">priority {role.priority}</span> : null}
              {role.isDefault ? <span className="chip-role-meta">default</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function draftOf(mapping: RoleMapping, groups: DirectoryGroup[]): Draft {
  return {
    mode: mapping.mode,
    defaultRole: mapping.defaultRole,
    rules: mapping.rules.map((rule) => ({
      key: nextRuleKey++,
      groupId: rule.group.id ?? null,
      groupName:
        rule.group.displayName ??
        groups.find((group) => group.id === rule.group.id)?.displayName ??
        rule.group.id ??
        '',
      roles: rule.roles,
    })),
  };
}

function inputOf(draft: Draft): RoleMappingInput {
  return {
    mode: draft.mode,
    defaultRole: draft.defaultRole,
    rules: draft.rules
      .filter((rule) => rule.groupName.trim() !== '' || rule.groupId)
      .map((rule) => ({
        group: rule.groupId ? { id: rule.groupId } : { displayName: rule.groupName.trim() },
        roles: rule.roles,
      })),
  };
}

function MappingEditor({
  organizationId,
  roles,
  mapping,
  groups,
  directories,
  onSaved,
}: {
  organizationId: string;
  roles: Role[];
  mapping: RoleMapping;
  groups: DirectoryGroup[];
  directories: Directory[];
  onSaved: () => void;
}) {
  const { api } = useApp();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(mapping, groups));
  const [preview, setPreview] = useState<{ input: string; result: RoleMappingPreview } | null>(null);
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [saved, setSaved] = useState(false);
  const [statusPoll, setStatusPoll] = useState(3000);
  const status = useResource(
    () => api.get<RecomputeStatus>(`/api/v1/organizations/${organizationId}/role-mapping/status`),
    [organizationId],
    {
      pollMs: statusPoll,
    },
  );
  const running = status.data?.status === 'running';
  useEffect(() => setStatusPoll(running || saved ? 1500 : 10000), [running, saved]);

  // Names for the users a preview lists (best effort: the first users of each directory).
  const users = useResource(async () => {
    const pages = await Promise.all(
      directories.map((directory) =>
        api.get<Page<DirectoryUser>>(`/api/v1/directories/${directory.id}/users`, { limit: 200 }),
      ),
    );
    return new Map(pages.flatMap((page) => page.data).map((user) => [user.id, userLabel(user)]));
  }, [directories.map((directory) => directory.id).join(',')]);

  const input = useMemo(() => inputOf(draft), [draft]);
  const inputKey = JSON.stringify(input);
  const savedKey = JSON.stringify({
    mode: mapping.mode,
    defaultRole: mapping.defaultRole,
    rules: mapping.rules,
  });
  const dirty = inputKey !== savedKey;
  const previewed = preview?.input === inputKey;
  const incomplete = draft.rules.some(
    (rule) => (rule.groupName.trim() === '' && !rule.groupId) || rule.roles.length === 0,
  );

  function update(change: (draft: Draft) => Draft) {
    setSaved(false);
    setDraft((current) => change(current));
  }

  function updateRule(key: number, change: Partial<DraftRule>) {
    update((current) => ({
      ...current,
      rules: current.rules.map((rule) => (rule.key === key ? { ...rule, ...change } : rule)),
    }));
  }

  async function runPreview() {
    setBusy('preview');
    setError(undefined);
    try {
      const result = await api.post<RoleMappingPreview>(
        `/api/v1/organizations/${organizationId}/role-mapping/preview`,
        input,
      );
      setPreview({ input: inputKey, result });
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(null);
    }
  }

  async function save() {
    setBusy('save');
    setError(undefined);
    try {
      await api.put<RoleMapping>(`/api/v1/organizations/${organizationId}/role-mapping`, input);
      setSaved(true);
      setPreview(null);
      status.reload();
      onSaved();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(null);
    }
  }

  const groupNames = [...new Set(groups.map((group) => group.displayName))].sort((a, b) =>
    a.localeCompare(b),
  );
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="section-header">
        <div>
          <h2 id={`${id}-title`} className="section-title">
            Group → role mapping
          </h2>
          <p className="section-lead">
            {mapping.version === 0 ? (
              'Not saved yet.'
            ) : (
              <>
                Version {mapping.version}, saved <TimeText value={mapping.updatedAt} />.
              </>
            )}
          </p>
        </div>
        <RecomputeProgress status={status.data} />
      </div>

      <fieldset className="fieldset">
        <legend className="field-label">Mode</legend>
        <div className="radio-row">
          {(
            [
              [
                'multiple',
                'Every matching role',
                'A user gets the roles of every rule that matches one of their groups.',
              ],
              [
                'highest-priority',
                'Highest priority only',
                'A user gets the one matching role with the highest priority.',
              ],
            ] as const
          ).map(([value, label, hint]) => (
            <label key={value} className="radio-card">
              <input
                type="radio"
                name={`${id}-mode`}
                value={value}
                checked={draft.mode === value}
                onChange={() => update((current) => ({ ...current, mode: value }))}
              />
              <span>
                <span className="radio-card-title">{label}</span>
                <span className="radio-card-hint">{hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="field field-inline">
        <label htmlFor={`${id}-default`} className="field-label">
          Default role
        </label>
        <select
          id={`${id}-default`}
          className="input select"
          value={draft.defaultRole ?? ''}
          onChange={(event) => update((current) => ({ ...current, defaultRole: event.target.value || null }))}
          aria-describedby={`${id}-default-hint`}
        >
          <option value="">None</option>
          {roles.map((role) => (
            <option key={role.key} value={role.key}>
              {role.name}
            </option>
          ))}
        </select>
        <span id={`${id}-default-hint`} className="field-hint">
          Granted to users no rule matches.
        </span>
      </div>

      <h3 className="card-title">Rules</h3>
      <datalist id={`${id}-groups`}>
        {groupNames.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      {draft.rules.length === 0 ? (
        <p className="muted">No rule yet: add one to grant roles to a group&apos;s members.</p>
      ) : null}
      <ol className="rule-list">
        {draft.rules.map((rule, index) => (
          <li key={rule.key} className="rule">
            <div className="field">
              <label htmlFor={`${id}-rule-${rule.key}`} className="field-label">
                Group of rule {index + 1}
              </label>
              <input
                id={`${id}-rule-${rule.key}`}
                className="input"
                list={`${id}-groups`}
                value={
                  rule.groupId
                    ? (groups.find((group) => group.id === rule.groupId)?.displayName ?? rule.groupName)
                    : rule.groupName
                }
                placeholder="Group name, e.g. Engineering"
                onChange={(event) => updateRule(rule.key, { groupName: event.target.value, groupId: null })}
              />
            </div>
            <span className="rule-arrow" aria-hidden="true">
              →
            </span>
            <fieldset className="fieldset rule-roles">
              <legend className="field-label">Roles of rule {index + 1}</legend>
              {roles.length === 0 ? <span className="muted">No roles to grant yet.</span> : null}
              <div className="checkbox-row">
                {roles.map((role) => (
                  <label key={role.key} className="checkbox">
                    <input
                      type="checkbox"
                      checked={rule.roles.includes(role.key)}
                      onChange={(event) =>
                        updateRule(rule.key, {
                          roles: event.target.checked
                            ? [...rule.roles, role.key]
                            : rule.roles.filter((key) => key !== role.key),
                        })
                      }
                    />
                    {role.name}
                  </label>
                ))}
              </div>
            </fieldset>
            <button
              type="button"
              className="button button-ghost-danger button-small rule-remove"
              onClick={() =>
                update((current) => ({
                  ...current,
                  rules: current.rules.filter((entry) => entry.key !== rule.key),
                }))
              }
            >
              Remove<span className="visually-hidden"> rule {index + 1}</span>
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="button button-secondary"
        onClick={() =>
          update((current) => ({
            ...current,
            rules: [...current.rules, { key: nextRuleKey++, groupId: null, groupName: '', roles: [] }],
          }))
        }
      >
        + Add rule
      </button>

      {error ? <ErrorNotice error={error} /> : null}
      {preview && previewed ? <PreviewResult preview={preview.result} names={users.data} /> : null}
      {saved && !dirty ? <Notice tone="success">Mapping saved. Users are being recomputed.</Notice> : null}
      <div className="form-actions form-actions-end">
        {incomplete ? <span className="muted">Every rule needs a group and at least one role.</span> : null}
        {dirty && !previewed && !incomplete ? (
          <span className="muted">Preview the changes before saving.</span>
        ) : null}
        <button
          type="button"
          className="button button-secondary"
          disabled={!dirty || incomplete || busy !== null}
          onClick={() => void runPreview()}
        >
          {busy === 'preview' ? 'Previewing…' : 'Preview changes'}
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={!dirty || !previewed || busy !== null}
          onClick={() => void save()}
        >
          {busy === 'save' ? 'Saving…' : 'Save mapping'}
        </button>
      </div>
    </section>
  );
}

function PreviewResult({
  preview,
  names,
}: {
  preview: RoleMappingPreview;
  names: Map<string, string> | undefined;
}) {
  const rows = [
    ...preview.usersGaining.map((change) => ({ ...change, effect: 'gains' as const })),
    ...preview.usersLosing.map((change) => ({ ...change, effect: 'loses' as const })),
  ];
  return (
    <div className="preview" role="status" aria-live="polite">
      <p className="preview-summary">
        Saving would change the roles of <strong>{preview.counts.gaining + preview.counts.losing}</strong>{' '}
        users: <strong>{preview.counts.gaining}</strong> gain a role, <strong>{preview.counts.losing}</strong>{' '}
        lose one, <strong>{preview.counts.unchanged}</strong> unchanged.
      </p>
      {rows.length > 0 ? (
        <TableFrame label="Changes of the preview">
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, 50).map((row) => (
                <tr key={`${row.effect}-${row.userId}`}>
                  <td>{names?.get(row.userId) ?? <span className="mono">{row.userId}</span>}</td>
                  <td>
                    <StatusBadge tone={row.effect === 'gains' ? 'success' : 'warning'}>
                      {row.effect} {row.roles.join(', ')}
                    </StatusBadge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      ) : null}
    </div>
  );
}

function RecomputeProgress({ status }: { status: RecomputeStatus | undefined }) {
  if (!status || status.status === 'idle') return null;
  const percent = status.total === 0 ? 100 : Math.round((status.done / status.total) * 100);
  return (
    <div className="progress-block">
      <div className="progress-label">
        {status.status === 'running' ? (
          <StatusBadge tone="info">Recomputing roles</StatusBadge>
        ) : (
          <StatusBadge tone="success">Roles up to date</StatusBadge>
        )}
        <span className="muted">
          {status.done} / {status.total} users
        </span>
      </div>
      <progress
        className="progress"
        max={Math.max(status.total, 1)}
        value={status.total === 0 ? 1 : status.done}
        aria-label={`Backfill progress: ${percent}%`}
      />
    </div>
  );
}
