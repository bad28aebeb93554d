import { Link, useRouterState } from '@tanstack/react-router';

const TABS = [
  { to: '/negotiation/$negotiationId', label: 'Overview' },
  { to: '/negotiation/$negotiationId/articles', label: 'Article board' },
  { to: '/negotiation/$negotiationId/timeline', label: 'Timeline' },
  { to: '/negotiation/$negotiationId/compliance', label: 'Compliance' },
  { to: '/negotiation/$negotiationId/files', label: 'Files' },
  { to: '/negotiation/$negotiationId/event-log', label: 'Event log' },
] as const;

/** The negotiation's pages, with the current one marked. */
export function NegotiationNav({ negotiationId, title }: { negotiationId: string; title?: string }) {
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  return (
    <div className="lrr-negotiation-head">
      <nav aria-label="Breadcrumb" className="usa-breadcrumb padding-y-1">
        <ol className="usa-breadcrumb__list">
          <li className="usa-breadcrumb__list-item">
            <Link to="/negotiation-list" className="usa-breadcrumb__link">
              <span>Negotiations</span>
            </Link>
          </li>
          <li className="usa-breadcrumb__list-item usa-current" aria-current="page">
            <span>{title ?? negotiationId}</span>
          </li>
        </ol>
      </nav>
      <nav aria-label="Negotiation pages" className="lrr-tabs">
        <ul>
          {TABS.map((tab) => {
            const href = tab.to.replace('$negotiationId', encodeURIComponent(negotiationId));
            const current = tab.label === 'Overview' ? pathname === href : pathname.startsWith(href);
            return (
              <li key={tab.to}>
                <Link to={tab.to} params={{ negotiationId }} aria-current={current ? 'page' : undefined} className={current ? 'is-current' : undefined}>
                  {tab.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </div>
  );
}
