import { useId, useState, type FormEvent } from 'react';
import { ApiError, createApiClient } from '../api/api-client';
import { BrandMark } from '../components/brand-mark';
import { Notice } from '../components/notice';

export function LoginScreen({
  message,
  onSignedIn,
}: {
  message?: string;
  onSignedIn: (apiKey: string) => void;
}) {
  const id = useId();
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const key = apiKey.trim();
    if (!key) {
      setError('Enter the admin API key.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      // Any call proves the key: the organizations list is the operator's home anyway.
      await createApiClient(
        () => key,
        async () => null,
      ).get('/api/v1/organizations', { limit: 1 });
      onSignedIn(key);
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status === 401
          ? 'This is not the admin API key of this server.'
          : caught instanceof Error
            ? caught.message
            : String(caught),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="auth-page">
      <main className="auth-card" id="main">
        <div className="auth-brand">
          <BrandMark size={36} />
          <div>
            <p className="auth-brand-name">scimflow</p>
            <p className="auth-brand-product">Admin portal</p>
          </div>
        </div>
        <h1 className="auth-title">Sign in</h1>
        <p className="auth-lead">Operators sign in with the server&apos;s admin API key.</p>
        {message ? <Notice tone="info">{message}</Notice> : null}
        <form onSubmit={(event) => void submit(event)} noValidate>
          <label htmlFor={`${id}-key`} className="field-label">
            Admin API key
          </label>
          <input
            id={`${id}-key`}
            className="input mono"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={apiKey}
            onChange={(event) => setApiKey(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          />
          <p id={`${id}-hint`} className="field-hint">
            Printed once at first start and stored in <code>DATA_DIR/admin-api-key</code>. It is kept in this
            tab only.
          </p>
          {error ? (
            <p id={`${id}-error`} className="field-error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="button button-primary button-block" disabled={busy}>
            {busy ? 'Checking…' : 'Sign in'}
          </button>
        </form>
        <div className="auth-divider" />
        <p className="auth-note">
          <strong>IT admin?</strong> Open the setup link you were sent: it signs you in to your organization.
        </p>
      </main>
    </div>
  );
}
