import { fold } from '#kernel';
import { negotiationDecider } from '../domain/negotiation/decider.js';
import type { NegotiationEvent } from '../domain/negotiation/events.js';
import { tableSummary } from '../domain/negotiation/summary.js';
import { type NegotiationSummaryDoc, negotiationSummaryFor, negotiationSummaryProjection as projection, viewAt } from './negotiation-summary.js';
import { type DashboardLine, dashboardLine } from './unit-dashboard.js';
import { bayviewHistory } from './testing/bayview-history.js';
import { RecordedNegotiation, project, recordedUnit, throughJson } from './testing/recorded-history.js';

const bayview = bayviewHistory();
const docOf = (events = bayview.events) => project(projection, events).get('bayview_2025')!;

describe('negotiation-summary projection', () => {
  it('is named and versioned, and reads only negotiation streams', () => {
    expect(`${projection.name}.v${projection.version}`).toBe('negotiation-summary.v4');
    expect(projection.categories).toEqual(['negotiation']);
  });

  it('keys every negotiation event by the negotiation id in its stream name', () => {
    expect(new Set(bayview.events.map((e) => projection.keys(e).join()))).toEqual(new Set(['bayview_2025']));
    expect(projection.keys(recordedUnit()[0]!)).toEqual([]);
  });

  it('holds the domain’s folded state: for full clearance, the same table as the domain’s own fold', () => {
    const doc = docOf();
    const domainState = fold(negotiationDecider.evolve, negotiationDecider.initialState(), bayview.events as unknown as NegotiationEvent[]);
    expect(viewAt(doc, 'privileged').state).toEqual(throughJson(domainState));
    expect(negotiationSummaryFor(doc, 'legal-counsel', '2025-07-01')).toMatchObject(throughJson({ ...tableSummary(domainState, '2025-07-01') }));
  });

  it('folds and stores once a view that several clearance levels share, and splits it at the first fact above one of them', () => {
    const firstAboveInternal = bayview.events.findIndex((e) => e.classification.level === 'confidential' || e.classification.level === 'privileged');
    expect(firstAboveInternal).toBeGreaterThan(1);
    const before = docOf(bayview.events.slice(0, firstAboveInternal));
    expect(before.viewOf.internal).toBe(before.viewOf.confidential);
    expect(before.viewOf.confidential).toBe(before.viewOf.privileged);
    expect(before.views).toHaveLength(before.viewOf.public === before.viewOf.internal ? 1 : 2);
    const after = docOf(bayview.events.slice(0, firstAboveInternal + 1));
    expect(after.viewOf.internal).not.toBe(after.viewOf.confidential);
    // Shared or not, each level reads what a fold over its own facts gives.
    for (const level of ['internal', 'confidential', 'privileged'] as const) {
      const visible = bayview.events.slice(0, firstAboveInternal + 1).filter((e) => ['public', 'internal', 'confidential', 'privileged'].indexOf(e.classification.level) <= ['public', 'internal', 'confidential', 'privileged'].indexOf(level));
      expect(viewAt(after, level).state).toEqual(throughJson(fold(negotiationDecider.evolve, negotiationDecider.initialState(), visible as unknown as NegotiationEvent[])));
    }
  });

  it('answers status and stage, days at the table, sessions, proposals by side, open articles, TAs and settlement steps', () => {
    expect(negotiationSummaryFor(docOf(), 'negotiator', '2025-07-01')).toEqual({
      negotiationId: 'bayview_2025',
      unitId: 'bayview_teachers',
      unitName: 'Bayview certificated unit',
      statute: 'EERA',
      kind: 'successor',
      status: 'open',
      stage: 'at-table',
      outcome: null,
      openedOn: '2025-01-15',
      concludedOn: null,
      groundRules: { taRule: 'reopenable-until-global', agreedOn: '2025-01-29' },
      asOf: '2025-07-01',
      daysAtTable: 167,
      sessions: { held: 2, cancelled: 1, lastHeldOn: '2025-03-26' },
      proposals: { employer: 3, union: 3, onTable: 4 },
      openArticles: ['10', '15', '24'],
      agreedArticles: ['23'],
      tentativeAgreements: { complete: ['ta_23'], awaitingSignature: [], withdrawn: [] },
      settlementSteps: { done: [], pending: ['settlement-reached', 'costs-disclosed', 'ratified', 'governing-body-approved', 'agreement-executed'] },
      sideLettersAndMemoranda: [],
      notes: 1,
      corrections: 1,
      // By business time: the correction of 06-20, not D-0 (dated 06-09, recorded late on 06-30).
      lastActivity: { recordedAt: '2025-06-20T20:00:00.000Z', occurredAt: { at: '2025-06-20', precision: 'day' }, eventType: 'CorrectionRecorded', eventId: 'negotiation-bayview_2025@18' },
      clearance: ['public', 'internal', 'confidential'],
    });
  });

  it('shows each reader only what its clearance covers: notes count for counsel, not for an analyst', () => {
    const doc = docOf();
    const notes = (role: 'analyst' | 'negotiator' | 'legal-counsel' | 'records-officer') => negotiationSummaryFor(doc, role, '2025-07-01')!.notes;
    expect([notes('analyst'), notes('negotiator'), notes('legal-counsel'), notes('records-officer')]).toEqual([0, 1, 2, 2]);
    expect(negotiationSummaryFor(doc, 'analyst', '2025-07-01')!.clearance).toEqual(['public', 'internal']);
  });

  it('takes last activity by system time, and from what the reader may see', () => {
    const n = new RecordedNegotiation('late_note');
    n.open('2025-01-15');
    n.record('RecordConfidentialNote', { kind: 'strategy', title: 'Plan', body: 'Hold' }, '2025-01-20', { recordedAt: '2025-02-01T10:00:00.000Z' });
    const doc = project(projection, n.events).get('late_note')!;
    expect(doc.lastActivity.eventType).toBe('ConfidentialNoteRecorded');
    expect(negotiationSummaryFor(doc, 'negotiator', '2025-03-01')!.lastActivity!.eventType).toBe('ConfidentialNoteRecorded');
    expect(negotiationSummaryFor(doc, 'analyst', '2025-03-01')!.lastActivity!.eventType).toBe('NegotiationOpened');
  });

  it('counts days at the table to asOf, or to the conclusion when it came first, and never below zero', () => {
    const n = new RecordedNegotiation('withdrawn_one');
    n.open('2025-01-15');
    n.record('ConcludeNegotiation', { outcome: 'withdrawn', summary: null }, '2025-03-01');
    const doc = project(projection, n.events).get('withdrawn_one')!;
    expect(negotiationSummaryFor(doc, 'analyst', '2025-06-01')).toMatchObject({ status: 'concluded', stage: 'concluded', outcome: 'withdrawn', concludedOn: '2025-03-01', daysAtTable: 45 });
    expect(negotiationSummaryFor(doc, 'analyst', '2025-02-01')!.daysAtTable).toBe(17);
    expect(negotiationSummaryFor(doc, 'analyst', '2024-12-01')!.daysAtTable).toBe(0);
  });

  it('stops days at the table at the settlement, whether or not the negotiation was concluded', () => {
    const n = new RecordedNegotiation('settled_one');
    n.open('2025-01-15');
    n.record('InitialTentativeAgreement', { taId: 'ta1', side: 'employer', signatory: 'D', articles: [{ article: '24', title: null, text: 'agreed' }] }, '2025-02-01');
    n.record('InitialTentativeAgreement', { taId: 'ta1', side: 'union', signatory: 'U' }, '2025-02-02');
    n.record('ReachSettlement', { taIds: ['ta1'], term: { start: '2025-07-01', end: '2028-06-30' }, summary: 's' }, '2025-03-01');
    const settled = project(projection, n.events).get('settled_one')!;
    expect(negotiationSummaryFor(settled, 'analyst', '2025-12-01')!.daysAtTable).toBe(45);
    expect(negotiationSummaryFor(settled, 'analyst', '2025-02-01')!.daysAtTable).toBe(17);
    n.record('ConcludeNegotiation', { outcome: 'settled', summary: null }, '2025-06-01');
    const concluded = project(projection, n.events).get('settled_one')!;
    expect(negotiationSummaryFor(concluded, 'analyst', '2025-12-01')!.daysAtTable).toBe(45);
  });

  it('lists side letters and MOUs with their expiry, and which expire within 90 days of asOf', () => {
    const n = new RecordedNegotiation('letters');
    n.open('2025-01-15');
    const instrument = (title: string, expiresOn: string | null) => ({ title, text: 't', precedential: false, expiresOn, signatories: { employer: ['E'], union: ['U'] } });
    n.record('ExecuteSideLetter', instrument('Strike payroll', '2025-12-31'), '2025-03-01');
    n.record('ExecuteMemorandumOfUnderstanding', instrument('Hybrid work', null), '2025-03-02');
    n.record('ExecuteSideLetter', instrument('Summer school', '2025-06-30'), '2025-03-03');
    const doc = project(projection, n.events).get('letters')!;
    const summary = negotiationSummaryFor(doc, 'analyst', '2025-10-15')!;
    expect(summary.sideLettersAndMemoranda).toEqual([
      { kind: 'side-letter', title: 'Strike payroll', precedential: false, executedOn: '2025-03-01', expiresOn: '2025-12-31', expired: false, expiresWithin90Days: true },
      { kind: 'memorandum-of-understanding', title: 'Hybrid work', precedential: false, executedOn: '2025-03-02', expiresOn: null, expired: false, expiresWithin90Days: false },
      { kind: 'side-letter', title: 'Summer school', precedential: false, executedOn: '2025-03-03', expiresOn: '2025-06-30', expired: true, expiresWithin90Days: false },
    ]);
    expect(negotiationSummaryFor(doc, 'analyst', '2025-09-01')!.sideLettersAndMemoranda[0]!.expiresWithin90Days).toBe(false);
  });

  it('extracts its columns from the full record', () => {
    const doc = docOf();
    const columns = Object.fromEntries(Object.entries(projection.columns!).map(([name, spec]) => [name, spec.value(doc)]));
    const { dashboard, ...rest } = columns as { dashboard: Record<string, DashboardLine | null> };
    expect(rest).toEqual({ unit_id: 'bayview_teachers', status: 'open', stage: 'at-table', last_activity: '2025-06-30T16:00:00.000Z', opened_on: '2025-01-15' });
    // One dashboard line per level, each from that level's view.
    expect(Object.keys(dashboard)).toEqual(['public', 'internal', 'confidential', 'privileged']);
    expect(dashboard['internal']).toMatchObject({ negotiationId: 'bayview_2025', unitId: 'bayview_teachers', status: 'open', stage: 'at-table', openedOn: '2025-01-15', openedDay: 20103, endedDay: null });
    for (const level of ['internal', 'confidential', 'privileged'] as const) {
      const view = viewAt(doc, level);
      expect(dashboard[level]).toEqual(dashboardLine(view.state, view.lastActivity));
    }
  });

  it('changes nothing when events are replayed: twice through the fold gives the same document', () => {
    const once = project(projection, bayview.events);
    const twice = project(projection, bayview.events, once);
    expect(twice).toEqual(once);
    const doc = once.get('bayview_2025')!;
    for (const event of bayview.events) expect(projection.evolve(doc, event, 'bayview_2025')).toBe(doc);
  });

  it('gives the same document whether built in one batch or many (each stored as JSON between)', () => {
    const whole = docOf();
    let docs = new Map<string, NegotiationSummaryDoc>();
    for (let i = 0; i < bayview.events.length; i += 3) docs = project(projection, bayview.events.slice(i, i + 3), docs);
    expect(docs.get('bayview_2025')).toEqual(whole);
  });

  it('holds no document for a stream that never opened (evolve stays total)', () => {
    const stray = { ...bayview.events[1]!, stream: 'negotiation-stray', revision: 0 };
    expect(project(projection, [stray]).size).toBe(0);
  });
});
