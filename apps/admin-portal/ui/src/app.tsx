import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createApiClient } from './api/api-client';
import type { PortalSession } from './api/types';
import { AppContext, type AppContextValue } from './app-context';
import {
  credentialOf,
  loadCredentials,
  saveCredentials,
  sessionCredentials,
  type Credentials,
} from './auth/credentials-store';
import { matchPath, navigate, useLocation } from './routing/router';
import { AppShell } from './screens/app-shell';
import { LoginScreen } from './screens/login-screen';
import { MagicLinkScreen } from './screens/magic-link-screen';
import { NotFoundScreen } from './screens/not-found-screen';
import { OrganizationScreen } from './screens/organization-screen';
import { OrganizationsScreen } from './screens/organizations-screen';

// A session is refreshed when less than this is left; the portal's sessions last 15 minutes.
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export function App() {
  const location = useLocation();
  const [credentials, setCredentialsState] = useState<Credentials | null>(loadCredentials);
  const [signedOutMessage, setSignedOutMessage] = useState<string>();
  const current = useRef(credentials);
  const refreshing = useRef<Promise<string | null> | null>(null);

  const setCredentials = useCallback((next: Credentials | null) => {
    current.current = next;
    saveCredentials(next);
    setCredentialsState(next);
  }, []);

  const signOut = useCallback(
    (message?: string) => {
      setCredentials(null);
      setSignedOutMessage(message);
      navigate('/login', { replace: true });
    },
    [setCredentials],
  );

  const refreshSession = useCallback((): Promise<string | null> => {
    const held = current.current;
    if (!held || held.kind !== 'organization') return Promise.resolve(null);
    // Concurrent 401s share one refresh.
    refreshing.current ??= (async () => {
      try {
        const response = await fetch('/api/v1/portal-sessions/refresh', {
          method: 'POST',
          headers: { authorization: `Bearer ${held.sessionToken}`, accept: 'application/json' },
        });
        if (!response.ok) throw new Error(String(response.status));
        const session = (await response.json()) as PortalSession;
        setCredentials(sessionCredentials(session));
        return session.sessionToken;
      } catch {
        signOut('Your session has ended: the setup link expired or was revoked. Ask for a new link.');
        return null;
      } finally {
        refreshing.current = null;
      }
    })();
    return refreshing.current;
  }, [setCredentials, signOut]);

  const api = useMemo(
    () =>
      createApiClient(
        () => credentialOf(current.current),
        async () => {
          if (current.current?.kind === 'organization') return refreshSession();
          signOut('The admin API key was refused. Sign in again.');
          return null;
        },
      ),
    [refreshSession, signOut],
  );

  useEffect(() => {
    if (credentials?.kind !== 'organization') return undefined;
    const timer = window.setInterval(() => {
      const held = current.current;
      if (held?.kind === 'organization' && Date.parse(held.expiresAt) - Date.now() < REFRESH_MARGIN_MS)
        void refreshSession();
    }, 30_000);
    return () => window.clearInterval(timer);
  }, [credentials?.kind, refreshSession]);

  if (location.path === '/portal/login') {
    return (
      <MagicLinkScreen
        onSignedIn={(session) => {
          setCredentials(sessionCredentials(session));
          navigate(`/organizations/${session.organizationId}/provisioning`, { replace: true });
        }}
      />
    );
  }

  if (!credentials) {
    return (
      <LoginScreen
        message={signedOutMessage}
        onSignedIn={(apiKey) => {
          setSignedOutMessage(undefined);
          setCredentials({ kind: 'operator', apiKey });
          navigate('/organizations', { replace: true });
        }}
      />
    );
  }

  const context: AppContextValue = { api, credentials, isOperator: credentials.kind === 'operator', signOut };
  return (
    <AppContext.Provider value={context}>
      <AppShell>{route(location.path, credentials)}</AppShell>
    </AppContext.Provider>
  );
}

function route(path: string, credentials: Credentials) {
  const home =
    credentials.kind === 'operator'
      ? '/organizations'
      : `/organizations/${credentials.organizationId}/provisioning`;
  if (path === '/' || path === '/login') {
    return <Redirect to={home} />;
  }
  if (matchPath('/organizations', path)) {
    return credentials.kind === 'operator' ? <OrganizationsScreen /> : <Redirect to={home} />;
  }
  const organization = matchPath('/organizations/:orgId/:tab?/:itemId?', path);
  if (organization) {
    return (
      <OrganizationScreen
        key={organization['orgId']}
        organizationId={organization['orgId']!}
        tab={organization['tab']}
        itemId={organization['itemId']}
      />
    );
  }
  return <NotFoundScreen home={home} />;
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
