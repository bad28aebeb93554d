import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { api, unwrap } from '../api/client';
import { read, today } from '../api/read';
import type { NegotiationState, NegotiationSummary, Side } from '../api/views';
import { CAN } from '../auth/roles';
import { useSession } from '../auth/session';
import { NegotiationNav } from '../components/NegotiationNav';
import { SIDE_LABELS, humanize, stageLabel } from '../components/Record';
import { Failure, Loading } from '../components/Status';

const STEP_LABELS: Readonly<Record<string, string>> = {
  'settlement-reached': 'Settlement reached',
  'costs-disclosed': 'Costs disclosed',
  ratified: 'Ratified by members',
  'governing-body-approved': 'Approved by the governing body',
  'agreement-executed': 'Agreement executed',
};

function SettlementSteps({ steps }: { steps: NegotiationSummary['settlementSteps'] }) {
  const all = [...steps.done.map((s) => ({ step: s, done: true })), ...steps.pending.map((s) => ({ step: s, done: false }))];
  return (
    <ol className="usa-step-indicator__segments lrr-steps" aria-label="Settlement steps">
      {all.map(({ step, done }) => (
        <li key={step} className={`usa-step-indicator__segment${done ? ' usa-step-indicator__segment--complete' : ''}`}>
          <span className="usa-step-indicator__segment-label">
            {STEP_LABELS[step] ?? humanize(step)} <span className="usa-sr-only">{done ? 'done' : 'not yet'}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}

export function NegotiationOverview() {
  const { negotiationId } = useParams({ strict: false }) as { negotiationId: string };
  const session = useSession();
  const asOf = today();
  const summary = useQuery({ queryKey: ['summary', negotiationId, asOf], queryFn: () => read<NegotiationSummary>(api.GET('/negotiations/{negotiationId}/summary', { params: { path: { negotiationId }, query: { asOf } } })) });
  const state = useQuery({ queryKey: ['negotiation', negotiationId], queryFn: () => unwrap(api.GET('/negotiations/{negotiationId}', { params: { path: { negotiationId } } })) });
  if (summary.isPending) return <Loading what="the negotiation" />;
  if (summary.isError) return <Failure error={summary.error} what="negotiation" />;
  const s = summary.data;
  const negotiation = state.data?.negotiation as NegotiationState | undefined;
  const tas = negotiation ? Object.values(negotiation.tentativeAgreements) : [];
  const sessions = negotiation ? Object.values(negotiation.sessions).sort((a, b) => a.number - b.number) : [];
  return (
    <>
      <NegotiationNav negotiationId={negotiationId} />
      <h1>
        {s.unitName}: {s.kind} negotiation <span className="lrr-muted font-sans-md">({negotiationId})</span>
      </h1>
      <p className="usa-intro">
        {stageLabel(s.stage)} · {s.statute} · opened {s.openedOn} · <strong>{s.daysAtTable}</strong> days at the table as of {s.asOf}
        {s.groundRules && ` · TAs ${s.groundRules.taRule === 'closed-once-initialed' ? 'closed once initialed' : 'reopenable until global agreement'}`}
      </p>
      {CAN.record(session.role) && s.status === 'open' && (
        <p className="lrr-actions">
          <Link className="usa-button" to="/negotiation/$negotiationId/record/session" params={{ negotiationId }}>
            Record a session
          </Link>
          <Link className="usa-button usa-button--outline" to="/negotiation/$negotiationId/record/proposal" params={{ negotiationId }}>
            Table a proposal
          </Link>
          <Link className="usa-button usa-button--outline" to="/negotiation/$negotiationId/record/tentative-agreement" params={{ negotiationId }}>
            Initial a tentative agreement
          </Link>
        </p>
      )}
      <div className="grid-row grid-gap">
        <div className="tablet:grid-col-6">
        <section className="lrr-card" aria-labelledby="at-the-table">
          <h2 id="at-the-table">At the table</h2>
          <dl className="lrr-facts">
            <dt>Sessions</dt>
            <dd>
              {s.sessions.held} held, {s.sessions.cancelled} cancelled{s.sessions.lastHeldOn && `; last on ${s.sessions.lastHeldOn}`}
            </dd>
            <dt>Proposals</dt>
            <dd>
              {s.proposals.employer} by the employer, {s.proposals.union} by the union; {s.proposals.onTable} on the table
            </dd>
            <dt>Open articles</dt>
            <dd>{s.openArticles.length > 0 ? s.openArticles.join(', ') : 'none'}</dd>
            <dt>Agreed articles</dt>
            <dd>{s.agreedArticles.length > 0 ? s.agreedArticles.join(', ') : 'none'}</dd>
            <dt>Corrections</dt>
            <dd>{s.corrections}</dd>
          </dl>
          <p>
            <Link to="/negotiation/$negotiationId/articles" params={{ negotiationId }}>
              Open the article board
            </Link>
          </p>
        </section>
        </div>
        <div className="tablet:grid-col-6">
        <section className="lrr-card" aria-labelledby="settlement">
          <h2 id="settlement">Settlement steps</h2>
          <div className="usa-step-indicator usa-step-indicator--counters-sm">
            <SettlementSteps steps={s.settlementSteps} />
          </div>
          {negotiation?.settlement && (
            <dl className="lrr-facts">
              <dt>Settlement reached</dt>
              <dd>{negotiation.settlement.reachedOn}</dd>
              {negotiation.settlement.ratification && (
                <>
                  <dt>Ratification vote</dt>
                  <dd>
                    {negotiation.settlement.ratification.heldOn}: {negotiation.settlement.ratification.yes} yes, {negotiation.settlement.ratification.no} no
                  </dd>
                </>
              )}
              {negotiation.settlement.approval && (
                <>
                  <dt>Governing body</dt>
                  <dd>
                    Resolution {negotiation.settlement.approval.resolutionNumber}, {negotiation.settlement.approval.approvedOn}
                  </dd>
                </>
              )}
            </dl>
          )}
        </section>
        </div>
      </div>
      <section className="lrr-card" aria-labelledby="tas">
        <h2 id="tas">Tentative agreements</h2>
        {state.isError ? (
          <Failure error={state.error} what="tentative agreements" />
        ) : tas.length === 0 ? (
          <p>None initialed yet.</p>
        ) : (
          <table className="usa-table usa-table--borderless lrr-table">
            <caption className="usa-sr-only">Tentative agreements with each side’s initials</caption>
            <thead>
              <tr>
                <th scope="col">TA</th>
                <th scope="col">Articles</th>
                {(['employer', 'union'] as Side[]).map((side) => (
                  <th key={side} scope="col">
                    {SIDE_LABELS[side]} initials
                  </th>
                ))}
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {tas.map((ta) => {
                const complete = ta.signatures.employer && ta.signatures.union && !ta.withdrawn;
                return (
                  <tr key={ta.taId}>
                    <th scope="row">{ta.taId}</th>
                    <td>
                      {ta.articles.map((a) => (
                        <Link key={a.article} className="margin-right-1" to="/negotiation/$negotiationId/article/$article" params={{ negotiationId, article: a.article }}>
                          Article {a.article}
                        </Link>
                      ))}
                    </td>
                    {(['employer', 'union'] as Side[]).map((side) => {
                      const signature = ta.signatures[side];
                      return (
                        <td key={side}>
                          {signature ? (
                            <>
                              {signature.signatory}
                              <div className="font-sans-3xs lrr-muted">{signature.initialedOn}</div>
                            </>
                          ) : CAN.record(session.role) && !ta.withdrawn ? (
                            <Link to="/negotiation/$negotiationId/record/tentative-agreement" params={{ negotiationId }} search={{ taId: ta.taId }}>
                              Record the {side}’s initials
                            </Link>
                          ) : (
                            <span className="lrr-alert-text">awaiting</span>
                          )}
                        </td>
                      );
                    })}
                    <td>{ta.withdrawn ? <span className="usa-tag bg-base">withdrawn</span> : complete ? <span className="usa-tag bg-green">complete</span> : <span className="usa-tag bg-gold text-ink">awaiting a signature</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      {sessions.length > 0 && (
        <section className="lrr-card" aria-labelledby="sessions">
          <h2 id="sessions">Sessions</h2>
          <ul className="usa-list">
            {sessions.map((x) => (
              <li key={x.sessionId}>
                Session {x.number}, {x.on}: {x.status}
                {x.articlesDiscussed && x.articlesDiscussed.length > 0 && ` (articles ${x.articlesDiscussed.join(', ')})`}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
