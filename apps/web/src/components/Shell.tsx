import { Link, Navigate, Outlet, useRouterState } from '@tanstack/react-router';
import { useState } from 'react';
import { CAN, ROLE_LABELS, type Role } from '../auth/roles';
import { useAuth } from '../auth/session';
import { currentNavItem } from './current-nav';
import { Loading } from './Status';

/** Pages open to anyone: signing in and out. */
const OPEN_PATHS = ['/sign-in', '/sign-in/callback', '/sign-in/silent', '/signed-out'];

function navItems(role: Role, pathname: string) {
  const items: { to: string; label: string }[] = [
    { to: '/', label: 'Dashboard' },
    { to: '/negotiation-list', label: 'Negotiations' },
    { to: '/information-request-list', label: 'Information requests' },
    { to: '/compliance', label: 'Compliance' },
  ];
  if (CAN.exportFiles(role)) items.push({ to: '/records', label: 'Records' });
  if (CAN.accessLog(role)) items.push({ to: '/records/access-log', label: 'Access log' });
  if (CAN.administer(role)) items.push({ to: '/admin/projections', label: 'Projections' });
  const current = currentNavItem(items.map((item) => item.to), pathname);
  // The router marks a link it finds active (aria-current, by path prefix unless exact); exact
  // leaves the prefix cases to currentNavItem, so a page marks one item.
  return items.map((item) => (
    <Link key={item.to} to={item.to} activeOptions={{ exact: true }} className={`usa-nav__link${item.to === current ? ' usa-current' : ''}`} aria-current={item.to === current ? 'page' : undefined}>
      <span>{item.label}</span>
    </Link>
  ));
}

export function Shell() {
  const { session, restoring, signOut, error } = useAuth();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const href = useRouterState({ select: (s) => s.location.href });
  // The page on screen: while the next page's chunk loads, the router still shows the one before.
  const shown = useRouterState({ select: (s) => s.matches[s.matches.length - 1]?.pathname ?? s.location.pathname });
  const [expanded, setExpanded] = useState(false);
  const open = OPEN_PATHS.includes(pathname);

  if (pathname === '/sign-in/silent') return null;
  if (restoring && !open) return <Loading what="your sign-in" />;
  if (!session && !open) return <Navigate to="/sign-in" search={{ returnTo: href }} replace />;
  // Sent to sign in, the page that sent here must not show (nor ask the API for anything) while the sign-in page loads.
  if (!session && !OPEN_PATHS.includes(shown)) return <Loading what="the sign-in page" />;

  return (
    <>
      <a className="usa-skipnav" href="#main-content">
        Skip to main content
      </a>
      {session?.mode === 'development' && (
        <section className="usa-site-alert usa-site-alert--info usa-site-alert--no-icon usa-site-alert--slim" aria-label="Development sign-in">
          <div className="usa-alert">
            <div className="usa-alert__body">
              <strong>Development sign-in.</strong> Signed in as {session.subject} ({ROLE_LABELS[session.role]}) with a token from this machine’s embedded key. Not for production use.
            </div>
          </div>
        </section>
      )}
      <div className={`usa-overlay${expanded ? ' is-visible' : ''}`} />
      <header className="usa-header usa-header--extended lrr-header">
        <div className="usa-navbar">
          <div className="usa-logo">
            <em className="usa-logo__text">
              <Link to="/" title="Labor relations record: dashboard">
                Labor relations record
              </Link>
            </em>
          </div>
          {session && (
            <button type="button" className="usa-menu-btn" onClick={() => setExpanded((e) => !e)}>
              Menu
            </button>
          )}
        </div>
        {session && (
          <nav aria-label="Primary navigation" className={`usa-nav${expanded ? ' is-visible' : ''}`}>
            <div className="usa-nav__inner">
              <button type="button" className="usa-nav__close" aria-label="Close Navigation Menu" onClick={() => setExpanded((e) => !e)}>
                <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                  <path fill="currentColor" d="M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z" />
                </svg>
              </button>
              <ul className="usa-nav__primary usa-accordion">
                {navItems(session.role, pathname).map((item) => (
                  <li key={item.key} className="usa-nav__primary-item">
                    {item}
                  </li>
                ))}
              </ul>
              <div className="usa-nav__secondary">
                <ul className="usa-nav__secondary-links">
                  <li className="usa-nav__secondary-item">
                    <span className="lrr-who">
                      {session.subject} <span className="lrr-muted">({ROLE_LABELS[session.role]})</span>
                    </span>
                  </li>
                  <li className="usa-nav__secondary-item">
                    <button type="button" className="usa-button usa-button--unstyled lrr-sign-out" onClick={() => void signOut()}>
                      Sign out
                    </button>
                  </li>
                </ul>
              </div>
            </div>
          </nav>
        )}
      </header>
      <main id="main-content" className="grid-container lrr-main" tabIndex={-1}>
        {error && (
          <div className="usa-alert usa-alert--warning usa-alert--slim" role="alert">
            <div className="usa-alert__body">
              <p className="usa-alert__text">{error}</p>
            </div>
          </div>
        )}
        <Outlet />
      </main>
      <footer className="usa-footer usa-footer--slim lrr-footer">
        <div className="grid-container">
          <p>
            Every record here is an immutable, hash-chained event. <a href="/docs">API documentation</a>
          </p>
        </div>
      </footer>
    </>
  );
}
