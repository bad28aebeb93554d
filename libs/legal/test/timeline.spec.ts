import { classificationBook } from '#access';
import { type TimelineFact, legalTimeline, shownEventIds } from '#legal';
import { recordBayview } from './bayview-file.js';

const NOW = '2026-02-01T09:00:00.000Z';
const file = recordBayview();
const id = (label: string) => file.ids.get(label)!;
const timeline = (options: Partial<Parameters<typeof legalTimeline>[1]> = {}) => legalTimeline(file.events, { lateEntryDays: 7, now: NOW, ...options });
const fact = (facts: readonly TimelineFact[], label: string) => facts.find((f) => f.eventId === id(label))!;

describe('the legal timeline', () => {
  const all = timeline();

  it('is one chronology across the negotiation and its information request, by occurredAt as corrected', () => {
    expect(all).toHaveLength(file.events.length);
    expect(new Set(all.map((f) => f.source))).toEqual(new Set(['negotiation', 'information-request']));
    const days = all.map((f) => f.effectiveOccurredAt.at);
    expect(days).toEqual([...days].sort());
    // U-2, keyed as 2025-04-02 and corrected to 2025-04-01, stands at the 1st, before the TA initialed on the 2nd.
    const order = all.map((f) => f.eventId);
    expect(order.indexOf(id('u2'))).toBeLessThan(order.indexOf(id('ta23District')));
    // The information request's receipt (2025-04-10) sits between the TA (04-04) and the package (05-07).
    expect(order.indexOf(id('received'))).toBeGreaterThan(order.indexOf(id('ta23Union')));
    expect(order.indexOf(id('received'))).toBeLessThan(order.indexOf(id('pkg')));
  });

  it('gives each fact occurredAt with precision, recordedAt, recorder, event id and hash', () => {
    expect(fact(all, 'ta23Union')).toMatchObject({
      type: 'TentativeAgreementInitialed',
      stream: 'negotiation-bayview_2025',
      occurredAt: { at: '2025-04-04', precision: 'day' },
      recordedAt: '2025-04-04T20:00:00.000Z',
      recordedBy: { subject: 'dana.ruiz@bayviewusd.example', role: 'negotiator' },
      lateEntry: { late: false, gapDays: 0 },
      articles: ['23'],
      side: 'union',
    });
    expect(fact(all, 'ta23Union').hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('flags late entries with the gap in days: over LATE_ENTRY_DAYS, not at it', () => {
    const late = all.filter((f) => f.lateEntry.late).map((f) => [f.type, f.lateEntry.gapDays]);
    expect(late).toEqual([
      ['InformationItemObjected', 24],
      ['ConfidentialNoteRecorded', 21],
      ['ProposalTabled', 21],
    ]);
    expect(timeline({ lateEntryDays: 21 }).filter((f) => f.lateEntry.late).map((f) => f.lateEntry.gapDays)).toEqual([24]);
    expect(timeline({ lateEntryDays: 30 }).filter((f) => f.lateEntry.late)).toEqual([]);
  });

  it('shows corrections beside what they correct, and the correction as a fact of its own', () => {
    const u2 = fact(all, 'u2');
    expect(u2.occurredAt).toEqual({ at: '2025-04-02', precision: 'day' });
    expect(u2.effectiveOccurredAt).toEqual({ at: '2025-04-01', precision: 'day' });
    expect(u2.data['tabledOn']).toBe('2025-04-02');
    expect(u2.corrections).toEqual([
      {
        eventId: id('correction'),
        reason: 'Tabled on 2025-04-01, keyed as 2025-04-02',
        correctedFields: { occurredAt: { at: '2025-04-01', precision: 'day' } },
        occurredAt: { at: '2025-06-20', precision: 'day' },
        recordedAt: '2025-06-20T20:00:00.000Z',
        recordedBy: { subject: 'dana.ruiz@bayviewusd.example', role: 'negotiator' },
      },
    ]);
    const correction = fact(all, 'correction');
    expect(correction.corrects).toEqual({ eventId: id('u2'), type: 'CounterproposalTabled', found: true });
    expect(correction.articles).toEqual(['24']);
    expect(correction.side).toBe('union');
  });

  it('filters by fact types, article and side', () => {
    expect(timeline({ types: ['CorrectionRecorded', 'ProposalTabled'] }).map((f) => f.type)).toEqual(['ProposalTabled', 'ProposalTabled', 'CorrectionRecorded']);
    const article24 = timeline({ article: '24' }).map((f) => f.eventId);
    expect(article24).toEqual([id('sunshine'), id('session1'), id('u1'), id('d1'), id('d1Costing'), id('u2'), id('pkg'), id('pkgRejected'), id('correction')]);
    const union = timeline({ side: 'union' });
    expect(union.every((f) => f.side === 'union')).toBe(true);
    expect(union.map((f) => f.type)).toEqual([
      'InitialProposalSunshined',
      'ProposalTabled',
      'CounterproposalTabled',
      'TentativeAgreementInitialed',
      'InformationRequestReceived',
      'PackageRejected',
      'CorrectionRecorded',
    ]);
  });

  it('filters a date range in business time (as corrected) or in system time', () => {
    expect(timeline({ from: '2025-04-01', to: '2025-04-01' }).map((f) => f.eventId)).toEqual([id('u2')]);
    expect(timeline({ from: '2025-06-01', to: '2025-06-30' }).map((f) => f.type)).toEqual(['ConfidentialNoteRecorded', 'ConfidentialNoteRecorded', 'ProposalTabled', 'CorrectionRecorded']);
    // Recorded in June: the late note, the advice, the correction and the late proposal; by recordedAt.
    expect(timeline({ timeBase: 'system', from: '2025-06-01', to: '2025-06-30' }).map((f) => f.eventId)).toEqual([id('legalAdvice'), id('correction'), id('strategyNote'), id('d0')]);
  });

  it('orders by recordedAt on request', () => {
    const recorded = timeline({ order: 'recordedAt' }).map((f) => f.recordedAt);
    expect(recorded).toEqual([...recorded].sort());
    expect(timeline({ order: 'recordedAt' }).at(-1)!.eventId).toBe(id('d0'));
  });

  it('shows the classification in effect today beside the recorded one', () => {
    const book = classificationBook(file.events, [
      { targetEventId: id('d1Costing'), to: { level: 'public', basis: 'Gov. Code 3547.5 disclosure' }, effectiveOn: '2026-01-07', reason: 'disclosed', source: { kind: 'recorded', eventId: null, recordedAt: null } },
    ]);
    const costing = fact(timeline({ classificationOf: book.classificationOf }), 'd1Costing');
    expect(costing.recordedClassification.level).toBe('confidential');
    expect(costing.classification.level).toBe('public');
  });

  it('names what its reader read: every fact shown and every correction beside one', () => {
    const shown = shownEventIds(timeline({ types: ['CounterproposalTabled'] }));
    expect(shown).toEqual(new Set([id('d1'), id('u2'), id('correction')]));
  });

  it('keeps a correction whose original the reader may not see, marked as not found', () => {
    const withoutU2 = legalTimeline(file.events.filter((e) => e.eventId !== id('u2')), { lateEntryDays: 7, now: NOW });
    expect(withoutU2.find((f) => f.eventId === id('correction'))!.corrects).toEqual({ eventId: id('u2'), type: 'CounterproposalTabled', found: false });
  });
});
