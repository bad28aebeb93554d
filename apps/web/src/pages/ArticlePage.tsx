import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../api/client';
import { read } from '../api/read';
import type { ArticleChain, ChainEntry, Side } from '../api/views';
import { CAN } from '../auth/roles';
import { useSession } from '../auth/session';
import { StatusTag, boardStatus } from '../components/ArticleStatus';
import { NegotiationNav } from '../components/NegotiationNav';
import { Classification, Recorded, SIDE_LABELS, SideName, When, humanize } from '../components/Record';
import { Redline } from '../components/Redline';
import { Failure, Loading } from '../components/Status';

const ENTRY_LABELS: Readonly<Record<ChainEntry['kind'], string>> = {
  proposal: 'Proposal',
  counterproposal: 'Counterproposal',
  package: 'Package',
  withdrawal: 'Withdrawal',
  'package-reversion': 'Package rejected: positions revert',
  'package-rejection': 'Package rejected',
  'tentative-agreement': 'Tentative agreement',
  'tentative-agreement-withdrawal': 'Tentative agreement withdrawn',
};

function Entry({ entry }: { entry: ChainEntry }) {
  const own = entry.positionChanges.find((c) => c.side === entry.side) ?? entry.positionChanges[0];
  const text = entry.correctedText ?? entry.text;
  const isPosition = entry.kind === 'proposal' || entry.kind === 'counterproposal' || entry.kind === 'package';
  return (
    <li className={`lrr-entry lrr-entry--${entry.side ?? 'both'}`} id={`entry-${entry.entryId}`}>
      <div className="lrr-entry__head">
        <strong>
          {ENTRY_LABELS[entry.kind]} {entry.number ?? entry.taId ?? ''}
        </strong>{' '}
        · <SideName side={entry.side} /> · <When time={entry.effectiveOccurredAt} />
        {entry.effectiveOccurredAt.at !== entry.occurredAt.at && (
          <span className="lrr-correction-note">
            {' '}
            (recorded as <When time={entry.occurredAt} />, corrected)
          </span>
        )}{' '}
        · <Recorded at={entry.recordedAt} by={entry.recordedBy} />
        {entry.lateByDays > 7 && <span className="usa-tag lrr-late">late entry: {entry.lateByDays} days</span>} <Classification mark={entry.classification} />
      </div>
      {text !== undefined && <p className="lrr-text">{text}</p>}
      {entry.reason && <p>Reason: {entry.reason}</p>}
      {entry.initials && (
        <p className="font-sans-2xs">
          Initials:{' '}
          {entry.initials.map((i) => (
            <span key={i.side} className="margin-right-2">
              {SIDE_LABELS[i.side]}: {i.signatory} on {i.initialedOn}
              {i.lateByDays > 7 && ` (recorded ${i.lateByDays} days later)`}
            </span>
          ))}
          {entry.complete ? <span className="usa-tag bg-green">complete</span> : !entry.withdrawn && <span className="usa-tag bg-gold text-ink">awaiting a signature</span>}
        </p>
      )}
      {isPosition && own && own.from !== null && (
        <details className="lrr-diff" open>
          <summary>Redline against the {entry.side ? SIDE_LABELS[entry.side].toLowerCase() : ''}’s previous position</summary>
          <Redline diff={own.diff} label={`Changes from the same side's previous position`} />
        </details>
      )}
      {entry.costing && (
        <div className="lrr-confidential" data-classification={entry.costing.classification.level}>
          <Classification mark={entry.costing.classification} /> <strong>Costing:</strong> {entry.costing.summary}
          <ul>
            {entry.costing.costs.map((c) => (
              <li key={c.fiscalYear}>
                {c.fiscalYear}: ${Number(c.amount).toLocaleString('en-US')} {c.description}
              </li>
            ))}
          </ul>
        </div>
      )}
      {entry.corrections.map((c) => (
        <div key={c.eventId} className="lrr-correction">
          <strong>Corrected</strong> on {c.correctedOn} (<Recorded at={c.recordedAt} by={c.recordedBy} />): {c.reason}. Changed: {Object.keys(c.correctedFields).map(humanize).join(', ')}.
        </div>
      ))}
    </li>
  );
}

/** A long chain (hundreds of positions) opens on its latest entries; older ones are asked for a page at a time, or all at once. */
const RECENT = 50;

const historyPath = '/negotiations/{negotiationId}/articles/{article}/history' as const;

export function ArticlePage() {
  const { negotiationId, article } = useParams({ strict: false }) as { negotiationId: string; article: string };
  const session = useSession();
  const [showAll, setShowAll] = useState(false);
  // The latest entries first, then each older page before the earliest shown.
  const recent = useInfiniteQuery({
    queryKey: ['article-history', negotiationId, article, 'recent'],
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: ArticleChain) => page.olderBefore ?? undefined,
    queryFn: ({ pageParam }) => read<ArticleChain>(api.GET(historyPath, { params: { path: { negotiationId, article }, query: { limit: RECENT, ...(pageParam !== undefined && { before: pageParam }) } } })),
  });
  const all = useQuery({
    queryKey: ['article-history', negotiationId, article],
    enabled: showAll,
    queryFn: () => read<ArticleChain>(api.GET(historyPath, { params: { path: { negotiationId, article } } })),
  });
  if (recent.isPending) return <Loading what={`article ${article}`} />;
  if (recent.isError && !recent.isFetchNextPageError) return <Failure error={recent.error} what={`article ${article}`} />;
  // The whole chain once it is here (asked for with "Show all"); until then the pages asked for, oldest first.
  const whole = showAll ? all.data : undefined;
  const pages = recent.data.pages;
  // The head (standing positions, the redline across the table) is the latest answer's.
  const chain = whole ?? pages[0]!;
  const entries = whole ? whole.entries : [...pages].reverse().flatMap((page) => page.entries);
  const entryCount = chain.entryCount;
  const older = whole === undefined && recent.hasNextPage;
  const status = boardStatus(chain);
  return (
    <>
      <NegotiationNav negotiationId={negotiationId} />
      <h1>
        Article {chain.article}
        {chain.title && chain.title !== `Article ${chain.article}` && `: ${chain.title}`} <StatusTag status={status} />
      </h1>
      {CAN.record(session.role) && chain.status !== 'agreed' && (
        <p className="lrr-actions">
          {(['employer', 'union'] as Side[]).map((side) => {
            const other = chain.current[side === 'employer' ? 'union' : 'employer'];
            return other?.proposalId ? (
              <Link key={side} className="usa-button usa-button--outline" to="/negotiation/$negotiationId/record/proposal" params={{ negotiationId }} search={{ respondsTo: other.proposalId, article: chain.article }}>
                Counter for the {side} ({other.number})
              </Link>
            ) : null;
          })}
          <Link className="usa-button usa-button--outline" to="/negotiation/$negotiationId/record/tentative-agreement" params={{ negotiationId }} search={{ article: chain.article }}>
            Initial a TA on this article
          </Link>
        </p>
      )}
      <section aria-labelledby="standing" className="lrr-card">
        <h2 id="standing">Where each side stands</h2>
        <div className="grid-row grid-gap lrr-side-by-side">
          {(['employer', 'union'] as Side[]).map((side) => {
            const p = chain.current[side];
            return (
              <div key={side} className={`tablet:grid-col-6 lrr-column lrr-column--${side}`}>
                <h3>{SIDE_LABELS[side]}</h3>
                {p ? (
                  <>
                    <p className="font-sans-3xs">
                      <strong>{p.number ?? p.taId}</strong> {p.kind === 'tentative-agreement' ? 'TA' : p.kind} · <When time={p.occurredAt} />
                    </p>
                    <p className="lrr-text">{p.text}</p>
                  </>
                ) : (
                  <p className="lrr-muted">{(chain.withdrawn ?? []).includes(side) ? 'Withdrawn: no position on the table.' : 'No position on the table.'}</p>
                )}
              </div>
            );
          })}
        </div>
        {chain.acrossTheTable && (
          <details className="lrr-diff" open>
            <summary>Redline: the union’s position against the employer’s</summary>
            <Redline diff={chain.acrossTheTable.diff} label="Differences between the employer's and the union's standing positions" />
          </details>
        )}
      </section>
      <section aria-labelledby="chain">
        <h2 id="chain">Chain of positions ({entryCount})</h2>
        <p className="font-sans-2xs">In business order (as corrected). Each position shows what changed from the same side’s previous position; the redline above compares the two sides’ standing positions.</p>
        {older && (
          <p className="no-print" data-testid="older-entries">
            Showing the latest {entries.length} of {entryCount} entries.{' '}
            <button type="button" className="usa-button usa-button--unstyled" disabled={recent.isFetchingNextPage || all.isFetching} onClick={() => void recent.fetchNextPage()}>
              Show {Math.min(RECENT, entryCount - entries.length)} older positions
            </button>{' '}
            ·{' '}
            <button type="button" className="usa-button usa-button--unstyled" disabled={recent.isFetchingNextPage || all.isFetching} onClick={() => setShowAll(true)}>
              Show all {entryCount}
            </button>
            {(recent.isFetchingNextPage || all.isFetching) && <span className="lrr-loading"> Loading…</span>}
          </p>
        )}
        {recent.isFetchNextPageError && <Failure error={recent.error} what="the older positions" />}
        {all.isError && <Failure error={all.error} what={`every position on article ${article}`} />}
        <ol className="lrr-chain" start={Math.max(1, entryCount - entries.length + 1)}>
          {entries.map((entry) => (
            <Entry key={entry.entryId} entry={entry} />
          ))}
        </ol>
      </section>
    </>
  );
}
