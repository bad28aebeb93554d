import { useInfiniteQuery, useQueries, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../api/client';
import { read, today } from '../api/read';
import type { NegotiationSummary, Page, UnitDashboard } from '../api/views';
import { CAN } from '../auth/roles';
import { useSession } from '../auth/session';
import { BarChart } from '../components/BarChart';
import { stageLabel } from '../components/Record';
import { Empty, Failure, Loading } from '../components/Status';

const DEMAND_KIND: Readonly<Record<string, string>> = { 'school-closure': 'school closure', layoff: 'layoff', reorganisation: 'reorganisation', other: 'other decision' };
const DEMAND_SCOPE: Readonly<Record<string, string>> = { decision: 'the decision', effects: 'its effects', both: 'the decision and its effects' };
const DEMAND_ANSWER: Readonly<Record<string, string>> = { agrees: 'agrees', 'effects-only': 'effects only', refuses: 'refuses', 'claims-waiver': 'claims a waiver' };

/** The unit's demands to bargain, newest first, with their answers and the negotiations opened on them. */
function UnitDemands({ unitId, unitName }: { unitId: string; unitName: string }) {
  const session = useSession();
  const demands = useQuery({
    queryKey: ['unit-demands', unitId],
    queryFn: () => unwrap(api.GET('/units/{unitId}/demands-to-bargain', { params: { path: { unitId }, query: { limit: 20 } } })),
  });
  const headingId = `demands-${unitId}`;
  return (
    <div className="margin-top-2" data-testid="unit-demands">
      <h3 id={headingId} className="margin-y-05">
        Demands to bargain
      </h3>
      {demands.isPending ? (
        <Loading what="the demands to bargain" />
      ) : demands.isError ? (
        <Failure error={demands.error} what="demands to bargain" />
      ) : demands.data.items.length === 0 ? (
        <Empty>No demand to bargain is recorded for this unit.</Empty>
      ) : (
        <table className="usa-table usa-table--borderless usa-table--compact lrr-table" aria-labelledby={headingId}>
          <caption className="usa-sr-only">Demands to bargain of {unitName}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Demanded</th>
              <th scope="col">Decision</th>
              <th scope="col">Over</th>
              <th scope="col">Answer</th>
              <th scope="col">Negotiations</th>
            </tr>
          </thead>
          <tbody>
            {demands.data.items.map((d) => (
              <tr key={d.demandId}>
                <th scope="row" className="text-no-wrap">
                  {d.demandedOn}
                  <div className="font-sans-3xs lrr-muted">by the {d.demandedBy}</div>
                </th>
                <td>
                  {d.decision.description}
                  <div className="font-sans-3xs lrr-muted">
                    {DEMAND_KIND[d.decision.kind] ?? d.decision.kind}
                    {d.decision.decidedOn && `, decided ${d.decision.decidedOn}`}
                  </div>
                </td>
                <td>{DEMAND_SCOPE[d.scope] ?? d.scope}</td>
                <td>
                  {d.answer ? (
                    <>
                      {d.answer.answeredOn}: the {d.answer.answeredBy} {DEMAND_ANSWER[d.answer.answer] ?? d.answer.answer}
                      {d.answer.waiverBasis && <div className="font-sans-3xs">{d.answer.waiverBasis}</div>}
                    </>
                  ) : CAN.record(session.role) ? (
                    <Link to="/demand-to-bargain/$demandId/record/answer" params={{ demandId: d.demandId }}>
                      Record the answer
                    </Link>
                  ) : (
                    'awaiting an answer'
                  )}
                </td>
                <td>
                  {d.negotiations.length === 0
                    ? '–'
                    : d.negotiations.map((n) => (
                        <div key={n.negotiationId}>
                          <Link to="/negotiation/$negotiationId" params={{ negotiationId: n.negotiationId }}>
                            {n.negotiationId}
                          </Link>{' '}
                          <span className="font-sans-3xs lrr-muted">
                            {n.kind}, opened {n.openedOn}
                          </span>
                        </div>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {CAN.record(session.role) && (
        <p className="margin-y-05">
          <Link className="usa-button usa-button--outline usa-button--small" to="/unit/$unitId/record/demand-to-bargain" params={{ unitId }}>
            Record a demand to bargain
          </Link>
        </p>
      )}
    </div>
  );
}

interface FlagLine {
  readonly negotiationId: string | null;
}

/** The unit's compliance flags, every page of them (a page evaluates up to 200 of its negotiations). */
async function unitFlags(unitId: string, asOf: string): Promise<{ flags: readonly FlagLine[] }> {
  const flags: FlagLine[] = [];
  for (let cursor: string | null = null; ; ) {
    const page: { flags: readonly FlagLine[]; nextCursor: string | null } = await read(api.GET('/compliance/flags', { params: { query: { unitId, asOf, limit: 200, ...(cursor && { cursor }) } } }));
    flags.push(...page.flags);
    if (page.nextCursor === null) return { flags };
    cursor = page.nextCursor;
  }
}

function UnitCard({ unit: first }: { unit: UnitDashboard }) {
  const asOf = first.asOf;
  // The unit comes with its longest-running active negotiations; the rest come a page at a time from its own dashboard.
  const more = useInfiniteQuery({
    queryKey: ['unit-dashboard', first.unitId, asOf, first.nextCursor],
    initialPageParam: first.nextCursor,
    enabled: false,
    queryFn: ({ pageParam }) => read<UnitDashboard>(api.GET('/units/{unitId}/dashboard', { params: { path: { unitId: first.unitId }, query: { asOf, limit: 50, ...(pageParam && { cursor: pageParam }) } } })),
    getNextPageParam: (last) => last.nextCursor,
  });
  const unit: UnitDashboard = { ...first, activeNegotiations: [...first.activeNegotiations, ...(more.data?.pages.flatMap((page) => page.activeNegotiations) ?? [])] };
  const nextCursor = more.data ? (more.data.pages.at(-1)?.nextCursor ?? null) : first.nextCursor;
  const showMore = () => void (more.data ? more.fetchNextPage() : more.refetch());
  const [summaries, flags, register] = useQueries({
    queries: [
      { queryKey: ['negotiation-summaries', unit.unitId, 'open'], queryFn: () => read<Page<NegotiationSummary>>(api.GET('/negotiation-summaries', { params: { query: { unitId: unit.unitId, status: 'open', limit: 200 } } })) },
      { queryKey: ['compliance-flags', unit.unitId, asOf], queryFn: () => unitFlags(unit.unitId, asOf) },
      {
        queryKey: ['register-overdue', unit.unitId, asOf],
        queryFn: () => read<Page<{ negotiationId: string | null; overdue: boolean }>>(api.GET('/information-request-register', { params: { query: { unitId: unit.unitId, overdueAsOf: asOf, limit: 200 } } })),
      },
    ],
  });
  const sessionsOf = new Map((summaries.data?.items ?? []).map((s) => [s.negotiationId, s.sessions.held]));
  const flagsOf = (id: string) => (flags.data ? flags.data.flags.filter((f) => f.negotiationId === id).length : null);
  const overdueOf = (id: string) => (register.data ? register.data.items.filter((r) => r.negotiationId === id && r.overdue).length : null);
  const headingId = `unit-${unit.unitId}`;
  return (
    <section className="lrr-card" aria-labelledby={headingId}>
      <div className="lrr-card__head">
        <h2 id={headingId} className="margin-0">
          {unit.name}
        </h2>
        <p className="margin-y-05 lrr-muted">
          {unit.employeeOrganization} · {unit.employer} · {unit.statute}
          {unit.currentAgreementTerm && ` · agreement ${unit.currentAgreementTerm.start} to ${unit.currentAgreementTerm.end}`}
        </p>
      </div>
      <div>
        <div>
          {unit.activeNegotiations.length === 0 ? (
            <Empty>No open negotiation. {unit.concludedNegotiations} concluded.</Empty>
          ) : (
            <table className="usa-table usa-table--borderless usa-table--compact lrr-table">
              <caption className="usa-sr-only">Active negotiations of {unit.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Negotiation</th>
                  <th scope="col">Stage</th>
                  <th scope="col" className="lrr-num">Days at table</th>
                  <th scope="col" className="lrr-num">Sessions</th>
                  <th scope="col" className="lrr-num">TAs awaiting signature</th>
                  <th scope="col" className="lrr-num">Overdue info requests</th>
                  <th scope="col" className="lrr-num">Compliance flags</th>
                </tr>
              </thead>
              <tbody>
                {unit.activeNegotiations.map((n) => {
                  const overdue = overdueOf(n.negotiationId);
                  const flagged = flagsOf(n.negotiationId);
                  return (
                    <tr key={n.negotiationId}>
                      <th scope="row">
                        <Link to="/negotiation/$negotiationId" params={{ negotiationId: n.negotiationId }}>
                          {n.negotiationId}
                        </Link>
                        <div className="font-sans-3xs lrr-muted">{n.kind}, opened {n.openedOn}</div>
                      </th>
                      <td>{stageLabel(n.stage)}</td>
                      <td className="lrr-num">{n.daysAtTable}</td>
                      <td className="lrr-num">{sessionsOf.get(n.negotiationId) ?? '–'}</td>
                      <td className="lrr-num">{n.tentativeAgreementsAwaitingSignature}</td>
                      <td className={`lrr-num${overdue ? ' lrr-alert-text' : ''}`}>{overdue ?? '–'}</td>
                      <td className={`lrr-num${flagged ? ' lrr-alert-text' : ''}`}>{flagged ?? '–'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
        {nextCursor !== null && (
          <p className="margin-y-05">
            <button type="button" className="usa-button usa-button--outline usa-button--small" onClick={showMore} disabled={more.isFetching}>
              Show more active negotiations
            </button>
          </p>
        )}
        <div className="lrr-unit-foot">
          {unit.activeNegotiations.length > 0 && (
            <BarChart title="Days at the table, per open negotiation" unit="days" bars={unit.activeNegotiations.map((n) => ({ label: n.negotiationId, value: n.daysAtTable }))} />
          )}
          <p className="font-sans-2xs margin-y-05">
            <strong>{unit.tentativeAgreementsPending}</strong> TA(s) awaiting a signature ·{' '}
            <strong className={unit.overdueInformationRequests ? 'lrr-alert-text' : undefined}>{unit.overdueInformationRequests ?? '–'}</strong> overdue information request(s)
          </p>
        </div>
        <UnitDemands unitId={unit.unitId} unitName={unit.name} />
      </div>
    </section>
  );
}

export function Dashboard() {
  const session = useSession();
  const asOf = today();
  const units = useQuery({ queryKey: ['dashboard-units', asOf], queryFn: () => read<Page<UnitDashboard>>(api.GET('/dashboard/units', { params: { query: { asOf, limit: 200 } } })) });
  return (
    <>
      <div className="lrr-page-head">
        <h1>Dashboard</h1>
        <p className="usa-intro">Bargaining units and their open negotiations as of {asOf}.</p>
        {CAN.record(session.role) && (
          <p>
            <Link className="usa-button usa-button--outline" to="/new/negotiation">
              Open a negotiation
            </Link>
            {CAN.administer(session.role) && (
              <Link className="usa-button usa-button--outline" to="/new/unit">
                Register a unit
              </Link>
            )}
            <Link className="usa-button usa-button--outline" to="/new/information-request">
              Receive an information request
            </Link>
          </p>
        )}
      </div>
      {units.isPending ? (
        <Loading what="the units" />
      ) : units.isError ? (
        <Failure error={units.error} what="units" />
      ) : units.data.items.length === 0 ? (
        <Empty>No bargaining unit is registered yet. {CAN.administer(session.role) ? <Link to="/new/unit">Register one</Link> : 'An administrator registers units.'} (Or load the demo records: npm run demo.)</Empty>
      ) : (
        units.data.items.map((unit) => <UnitCard key={unit.unitId} unit={unit} />)
      )}
    </>
  );
}
