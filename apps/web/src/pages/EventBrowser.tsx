import { useInfiniteQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { api } from '../api/client';
import { read } from '../api/read';
import type { Actor, BusinessTime, ClassificationMark } from '../api/views';
import { NegotiationNav } from '../components/NegotiationNav';
import { Classification, When } from '../components/Record';
import { Failure, Loading } from '../components/Status';

interface StoredEvent {
  readonly eventId: string;
  readonly stream: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly revision: number;
  readonly position: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly occurredAt: BusinessTime;
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly classification: ClassificationMark;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly commandId: string | null;
  readonly prevHash: string;
  readonly hash: string;
}

/** The negotiation's stream as stored: every event's envelope and its link in the hash chain. */
export function EventBrowser() {
  const { negotiationId } = useParams({ strict: false }) as { negotiationId: string };
  const events = useInfiniteQuery({
    queryKey: ['events', negotiationId],
    initialPageParam: 0,
    queryFn: ({ pageParam }) =>
      read<{ events: readonly StoredEvent[]; nextFromRevision: number | null }>(api.GET('/negotiations/{negotiationId}/events', { params: { path: { negotiationId }, query: { fromRevision: pageParam, limit: 100 } } as never })),
    getNextPageParam: (last) => last.nextFromRevision ?? undefined,
  });
  const all = events.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <>
      <NegotiationNav negotiationId={negotiationId} />
      <h1>Event log</h1>
      <p className="usa-intro">The stream negotiation-{negotiationId} as stored. Each event’s hash covers its canonical envelope and the previous event’s hash.</p>
      {events.isPending ? (
        <Loading what="events" />
      ) : events.isError ? (
        <Failure error={events.error} what="events" />
      ) : (
        <>
          <ol className="lrr-events">
            {all.map((e) => (
              <li key={e.eventId} className="lrr-card">
                <details>
                  <summary>
                    <span className="font-mono-2xs">#{e.revision}</span> <strong>{e.type}</strong> · <When time={e.occurredAt} /> · recorded {e.recordedAt.slice(0, 19).replace('T', ' ')} by {e.actor.subject} <Classification mark={e.classification} />
                  </summary>
                  <dl className="lrr-facts font-sans-2xs">
                    <dt>Event id</dt>
                    <dd className="font-mono-2xs">{e.eventId}</dd>
                    <dt>Previous hash</dt>
                    <dd className="font-mono-2xs lrr-hash">{e.prevHash}</dd>
                    <dt>Hash</dt>
                    <dd className="font-mono-2xs lrr-hash">{e.hash}</dd>
                    <dt>Correlation / causation / command</dt>
                    <dd className="font-mono-2xs">
                      {e.correlationId} / {e.causationId ?? '–'} / {e.commandId ?? '–'}
                    </dd>
                    <dt>Position, schema</dt>
                    <dd>
                      {e.position}, v{e.schemaVersion}
                    </dd>
                  </dl>
                  <pre className="lrr-json">{JSON.stringify(e.data, null, 2)}</pre>
                </details>
              </li>
            ))}
          </ol>
          {events.hasNextPage && (
            <button type="button" className="usa-button usa-button--outline" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
              Load more events
            </button>
          )}
        </>
      )}
    </>
  );
}
