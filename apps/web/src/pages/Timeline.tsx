import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { read, today } from '../api/read';
import type { AsOfView, Side, Timeline as TimelineView, TimelineFact } from '../api/views';
import { CAN } from '../auth/roles';
import { useSession } from '../auth/session';
import { NegotiationNav } from '../components/NegotiationNav';
import { Classification, Recorded, SIDE_LABELS, SideName, When, humanize } from '../components/Record';
import { Empty, Failure, Loading } from '../components/Status';

interface Search {
  timeBase?: 'system';
  from?: string;
  to?: string;
  types?: string;
  article?: string;
  side?: Side;
  asOf?: string;
  asOfBasis?: 'system';
}

function correctsId(fact: TimelineFact): string | null {
  if (!fact.corrects) return null;
  return typeof fact.corrects === 'string' ? fact.corrects : fact.corrects.eventId;
}

/** The type of the fact a correction corrects, as the timeline names it (that fact may be on a page not yet shown). */
function correctedType(fact: TimelineFact): string | null {
  return fact.corrects && typeof fact.corrects !== 'string' && fact.corrects.type !== '' ? fact.corrects.type : null;
}

function AsOfTable({ negotiationId, asOf, basis, purpose }: { negotiationId: string; asOf: string; basis: 'business' | 'system'; purpose: string | null }) {
  const view = useQuery({
    queryKey: ['as-of', negotiationId, asOf, basis, purpose],
    queryFn: () =>
      read<AsOfView>(api.GET('/negotiations/{negotiationId}/as-of/{date}', { params: { path: { negotiationId, date: asOf }, query: { basis }, header: purpose ? { 'X-Access-Purpose': purpose } : {} } as never })),
  });
  if (view.isPending) return <Loading what={`the table as of ${asOf}`} />;
  if (view.isError) return <Failure error={view.error} what={`the table as of ${asOf}`} />;
  const v = view.data;
  return (
    <div data-testid="as-of-table">
      <p>
        As of <strong>{v.asOf}</strong> ({v.basis === 'business' ? 'as it happened: business time' : 'as the record stood: system time'}): {v.stage.replace(/-/g, ' ')}, {v.daysAtTable} days at the table. {v.record.factsFolded} facts
        {v.record.factsRecordedAfter > 0 && `; ${v.record.factsRecordedAfter} recorded later are not counted`}
        {v.record.correctionsRecordedAfter > 0 && `; ${v.record.correctionsRecordedAfter} correction(s) recorded later`}.
      </p>
      {v.record.uncertainFacts.length > 0 && (
        <p className="lrr-muted" data-testid="as-of-uncertain">
          May or may not have happened by {v.asOf} (the record gives less than a day), counted here:{' '}
          {v.record.uncertainFacts.map((f) => `${humanize(f.type)} (${f.occurredAtDescription})`).join('; ')}.
        </p>
      )}
      <table className="usa-table usa-table--borderless usa-table--compact lrr-table">
        <caption>The table as of {v.asOf}</caption>
        <thead>
          <tr>
            <th scope="col">Article</th>
            <th scope="col">Employer</th>
            <th scope="col">Union</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {v.articles.map((a) => (
            <tr key={a.article}>
              <th scope="row">Article {a.article}</th>
              {(['employer', 'union'] as Side[]).map((side) => {
                const p = a.positions[side];
                return <td key={side}>{p ? `${p.number} (${p.form}, ${p.tabledOn}): ${p.text}` : '–'}</td>;
              })}
              <td>{a.tentativeAgreement ? `TA ${a.tentativeAgreement}` : a.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Timeline() {
  const { negotiationId } = useParams({ strict: false }) as { negotiationId: string };
  const search = useSearch({ strict: false }) as Search;
  const navigate = useNavigate();
  const session = useSession();
  const [purpose, setPurpose] = useState<string | null>(null);
  const [purposeDraft, setPurposeDraft] = useState('');
  const timeBase = search.timeBase ?? 'business';
  const query = { timeBase, from: search.from, to: search.to, types: search.types, article: search.article, side: search.side };
  // The timeline comes a page at a time; "Show more" reads the next one after the facts shown.
  const pages = useInfiniteQuery({
    queryKey: ['timeline', negotiationId, query, purpose],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      read<TimelineView>(
        api.GET('/negotiations/{negotiationId}/timeline', {
          params: {
            path: { negotiationId },
            query: { ...Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)), ...(pageParam && { after: pageParam }) },
            header: purpose ? { 'X-Access-Purpose': purpose } : {},
          } as never,
        }),
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
  const first = pages.data?.pages[0];
  const facts = pages.data?.pages.flatMap((page) => page.facts) ?? [];
  const update = (patch: Partial<Search>) => void navigate({ to: '/negotiation/$negotiationId/timeline', params: { negotiationId }, search: { ...search, ...patch } as never, replace: true });
  const onFilter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => {
      const v = String(form.get(name) ?? '').trim();
      return v === '' ? undefined : v;
    };
    update({ timeBase: value('timeBase') === 'system' ? 'system' : undefined, from: value('from'), to: value('to'), types: value('types'), article: value('article'), side: value('side') as Side | undefined });
  };
  const byId = new Map(facts.map((f) => [f.eventId, f]));
  return (
    <>
      <NegotiationNav negotiationId={negotiationId} />
      <h1>Legal timeline</h1>
      <p className="usa-intro">Every fact with when it happened and when it was recorded. Late entries are marked; corrections stand beside what they correct.</p>
      <form className="usa-form lrr-filters no-print" onSubmit={onFilter} aria-label="Timeline filters" key={JSON.stringify(query)}>
        <fieldset className="usa-fieldset">
          <legend className="usa-legend">Filter the timeline</legend>
          <div className="lrr-filter-row">
            <div className="usa-form-group">
              <label className="usa-label" htmlFor="timeBase">
                Dates refer to
              </label>
              <select className="usa-select" id="timeBase" name="timeBase" defaultValue={timeBase}>
                <option value="business">business time (when it happened)</option>
                <option value="system">system time (when it was recorded)</option>
              </select>
            </div>
            <div className="usa-form-group">
              <label className="usa-label" htmlFor="from">
                From
              </label>
              <input className="usa-input" id="from" name="from" type="date" defaultValue={search.from ?? ''} />
            </div>
            <div className="usa-form-group">
              <label className="usa-label" htmlFor="to">
                To
              </label>
              <input className="usa-input" id="to" name="to" type="date" defaultValue={search.to ?? ''} />
            </div>
            <div className="usa-form-group">
              <label className="usa-label" htmlFor="article">
                Article
              </label>
              <input className="usa-input usa-input--small" id="article" name="article" defaultValue={search.article ?? ''} />
            </div>
            <div className="usa-form-group">
              <label className="usa-label" htmlFor="side">
                Side
              </label>
              <select className="usa-select" id="side" name="side" defaultValue={search.side ?? ''}>
                <option value="">both</option>
                <option value="employer">employer</option>
                <option value="union">union</option>
              </select>
            </div>
            <div className="usa-form-group">
              <label className="usa-label" htmlFor="types">
                Types
              </label>
              <span className="usa-hint" id="types-hint">
                comma-separated, e.g. ProposalTabled
              </span>
              <input className="usa-input" id="types" name="types" aria-describedby="types-hint" defaultValue={search.types ?? ''} />
            </div>
          </div>
          <button type="submit" className="usa-button">
            Apply filters
          </button>
          <button type="button" className="usa-button usa-button--unstyled margin-left-2" onClick={() => update({ timeBase: undefined, from: undefined, to: undefined, types: undefined, article: undefined, side: undefined })}>
            Clear filters
          </button>
          <button type="button" className="usa-button usa-button--outline margin-left-2" onClick={() => window.print()}>
            Print
          </button>
        </fieldset>
      </form>
      {CAN.readPrivileged(session.role) && (first?.withheldForPurpose ?? 0) > 0 && !purpose && (
        <form
          className="usa-form lrr-purpose no-print"
          onSubmit={(e) => {
            e.preventDefault();
            if (purposeDraft.trim()) setPurpose(purposeDraft.trim());
          }}
        >
          <div className="usa-alert usa-alert--info usa-alert--slim">
            <div className="usa-alert__body">
              <p className="usa-alert__text">
                {first!.withheldForPurpose} privileged fact(s) are withheld. Reading them is recorded in the access log with the purpose you state.
              </p>
            </div>
          </div>
          <label className="usa-label" htmlFor="purpose">
            Purpose of this privileged read
          </label>
          <input className="usa-input" id="purpose" value={purposeDraft} onChange={(e) => setPurposeDraft(e.target.value)} required maxLength={500} />
          <button className="usa-button" type="submit">
            Show privileged facts
          </button>
        </form>
      )}
      <section aria-labelledby="as-of-heading" className="lrr-card">
        <h2 id="as-of-heading">The table as of a date</h2>
        <form
          className="usa-form lrr-filter-row no-print"
          aria-label="As-of date"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            update({ asOf: String(form.get('asOf') || '') || undefined, asOfBasis: form.get('asOfBasis') === 'system' ? 'system' : undefined });
          }}
        >
          <div className="usa-form-group">
            <label className="usa-label" htmlFor="asOf">
              As of
            </label>
            <input className="usa-input" id="asOf" name="asOf" type="date" max={today()} defaultValue={search.asOf ?? ''} required />
          </div>
          <div className="usa-form-group">
            <label className="usa-label" htmlFor="asOfBasis">
              As
            </label>
            <select className="usa-select" id="asOfBasis" name="asOfBasis" defaultValue={search.asOfBasis ?? 'business'}>
              <option value="business">it happened (business time)</option>
              <option value="system">the record stood (system time)</option>
            </select>
          </div>
          <button type="submit" className="usa-button">
            Show the table
          </button>
        </form>
        {search.asOf && <AsOfTable negotiationId={negotiationId} asOf={search.asOf} basis={search.asOfBasis ?? 'business'} purpose={purpose} />}
      </section>
      {pages.isPending ? (
        <Loading what="the timeline" />
      ) : pages.isError ? (
        <Failure error={pages.error} what="timeline" />
      ) : first === undefined || facts.length === 0 ? (
        <Empty>No fact matches these filters.</Empty>
      ) : (
        <>
          <p data-testid="timeline-count">
            {first.count} facts · {first.lateEntries} late entr{first.lateEntries === 1 ? 'y' : 'ies'} (recorded more than {first.lateEntryDays} days after) · {first.corrections} correction(s)
            {facts.length < first.count && ` · the first ${facts.length} shown`}
          </p>
          <ol className="lrr-timeline" aria-label="Facts">
            {facts.map((fact) => {
              const corrected = correctsId(fact);
              return (
                <li key={fact.eventId} className={`lrr-fact${fact.lateEntry.late ? ' lrr-fact--late' : ''}${corrected ? ' lrr-fact--correction' : ''}`} data-type={fact.type}>
                  <div className="lrr-fact__when">
                    <When time={fact.effectiveOccurredAt} described={fact.occurredAtDescription} />
                    <div className="font-sans-3xs">
                      <Recorded at={fact.recordedAt} />
                    </div>
                  </div>
                  <div className="lrr-fact__what">
                    <strong>{humanize(fact.type)}</strong> <Classification mark={fact.classification} /> {fact.side && <SideName side={fact.side} />}
                    {fact.articles.length > 0 && <span className="font-sans-3xs"> · articles {fact.articles.join(', ')}</span>}
                    {fact.lateEntry.late && <span className="usa-tag lrr-late">late entry: recorded {fact.lateEntry.gapDays} days after</span>}
                    {fact.imported && (
                      <span className="usa-tag lrr-imported" title={`transcribed by ${fact.imported.transcribedBy}; key ${fact.imported.key}`}>
                        imported from {fact.imported.document}
                      </span>
                    )}
                    {fact.effectiveOccurredAt.at !== fact.occurredAt.at && (
                      <div className="lrr-correction-note">
                        Originally recorded as <When time={fact.occurredAt} />; corrected.
                      </div>
                    )}
                    {corrected && <div className="lrr-correction-note">Corrects: {humanize(byId.get(corrected)?.type ?? correctedType(fact) ?? 'an earlier fact')} ({corrected.slice(0, 8)})</div>}
                    {fact.corrections.length > 0 && <div className="lrr-correction-note">Corrected by {fact.corrections.length} later record(s){fact.corrections[0]?.reason ? `: ${fact.corrections[0].reason}` : ''}</div>}
                    <div className="font-sans-3xs lrr-muted">
                      by {fact.recordedBy.subject} ({fact.recordedBy.role}){fact.side ? ` for the ${SIDE_LABELS[fact.side].toLowerCase()}` : ''}
                    </div>
                  </div>
                </li>
              );
            })}
          </ol>
          {pages.hasNextPage && (
            <button type="button" className="usa-button usa-button--outline no-print" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
              Show more
            </button>
          )}
        </>
      )}
    </>
  );
}
