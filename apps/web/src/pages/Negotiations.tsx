import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../api/client';
import { read } from '../api/read';
import type { NegotiationSummary, Page } from '../api/views';
import { stageLabel } from '../components/Record';
import { Empty, Failure, Loading } from '../components/Status';

/** Negotiations the reader may see, found by id or unit, with links to each one's pages. */
export function NegotiationTable({ withFiles = false }: { withFiles?: boolean }) {
  const search = useSearch({ strict: false }) as { status?: string };
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const status = search.status === 'open' || search.status === 'concluded' ? search.status : undefined;
  const summaries = useQuery({
    queryKey: ['negotiation-summaries', 'all', status],
    queryFn: () => read<Page<NegotiationSummary>>(api.GET('/negotiation-summaries', { params: { query: { limit: 200, sort: 'last-activity', ...(status && { status }) } } })),
  });
  const needle = text.trim().toLowerCase();
  const found = (summaries.data?.items ?? []).filter((s) => !needle || s.negotiationId.toLowerCase().includes(needle) || s.unitName.toLowerCase().includes(needle));
  return (
    <>
      <div className="lrr-filter-row">
        <div className="usa-form-group">
          <label className="usa-label" htmlFor="find-negotiation">
            Find a negotiation (id or unit)
          </label>
          <input className="usa-input" id="find-negotiation" type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="usa-form-group">
          <label className="usa-label" htmlFor="negotiation-status">
            Status
          </label>
          <select className="usa-select" id="negotiation-status" value={status ?? ''} onChange={(e) => void navigate({ to: '.', search: { status: e.target.value || undefined } as never, replace: true })}>
            <option value="">any</option>
            <option value="open">open</option>
            <option value="concluded">concluded</option>
          </select>
        </div>
      </div>
      {summaries.isPending ? (
        <Loading what="negotiations" />
      ) : summaries.isError ? (
        <Failure error={summaries.error} what="negotiations" />
      ) : found.length === 0 ? (
        <Empty>No negotiation matches.</Empty>
      ) : (
        <table className="usa-table usa-table--borderless lrr-table" data-testid="negotiation-table">
          <caption className="usa-sr-only">Negotiations, most recent activity first</caption>
          <thead>
            <tr>
              <th scope="col">Negotiation</th>
              <th scope="col">Unit</th>
              <th scope="col">Stage</th>
              <th scope="col" className="lrr-num">Days at the table</th>
              <th scope="col">Open articles</th>
              <th scope="col">Last activity</th>
              {withFiles && <th scope="col">Files</th>}
            </tr>
          </thead>
          <tbody>
            {found.map((s) => (
              <tr key={s.negotiationId}>
                <th scope="row">
                  <Link to="/negotiation/$negotiationId" params={{ negotiationId: s.negotiationId }}>
                    {s.negotiationId}
                  </Link>
                </th>
                <td>{s.unitName}</td>
                <td>{stageLabel(s.stage)}</td>
                <td className="lrr-num">{s.daysAtTable}</td>
                <td>{s.openArticles.length}</td>
                <td>{s.lastActivity?.occurredAt.at.slice(0, 10) ?? '–'}</td>
                {withFiles && (
                  <td>
                    <Link to="/negotiation/$negotiationId/files" params={{ negotiationId: s.negotiationId }} aria-label={`Files of ${s.negotiationId}`}>
                      Files
                    </Link>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function Negotiations() {
  return (
    <>
      <h1>Negotiations</h1>
      <NegotiationTable />
    </>
  );
}
