import { createRootRoute, createRoute, createRouter, lazyRouteComponent } from '@tanstack/react-router';
import { Shell } from './components/Shell';
import { NotFound } from './components/NotFound';

/*
 * Every page is its own chunk, loaded when first visited. Page paths never repeat an API path
 * (the API answers /negotiations/…, the app shows /negotiation/…), so a reload on any page reaches
 * the app (test/web/routes.spec.ts checks it against the OpenAPI document).
 */

const rootRoute = createRootRoute({ component: Shell, notFoundComponent: NotFound });
type Search = Record<string, string | undefined>;
const page = <const TPath extends string>(path: TPath, importer: () => Promise<Record<string, unknown>>, name: string, validateSearch: (search: Record<string, unknown>) => Search = () => ({})) =>
  createRoute({ getParentRoute: () => rootRoute, path, component: lazyRouteComponent(importer as never, name as never), validateSearch });

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const timelineSearch = (s: Record<string, unknown>) => ({
  timeBase: s['timeBase'] === 'system' ? 'system' : undefined,
  from: text(s['from']),
  to: text(s['to']),
  types: text(s['types']),
  article: text(s['article']),
  side: s['side'] === 'employer' || s['side'] === 'union' ? (s['side'] as string) : undefined,
  asOf: text(s['asOf']),
  asOfBasis: s['asOfBasis'] === 'system' ? 'system' : undefined,
});

export const routes = [
  page('/', () => import('./pages/Dashboard'), 'Dashboard'),
  page('/sign-in', () => import('./pages/SignIn'), 'SignIn', (s) => ({ returnTo: text(s['returnTo']) })),
  page('/sign-in/callback', () => import('./pages/SignIn'), 'SignInCallback'),
  page('/signed-out', () => import('./pages/SignIn'), 'SignedOut'),
  page('/negotiation-list', () => import('./pages/Negotiations'), 'Negotiations', (s) => ({ unitId: text(s['unitId']), status: text(s['status']) })),
  page('/negotiation/$negotiationId', () => import('./pages/Negotiation'), 'NegotiationOverview'),
  page('/negotiation/$negotiationId/articles', () => import('./pages/ArticleBoard'), 'ArticleBoard'),
  page('/negotiation/$negotiationId/article/$article', () => import('./pages/ArticlePage'), 'ArticlePage'),
  page('/negotiation/$negotiationId/timeline', () => import('./pages/Timeline'), 'Timeline', timelineSearch),
  page('/negotiation/$negotiationId/compliance', () => import('./pages/Compliance'), 'NegotiationCompliance'),
  page('/negotiation/$negotiationId/files', () => import('./pages/Records'), 'NegotiationFiles'),
  page('/negotiation/$negotiationId/event-log', () => import('./pages/EventBrowser'), 'EventBrowser'),
  page('/negotiation/$negotiationId/record/session', () => import('./forms/SessionForm'), 'SessionForm'),
  page('/negotiation/$negotiationId/record/proposal', () => import('./forms/ProposalForm'), 'ProposalForm', (s) => ({ respondsTo: text(s['respondsTo']), article: text(s['article']) })),
  page('/negotiation/$negotiationId/record/tentative-agreement', () => import('./forms/TentativeAgreementForm'), 'TentativeAgreementForm', (s) => ({ taId: text(s['taId']), article: text(s['article']) })),
  page('/information-request-list', () => import('./pages/InformationRequests'), 'InformationRequestRegister'),
  page('/information-request/$requestId', () => import('./pages/InformationRequests'), 'InformationRequestPage'),
  page('/information-request/$requestId/record/$act', () => import('./forms/InformationRequestForms'), 'ItemResponseForm', (s) => ({ item: text(String(s['item'] ?? '')) })),
  page('/information-request/$requestId/meeting/$kind', () => import('./forms/InformationRequestForms'), 'MeetingForm'),
  page('/new/information-request', () => import('./forms/InformationRequestForms'), 'ReceiveInformationRequestForm'),
  page('/unit/$unitId/record/demand-to-bargain', () => import('./forms/DemandForms'), 'MakeDemandForm'),
  page('/demand-to-bargain/$demandId/record/answer', () => import('./forms/DemandForms'), 'AnswerDemandForm'),
  page('/new/unit', () => import('./forms/UnitForms'), 'RegisterUnitForm'),
  page('/new/negotiation', () => import('./forms/UnitForms'), 'OpenNegotiationForm', (s) => ({ unitId: text(s['unitId']) })),
  page('/compliance', () => import('./pages/Compliance'), 'ComplianceFlags'),
  page('/records', () => import('./pages/Records'), 'RecordsHome'),
  page('/records/verify', () => import('./pages/Verify'), 'VerifyBundle'),
  page('/records/access-log', () => import('./pages/AccessLog'), 'AccessLog'),
  page('/admin/projections', () => import('./pages/Admin'), 'Projections'),
];

/** Search parameters as plain text (?article=24), not JSON: every page reads them as strings. */
const parseSearch = (search: string) => Object.fromEntries(new URLSearchParams(search));
const stringifySearch = (search: Record<string, unknown>) => {
  const text = new URLSearchParams(Object.entries(search).flatMap(([key, value]) => (value === undefined || value === null || value === '' ? [] : [[key, String(value)]]))).toString();
  return text ? `?${text}` : '';
};

export const router = createRouter({ routeTree: rootRoute.addChildren(routes), defaultPreload: 'intent', scrollRestoration: true, parseSearch, stringifySearch });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
