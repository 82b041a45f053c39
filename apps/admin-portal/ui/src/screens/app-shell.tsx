import type { ReactNode } from 'react';
import { useApp } from '../app-context';
import { BrandMark } from '../components/brand-mark';
import { Link } from '../components/link';
import { formatRelative } from '../format';

export function AppShell({ children }: { children: ReactNode }) {
  const { credentials, isOperator, signOut } = useApp();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand">
            <BrandMark />
            <span className="brand-name">scimflow</span>
            <span className="brand-product">Admin portal</span>
          </Link>
          <nav className="topbar-nav" aria-label="Main">
            {isOperator ? (
              <>
                <Link to="/organizations" className="topbar-link">
                  Organizations
                </Link>
                <a href="/api/docs" className="topbar-link" target="_blank" rel="noreferrer">
                  API reference
                </a>
              </>
            ) : null}
          </nav>
          <div className="topbar-account">
            <span className="account-chip">
              {isOperator ? 'Operator' : 'IT admin'}
              {credentials.kind === 'organization' ? (
                <span className="account-chip-detail">
                  {' '}
                  · link expires {formatRelative(credentials.linkExpiresAt)}
                </span>
              ) : null}
            </span>
            <button type="button" className="button button-ghost-inverse" onClick={() => signOut()}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="footer">scimflow · SCIM 2.0 provisioning</footer>
    </div>
  );
}
