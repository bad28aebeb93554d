import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { api, unwrap } from '../api/client';
import { today } from '../api/read';
import { NegotiationNav } from '../components/NegotiationNav';
import { humanize } from '../components/Record';
import { Empty, Failure, Loading } from '../components/Status';
import type { Schemas } from '../api/views';

type Flag = Schemas['ComplianceFlagView'];

function FlagList({ flags, showNegotiation }: { flags: readonly Flag[]; showNegotiation: boolean }) {
  if (flags.length === 0) return <Empty>No compliance flag is raised.</Empty>;
  return (
    <ul className="usa-list usa-list--unstyled lrr-flags">
      {flags.map((flag, i) => (
        <li key={`${flag.ruleId}-${i}`} className={`lrr-flag lrr-flag--${flag.severity}`}>
          <h3 className="margin-y-05">
            {flag.title} <span className={`usa-tag lrr-severity--${flag.severity}`}>{flag.severity}</span>
          </h3>
          <p className="margin-y-05">{flag.message}</p>
          <dl className="lrr-facts font-sans-2xs">
            <dt>Rule</dt>
            <dd>
              {flag.ruleId} ({flag.ruleSet}, {flag.statute})
            </dd>
            <dt>Citation</dt>
            <dd>{flag.citation}</dd>
            <dt>Raised on</dt>
            <dd>{flag.raisedOn}</dd>
            {showNegotiation && flag.negotiationId && (
              <>
                <dt>Negotiation</dt>
                <dd>
                  <Link to="/negotiation/$negotiationId/compliance" params={{ negotiationId: flag.negotiationId }}>
                    {flag.negotiationId}
                  </Link>
                </dd>
              </>
            )}
            {flag.requestId && (
              <>
                <dt>Information request</dt>
                <dd>
                  <Link to="/information-request/$requestId" params={{ requestId: flag.requestId }}>
                    {flag.requestId}
                  </Link>
                </dd>
              </>
            )}
          </dl>
          <details>
            <summary>The facts that raised it ({flag.facts.length})</summary>
            <ul>
              {flag.facts.map((fact) => (
                <li key={fact.eventId}>
                  {fact.on}: {humanize(fact.type)} ({fact.as}), recorded {fact.recordedAt.slice(0, 10)} <span className="font-mono-3xs">{fact.eventId.slice(0, 8)}</span>
                </li>
              ))}
            </ul>
          </details>
        </li>
      ))}
    </ul>
  );
}

export function NegotiationCompliance() {
  const { negotiationId } = useParams({ strict: false }) as { negotiationId: string };
  const asOf = today();
  const report = useQuery({ queryKey: ['compliance', negotiationId, asOf], queryFn: () => unwrap(api.GET('/negotiations/{negotiationId}/compliance', { params: { path: { negotiationId }, query: { asOf } } })) });
  return (
    <>
      <NegotiationNav negotiationId={negotiationId} />
      <h1>Compliance</h1>
      {report.isPending ? (
        <Loading what="compliance flags" />
      ) : report.isError ? (
        <Failure error={report.error} what="compliance flags" />
      ) : (
        <>
          <p className="usa-intro">
            Rule set {report.data.ruleSet?.id ?? "(none for this statute)"} ({report.data.statute}) as of {report.data.asOf}. Flags record breaches; they never stopped a record from being made.
          </p>
          <FlagList flags={report.data.flags} showNegotiation={false} />
        </>
      )}
    </>
  );
}

/** compareFlags of libs/compliance: by day raised, rule, negotiation, request, first fact. */
function byRaised(a: Flag, b: Flag): number {
  const keys = (f: Flag) => [f.raisedOn, f.ruleId, f.negotiationId ?? '', f.requestId ?? '', f.facts[0]?.eventId ?? ''];
  const [ka, kb] = [keys(a), keys(b)];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
  return 0;
}

export function ComplianceFlags() {
  const asOf = today();
  // A page evaluates up to 200 subjects (negotiations, then units' own requests); the flags of the pages shown are ordered together.
  const flags = useInfiniteQuery({
    queryKey: ['compliance-flags', 'all', asOf],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => unwrap(api.GET('/compliance/flags', { params: { query: { asOf, limit: 200, ...(pageParam && { cursor: pageParam }) } } })),
    getNextPageParam: (last) => last.nextCursor,
  });
  const shown = (flags.data?.pages.flatMap((page) => page.flags) ?? []).sort(byRaised);
  const evaluated = flags.data?.pages.reduce((n, page) => n + page.evaluated.length, 0) ?? 0;
  return (
    <>
      <h1>Compliance flags</h1>
      <p className="usa-intro">Every flag the current rule sets raise across the negotiations and information requests you may see, as of {asOf}.</p>
      {flags.isPending ? (
        <Loading what="compliance flags" />
      ) : flags.isError ? (
        <Failure error={flags.error} what="compliance flags" />
      ) : (
        <>
          <FlagList flags={shown} showNegotiation />
          {flags.hasNextPage && (
            <p>
              <span className="lrr-muted">
                Flags of the first {evaluated} negotiations and units’ requests evaluated.{' '}
              </span>
              <button type="button" className="usa-button usa-button--outline" onClick={() => void flags.fetchNextPage()} disabled={flags.isFetchingNextPage}>
                Show more
              </button>
            </p>
          )}
        </>
      )}
    </>
  );
}
