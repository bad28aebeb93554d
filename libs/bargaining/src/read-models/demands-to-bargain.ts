import type { RecordedEvent } from '#event-store';
import type { ClassificationMark } from '#kernel';
import type { DocumentProjection } from '#read-store';
import { DEMAND_EVENT_TYPES, demandSummary, foldDemand } from '../domain/demand-to-bargain.js';
import { DEMAND_STREAM_CATEGORY } from '../domain/ids.js';

/*
 * demands-to-bargain: one document per demand (`demand-<id>`), holding its records as stored, so a
 * unit's demands are listed from the read model and each is folded from the records its reader may
 * read (the demand's own fold, the one GET /demands-to-bargain/:id answers).
 */

/** One recorded fact of a demand, as the read policy and the fold need it. */
export interface DemandRecord {
  readonly eventId: string;
  readonly stream: string;
  readonly type: string;
  readonly revision: number;
  readonly data: Readonly<Record<string, unknown>>;
  readonly classification: ClassificationMark;
}

export interface DemandToBargainDoc {
  readonly demandId: string;
  readonly unitId: string;
  readonly demandedOn: string;
  /** The last stream revision applied: a replayed event changes nothing. */
  readonly revision: number;
  readonly records: readonly DemandRecord[];
}

/** A demand as a unit's list shows it: the same answer as GET /demands-to-bargain/:id. */
export type DemandToBargainEntry = ReturnType<typeof demandSummary> & { readonly revision: number };

const DEMAND_TYPES: ReadonlySet<string> = new Set(DEMAND_EVENT_TYPES);
const STREAM_PREFIX = `${DEMAND_STREAM_CATEGORY}-`;

const recordOf = (event: RecordedEvent): DemandRecord => ({
  eventId: event.eventId,
  stream: event.stream,
  type: event.type,
  revision: event.revision,
  data: event.data,
  classification: { level: event.classification.level, basis: event.classification.basis },
});

/** Pure: the demand's document after one recorded event of its stream; nothing before the demand is made. */
export function evolveDemandDoc(doc: DemandToBargainDoc | null, event: RecordedEvent): DemandToBargainDoc | null {
  if (doc !== null && event.revision <= doc.revision) return doc;
  if (!DEMAND_TYPES.has(event.type)) return doc === null ? null : { ...doc, revision: event.revision };
  const records = [...(doc?.records ?? []), recordOf(event)];
  const state = foldDemand(records);
  if (state.status !== 'made') return doc;
  return { demandId: state.demandId, unitId: state.unitId, demandedOn: state.demandedOn, revision: event.revision, records };
}

/** The demand folded from the records a reader may read; null when its making is not among them. */
export function demandEntry(doc: DemandToBargainDoc, readable: readonly DemandRecord[]): DemandToBargainEntry | null {
  const state = foldDemand(readable);
  return state.status === 'made' ? { ...demandSummary(state), revision: doc.revision } : null;
}

export const demandsToBargainProjection: DocumentProjection<DemandToBargainDoc> = {
  name: 'demands-to-bargain',
  version: 1,
  categories: [DEMAND_STREAM_CATEGORY],
  columns: {
    unit_id: { type: 'text', value: (doc) => doc.unitId },
    demanded_on: { type: 'date', value: (doc) => doc.demandedOn },
  },
  keys: (event) => (event.stream.startsWith(STREAM_PREFIX) ? [event.stream.slice(STREAM_PREFIX.length)] : []),
  evolve: (doc, event) => evolveDemandDoc(doc, event),
};
