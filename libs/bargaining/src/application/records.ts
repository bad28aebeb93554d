import { Inject, Injectable } from '@nestjs/common';
import { AccessErrorCode, type AccessContext, type ClassificationBook, NegotiationFiles, ReadPolicy } from '#access';
import { type EventStore, type RecordedEvent, StreamNotFound, readStreamOrEmpty } from '#event-store';
import { CLOCK, type Clock, EVENT_STORE } from '#platform';
import { type Actor, type ClassificationMark, DomainError, calendarDay, fold } from '#kernel';
import { LRUCache } from 'lru-cache';
import { type DemandSnapshot, type MadeDemand, demandSnapshot, foldDemand } from '../domain/demand-to-bargain.js';
import { demandStream, isBargainingId, negotiationStream, unitStream } from '../domain/ids.js';
import type { NegotiationEvent } from '../domain/negotiation/events.js';
import { type NegotiationState, evolveNegotiation, initialNegotiationState } from '../domain/negotiation/state.js';
import { type UnitEvent, type UnitState, unitDecider } from '../domain/unit.js';
import { demandNotFound, negotiationNotFound, unitNotFound } from './errors.js';

/** A record the GET of a negotiation shows and logs: enough for the read policy (where it is, how it was recorded). */
export interface ShownRecord {
  readonly eventId: string;
  readonly stream: string;
  readonly classification: ClassificationMark;
  readonly revision: number;
}

/**
 * A negotiation's stream as one caller may see it, folded to a revision of the stream: the state and
 * what the read routes need to answer without the stream itself (the events they show are read by
 * revision or id: `eventsAt`, `storedEvent`, `tabling`).
 */
export interface VisibleNegotiation {
  readonly negotiationId: string;
  /** The stream's revision this view was folded to (its head when read). */
  readonly revision: number;
  /** The negotiation folded from the visible events alone: nothing the caller may not see shapes it. */
  readonly state: NegotiationState;
  /** Each event's classification in effect on a day (the negotiation's classification book). */
  readonly classificationOf: (event: { readonly eventId: string; readonly classification: ClassificationMark }, asOf: string) => ClassificationMark;
  /** The revisions of the events the read policy lets the caller read, by their classification in effect today, ascending. */
  readonly visible: readonly number[];
  /** The revisions of the visible tablings (proposals, counterproposals, packages), ascending. */
  readonly tablings: readonly number[];
  /** The visible confidential notes, costings and corrections, in recording order (what the list routes cross-reference). */
  readonly held: readonly RecordedEvent[];
  /** The visible records the negotiation's folded state carries and whose read is logged (not notes, not costings). */
  readonly logged: readonly ShownRecord[];
  /** Privileged events the reader is cleared for but asked for without a purpose, counted by `${type}\n${correctedEventType}`. */
  readonly withheld: ReadonlyMap<string, number>;
}

/** A reader's view of one negotiation, kept between requests: valid for the day and book it was screened by. */
interface View extends VisibleNegotiation {
  readonly day: string;
  readonly book: ClassificationBook;
  /** The hash of the event at `revision`: the next events read must link to it. */
  readonly hash: string;
}

/** Where each event of a negotiation's stream stands, whoever reads: kept between requests, only ever added to. */
interface StreamIndex {
  revision: number;
  hash: string;
  readonly ids: Map<string, number>;
  /** The first tabling of each proposal id. */
  readonly tablings: Map<string, number>;
}

const TABLINGS: ReadonlySet<string> = new Set(['ProposalTabled', 'CounterproposalTabled', 'PackageTabled']);
const HELD: ReadonlySet<string> = new Set(['ConfidentialNoteRecorded', 'ProposalCostingRecorded', 'CorrectionRecorded']);
/** What the GET of a negotiation does not show of the visible events: a note adds only a count and a costing nothing. */
const NOT_SHOWN_BY_STATE: ReadonlySet<string> = new Set(['ConfidentialNoteRecorded', 'ProposalCostingRecorded']);
/** Revisions further apart than this are read by separate range reads. */
const READ_GAP = 64;
/** Most events read at once: what a request holds of a long stream. */
const PAGE = 1000;
/** Range reads run at once. */
const READ_PARALLEL = 4;

/**
 * Whether every event folded up to `revision` is classified alike by both books on any day (the
 * changes that concern it are the same): then a view screened by `before` is the view `after` screens.
 */
function sameVisibility(before: ClassificationBook, after: ClassificationBook, index: StreamIndex, revision: number): boolean {
  if (before === after) return true;
  const targets = new Set([...before.changes, ...after.changes].map((change) => change.targetEventId));
  for (const target of targets) {
    const at = index.ids.get(target);
    if (at === undefined || at > revision) continue;
    if (JSON.stringify(before.changesOf(target)) !== JSON.stringify(after.changesOf(target))) return false;
  }
  return true;
}

/** Up to PAGE events of the stream from a revision on; null when the stream does not exist. */
async function readPage(store: EventStore, stream: string, fromRevision: number): Promise<RecordedEvent[] | null> {
  try {
    return await store.readStream(stream, { fromRevision, maxCount: PAGE });
  } catch (error) {
    if (error instanceof StreamNotFound) return null;
    throw error;
  }
}

const withheldKey = (event: RecordedEvent): string => `${event.type}\n${event.type === 'CorrectionRecorded' ? String(event.data['correctedEventType']) : ''}`;

/** Who reads and why: the actor and X-Access-Purpose (privileged content needs one), with the correlation id. */
export type Reader = Pick<AccessContext, 'actor' | 'purpose'> & Partial<Pick<AccessContext, 'correlationId'>>;

/**
 * Reads of the bargaining streams, for the query routes and for handlers that resolve a reference
 * before deciding. Every read path goes through the one ReadPolicy (#access) with each record's
 * classification in effect today (the classification book): an id that cannot name a stream, a
 * stream that does not exist and a record the caller may not read all answer 404. Query routes log
 * the confidential and privileged records they return (`logReads`) and every refused attempt at a
 * record asked for by id (`assertReadable`).
 */
@Injectable()
export class BargainingRecords {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ReadPolicy) private readonly policy: ReadPolicy,
    @Inject(NegotiationFiles) private readonly files: NegotiationFiles,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Each reader's view (negotiation stream, role, purpose given or not), least recently used evicted
   * first; sized by the events it folded and holds (its state grows with them): a few views of a
   * 20,000-event negotiation, many of ordinary ones, within the API's heap.
   */
  private readonly views = new LRUCache<string, View>({
    max: 256,
    maxSize: 120_000,
    sizeCalculation: (view) => 1 + view.visible.length + view.logged.length + view.held.length * 8,
  });
  /** Each negotiation stream's index; sized by its events. */
  private readonly indexes = new LRUCache<string, StreamIndex>({ max: 64, maxSize: 200_000, sizeCalculation: (index) => 1 + index.ids.size });
  /** Views being built from the whole stream: a second reader of the same view waits for the first build. */
  private readonly building = new Map<string, Promise<unknown>>();

  /**
   * The negotiation as the reader may see it, screened by the read policy (nothing logged: the
   * caller logs what its answer shows). A privileged record asked for without a purpose is left out.
   * The reader's view is kept between requests and caught up with the events recorded since (a read
   * of only those, the store checking them against the stream's head); it is folded again from the
   * whole stream on a new day or when the classification book changed for an event already folded
   * (a reclassification, a classifying fact), since either can change which older events are visible.
   */
  async negotiation(negotiationId: string, reader: Reader): Promise<VisibleNegotiation> {
    if (!isBargainingId(negotiationId)) throw negotiationNotFound(negotiationId);
    const stream = negotiationStream(negotiationId);
    const key = `${stream}\n${reader.actor.role}\n${reader.purpose !== null && reader.purpose.trim() !== ''}`;
    const pending = this.building.get(key);
    if (pending) await pending.catch(() => undefined);
    const now = this.clock.now().toISOString();
    const day = calendarDay(now);
    const cached = this.views.peek(key);
    const base = cached?.day === day ? cached : undefined;
    const work = this.caughtUp(negotiationId, stream, key, base, reader, now, day);
    if (!base) {
      this.building.set(key, work);
      void work.finally(() => {
        if (this.building.get(key) === work) this.building.delete(key);
      }).catch(() => undefined);
    }
    return work;
  }

  private async caughtUp(negotiationId: string, stream: string, key: string, base: View | undefined, reader: Reader, now: string, day: string): Promise<View> {
    const book = await this.bookOf(negotiationId);
    const index = this.indexes.get(stream);
    // The kept view holds while the book classifies every event it folded as the one it was screened by did.
    let view = base && index && index.revision >= base.revision && sameVisibility(base.book, book, index, base.revision) ? base : undefined;
    await this.catchUp(negotiationId, stream, view?.revision ?? -1, (events) => {
      view = this.folded(negotiationId, view, events, book, reader, now, day);
    });
    const caught = this.folded(negotiationId, view, [], book, reader, now, day);
    const current = this.views.peek(key);
    if (!current || current.day !== day || current.revision <= caught.revision) this.views.set(key, caught);
    return caught;
  }

  /** The classification book of the negotiation's own stream; 404 as the bargaining routes answer it when never opened. */
  private async bookOf(negotiationId: string): Promise<ClassificationBook> {
    try {
      return await this.files.classificationBook(negotiationId);
    } catch (error) {
      if (error instanceof DomainError && error.code === AccessErrorCode.NEGOTIATION_NOT_FOUND) throw negotiationNotFound(negotiationId);
      throw error;
    }
  }

  /**
   * The stream's index caught up with what was recorded since, a page at a time (the store checks
   * each read against the stream's head); `onPage` is handed the events of each page after `from`.
   * 404 when the stream does not exist.
   */
  private async catchUp(negotiationId: string, stream: string, from: number, onPage?: (events: readonly RecordedEvent[]) => void): Promise<StreamIndex> {
    const index = this.indexes.get(stream) ?? { revision: -1, hash: '', ids: new Map<string, number>(), tablings: new Map<string, number>() };
    for (let next = Math.min(from, index.revision) + 1; ; ) {
      const page = await readPage(this.store, stream, next);
      if (page === null) throw negotiationNotFound(negotiationId);
      for (const event of page) {
        if (event.revision !== index.revision + 1) continue;
        index.ids.set(event.eventId, event.revision);
        const proposalId = event.data['proposalId'];
        if (TABLINGS.has(event.type) && typeof proposalId === 'string' && !index.tablings.has(proposalId)) index.tablings.set(proposalId, event.revision);
        index.revision = event.revision;
        index.hash = event.hash;
      }
      this.indexes.set(stream, index);
      const later = page.filter((event) => event.revision > from);
      if (later.length > 0) onPage?.(later);
      if (page.length < PAGE) return index;
      next = page.at(-1)!.revision + 1;
    }
  }

  /** `base` (or nothing) folded on with `events`, each screened by its classification today: a new view, `base` untouched. */
  private folded(negotiationId: string, base: View | undefined, events: readonly RecordedEvent[], book: ClassificationBook, reader: Reader, now: string, day: string): View {
    if (base && events.length === 0 && base.book === book) return base;
    const classificationOf = (event: { readonly eventId: string; readonly classification: ClassificationMark }, asOf: string) => book.classificationOf(event, asOf);
    const visible = [...(base?.visible ?? [])];
    const tablings = [...(base?.tablings ?? [])];
    const held = [...(base?.held ?? [])];
    const logged = [...(base?.logged ?? [])];
    const withheld = new Map(base?.withheld ?? []);
    let state = base?.state ?? initialNegotiationState();
    let { revision, hash } = base ?? { revision: -1, hash: '' };
    for (const event of events) {
      revision = event.revision;
      hash = event.hash;
      const decided = this.policy.decide(reader.actor, classificationOf(event, now), reader.purpose);
      if (decided.outcome !== 'granted') {
        if (decided.reason === 'purpose-required') withheld.set(withheldKey(event), (withheld.get(withheldKey(event)) ?? 0) + 1);
        continue;
      }
      visible.push(event.revision);
      state = evolveNegotiation(state, event as unknown as NegotiationEvent);
      if (TABLINGS.has(event.type)) tablings.push(event.revision);
      if (HELD.has(event.type)) held.push(event);
      if (!NOT_SHOWN_BY_STATE.has(event.type) && decided.logged) logged.push(shownRecord(event));
    }
    return { negotiationId, revision, hash, day, book, state, classificationOf, visible, tablings, held, logged, withheld };
  }

  /**
   * The stored event with this id, asked for by id, through assertReadable (a refusal logged, a read
   * of a confidential or privileged one logged); `notFound()` when the stream held no such event at
   * the view's revision, or none that `accept` takes.
   */
  async readableEvent(record: VisibleNegotiation, eventId: string, reader: Reader, resource: string, notFound: () => Error, accept: (event: RecordedEvent) => boolean = () => true): Promise<RecordedEvent> {
    const event = await this.eventAt(record, (await this.indexOf(record)).ids.get(eventId));
    if (!event || !accept(event)) throw notFound();
    await this.assertReadable(record, event, reader, resource, notFound);
    return event;
  }

  /** The stored event that tabled a proposal, counterproposal or package, asked for by the proposal's id, through assertReadable (readableEvent). */
  async readableTabling(record: VisibleNegotiation, proposalId: string, reader: Reader, resource: string, notFound: () => Error): Promise<RecordedEvent> {
    const tabled = await this.eventAt(record, (await this.indexOf(record)).tablings.get(proposalId));
    if (!tabled) throw notFound();
    await this.assertReadable(record, tabled, reader, resource, notFound);
    return tabled;
  }

  /** The index of the view's stream (read again if it was evicted since). */
  private async indexOf(record: VisibleNegotiation): Promise<StreamIndex> {
    const stream = negotiationStream(record.negotiationId);
    return this.indexes.get(stream) ?? (await this.catchUp(record.negotiationId, stream, Number.MAX_SAFE_INTEGER));
  }

  /**
   * The events at these revisions of the negotiation's stream (ascending) that the reader may read, as
   * the read policy screens them (the view's visible revisions, asked for, are all of them).
   */
  async eventsAt(record: VisibleNegotiation, revisions: readonly number[], reader: Reader): Promise<RecordedEvent[]> {
    return this.policy.screen(reader.actor, await this.storedAt(record, revisions), reader.purpose, { classificationOf: record.classificationOf }).readable;
  }

  /** The stored events at these revisions (ascending), read by ranges of nearby revisions. */
  private async storedAt(record: VisibleNegotiation, revisions: readonly number[]): Promise<RecordedEvent[]> {
    const stream = negotiationStream(record.negotiationId);
    const ranges: { from: number; to: number }[] = [];
    for (const revision of revisions) {
      const last = ranges.at(-1);
      if (last && revision - last.to <= READ_GAP && revision - last.from < PAGE) last.to = revision;
      else ranges.push({ from: revision, to: revision });
    }
    const wanted = new Set(revisions);
    const read: RecordedEvent[][] = [];
    for (let i = 0; i < ranges.length; i += READ_PARALLEL) {
      read.push(...(await Promise.all(ranges.slice(i, i + READ_PARALLEL).map(({ from, to }) => this.store.readStream(stream, { fromRevision: from, maxCount: to - from + 1 })))));
    }
    return read.flat().filter((event) => wanted.has(event.revision));
  }

  private async eventAt(record: VisibleNegotiation, revision: number | undefined): Promise<RecordedEvent | undefined> {
    if (revision === undefined || revision > record.revision) return undefined;
    return (await this.storedAt(record, [revision]))[0];
  }

  /**
   * An event of the negotiation as a writer resolving a reference may see it: the policy's clearance
   * with the classification in effect today (a command reads no content back, so no purpose is
   * asked for); undefined when the stream holds no such event or the writer may not see it. 404 when
   * the negotiation was never opened.
   */
  async eventForCommand(negotiationId: string, eventId: string, actor: Actor): Promise<RecordedEvent | undefined> {
    if (!isBargainingId(negotiationId)) throw negotiationNotFound(negotiationId);
    const stream = negotiationStream(negotiationId);
    const book = await this.bookOf(negotiationId);
    const index = await this.catchUp(negotiationId, stream, this.indexes.peek(stream)?.revision ?? -1);
    const revision = index.ids.get(eventId);
    if (revision === undefined) return undefined;
    const [event] = await this.store.readStream(stream, { fromRevision: revision, maxCount: 1 });
    return event && this.policy.canSee(actor.role, book.classificationOf(event, this.clock.now().toISOString())) ? event : undefined;
  }

  /**
   * One record asked for by id is an attempt at it: a refusal is logged, as is a confidential or
   * privileged read. Not cleared → `notFound()` (the route's own 404, the same as for an absent
   * record, so the code does not tell a hidden record from a missing one); privileged without a
   * purpose → 422 ACCESS_PURPOSE_REQUIRED.
   */
  async assertReadable(record: VisibleNegotiation, event: RecordedEvent, reader: Reader, resource: string, notFound: () => Error): Promise<void> {
    const classification = record.classificationOf(event, this.clock.now().toISOString());
    try {
      await this.policy.assertReadable(reader.actor, { eventId: event.eventId, stream: event.stream, classification, resource }, reader.purpose, {
        correlationId: reader.correlationId ?? null,
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === AccessErrorCode.RECORD_NOT_FOUND) throw notFound();
      throw error;
    }
  }

  /** Logs the reads of the screened records an answer shows: one access-log entry per confidential or privileged one, in one append. */
  logReads(record: VisibleNegotiation, shown: readonly (RecordedEvent | ShownRecord)[], reader: Reader, resource: string): Promise<void> {
    return this.policy.recordReads(reader.actor, shown, reader.purpose, {
      resource,
      classificationOf: record.classificationOf,
      correlationId: reader.correlationId ?? null,
    });
  }

  /** A unit as registered, with its stream; 404 when it is not. */
  async unit(unitId: string): Promise<{ state: Extract<UnitState, { status: 'registered' }>; events: RecordedEvent[] }> {
    if (!isBargainingId(unitId)) throw unitNotFound(unitId);
    const events = await readStreamOrEmpty(this.store, unitStream(unitId));
    const state = fold(unitDecider.evolve, unitDecider.initialState(), events as unknown as UnitEvent[]);
    if (state.status !== 'registered') throw unitNotFound(unitId);
    return { state, events };
  }

  /** A demand to bargain as a command resolving it by id needs it; 404 when never recorded. */
  async demandForCommand(demandId: string): Promise<DemandSnapshot> {
    if (!isBargainingId(demandId)) throw demandNotFound(demandId);
    const events = await readStreamOrEmpty(this.store, demandStream(demandId));
    return demandSnapshot(foldDemand(events), demandId);
  }

  /**
   * A demand to bargain as the reader may see it (its records carry their classification as
   * recorded), the reads logged; 404 when never recorded or not visible.
   */
  async demand(demandId: string, reader: Reader, resource: string): Promise<{ state: MadeDemand; visible: RecordedEvent[]; revision: number }> {
    if (!isBargainingId(demandId)) throw demandNotFound(demandId);
    const events = await readStreamOrEmpty(this.store, demandStream(demandId));
    const classificationOf = (event: RecordedEvent): ClassificationMark => event.classification;
    const { readable } = this.policy.screen(reader.actor, events, reader.purpose, { classificationOf });
    const state = foldDemand(readable);
    if (state.status !== 'made') throw demandNotFound(demandId);
    await this.policy.recordReads(reader.actor, readable, reader.purpose, { resource, classificationOf, correlationId: reader.correlationId ?? null });
    return { state, visible: readable, revision: events.at(-1)!.revision };
  }
}

/**
 * How many records an answer leaves out for want of a purpose: the withheld events it would show
 * (its own kinds of record, and the corrections of them).
 */
export function withheldFrom(record: VisibleNegotiation, types: ReadonlySet<string> | null): number {
  let count = 0;
  for (const [key, n] of record.withheld) {
    const [type, correctedType] = key.split('\n') as [string, string];
    if (types === null || types.has(type) || (type === 'CorrectionRecorded' && types.has(correctedType))) count += n;
  }
  return count;
}

/** The visible events an answer shows, by id (the records whose content it carries): among those held and those it read, in recording order. */
export function shownIn(record: VisibleNegotiation, eventIds: readonly string[], read: readonly RecordedEvent[] = []): RecordedEvent[] {
  const ids = new Set(eventIds);
  const shown = new Map<string, RecordedEvent>();
  for (const event of [...record.held, ...read]) if (ids.has(event.eventId)) shown.set(event.eventId, event);
  return [...shown.values()].sort((a, b) => a.revision - b.revision);
}

/** Two lists of events of one stream, each in recording order, merged into one. */
export function inRecordingOrder(a: readonly RecordedEvent[], b: readonly RecordedEvent[]): RecordedEvent[] {
  return [...a, ...b].sort((x, y) => x.revision - y.revision);
}

/** What the read policy needs of a record shown, to log its read. */
export const shownRecord = ({ eventId, stream, classification, revision }: RecordedEvent): ShownRecord => ({ eventId, stream, classification, revision });
