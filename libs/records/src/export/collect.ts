import { type EventStore, type RecordedEvent, readStreamOrEmpty } from '#event-store';

/** The streams that make up one negotiation's file, each with every event in revision order. */
export interface NegotiationRecordStreams {
  readonly negotiationStream: string;
  readonly streams: ReadonlyMap<string, readonly RecordedEvent[]>;
}

export interface CollectOptions {
  /** More streams to include whole (an access-log stream, once it exists). */
  readonly extraStreams?: readonly string[];
  /** Page size when scanning a category. */
  readonly pageSize?: number;
}

/**
 * Reads a negotiation's record from the event store: the negotiation stream `negotiation-<id>`
 * (which also holds its confidential notes and corrections), every information-request stream whose
 * `InformationRequestReceived` names the negotiation, the negotiation's classification changes
 * (`classification-<id>`) and access log (`accesslog-<id>`) when they exist, and any extra streams
 * asked for. Streams are read whole, so each chain can be verified from its genesis.
 */
export async function collectNegotiationStreams(store: EventStore, negotiationId: string, options: CollectOptions = {}): Promise<NegotiationRecordStreams> {
  const negotiationStream = `negotiation-${negotiationId}`;
  const streams = new Map<string, readonly RecordedEvent[]>();
  streams.set(negotiationStream, await readStreamOrEmpty(store, negotiationStream));

  const linked = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const page = await store.readAll({ category: 'inforequest', after, maxCount: options.pageSize ?? 500 });
    for (const event of page.events) {
      if (event.type === 'InformationRequestReceived' && event.data['negotiationId'] === negotiationId) linked.add(event.stream);
    }
    if (page.events.length === 0 || page.checkpoint === null || page.checkpoint === after) break;
    after = page.checkpoint;
  }
  for (const stream of [...linked].sort()) streams.set(stream, await readStreamOrEmpty(store, stream));
  for (const stream of [`classification-${negotiationId}`, `accesslog-${negotiationId}`, ...(options.extraStreams ?? [])]) {
    if (streams.has(stream)) continue;
    const events = await readStreamOrEmpty(store, stream);
    if (events.length > 0) streams.set(stream, events);
  }
  return { negotiationStream, streams };
}
