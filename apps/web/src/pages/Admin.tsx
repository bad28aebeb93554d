import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { read } from '../api/read';
import type { ProjectionStatus } from '../api/views';
import { Failure, Loading } from '../components/Status';

/** Each read model's projection: where it stands in the event store, and whether it stopped on an event. */
export function Projections() {
  const status = useQuery({ queryKey: ['projections'], queryFn: () => read<{ projections: readonly ProjectionStatus[] }>(api.GET('/projections')), refetchInterval: 5_000 });
  return (
    <>
      <h1>Projections</h1>
      <p className="usa-intro">The read models are projected from the events; each can be rebuilt (npm run cli -- projections rebuild). This page refreshes every five seconds.</p>
      {status.isPending ? (
        <Loading what="projection status" />
      ) : status.isError ? (
        <Failure error={status.error} what="projection status" />
      ) : (
        <table className="usa-table usa-table--borderless lrr-table">
          <caption className="usa-sr-only">Projections</caption>
          <thead>
            <tr>
              <th scope="col">Projection</th>
              <th scope="col">State</th>
              <th scope="col" className="lrr-num">Events projected</th>
              <th scope="col">Checkpoint</th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {status.data.projections.map((p) => (
              <tr key={p.projection} className={p.error ? 'lrr-row--overdue' : undefined}>
                <th scope="row">{p.projection}</th>
                <td>
                  <span className={`usa-tag ${p.state === 'live' ? 'bg-green' : p.error ? 'bg-secondary-dark' : 'bg-gold text-ink'}`}>{p.state}</span>
                </td>
                <td className="lrr-num">{p.events.toLocaleString('en-US')}</td>
                <td className="font-mono-3xs">{p.checkpoint ?? '–'}</td>
                <td>{p.error ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
