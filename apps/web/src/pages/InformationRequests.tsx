import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { api, unwrap } from '../api/client';
import type { components } from '../api/openapi';
import { today } from '../api/read';
import { CAN } from '../auth/roles';
import { useSession } from '../auth/session';
import { Classification } from '../components/Record';
import { Empty, Failure, Loading } from '../components/Status';

const ITEM_STATUS: Readonly<Record<string, string>> = {
  open: 'open',
  'produced-partial': 'produced in part',
  'produced-complete': 'produced',
  objected: 'objected to',
  explained: 'explained',
  withdrawn: 'withdrawn',
};

const EXPLANATION_REASON: Readonly<Record<string, string>> = {
  'does-not-exist': 'does not exist',
  'already-produced': 'already produced',
  other: 'other',
};

type RequestView = components['schemas']['InformationRequestView'];

const names = (list: readonly string[]) => (list.length > 0 ? list.join(', ') : 'not recorded');

/** The request's facts other than its items', in business-day order (a stable sort keeps recording order within a day). */
function historyOf(r: RequestView): { key: string; on: string; text: string }[] {
  const entries = [
    { key: 'received', on: r.receivedOn, text: `received, due ${r.responseDue.dueOn}` },
    ...r.acknowledgments.map((a, i) => ({ key: `a${i}`, on: a, text: 'acknowledged' })),
    ...r.clarifications.flatMap((c) => [
      { key: `c${c.number}`, on: c.requestedOn, text: `clarification ${c.number} asked${c.itemNumbers.length > 0 ? ` on item ${c.itemNumbers.join(', ')}` : ''}: ${c.question}` },
      ...c.answers.map((answer, i) => ({ key: `c${c.number}a${i}`, on: answer.answeredOn, text: `clarification ${c.number} answered: ${answer.answer}` })),
    ]),
    ...r.extensions.map((e, i) => ({
      key: `e${i}`,
      on: e.extendedOn,
      text: `deadline extended from ${e.previousDueOn} to ${e.newDueOn} (${e.agreedByUnion ? 'agreed by the union' : 'not agreed'}): ${e.reason}`,
    })),
    ...r.meetings.map((m) => ({
      key: m.meetingId,
      on: m.heldOn,
      text:
        `meeting held${m.itemNumbers.length > 0 ? ` on item ${m.itemNumbers.join(', ')}` : ' on the request as a whole'}; ` +
        `for the employer: ${names(m.attendees.employer)}; for the union: ${names(m.attendees.union)}` +
        `${m.discussed ? `. Discussed: ${m.discussed}` : ''}${m.outcome ? `. Outcome: ${m.outcome}` : ''}`,
    })),
    ...r.cancelledMeetings.map((m) => ({
      key: m.meetingId,
      on: m.cancelledOn,
      text: `meeting set for ${m.scheduledFor} cancelled by the ${m.cancelledBy}${m.reason ? `: ${m.reason}` : ''}`,
    })),
    ...(r.withdrawal ? [{ key: 'withdrawn', on: r.withdrawal.withdrawnOn, text: `withdrawn by the union${r.withdrawal.reason ? `: ${r.withdrawal.reason}` : ''}` }] : []),
    ...(r.closure ? [{ key: 'closed', on: r.closure.closedOn, text: `closed (${r.closure.disposition})${r.closure.note ? `: ${r.closure.note}` : ''}` }] : []),
  ];
  return entries.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
}

export function InformationRequestRegister() {
  const session = useSession();
  const asOf = today();
  const register = useQuery({ queryKey: ['register', asOf], queryFn: () => unwrap(api.GET('/information-request-register', { params: { query: { asOf, limit: 200 } } })) });
  return (
    <>
      <h1>Information requests</h1>
      <p className="usa-intro">The register with due dates, each item’s status and the clocks, as of {asOf}. Overdue requests are highlighted.</p>
      {CAN.record(session.role) && (
        <p>
          <Link className="usa-button" to="/new/information-request">
            Receive an information request
          </Link>
        </p>
      )}
      {register.isPending ? (
        <Loading what="the register" />
      ) : register.isError ? (
        <Failure error={register.error} what="the register" />
      ) : register.data.items.length === 0 ? (
        <Empty>No information request is recorded.</Empty>
      ) : (
        <table className="usa-table usa-table--borderless lrr-table" data-testid="register">
          <caption className="usa-sr-only">Information requests</caption>
          <thead>
            <tr>
              <th scope="col">Request</th>
              <th scope="col">From</th>
              <th scope="col">Received</th>
              <th scope="col">Due</th>
              <th scope="col">Items</th>
              <th scope="col" className="lrr-num">Days outstanding</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {register.data.items.map((r) => (
              <tr key={r.requestId} className={r.overdue ? 'lrr-row--overdue' : undefined}>
                <th scope="row">
                  <Link to="/information-request/$requestId" params={{ requestId: r.requestId }}>
                    {r.requestId}
                  </Link>
                  {r.negotiationId && <div className="font-sans-3xs lrr-muted">{r.negotiationId}</div>}
                </th>
                <td>{r.from.organization}</td>
                <td>{r.receivedAsKnown ?? r.receivedOn}</td>
                <td>
                  {r.dueOn}
                  {r.extensionsGranted > 0 && <div className="font-sans-3xs">extended {r.extensionsGranted}×</div>}
                </td>
                <td>
                  <ul className="usa-list usa-list--unstyled font-sans-3xs">
                    {r.items.map((item) => (
                      <li key={item.number} className={item.overdue ? 'lrr-alert-text' : undefined}>
                        {item.number}. {ITEM_STATUS[item.status] ?? item.status}
                        {item.overdue && `, ${item.daysOverdue} days overdue`}
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="lrr-num">{r.daysOutstanding}</td>
                <td>
                  {r.overdue ? <span className="usa-tag lrr-overdue">overdue {r.daysOverdue} days</span> : <span className="usa-tag bg-base-lighter text-ink">{r.status}</span>}
                  {r.lateObjections.length > 0 && <div className="font-sans-3xs lrr-alert-text">late objection</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function InformationRequestPage() {
  const { requestId } = useParams({ strict: false }) as { requestId: string };
  const session = useSession();
  const view = useQuery({ queryKey: ['information-request', requestId], queryFn: () => unwrap(api.GET('/information-requests/{requestId}', { params: { path: { requestId } } })) });
  if (view.isPending) return <Loading what="the information request" />;
  if (view.isError) return <Failure error={view.error} what="information request" />;
  const r = view.data;
  const c = r.clocks;
  return (
    <>
      <nav aria-label="Breadcrumb" className="usa-breadcrumb padding-y-1">
        <ol className="usa-breadcrumb__list">
          <li className="usa-breadcrumb__list-item">
            <Link to="/information-request-list" className="usa-breadcrumb__link">
              <span>Information requests</span>
            </Link>
          </li>
          <li className="usa-breadcrumb__list-item usa-current" aria-current="page">
            <span>{r.requestId}</span>
          </li>
        </ol>
      </nav>
      <h1>
        Information request {r.requestId} <Classification mark={r.classification as never} />
      </h1>
      <p className="usa-intro">
        From {r.from.person}, {r.from.organization}; received {r.receivedOn}, due {r.dueOn} ({r.responseDue.basis === 'policy' ? 'by the unit’s response policy' : 'set explicitly'}). Status: {r.status}
        {r.disposition && ` (${r.disposition})`}.
        {r.negotiationId && (
          <>
            {' '}
            Negotiation{' '}
            <Link to="/negotiation/$negotiationId" params={{ negotiationId: r.negotiationId }}>
              {r.negotiationId}
            </Link>
            .
          </>
        )}
      </p>
      <section className="lrr-card" aria-labelledby="clocks">
        <h2 id="clocks">Clocks as of {r.asOf}</h2>
        <dl className="lrr-facts">
          <dt>Outstanding</dt>
          <dd>
            {c.daysOutstanding} days ({c.businessDaysOutstanding} business days)
            {c.overdue && <span className="usa-tag lrr-overdue margin-left-1">overdue {c.daysOverdue} days</span>}
          </dd>
          <dt>Acknowledged</dt>
          <dd>{c.acknowledgedOn ?? 'not yet'}</dd>
          <dt>First response</dt>
          <dd>{c.firstResponseOn ?? 'none yet'}</dd>
          <dt>First substantive response</dt>
          <dd>{c.firstSubstantiveResponseOn ?? 'none yet'}</dd>
          <dt>Late objections</dt>
          <dd>{c.lateObjections.length === 0 ? 'none' : c.lateObjections.map((o) => `item ${o.itemNumber} on ${o.objectedOn} (due ${o.dueOnThen})`).join('; ')}</dd>
        </dl>
      </section>
      <section aria-labelledby="items">
        <h2 id="items">Items</h2>
        <ol className="lrr-items">
          {r.items.map((item) => (
            <li key={item.number} className={`lrr-card${item.overdue ? ' lrr-card--overdue' : ''}`}>
              <h3 className="margin-y-05">
                {item.number}. {item.description}
              </h3>
              <p>
                <span className="usa-tag bg-base-lighter text-ink">{ITEM_STATUS[item.status] ?? item.status}</span> {item.overdue && <span className="usa-tag lrr-overdue">{item.daysOverdue} days overdue</span>}{' '}
                {item.firstResponseLate && <span className="font-sans-3xs lrr-alert-text">first response late</span>}
              </p>
              {item.productions.length + item.objections.length + item.explanations.length > 0 && (
                <ul className="usa-list">
                  {item.productions.map((p, i) => (
                    <li key={`p${i}`}>
                      {p.producedOn}: produced ({p.completeness}) {p.documents.map((d) => d.name).join(', ')}
                      {p.summary && `: ${p.summary}`}
                    </li>
                  ))}
                  {item.objections.map((o, i) => (
                    <li key={`o${i}`}>
                      {o.objectedOn}: objection ({o.grounds.join(', ')}): {o.explanation}
                      {o.accommodationOffered && `; accommodation offered${o.accommodationDescription ? `: ${o.accommodationDescription}` : ''}`}
                    </li>
                  ))}
                  {item.explanations.map((e, i) => (
                    <li key={`e${i}`}>
                      {e.explainedOn}: explained ({EXPLANATION_REASON[e.reason] ?? e.reason}){e.reference && `, ${e.reference}`}
                      {e.explanation && `: ${e.explanation}`}
                    </li>
                  ))}
                </ul>
              )}
              {CAN.record(session.role) && r.status === 'open' && (
                <p className="lrr-actions">
                  <Link className="usa-button usa-button--outline usa-button--small" to="/information-request/$requestId/record/$act" params={{ requestId, act: 'production' }} search={{ item: item.number } as never}>
                    Record a production
                  </Link>
                  <Link className="usa-button usa-button--outline usa-button--small" to="/information-request/$requestId/record/$act" params={{ requestId, act: 'objection' }} search={{ item: item.number } as never}>
                    Record an objection
                  </Link>
                  <Link className="usa-button usa-button--outline usa-button--small" to="/information-request/$requestId/record/$act" params={{ requestId, act: 'explanation' }} search={{ item: item.number } as never}>
                    Record an explanation
                  </Link>
                </p>
              )}
            </li>
          ))}
        </ol>
      </section>
      <section className="lrr-card" aria-labelledby="history" data-testid="request-history">
        <h2 id="history">History</h2>
        <ul className="usa-list">
          {historyOf(r).map((entry) => (
            <li key={entry.key}>
              {entry.on}: {entry.text}
            </li>
          ))}
        </ul>
        {CAN.record(session.role) && r.status !== 'closed' && (
          <p className="lrr-actions">
            <Link className="usa-button usa-button--outline usa-button--small" to="/information-request/$requestId/meeting/$kind" params={{ requestId, kind: 'held' }}>
              Record a meeting held
            </Link>
            <Link className="usa-button usa-button--outline usa-button--small" to="/information-request/$requestId/meeting/$kind" params={{ requestId, kind: 'cancelled' }}>
              Record a meeting cancelled
            </Link>
          </p>
        )}
      </section>
    </>
  );
}
