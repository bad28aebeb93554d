import { randomUUID } from 'node:crypto';
import { type AccessContext, type AccessEntry, type AccessLog, Classifications, NegotiationFiles, ReadPolicy, classificationStream } from '#access';
import { type NewEvent, type RecordedEvent, type Stores, readStreamOrEmpty } from '#event-store';
import { type ClassificationMark, type Role } from '#kernel';
import { LegalRecords, type TimelineQuery, legalTimeline, shownEventIds } from '#legal';
import { systemClock } from '#platform';
import { openEmbeddedStores } from '#testing';
import { RecordSimulator, appendSimulated } from './harness/record-simulator.js';

/**
 * The legal reads of a negotiation's file (timeline, one fact, the table as of a day, the
 * classification register) keep the file and each reader's timeline between requests, caught up
 * with what was recorded since, and page the timeline. Each answer must be the one the whole-file
 * fold gives (the timeline's pages joined), and each read must log what that fold logged, before
 * and after new facts, late entries, corrections and a reclassification are recorded.
 */

/** The access log as the read policy writes it, in memory: what each read logged. */
class LoggedReads {
  entries: AccessEntry['data'][] = [];
  record(_actor: unknown, entries: readonly AccessEntry[]): Promise<void> {
    this.entries.push(...entries.map((e) => e.data));
    return Promise.resolve();
  }
  take(): AccessEntry['data'][] {
    return this.entries.splice(0);
  }
}

/** NegotiationFiles as it was for these reads: every stream of the file read whole on each request. */
class WholeFiles extends NegotiationFiles {
  override current(negotiationId: string) {
    return this.read(negotiationId);
  }
}

const LATE_ENTRY_DAYS = 30;
const log = new LoggedReads();
const policy = new ReadPolicy(log as unknown as AccessLog, systemClock);
let stores: Stores;
let files: NegotiationFiles;
let legal: LegalRecords;
let reference: LegalRecords;
let registers: Classifications;
let wholeFiles: WholeFiles;
let longId: string;
const sim = new RecordSimulator(11);
const revisions = new Map<string, number>();

beforeAll(async () => {
  longId = sim.busyNegotiation(1200);
  sim.generate(3000);
  stores = await openEmbeddedStores();
  await appendSimulated(stores.events, sim.drain(), { revisions });
  files = new NegotiationFiles(stores.events);
  wholeFiles = new WholeFiles(stores.events);
  legal = new LegalRecords(files, policy, stores.events, systemClock, { lateEntryDays: LATE_ENTRY_DAYS });
  reference = new LegalRecords(wholeFiles, policy, stores.events, systemClock, { lateEntryDays: LATE_ENTRY_DAYS });
  registers = new Classifications(stores.events, files, policy);
}, 300_000);
afterAll(() => stores.close());

const reader = (role: Role, purpose: string | null): AccessContext => ({ actor: { subject: `${role}@district.example`, role }, purpose, correlationId: null });
const READERS = [reader('legal-counsel', 'an arbitration'), reader('legal-counsel', null), reader('negotiator', null), reader('records-officer', 'an audit')];

/** The timeline as the whole-file fold answered it, all at once, and what it logged. */
async function timelineByFold(negotiationId: string, query: TimelineQuery, access: AccessContext) {
  const file = await wholeFiles.read(negotiationId, { accessLog: query.includeAccessLog === true });
  const now = systemClock.now().toISOString();
  const classificationOf = (event: RecordedEvent, asOf: string): ClassificationMark => file.book.classificationOf(event, asOf);
  const screened = policy.screen(access.actor, [...file.records, ...file.classificationChanges, ...file.accessLog], access.purpose, { classificationOf });
  const timeBase = query.timeBase ?? 'business';
  const facts = legalTimeline(screened.readable, { lateEntryDays: LATE_ENTRY_DAYS, ...query, timeBase, order: query.order ?? (timeBase === 'business' ? 'occurredAt' : 'recordedAt'), classificationOf, now });
  const shown = shownEventIds(facts);
  await policy.recordReads(access.actor, screened.readable.filter((e) => shown.has(e.eventId)), access.purpose, { resource: 'GET /negotiations/:id/timeline', classificationOf });
  return { facts, withheldForPurpose: screened.withheldForPurpose, logged: log.take() };
}

/** The timeline read page by page (forwards, then backwards from the end), joined, and what the pages logged. */
async function timelineByPages(negotiationId: string, query: TimelineQuery, access: AccessContext, limit: number) {
  const pages = [];
  for (let after: string | undefined; ; ) {
    const page = await legal.timeline(negotiationId, query, access, { limit, ...(after !== undefined && { after }) });
    pages.push(page);
    if (page.nextCursor === null) break;
    after = page.nextCursor;
  }
  const logged = log.take();
  const backwards = [];
  for (let before = pages.at(-1)!.previousCursor; before !== null; ) {
    const page = await legal.timeline(negotiationId, query, access, { limit, before });
    backwards.unshift(...page.facts);
    before = page.previousCursor;
  }
  log.take();
  return { pages, facts: pages.flatMap((p) => p.facts), backwards: [...backwards, ...pages.at(-1)!.facts], logged };
}

const sortedEntries = (entries: readonly AccessEntry['data'][]) => [...entries].map((e) => JSON.stringify(e)).sort();
/**
 * Pages log each page's reads: every record the whole timeline logged, and only those (a correction
 * is read again on the page of the fact it stands beside; an access-log stream's read count is split
 * across the pages that show its entries).
 */
const perRecord = (entries: readonly AccessEntry['data'][]) => [...new Set(sortedEntries(entries.filter((e) => e.entries === null)))];

const QUERIES: TimelineQuery[] = [{}, { timeBase: 'system' }, { order: 'recordedAt' }, { from: '2022-01-01', to: '2022-12-31' }, { types: ['ProposalTabled', 'CorrectionRecorded'] }, { article: '10' }, { side: 'union' }];

async function expectSameAnswers(negotiationId: string): Promise<void> {
  for (const access of READERS) {
    for (const query of QUERIES) {
      const fold = await timelineByFold(negotiationId, query, access);
      const paged = await timelineByPages(negotiationId, query, access, 97);
      expect(paged.facts).toEqual(fold.facts);
      expect(paged.backwards).toEqual(fold.facts);
      const first = paged.pages[0]!;
      expect(first.count).toBe(fold.facts.length);
      expect(first.lateEntries).toBe(fold.facts.filter((f) => f.lateEntry.late).length);
      expect(first.corrections).toBe(fold.facts.filter((f) => f.corrects !== null).length);
      expect(first.withheldForPurpose).toBe(fold.withheldForPurpose);
      expect(perRecord(paged.logged)).toEqual(perRecord(fold.logged));
    }
    if (access.actor.role === 'records-officer') {
      const fold = await timelineByFold(negotiationId, { includeAccessLog: true }, access);
      const paged = await timelineByPages(negotiationId, { includeAccessLog: true }, access, 500);
      expect(paged.facts).toEqual(fold.facts);
    }

    for (const day of ['2021-06-30', '2022-03-15', '2023-06-30', '2026-12-31']) {
      for (const basis of ['business', 'system'] as const) {
        const expected = await reference.asOf(negotiationId, day, basis, access);
        const expectedLog = log.take();
        expect(await legal.asOf(negotiationId, day, basis, access)).toEqual(expected);
        expect(log.take()).toEqual(expectedLog);
      }
    }

    const file = await wholeFiles.read(negotiationId);
    const ids = [...file.records.slice(0, 5), ...file.records.filter((e) => e.type === 'CorrectionRecorded' || file.book.changesOf(e.eventId).length > 0).slice(0, 10), ...file.classificationChanges.slice(0, 3)].map((e) => e.eventId);
    for (const eventId of [...ids, randomUUID()]) {
      const expected = await reference.fact(negotiationId, eventId, access).then((fact) => ({ fact }), (error: unknown) => ({ error: String(error) }));
      const expectedLog = log.take();
      const actual = await legal.fact(negotiationId, eventId, access).then((fact) => ({ fact }), (error: unknown) => ({ error: String(error) }));
      expect(actual).toEqual(expected);
      expect(log.take()).toEqual(expectedLog);
    }

    const now = systemClock.now().toISOString();
    const expectedRegister = await new Classifications(stores.events, wholeFiles, policy).register(negotiationId, access, now);
    const expectedLog = log.take();
    expect(await registers.register(negotiationId, access, now)).toEqual(expectedRegister);
    expect(log.take()).toEqual(expectedLog);
  }
}

async function append(stream: string, events: NewEvent[]): Promise<void> {
  const last = (await readStreamOrEmpty(stores.events, stream)).at(-1);
  await stores.events.append(stream, events, { expectedRevision: last === undefined ? 'no_stream' : last.revision });
}

describe('the legal reads of a long negotiation, kept between requests', () => {
  it('answer and log as the whole-file fold does', async () => {
    const file = await wholeFiles.read(longId);
    expect(file.negotiation.length).toBeGreaterThan(1200);
    await expectSameAnswers(longId);
  }, 600_000);

  it('still do after new facts, late entries, corrections and a reclassification are recorded', async () => {
    // Warm every kept file and timeline first, so what follows is caught up, not read afresh.
    await expectSameAnswers(longId);
    const events = await readStreamOrEmpty(stores.events, `negotiation-${longId}`);
    const proposal = events.find((e) => e.type === 'ProposalTabled')!;
    const session = events.find((e) => e.type === 'SessionHeld') ?? events.find((e) => e.type === 'ConfidentialNoteRecorded')!;
    const meta = { actor: proposal.actor, correlationId: randomUUID() };
    await append(`negotiation-${longId}`, [
      // A late entry: a fact of an early day recorded now, taking its place early in business order.
      {
        ...meta,
        eventId: randomUUID(),
        type: session.type,
        data: { ...session.data, sessionId: `late_${randomUUID().slice(0, 8)}` },
        occurredAt: { at: '2021-03-02', precision: 'day' },
        classification: session.classification,
      },
      // A correction moving the first proposal to another day.
      {
        ...meta,
        eventId: randomUUID(),
        type: 'CorrectionRecorded',
        data: { negotiationId: longId, correctedEventId: proposal.eventId, correctedEventType: proposal.type, reason: 'mis-keyed', correctedFields: { occurredAt: { at: '2021-02-20', precision: 'day' } } },
        occurredAt: { at: '2025-12-01', precision: 'day' },
        classification: proposal.classification,
      },
    ]);
    await append(classificationStream(longId), [
      {
        ...meta,
        eventId: randomUUID(),
        type: 'ClassificationChanged',
        data: { negotiationId: longId, targetEventId: proposal.eventId, targetStream: proposal.stream, targetType: proposal.type, from: proposal.classification, to: { level: 'privileged', basis: 'counsel advised' }, effectiveOn: '2025-12-02', reason: 'counsel advised' },
        occurredAt: { at: '2025-12-02', precision: 'day' },
        classification: { level: 'privileged', basis: 'a classification decision' },
      },
    ]);
    // And the record goes on: more negotiations, requests and facts.
    sim.generate(sim.events + 800);
    await appendSimulated(stores.events, sim.drain(), { revisions });
    await expectSameAnswers(longId);
  }, 600_000);
});
