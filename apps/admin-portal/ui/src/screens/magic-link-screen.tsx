import { useEffect, useRef, useState } from 'react';
import type { PortalSession } from '../api/types';
import { BrandMark } from '../components/brand-mark';
import { Link } from '../components/link';
import { Notice } from '../components/notice';

/** The token is read from the fragment (#token=…, never sent to a server) or, failing that, the query. */
function takeToken(): string | null {
  const fromHash = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');
  const token = fromHash ?? new URLSearchParams(window.location.search).get('token');
  // Out of the address bar and the history at once: the link must not linger on a shared screen.
  window.history.replaceState(null, '', '/portal/login');
  return token;
}

export function MagicLinkScreen({ onSignedIn }: { onSignedIn: (session: PortalSession) => void }) {
  const [error, setError] = useState<string>();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = takeToken();
    if (!token) {
      setError('This link has no token. Open the whole link you were sent.');
      return;
    }
    void (async () => {
      try {
        const response = await fetch('/api/v1/portal-sessions', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ token }),
        });
        if (response.status === 401 || response.status === 400) {
          setError(
            'This setup link is invalid, has expired or was revoked. Ask your provider for a new one.',
          );
          return;
        }
        if (!response.ok) throw new Error(`The server answered ${response.status}.`);
        onSignedIn((await response.json()) as PortalSession);
      } catch (caught) {
        setError(caught instanceof Error ? caught.message : String(caught));
      }
    })();
  }, [onSignedIn]);

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
        <h1 className="auth-title">Opening your setup link</h1>
        {error ? (
          <>
            <Notice tone="danger" title="Cannot sign in">
              {error}
            </Notice>
            <p className="auth-note">
              Operators can <Link to="/login">sign in with the admin API key</Link>.
            </p>
          </>
        ) : (
          <p className="auth-lead" role="status">
            <span className="spinner" aria-hidden="true" /> Signing you in…
          </p>
        )}
      </main>
    </div>
  );
}
