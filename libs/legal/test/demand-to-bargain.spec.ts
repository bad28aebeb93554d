import { type DemandCommand, type DemandState, demandDecider, demandStream } from '#bargaining';
import type { RecordedEvent } from '#event-store';
import { legalTimeline, tableAsOf } from '#legal';
import { NEGOTIATOR, recordBayview } from './bayview-file.js';

/*
 * The demand to bargain a negotiation was opened on, in its legal read models: its facts in the
 * timeline with their side, and its state in the table as of a day, in both time bases (an answer
 * recorded late counts from its day as it happened, and only from its recording as the record stood).
 */

const DEMAND_ID = 'closures_2025';
const file = recordBayview();

function recordDemand(steps: readonly { command: DemandCommand; at: string; recordedAt: string }[]): RecordedEvent[] {
  const stream = demandStream(DEMAND_ID);
  let state: DemandState = demandDecider.initialState();
  const events: RecordedEvent[] = [];
  steps.forEach(({ command, at, recordedAt }, index) => {
    const metadata = { now: recordedAt, occurredAt: { at, precision: 'day' as const }, actor: NEGOTIATOR, commandId: `demand-${index}`, correlationId: 'corr-demand' };
    for (const event of demandDecider.decide({ ...command, metadata }, state)) {
      const revision = events.length;
      events.push({
        eventId: `${stream}@${revision}`,
        stream,
        type: event.type,
        schemaVersion: 1,
        data: event.data as Record<string, unknown>,
        occurredAt: metadata.occurredAt,
        recordedAt,
        actor: NEGOTIATOR,
        correlationId: metadata.correlationId,
        causationId: null,
        commandId: metadata.commandId,
        classification: demandDecider.classify!(event, state),
        revision,
        position: `2/${revision + 1}`,
        canonical: '',
        prevHash: revision === 0 ? '0'.repeat(64) : events[revision - 1]!.hash,
        hash: String(revision + 1).repeat(64),
      });
      state = demandDecider.evolve(state, event);
    }
  });
  return events;
}

const none = { now: '', occurredAt: { at: '', precision: 'day' as const }, actor: NEGOTIATOR, commandId: '', correlationId: '' };
const demand = recordDemand([
  {
    command: { type: 'MakeDemandToBargain', data: { demandId: DEMAND_ID, unitId: 'bayview_teachers', demandedBy: 'union', decision: { description: 'Closure of two schools', kind: 'school-closure' }, scope: 'effects' }, metadata: none },
    at: '2025-01-06',
    recordedAt: '2025-01-06T18:00:00.000Z',
  },
  // Answered on 01-10, recorded three weeks later.
  { command: { type: 'AnswerDemandToBargain', data: { demandId: DEMAND_ID, answer: 'refuses' }, metadata: none }, at: '2025-01-10', recordedAt: '2025-01-31T18:00:00.000Z' },
]);

const asOf = (date: string, basis: 'business' | 'system') =>
  tableAsOf({ negotiationId: 'bayview_2025', asOf: date, basis, negotiation: file.negotiation, demand, informationRequests: [file.request] });

describe('the demand to bargain in the legal read models', () => {
  it('is in the table as of a day: made, then answered from the day of its answer as it happened, and from its recording as the record stood', () => {
    expect(asOf('2025-01-05', 'business').table.demandToBargain).toBeNull();
    expect(asOf('2025-01-08', 'business').table.demandToBargain).toMatchObject({ demandId: DEMAND_ID, demandedBy: 'union', scope: 'effects', status: 'awaiting-answer', answer: null });
    const happened = asOf('2025-01-15', 'business');
    expect(happened.table.demandToBargain).toMatchObject({ status: 'answered', answer: { answer: 'refuses', answeredBy: 'employer', answeredOn: '2025-01-10' } });
    expect(happened.used.has(demand[1]!.eventId)).toBe(true);
    expect(happened.table.record.factsRecordedAfter).toBeGreaterThanOrEqual(1);
    const stood = asOf('2025-01-15', 'system');
    expect(stood.table.demandToBargain).toMatchObject({ status: 'awaiting-answer', answer: null });
    expect(stood.used.has(demand[1]!.eventId)).toBe(false);
    expect(asOf('2025-02-01', 'system').table.demandToBargain).toMatchObject({ status: 'answered' });
    expect(tableAsOf({ negotiationId: 'bayview_2025', asOf: '2025-02-01', basis: 'business', negotiation: file.negotiation, informationRequests: [] }).table.demandToBargain).toBeNull();
  });

  it('is in the timeline, each fact with its side, the late answer flagged as a late entry', () => {
    const facts = legalTimeline([...demand, ...file.events], { lateEntryDays: 7, now: '2026-02-01T00:00:00.000Z' });
    const mine = facts.filter((f) => f.source === 'demand-to-bargain');
    expect(mine.map((f) => [f.type, f.side, f.lateEntry.late])).toEqual([
      ['DemandToBargainMade', 'union', false],
      ['DemandToBargainAnswered', 'employer', true],
    ]);
    expect(facts.findIndex((f) => f.type === 'DemandToBargainAnswered')).toBeLessThan(facts.findIndex((f) => f.type === 'NegotiationOpened'));
  });
});
