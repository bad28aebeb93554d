import { Inject, Injectable } from '@nestjs/common';
import { type Checkpoint, type EventStore, type RecordedEvent, StreamStateCache, currentState, readStreamOrEmpty } from '#event-store';
import { EVENT_STORE } from '#platform';
import { type ClassificationChanged, changeOf } from '../domain/classification-change.js';
import { CLASSIFYING_FACT_TYPES, type ClassificationBook, type ClassificationChange, type FactRecord, classificationBook } from '../domain/effective-classification.js';
import { AccessErrorCode as E, unknown } from '../domain/errors.js';
import {
  INFORMATION_REQUEST_STREAM_CATEGORY,
  accessLogStream,
  classificationStream,
  demandStreamOf,
  isNegotiationId,
  negotiationStreamOf,
} from '../domain/ids.js';

/** Everything recorded about one negotiation, across its streams, each in recording (revision) order. */
export interface NegotiationFile {
  readonly negotiationId: string;
  /** `negotiation-<id>`: the table, confidential notes, costings, corrections. */
  readonly negotiation: readonly RecordedEvent[];
  /** `inforequest-<id>` streams whose request names this negotiation, by stream. */
  readonly informationRequests: ReadonlyMap<string, readonly RecordedEvent[]>;
  /** `demand-<id>`: the demand to bargain the negotiation was opened on (named by its opening), or empty. */
  readonly demand: readonly RecordedEvent[];
  /** `classification-<id>`. */
  readonly classificationChanges: readonly RecordedEvent[];
  /** `accesslog-<id>`, when the file was read with its access log; empty otherwise. */
  readonly accessLog: readonly RecordedEvent[];
  /** The records classifications apply to: the negotiation's, its demand to bargain's and its information requests' events. */
  readonly records: readonly RecordedEvent[];
  /** Every record's classification on any day: recorded changes and those the facts make. */
  readonly book: ClassificationBook;
  /**
   * Every stream of the file with all its events (from revision 0, so each chain verifies from its
   * genesis): the negotiation first, then its demand to bargain, information requests, classification
   * changes and access log by name; empty streams are left out. What an export includes.
   */
  readonly streams: ReadonlyMap<string, readonly RecordedEvent[]>;
}

export interface ReadFileOptions {
  /** Read the negotiation's access log too (exports, the timeline for records officers). */
  readonly accessLog?: boolean;
}

const SCAN_BATCH = 1000;

/**
 * How many events the files kept between requests (NegotiationFiles.current) hold together, at
 * most: about 60 MB of the API's 512 MB heap. A file larger than this alone is read whole
 * on each request, as read does.
 */
export const KEPT_FILE_EVENTS = 30_000;

/** A file kept between requests, with the revision each of its streams was read to. */
interface KeptFile {
  readonly file: NegotiationFile;
  readonly demandStream: string | null;
  readonly events: number;
}

const lastRevision = (events: readonly RecordedEvent[]): number => events.at(-1)?.revision ?? -1;

/** The recorded changes of a classification stream, as effectiveClassification reads them. */
export function recordedChanges(events: readonly RecordedEvent[]): ClassificationChange[] {
  return events
    .filter((event) => event.type === 'ClassificationChanged')
    .map((event) => changeOf(event as unknown as ClassificationChanged, event.eventId, event.recordedAt));
}

/** A negotiation stream folded to the facts its classification book reads (the automatic rules'). */
const evolveClassifyingFacts = (facts: readonly FactRecord[], event: RecordedEvent): readonly FactRecord[] => (CLASSIFYING_FACT_TYPES.has(event.type) ? [...facts, event] : facts);

/** A classification stream folded to its recorded changes (recordedChanges, one event at a time). */
const evolveRecordedChanges = (changes: readonly ClassificationChange[], event: RecordedEvent): readonly ClassificationChange[] => {
  const [change] = recordedChanges([event]);
  return change ? [...changes, change] : changes;
};

/** The streams a negotiation's file is made of, as read from the store. */
export type NegotiationFileStreams = Pick<NegotiationFile, 'negotiationId' | 'negotiation' | 'demand' | 'informationRequests' | 'classificationChanges' | 'accessLog'>;

/**
 * A negotiation's file from its streams: what NegotiationFiles.read answers, and what a process that
 * was handed the streams (the export worker) rebuilds without a store.
 */
export function negotiationFile(parts: NegotiationFileStreams): NegotiationFile {
  const { negotiationId, negotiation, demand, informationRequests, classificationChanges, accessLog } = parts;
  const records = [...negotiation, ...demand, ...[...informationRequests.values()].flat()];
  const others = new Map<string, readonly RecordedEvent[]>([...informationRequests]);
  const demandStream = demandStreamOf(demand[0]?.data['demandId']);
  if (demandStream !== null) others.set(demandStream, demand);
  if (classificationChanges.length > 0) others.set(classificationStream(negotiationId), classificationChanges);
  if (accessLog.length > 0) others.set(accessLogStream(negotiationId), accessLog);
  const streams = new Map<string, readonly RecordedEvent[]>([[negotiationStreamOf(negotiationId), negotiation], ...[...others].sort(([a], [b]) => (a < b ? -1 : 1))]);
  return {
    negotiationId,
    negotiation,
    demand,
    informationRequests,
    classificationChanges,
    accessLog,
    records,
    book: classificationBook(records, recordedChanges(classificationChanges)),
    streams,
  };
}

/**
 * Which information requests name which negotiation. A request names its negotiation only in its
 * InformationRequestReceived, the first event of its stream, so the inforequest category is read
 * once and afterwards only from where the last reading stopped (the projector's commit-safe
 * checkpoint): a file's requests are then found at the cost of what was recorded since, not of every
 * request ever recorded. Streams are kept in the order their requests were received, as a scan of the
 * category finds them.
 */
class RequestStreamsByNegotiation {
  private checkpoint: Checkpoint | null = null;
  private readonly streams = new Map<string, string[]>();
  private reading: Promise<void> = Promise.resolve();

  constructor(private readonly store: EventStore) {}

  /** The request streams naming the negotiation, as of everything committed before the call. */
  async of(negotiationId: string): Promise<readonly string[]> {
    // One reading at a time; a caller that arrives during one reads again after it, from where it stopped.
    const next = this.reading.then(() => this.readNew());
    this.reading = next.catch(() => undefined);
    await next;
    return this.streams.get(negotiationId) ?? [];
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({ category: INFORMATION_REQUEST_STREAM_CATEGORY, after: this.checkpoint, maxCount: SCAN_BATCH });
      for (const event of page.events) {
        const negotiationId = event.type === 'InformationRequestReceived' ? event.data['negotiationId'] : null;
        if (typeof negotiationId !== 'string') continue;
        const list = this.streams.get(negotiationId);
        if (list) list.push(event.stream);
        else this.streams.set(negotiationId, [event.stream]);
      }
      this.checkpoint = page.checkpoint;
      if (page.events.length < SCAN_BATCH || page.checkpoint === null) return;
    }
  }
}

/**
 * Reads a negotiation's file: the one way every read path (timeline, as-of, classification
 * register, exports) gathers a negotiation's streams. Information requests are found by their data
 * (a request names its negotiation when received) through RequestStreamsByNegotiation, which keeps
 * up with the inforequest category, and then read stream by stream.
 */
@Injectable()
export class NegotiationFiles {
  private readonly requestStreams: RequestStreamsByNegotiation;
  /** Each negotiation's classifying facts and recorded changes, folded so far; caught up on each call. */
  private readonly classifying = new StreamStateCache();
  /** The book last built for a negotiation, with the folds it was built from. */
  private readonly books = new WeakMap<readonly FactRecord[], { readonly changes: readonly ClassificationChange[]; readonly book: ClassificationBook }>();
  /** Files kept between requests (current), least recently used first, KEPT_FILE_EVENTS events at most. */
  private readonly kept = new Map<string, KeptFile>();
  private keptEvents = 0;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    this.requestStreams = new RequestStreamsByNegotiation(store);
  }

  /** The negotiation's stream; 404 NEGOTIATION_NOT_FOUND when it was never opened or the id cannot name one. */
  async negotiationEvents(negotiationId: string): Promise<RecordedEvent[]> {
    if (!isNegotiationId(negotiationId)) throw unknown(E.NEGOTIATION_NOT_FOUND, 'no such negotiation');
    const events = await readStreamOrEmpty(this.store, negotiationStreamOf(negotiationId));
    if (events.length === 0) throw unknown(E.NEGOTIATION_NOT_FOUND, `negotiation ${negotiationId} was never opened`, { negotiationId });
    return events;
  }

  async read(negotiationId: string, options: ReadFileOptions = {}): Promise<NegotiationFile> {
    const negotiation = await this.negotiationEvents(negotiationId);
    const demandStream = demandStreamOf(negotiation.find((event) => event.type === 'NegotiationOpened')?.data['demandId']);
    const [demand, informationRequests, classificationChanges, accessLog] = await Promise.all([
      demandStream === null ? Promise.resolve([]) : readStreamOrEmpty(this.store, demandStream),
      this.informationRequestsOf(negotiationId),
      readStreamOrEmpty(this.store, classificationStream(negotiationId)),
      options.accessLog ? readStreamOrEmpty(this.store, accessLogStream(negotiationId)) : Promise.resolve([]),
    ]);
    return negotiationFile({ negotiationId, negotiation, demand, informationRequests, classificationChanges, accessLog });
  }

  /**
   * The file as read answers it without its access log, kept between calls and caught up with what
   * was recorded since: each stream is read only after the revision it was last read to (a request
   * stream that appeared since, whole), so a call costs what was recorded since, not the file. The
   * same object is answered while nothing was recorded, a new one otherwise: what is derived from a
   * file may be kept beside it (a WeakMap keyed by it). 404 NEGOTIATION_NOT_FOUND as negotiationEvents.
   */
  async current(negotiationId: string): Promise<NegotiationFile> {
    const kept = this.kept.get(negotiationId);
    if (kept === undefined) return this.keep(negotiationId, await this.read(negotiationId));
    const { file, demandStream } = kept;
    const since = (stream: string, events: readonly RecordedEvent[]) => readStreamOrEmpty(this.store, stream, lastRevision(events) + 1);
    const [negotiation, demand, requestStreams, classificationChanges] = await Promise.all([
      since(negotiationStreamOf(negotiationId), file.negotiation),
      demandStream === null ? Promise.resolve([]) : since(demandStream, file.demand),
      this.requestStreams.of(negotiationId),
      since(classificationStream(negotiationId), file.classificationChanges),
    ]);
    const requests = await Promise.all(requestStreams.map((stream) => since(stream, file.informationRequests.get(stream) ?? [])));
    if (negotiation.length + demand.length + classificationChanges.length + requests.reduce((n, events) => n + events.length, 0) === 0) {
      this.touch(negotiationId, kept);
      return file;
    }
    // The demand to bargain is named by the opening, the negotiation's first event: it never changes.
    const next = negotiationFile({
      negotiationId,
      negotiation: [...file.negotiation, ...negotiation],
      demand: [...file.demand, ...demand],
      informationRequests: new Map(requestStreams.map((stream, i) => [stream, [...(file.informationRequests.get(stream) ?? []), ...requests[i]!]])),
      classificationChanges: [...file.classificationChanges, ...classificationChanges],
      accessLog: [],
    });
    // A caller that caught up at the same time may have kept a file read further: keep the further one.
    const now = this.kept.get(negotiationId);
    if (now !== undefined && now !== kept && now.file.records.length >= next.records.length) return next;
    return this.keep(negotiationId, next);
  }

  private keep(negotiationId: string, file: NegotiationFile): NegotiationFile {
    const before = this.kept.get(negotiationId);
    if (before !== undefined) {
      this.kept.delete(negotiationId);
      this.keptEvents -= before.events;
    }
    const events = file.records.length + file.classificationChanges.length;
    if (events > KEPT_FILE_EVENTS) return file;
    for (const [id, old] of this.kept) {
      if (this.keptEvents + events <= KEPT_FILE_EVENTS) break;
      this.kept.delete(id);
      this.keptEvents -= old.events;
    }
    this.kept.set(negotiationId, { file, demandStream: demandStreamOf(file.negotiation.find((event) => event.type === 'NegotiationOpened')?.data['demandId']), events });
    this.keptEvents += events;
    return file;
  }

  private touch(negotiationId: string, kept: KeptFile): void {
    this.kept.delete(negotiationId);
    this.kept.set(negotiationId, kept);
  }

  /**
   * The classification book of a negotiation's own stream, for read paths that serve only it (the
   * bargaining routes): `policy.filterReadable(actor, events, purpose, { classificationOf: book.classificationOf })`.
   * Given the stream's events it is built from them; otherwise from the facts the automatic rules
   * read, kept between calls and caught up with what was recorded since (a read of only the new
   * events of the negotiation and classification streams), so a request does not read and fold
   * the whole negotiation. 404 NEGOTIATION_NOT_FOUND as negotiationEvents.
   */
  async classificationBook(negotiationId: string, negotiation?: readonly RecordedEvent[]): Promise<ClassificationBook> {
    if (negotiation !== undefined) return classificationBook(negotiation, recordedChanges(await readStreamOrEmpty(this.store, classificationStream(negotiationId))));
    if (!isNegotiationId(negotiationId)) throw unknown(E.NEGOTIATION_NOT_FOUND, 'no such negotiation');
    const [facts, changes] = await Promise.all([
      currentState(this.store, negotiationStreamOf(negotiationId), evolveClassifyingFacts, () => [], this.classifying),
      currentState(this.store, classificationStream(negotiationId), evolveRecordedChanges, () => [], this.classifying),
    ]);
    if (facts.revision < 0) throw unknown(E.NEGOTIATION_NOT_FOUND, `negotiation ${negotiationId} was never opened`, { negotiationId });
    const built = this.books.get(facts.state);
    if (built?.changes === changes.state) return built.book;
    const book = classificationBook(facts.state, changes.state);
    this.books.set(facts.state, { changes: changes.state, book });
    return book;
  }

  private async informationRequestsOf(negotiationId: string): Promise<Map<string, RecordedEvent[]>> {
    const streams = await this.requestStreams.of(negotiationId);
    const read = await Promise.all(streams.map((stream) => readStreamOrEmpty(this.store, stream)));
    return new Map(streams.map((stream, i) => [stream, read[i]!]));
  }
}

/**
 * Values derived from a negotiation's kept file (NegotiationFiles.current) for one reader (ReadPolicy.screeningKey), kept
 * between requests while that file is still the one kept (a new file, after anything was recorded,
 * derives them anew); least recently used dropped past a capacity, in the units `sizeOf` counts.
 */
export class KeptForReaders<V> {
  private readonly entries = new Map<string, { readonly file: NegotiationFile; readonly value: V; readonly size: number }>();
  private total = 0;

  constructor(
    private readonly capacity: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  get(key: string, file: NegotiationFile, derive: () => V): V {
    const kept = this.entries.get(key);
    if (kept !== undefined) {
      this.entries.delete(key);
      this.total -= kept.size;
      if (kept.file === file) {
        this.entries.set(key, kept);
        this.total += kept.size;
        return kept.value;
      }
    }
    const value = derive();
    const size = this.sizeOf(value);
    if (size > this.capacity) return value;
    for (const [oldKey, old] of this.entries) {
      if (this.total + size <= this.capacity) break;
      this.entries.delete(oldKey);
      this.total -= old.size;
    }
    this.entries.set(key, { file, value, size });
    this.total += size;
    return value;
  }
}
