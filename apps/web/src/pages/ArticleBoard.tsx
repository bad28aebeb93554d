import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { api } from '../api/client';
import { read } from '../api/read';
import type { ArticleSummary, Side, StandingPosition } from '../api/views';
import { StatusTag, boardStatus, type BoardStatus } from '../components/ArticleStatus';
import { NegotiationNav } from '../components/NegotiationNav';
import { When } from '../components/Record';
import { Empty, Failure, Loading } from '../components/Status';

export const KIND_LABELS: Readonly<Record<StandingPosition['kind'], string>> = { proposal: 'proposal', counterproposal: 'counterproposal', package: 'package', 'tentative-agreement': 'TA' };

function Position({ position, withdrawn }: { position: StandingPosition | null; withdrawn: boolean }) {
  if (!position) return <span className="lrr-muted">{withdrawn ? 'withdrawn' : 'no position'}</span>;
  return (
    <div className="lrr-position">
      <div className="font-sans-3xs">
        <strong>{position.number ?? position.taId}</strong> {KIND_LABELS[position.kind]} · <When time={position.occurredAt} />
      </div>
      <div className="lrr-clamp">{position.text}</div>
    </div>
  );
}

const FILTERS: readonly (BoardStatus | 'all')[] = ['all', 'open', 'in-package', 'awaiting-signature', 'agreed', 'withdrawn'];

export function ArticleBoard() {
  const { negotiationId } = useParams({ strict: false }) as { negotiationId: string };
  const [filter, setFilter] = useState<BoardStatus | 'all'>('all');
  const articles = useQuery({
    queryKey: ['articles', negotiationId],
    queryFn: () => read<{ articles: readonly ArticleSummary[] }>(api.GET('/negotiations/{negotiationId}/articles', { params: { path: { negotiationId } } })),
  });
  const rows = useMemo(() => (articles.data?.articles ?? []).map((a) => ({ article: a, status: boardStatus(a) })), [articles.data]);
  const shown = filter === 'all' ? rows : rows.filter((r) => r.status === filter);
  return (
    <>
      <NegotiationNav negotiationId={negotiationId} />
      <h1>Article board</h1>
      <p className="usa-intro">Each article with each side’s latest position and where it stands. Select an article for both sides’ positions side by side and the redlines.</p>
      {articles.isPending ? (
        <Loading what="the article board" />
      ) : articles.isError ? (
        <Failure error={articles.error} what="articles" />
      ) : rows.length === 0 ? (
        <Empty>No position has been tabled on any article yet.</Empty>
      ) : (
        <>
          <div className="usa-form-group lrr-inline-filter">
            <label className="usa-label" htmlFor="board-filter">
              Show
            </label>
            <select id="board-filter" className="usa-select" value={filter} onChange={(e) => setFilter(e.target.value as BoardStatus | 'all')}>
              {FILTERS.map((f) => (
                <option key={f} value={f}>
                  {f === 'all' ? `all articles (${rows.length})` : `${f.replace('-', ' ')} (${rows.filter((r) => r.status === f).length})`}
                </option>
              ))}
            </select>
          </div>
          <table className="usa-table usa-table--borderless lrr-table lrr-board" data-testid="article-board">
            <caption className="usa-sr-only">Articles by each side’s latest position and status</caption>
            <thead>
              <tr>
                <th scope="col">Article</th>
                <th scope="col">Employer’s latest position</th>
                <th scope="col">Union’s latest position</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {shown.map(({ article: a, status }) => (
                <tr key={a.article} className={`lrr-row--${status}`}>
                  <th scope="row">
                    <Link to="/negotiation/$negotiationId/article/$article" params={{ negotiationId, article: a.article }}>
                      Article {a.article}
                    </Link>
                    {a.title && a.title !== `Article ${a.article}` && <div className="font-sans-3xs">{a.title}</div>}
                    <div className="font-sans-3xs lrr-muted">{a.entryCount} entries</div>
                  </th>
                  {(['employer', 'union'] as Side[]).map((side) => (
                    <td key={side}>
                      <Position position={a.current[side]} withdrawn={(a.withdrawn ?? []).includes(side)} />
                    </td>
                  ))}
                  <td>
                    <StatusTag status={status} />
                    {a.tentativeAgreement && <div className="font-sans-3xs">TA {a.tentativeAgreement.taId}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
