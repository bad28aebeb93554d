import type { RecordedEvent } from '#event-store';
import { negotiationSummaryFor, negotiationSummaryProjection } from './negotiation-summary.js';
import { bayviewHistory } from './testing/bayview-history.js';
import { RecordedNegotiation, bayviewUnit, project, recordedUnit } from './testing/recorded-history.js';
import { unitDashboard } from './unit-dashboard.js';
import { type UnitDirectoryDoc, unitDirectoryProjection as directory } from './unit-directory.js';

describe('unit-directory projection', () => {
  const registered = recordedUnit();

  it('is named and versioned, keyed by unit id, reading unit streams only', () => {
    expect(`${directory.name}.v${directory.version}`).toBe('unit-directory.v2');
    expect(directory.categories).toEqual(['unit']);
    expect(directory.keys(registered[0]!)).toEqual(['bayview_teachers']);
    expect(directory.keys(bayviewHistory().events[0]!)).toEqual([]);
  });

  it('keeps the unit’s names, statute and current term, with the registration’s record', () => {
    const doc = project(directory, registered).get('bayview_teachers')!;
    expect(doc).toMatchObject({
      unitId: 'bayview_teachers',
      name: 'Bayview certificated unit',
      employer: 'Bayview Unified School District',
      employeeOrganization: 'Bayview Teachers Association',
      statute: 'EERA',
      currentAgreementTerm: { start: '2022-07-01', end: '2025-06-30' },
      registered: { classification: { level: 'internal' } },
    });
  });

  it('follows a new agreement term, and changes nothing on replay', () => {
    const term: RecordedEvent = {
      ...registered[0]!,
      eventId: 'unit-term',
      type: 'UnitAgreementTermRecorded',
      data: { unitId: 'bayview_teachers', term: { start: '2025-07-01', end: '2028-06-30' }, negotiationId: 'bayview_2025' },
      revision: 1,
    };
    const once = project(directory, [...registered, term]);
    expect(once.get('bayview_teachers')!.currentAgreementTerm).toEqual({ start: '2025-07-01', end: '2028-06-30' });
    expect(project(directory, [...registered, term], once)).toEqual(once);
    // An out-of-order term before any registration holds no unit.
    expect(project(directory, [{ ...term, revision: 0 }]).size).toBe(0);
  });
});

describe('unit dashboard', () => {
  const unit = project(directory, recordedUnit()).get('bayview_teachers')! as UnitDirectoryDoc;
  const bayview = bayviewHistory();
  const quick = new RecordedNegotiation('bayview_reopener');
  quick.open('2025-05-01', { kind: 'reopener', articlesInScope: ['24'] });
  quick.record('InitialTentativeAgreement', { taId: 'ta_r', side: 'union', signatory: 'Lee Park', articles: [{ article: '24', title: null, text: 'agreed' }] }, '2025-05-20');
  const closed = new RecordedNegotiation('bayview_old');
  closed.open('2024-01-10');
  closed.record('ConcludeNegotiation', { outcome: 'withdrawn', summary: null }, '2024-02-01');
  const other = new RecordedNegotiation('other_unit');
  other.open('2025-01-02', { unit: { ...bayviewUnit, unitId: 'city_clerical', name: 'City clerical' } });
  const docs = project(negotiationSummaryProjection, [...bayview.events, ...quick.events, ...closed.events, ...other.events]);
  const summaries = (role: 'analyst' | 'negotiator') => [...docs.values()].map((d) => negotiationSummaryFor(d, role, '2025-07-01')!);

  it('answers active negotiations, last activity, TAs pending and days at the table, per unit', () => {
    expect(unitDashboard('bayview_teachers', unit, summaries('negotiator'), null, '2025-07-01')).toEqual({
      unitId: 'bayview_teachers',
      name: 'Bayview certificated unit',
      employer: 'Bayview Unified School District',
      employeeOrganization: 'Bayview Teachers Association',
      statute: 'EERA',
      currentAgreementTerm: { start: '2022-07-01', end: '2025-06-30' },
      asOf: '2025-07-01',
      activeNegotiations: [
        {
          negotiationId: 'bayview_2025',
          kind: 'successor',
          stage: 'at-table',
          openedOn: '2025-01-15',
          daysAtTable: 167,
          openArticles: 3,
          tentativeAgreementsAwaitingSignature: 0,
          lastActivity: expect.objectContaining({ recordedAt: '2025-06-20T20:00:00.000Z', occurredAt: { at: '2025-06-20', precision: 'day' } }),
        },
        {
          negotiationId: 'bayview_reopener',
          kind: 'reopener',
          stage: 'at-table',
          openedOn: '2025-05-01',
          daysAtTable: 61,
          openArticles: 1,
          tentativeAgreementsAwaitingSignature: 1,
          lastActivity: expect.objectContaining({ recordedAt: '2025-05-20T20:00:00.000Z' }),
        },
      ],
      concludedNegotiations: 1,
      lastActivity: expect.objectContaining({ recordedAt: '2025-06-20T20:00:00.000Z', eventType: 'CorrectionRecorded' }),
      tentativeAgreementsPending: 1,
      daysAtTable: 167,
      overdueInformationRequests: null,
      sideLettersAndMemoranda: [],
      expiringWithin90Days: 0,
      nextCursor: null,
    });
  });

  it('takes last activity from what the reader may see', () => {
    const n = new RecordedNegotiation('noted');
    n.open('2025-01-15');
    n.record('RecordConfidentialNote', { kind: 'strategy', title: 'Plan', body: 'Hold' }, '2025-02-01');
    const doc = project(negotiationSummaryProjection, n.events).get('noted')!;
    const last = (role: 'analyst' | 'negotiator') => unitDashboard('bayview_teachers', unit, [negotiationSummaryFor(doc, role, '2025-03-01')!], null, '2025-03-01').lastActivity!.eventType;
    expect([last('analyst'), last('negotiator')]).toEqual(['NegotiationOpened', 'ConfidentialNoteRecorded']);
  });

  it('lists the side letters and MOUs of every negotiation of the unit, those expiring within 90 days apart', () => {
    const n = new RecordedNegotiation('letters_unit');
    n.open('2024-01-15');
    n.record('ExecuteSideLetter', { title: 'Strike payroll', text: 't', precedential: false, expiresOn: '2025-08-31', signatories: { employer: ['E'], union: ['U'] } }, '2024-03-01');
    n.record('ConcludeNegotiation', { outcome: 'withdrawn', summary: null }, '2024-04-01');
    const doc = project(negotiationSummaryProjection, n.events).get('letters_unit')!;
    const dashboard = unitDashboard('bayview_teachers', unit, [...summaries('analyst'), negotiationSummaryFor(doc, 'analyst', '2025-07-01')!], null, '2025-07-01');
    expect(dashboard.sideLettersAndMemoranda).toEqual([
      expect.objectContaining({ negotiationId: 'letters_unit', kind: 'side-letter', title: 'Strike payroll', expiresOn: '2025-08-31', expiresWithin90Days: true }),
    ]);
    expect(dashboard.expiringWithin90Days).toBe(1);
  });

  it('takes last activity as the latest fact by business time, with its recording time beside it', () => {
    const n = new RecordedNegotiation('late_entry');
    n.open('2025-01-15');
    n.record('HoldSession', { sessionId: 's2', number: 2, place: 'District office', attendees: { employer: ['E'], union: ['U'] } }, '2025-03-10');
    // Entered three weeks late: recorded last, but it happened before session 2.
    n.record('HoldSession', { sessionId: 's1', number: 1, place: 'District office', attendees: { employer: ['E'], union: ['U'] } }, '2025-03-01', { recordedAt: '2025-03-22T12:00:00.000Z' });
    const doc = project(negotiationSummaryProjection, n.events).get('late_entry')!;
    const summary = negotiationSummaryFor(doc, 'analyst', '2025-04-01')!;
    const last = unitDashboard('bayview_teachers', unit, [summary], null, '2025-04-01').lastActivity!;
    expect(last).toMatchObject({ eventType: 'SessionHeld', occurredAt: { at: '2025-03-10' }, recordedAt: '2025-03-10T20:00:00.000Z' });
    expect(summary.lastActivity).toEqual(last);
  });

  it('shows overdue information requests when the register provides them', () => {
    expect(unitDashboard('bayview_teachers', unit, summaries('analyst'), 2, '2025-07-01').overdueInformationRequests).toBe(2);
  });

  it('works for a unit known only from its negotiations, and for one with none open', () => {
    expect(unitDashboard('city_clerical', null, summaries('analyst'), null, '2025-07-01')).toMatchObject({ name: 'City clerical', employer: null, activeNegotiations: [{ negotiationId: 'other_unit' }] });
    expect(unitDashboard('bayview_teachers', unit, summaries('analyst').filter((s) => s.negotiationId === 'bayview_old'), null, '2025-07-01')).toMatchObject({
      activeNegotiations: [],
      concludedNegotiations: 1,
      daysAtTable: null,
      tentativeAgreementsPending: 0,
    });
  });
});
