import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { read } from '../api/read';
import { Empty, Failure, Loading } from '../components/Status';

interface Entry {
  readonly logEventId: string;
  readonly at: string;
  readonly subject: string;
  readonly role: string;
  readonly resource: string;
  readonly eventId: string | null;
  readonly stream: string | null;
  readonly classification: string | null;
  readonly purpose: string | null;
  readonly outcome: 'granted' | 'denied';
  readonly reason: string | null;
}

interface Filters {
  negotiationId?: string;
  subject?: string;
  outcome?: 'granted' | 'denied';
}

/** Every read of confidential or privileged content, and every refused attempt: who, what, when, why. */
export function AccessLog() {
  const [filters, setFilters] = useState<Filters>({});
  const log = useInfiniteQuery({
    queryKey: ['access-log', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      read<{ entries: readonly Entry[]; nextCursor: string | null }>(api.GET('/access-log', { params: { query: { ...filters, limit: 100, ...(pageParam && { cursor: pageParam }) } } as never })),
    getNextPageParam: (last) => last.nextCursor,
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    setFilters({ negotiationId: value('negotiationId'), subject: value('subject'), outcome: value('outcome') as Filters['outcome'] });
  };
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <>
      <h1>Access log</h1>
      <p className="usa-intro">Every read of confidential or privileged content and every refused attempt, with the purpose stated.</p>
      <form className="usa-form lrr-filter-row" onSubmit={onSubmit} aria-label="Access log filters">
        <div className="usa-form-group">
          <label className="usa-label" htmlFor="log-negotiation">
            Negotiation
          </label>
          <input className="usa-input" id="log-negotiation" name="negotiationId" />
        </div>
        <div className="usa-form-group">
          <label className="usa-label" htmlFor="log-subject">
            Reader
          </label>
          <input className="usa-input" id="log-subject" name="subject" />
        </div>
        <div className="usa-form-group">
          <label className="usa-label" htmlFor="log-outcome">
            Outcome
          </label>
          <select className="usa-select" id="log-outcome" name="outcome" defaultValue="">
            <option value="">any</option>
            <option value="granted">granted</option>
            <option value="denied">denied</option>
          </select>
        </div>
        <button className="usa-button" type="submit">
          Filter
        </button>
      </form>
      {log.isPending ? (
        <Loading what="the access log" />
      ) : log.isError ? (
        <Failure error={log.error} what="the access log" />
      ) : entries.length === 0 ? (
        <Empty>No access is logged for these filters.</Empty>
      ) : (
        <>
          <table className="usa-table usa-table--borderless usa-table--compact lrr-table">
            <caption className="usa-sr-only">Access log entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Reader</th>
                <th scope="col">What</th>
                <th scope="col">Classification</th>
                <th scope="col">Purpose</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.logEventId} className={e.outcome === 'denied' ? 'lrr-row--overdue' : undefined}>
                  <td>{e.at.replace('T', ' ').slice(0, 19)}</td>
                  <td>
                    {e.subject} <span className="lrr-muted">({e.role})</span>
                  </td>
                  <td>
                    {e.resource}
                    {e.stream && <div className="font-sans-3xs">{e.stream}</div>}
                  </td>
                  <td>{e.classification ?? '–'}</td>
                  <td>{e.purpose ?? '–'}</td>
                  <td>
                    {e.outcome}
                    {e.reason && <div className="font-sans-3xs">{e.reason}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {log.hasNextPage && (
            <button type="button" className="usa-button usa-button--outline" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
              Show more
            </button>
          )}
        </>
      )}
    </>
  );
}
