import { randomUUID } from 'node:crypto';
import type { CommandBus } from '@nestjs/cqrs';
import { type AccessEntry, type AccessLog, NegotiationFiles, ReadPolicy, classificationStream } from '#access';
import { BargainingRecords, evolveNegotiation, initialNegotiationState, negotiationStream } from '#bargaining';
import { type RecordedEvent, type Stores, readStreamOrEmpty } from '#event-store';
import { type Actor, type ClassificationMark, ROLES, type Role, calendarDay, fold } from '#kernel';
import type { Clock } from '#platform';
import { openEmbeddedStores } from '#testing';
import { appendSimulated, equivalenceRecord } from './harness/record-simulator.js';
import { NegotiationsController } from '../libs/bargaining/src/application/negotiations.controller.js';
import { NegotiationTableController } from '../libs/bargaining/src/application/table.controller.js';
import { confidentialNoteViews, correctionsByEvent, eventRecordView, negotiationView, proposalViews } from '../libs/bargaining/src/application/views.js';

/**
 * The bargaining read routes of one negotiation answer from a view kept per reader and caught up
 * with what was recorded since, instead of reading and folding the whole stream per request. Each
 * route's answer, and the reads it logs, must be what the whole-stream fold gives: for every reader
 * (role, purpose given or not), after a reclassification and after new events are appended.
 */

const NOW = '2026-01-15T12:00:00.000Z';
const clock: Clock = { now: () => new Date(NOW) };
const TABLINGS = new Set(['ProposalTabled', 'CounterproposalTabled', 'PackageTabled']);
const PROPOSAL_RECORDS: ReadonlySet<string> = new Set([...TABLINGS, 'ProposalCostingRecorded']);
const NOTE_RECORDS: ReadonlySet<string> = new Set(['ConfidentialNoteRecorded']);

/** The access-log entries appended, in order (the routes' logged reads). */
const logged: { subject: string; entries: readonly AccessEntry[] }[] = [];
const accessLog = { record: async (actor: Actor, entries: readonly AccessEntry[]) => void (entries.length > 0 && logged.push({ subject: actor.subject, entries })) } as unknown as AccessLog;
const policy = new ReadPolicy(accessLog, clock);

let stores: Stores;
const batches = equivalenceRecord();
beforeAll(async () => {
  stores = await openEmbeddedStores();
  await appendSimulated(stores.events, batches);
});
afterAll(() => stores.close());

type Reader = { actor: Actor; purpose: string | null; correlationId: string };
const readers: Reader[] = ROLES.flatMap((role: Role) => [null, 'a stated purpose'].map((purpose) => ({ actor: { subject: `${role}@example.org`, role }, purpose, correlationId: 'corr' })));

/**
 * The reference: every route answered from the whole stream, read, screened and folded per request
 * (what the routes did before they kept views).
 */
class WholeStreamFold {
  constructor(private readonly files: NegotiationFiles) {}

  private async record(negotiationId: string, reader: Reader) {
    const stored = await readStreamOrEmpty(stores.events, negotiationStream(negotiationId));
    if (stored.length === 0) throw Object.assign(new Error('not found'), { code: 'NEGOTIATION_NOT_OPENED' });
    const book = await this.files.classificationBook(negotiationId, stored);
    const classificationOf = (event: RecordedEvent, asOf: string): ClassificationMark => book.classificationOf(event, asOf);
    const { readable: visible, withheld } = policy.screen(reader.actor, stored, reader.purpose, { classificationOf });
    const state = fold(evolveNegotiation, initialNegotiationState(), visible as never[]);
    const withheldFrom = (types: ReadonlySet<string> | null) =>
      types === null ? withheld.length : withheld.filter((e) => types.has(e.type) || (e.type === 'CorrectionRecorded' && types.has(String(e.data['correctedEventType'])))).length;
    const shownIn = (ids: readonly string[]) => visible.filter((e) => new Set(ids).has(e.eventId));
    const log = (shown: readonly RecordedEvent[], resource: string) => policy.recordReads(reader.actor, shown, reader.purpose, { resource, classificationOf, correlationId: reader.correlationId });
    const assertReadable = async (event: RecordedEvent, resource: string, notFound: string) => {
      try {
        await policy.assertReadable(reader.actor, { eventId: event.eventId, stream: event.stream, classification: classificationOf(event, NOW), resource }, reader.purpose, { correlationId: reader.correlationId });
      } catch (error) {
        if ((error as { code?: string }).code === 'RECORD_NOT_FOUND') throw Object.assign(new Error('not found'), { code: notFound });
        throw error;
      }
    };
    return { stored, visible, state, withheldFrom, shownIn, log, assertReadable };
  }

  async negotiation(id: string, reader: Reader) {
    const r = await this.record(id, reader);
    await r.log(r.visible.filter((e) => e.type !== 'ConfidentialNoteRecorded' && e.type !== 'ProposalCostingRecorded'), 'GET /negotiations/:negotiationId');
    return negotiationView(id, { state: r.state, revision: r.stored.at(-1)!.revision }, calendarDay(NOW));
  }

  async events(id: string, reader: Reader, from: number, limit: number) {
    const r = await this.record(id, reader);
    const corrections = correctionsByEvent(r.visible);
    const page = r.visible.filter((e) => e.revision >= from);
    const shown = page.slice(0, limit);
    await r.log(shown, 'GET /negotiations/:negotiationId/events');
    return {
      negotiationId: id,
      events: shown.map((e) => eventRecordView(e, (corrections.get(e.eventId) ?? []).map((c) => c.eventId), false)),
      nextFromRevision: page.length > limit ? shown.at(-1)!.revision + 1 : null,
      withheldForPurpose: r.withheldFrom(null),
    };
  }

  async event(id: string, reader: Reader, eventId: string) {
    const r = await this.record(id, reader);
    const event = r.stored.find((e) => e.eventId === eventId);
    if (!event) throw Object.assign(new Error('not found'), { code: 'EVENT_NOT_FOUND' });
    await r.assertReadable(event, 'GET /negotiations/:negotiationId/events/:eventId', 'EVENT_NOT_FOUND');
    return eventRecordView(event, (correctionsByEvent(r.visible).get(event.eventId) ?? []).map((c) => c.eventId), true);
  }

  async proposals(id: string, reader: Reader) {
    const r = await this.record(id, reader);
    const proposals = proposalViews(r.state, r.visible);
    await r.log(r.shownIn(proposals.flatMap(proposalEventIds)), 'GET /negotiations/:negotiationId/proposals');
    return { negotiationId: id, proposals, total: proposals.length, withheldForPurpose: r.withheldFrom(PROPOSAL_RECORDS) };
  }

  async proposal(id: string, reader: Reader, proposalId: string) {
    const r = await this.record(id, reader);
    const tabled = r.stored.find((e) => TABLINGS.has(e.type) && e.data['proposalId'] === proposalId);
    if (!tabled) throw Object.assign(new Error('not found'), { code: 'PROPOSAL_NOT_FOUND' });
    await r.assertReadable(tabled, 'GET /negotiations/:negotiationId/proposals/:proposalId', 'PROPOSAL_NOT_FOUND');
    const found = proposalViews(r.state, r.visible).find((v) => v.proposalId === proposalId);
    if (!found) throw Object.assign(new Error('not found'), { code: 'PROPOSAL_NOT_FOUND' });
    await r.log(r.shownIn(proposalEventIds(found).filter((e) => e !== found.eventId)), 'GET /negotiations/:negotiationId/proposals/:proposalId');
    return found;
  }

  async notes(id: string, reader: Reader) {
    const r = await this.record(id, reader);
    const notes = confidentialNoteViews(r.visible);
    await r.log(r.shownIn(notes.flatMap((n) => [n.noteId, ...n.corrections.map((c) => c.eventId)])), 'GET /negotiations/:negotiationId/confidential-notes');
    return { negotiationId: id, notes, withheldForPurpose: r.withheldFrom(NOTE_RECORDS) };
  }

  async note(id: string, reader: Reader, noteId: string) {
    const r = await this.record(id, reader);
    const stored = r.stored.find((e) => e.eventId === noteId && e.type === 'ConfidentialNoteRecorded');
    if (!stored) throw Object.assign(new Error('not found'), { code: 'CONFIDENTIAL_NOTE_NOT_FOUND' });
    await r.assertReadable(stored, 'GET /negotiations/:negotiationId/confidential-notes/:noteId', 'CONFIDENTIAL_NOTE_NOT_FOUND');
    const note = confidentialNoteViews(r.visible).find((n) => n.noteId === noteId);
    if (!note) throw Object.assign(new Error('not found'), { code: 'CONFIDENTIAL_NOTE_NOT_FOUND' });
    await r.log(r.shownIn(note.corrections.map((c) => c.eventId)), 'GET /negotiations/:negotiationId/confidential-notes/:noteId');
    return note;
  }
}

const proposalEventIds = (view: { eventId: string; costing?: { eventId: string }; corrections: { eventId: string }[] }): string[] => [
  view.eventId,
  ...(view.costing ? [view.costing.eventId] : []),
  ...view.corrections.map((c) => c.eventId),
];

/** What a call answers (or the code it fails with) and the reads it logged. */
async function outcome(call: () => Promise<unknown>): Promise<{ answer: unknown; logged: unknown }> {
  const from = logged.length;
  let answer: unknown;
  try {
    answer = JSON.parse(JSON.stringify(await call()));
  } catch (error) {
    answer = { failed: (error as { code?: string }).code ?? String(error) };
  }
  return { answer, logged: logged.slice(from) };
}

describe('the bargaining read routes, answered from views kept per reader', () => {
  let kept: { negotiations: NegotiationsController; table: NegotiationTableController };
  let reference: WholeStreamFold;
  const picked = () => {
    // The longest negotiations, and those with confidential notes (the scenario's among them).
    const lengths = new Map<string, number>();
    const notes = new Set<string>();
    for (const b of batches) {
      const id = b.stream.startsWith('negotiation-') ? b.stream.slice('negotiation-'.length) : null;
      if (!id) continue;
      lengths.set(id, (lengths.get(id) ?? 0) + b.events.length);
      if (b.events.some((e) => e.type === 'ConfidentialNoteRecorded' || e.type === 'CorrectionRecorded' || e.type === 'ProposalCostingRecorded')) notes.add(id);
    }
    const longest = [...lengths].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([id]) => id);
    return [...new Set([...longest, ...[...notes].slice(0, 2)])];
  };

  beforeAll(() => {
    const files = new NegotiationFiles(stores.events);
    const records = new BargainingRecords(stores.events, policy, files, clock);
    kept = { negotiations: new NegotiationsController({} as CommandBus, records, clock), table: new NegotiationTableController({} as CommandBus, records) };
    reference = new WholeStreamFold(new NegotiationFiles(stores.events));
  });

  async function expectSameAnswers(negotiationId: string): Promise<void> {
    const stored = await readStreamOrEmpty(stores.events, negotiationStream(negotiationId));
    const proposalIds = [...new Set(stored.filter((e) => TABLINGS.has(e.type)).map((e) => String(e.data['proposalId'])))];
    const noteIds = stored.filter((e) => e.type === 'ConfidentialNoteRecorded').map((e) => e.eventId);
    const sampled = stored.filter((e, i) => i % 7 === 0 || e.type !== 'SessionHeld').slice(0, 24).map((e) => e.eventId);
    for (const reader of readers) {
      const same = async (ours: () => Promise<unknown>, theirs: () => Promise<unknown>) => expect(await outcome(ours)).toEqual(await outcome(theirs));
      await same(() => kept.negotiations.get({ negotiationId }, {}, reader as never), () => reference.negotiation(negotiationId, reader));
      // The list's pages (7 proposals each here), joined, are the whole list; so are the reads they log.
      const pages = async () => {
        const answers = [];
        let cursor: string | null | undefined;
        do {
          const page = await kept.table.proposals({ negotiationId }, { limit: 7, ...(cursor && { cursor }) }, reader as never);
          answers.push(page);
          cursor = page.nextCursor;
        } while (cursor);
        return { negotiationId, proposals: answers.flatMap((a) => a.proposals), total: answers[0]!.total, withheldForPurpose: answers[0]!.withheldForPurpose };
      };
      await same(pages, () => reference.proposals(negotiationId, reader));
      await same(() => kept.negotiations.notes({ negotiationId }, reader as never), () => reference.notes(negotiationId, reader));
      for (const [fromRevision, limit] of [[0, 7], [5, 1000], [stored.length - 3, 2], [stored.length + 5, 10]] as const) {
        await same(() => kept.negotiations.events({ negotiationId }, { fromRevision, limit } as never, reader as never), () => reference.events(negotiationId, reader, fromRevision, limit));
      }
      for (const proposalId of [...proposalIds.slice(0, 4), 'prop_absent']) {
        await same(() => kept.table.proposal({ negotiationId, proposalId } as never, reader as never), () => reference.proposal(negotiationId, reader, proposalId));
      }
      for (const noteId of [...noteIds.slice(0, 3), randomUUID(), stored[0]!.eventId]) {
        await same(() => kept.negotiations.note({ negotiationId, noteId } as never, reader as never), () => reference.note(negotiationId, reader, noteId));
      }
      for (const eventId of [...sampled, randomUUID()]) {
        await same(() => kept.negotiations.event({ negotiationId, eventId } as never, reader as never), () => reference.event(negotiationId, reader, eventId));
      }
    }
  }

  it('answer and log as the whole-stream fold does, for every reader, asked once and again', async () => {
    const ids = picked();
    expect(ids.length).toBeGreaterThanOrEqual(2);
    for (const id of ids) {
      await expectSameAnswers(id);
      await expectSameAnswers(id);
    }
    // The record exercises what the views keep: notes, privileged records withheld, logged reads.
    expect(logged.length).toBeGreaterThan(0);
  });

  it('still do after a reclassification, a correction and new records appended since', async () => {
    const id = picked()[0]!;
    const stream = negotiationStream(id);
    await expectSameAnswers(id);
    let events = await readStreamOrEmpty(stores.events, stream);
    const tabling = events.find((e) => TABLINGS.has(e.type))!;
    const session = events.find((e) => e.type === 'SessionHeld') ?? events[1]!;
    const change = (target: RecordedEvent, to: ClassificationMark) => ({
      eventId: randomUUID(),
      type: 'ClassificationChanged',
      data: { negotiationId: id, targetEventId: target.eventId, targetStream: target.stream, targetType: target.type, from: target.classification, to, effectiveOn: '2025-12-02', reason: 'a later decision' },
      occurredAt: { at: '2025-12-02', precision: 'day' as const },
      actor: target.actor,
      correlationId: randomUUID(),
      classification: { level: 'internal' as const, basis: 'a classification decision' },
    });
    // An older tabling becomes privileged, a session confidential: fewer readers see them.
    await stores.events.append(classificationStream(id), [change(tabling, { level: 'privileged', basis: 'legal review' }), change(session, { level: 'confidential', basis: 'closed session' })], { expectedRevision: 'any' });
    await expectSameAnswers(id);

    // New records: a correction of the (now privileged) tabling, a confidential note, another session.
    events = await readStreamOrEmpty(stores.events, stream);
    const last = events.at(-1)!;
    const note = events.find((e) => e.type === 'ConfidentialNoteRecorded');
    const appended = [
      {
        eventId: randomUUID(),
        type: 'CorrectionRecorded',
        data: { negotiationId: id, correctedEventId: tabling.eventId, correctedEventType: tabling.type, reason: 'mis-keyed', correctedFields: { occurredAt: tabling.occurredAt }, correctedOn: '2025-12-03' },
        occurredAt: { at: '2025-12-03', precision: 'day' as const },
        actor: last.actor,
        correlationId: randomUUID(),
        classification: tabling.classification,
      },
      ...(note ? [{ ...note, eventId: randomUUID(), correlationId: randomUUID(), commandId: null, causationId: null }] : []),
      { ...session, eventId: randomUUID(), correlationId: randomUUID(), commandId: null, causationId: null },
    ].map(({ eventId, type, data, occurredAt, actor, correlationId, classification }) => ({ eventId, type, data, occurredAt, actor, correlationId, classification }));
    await stores.events.append(stream, appended, { expectedRevision: last.revision });
    await expectSameAnswers(id);

    // And a reclassification that makes the tabling public again, after views were caught up.
    await stores.events.append(classificationStream(id), [change(tabling, { level: 'public', basis: 'released' })], { expectedRevision: 'any' });
    await expectSameAnswers(id);
  });
});
