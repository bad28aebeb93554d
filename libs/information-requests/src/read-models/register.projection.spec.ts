import { fold } from '#kernel';
import { DISTRICT_CALENDAR_2025, REQUEST_ID, cmd, meta } from '../../test/fixtures.js';
import { informationRequestDecider } from '../domain/decider.js';
import type { InformationRequestEvent } from '../domain/events.js';
import { informationRequestPolicyDecider, type SetInformationRequestPolicy } from '../application/response-policy/response-policy.js';
import {
  INFORMATION_REQUEST_POLICIES,
  INFORMATION_REQUEST_PROJECTIONS,
  INFORMATION_REQUEST_REGISTER,
  type InformationRequestRegisterDoc,
} from './register.projection.js';
import { registerEntry } from './register-views.js';
import { project, recordRequest, recordStream } from './testing/recorded.js';

const bayview = [
  cmd.receive('2025-04-10', { items: [{ number: 1, description: 'Placement by name' }, { number: 2, description: 'Step and column costs' }] }),
  cmd.acknowledge('2025-04-13'),
  cmd.object('2025-04-26', 1),
  cmd.extend('2025-05-01', '2025-05-15'),
  cmd.produce('2025-05-22', 2, 'partial'),
];

describe('the information-request-register projection', () => {
  const events = recordRequest(bayview);

  it('is versioned, reads the request streams, and is listed with the policies', () => {
    expect([INFORMATION_REQUEST_REGISTER.name, INFORMATION_REQUEST_REGISTER.version, INFORMATION_REQUEST_REGISTER.categories]).toEqual(['information-request-register', 5, ['inforequest']]);
    expect(INFORMATION_REQUEST_PROJECTIONS).toEqual([INFORMATION_REQUEST_REGISTER, INFORMATION_REQUEST_POLICIES]);
  });

  it('keys each request event by the request id, and nothing else', () => {
    expect(events.map((e) => INFORMATION_REQUEST_REGISTER.keys(e))).toEqual(events.map(() => [REQUEST_ID]));
    expect(INFORMATION_REQUEST_REGISTER.keys({ ...events[0]!, stream: `inforequestpolicy-${REQUEST_ID}` })).toEqual([]);
    expect(INFORMATION_REQUEST_REGISTER.keys({ ...events[0]!, type: 'SomethingElse' })).toEqual([]);
  });

  it('holds the request folded by the domain evolve, with its classification, revision and recording times', () => {
    const doc = project(INFORMATION_REQUEST_REGISTER, events).get(REQUEST_ID)!;
    const domain = fold(informationRequestDecider.evolve, informationRequestDecider.initialState(), events as unknown as InformationRequestEvent[]);
    expect(doc).toEqual({
      requestId: REQUEST_ID,
      unitId: 'bayview-certificated',
      negotiationId: 'neg_2025_reopener',
      state: domain,
      classification: 'internal',
      records: events.map((e) => ({ eventId: e.eventId, type: e.type, revision: e.revision, classification: { level: e.classification.level, basis: e.classification.basis } })),
      revision: 4,
      firstRecordedAt: events[0]!.recordedAt,
      lastRecordedAt: events[4]!.recordedAt,
    });
  });

  it('extracts the declared columns: the status and due date after every recorded fact', () => {
    const doc = project(INFORMATION_REQUEST_REGISTER, events).get(REQUEST_ID)!;
    const columns = Object.fromEntries(Object.entries(INFORMATION_REQUEST_REGISTER.columns!).map(([name, spec]) => [name, spec.value(doc)]));
    expect(columns).toEqual({ unit_id: 'bayview-certificated', negotiation_id: 'neg_2025_reopener', status: 'open', received_on: '2025-04-10', due_on: '2025-05-15' });
  });

  it('changes nothing when events are applied again (a replay is idempotent)', () => {
    const once = project(INFORMATION_REQUEST_REGISTER, events);
    expect(project(INFORMATION_REQUEST_REGISTER, [...events, ...events.slice(2)])).toEqual(once);
    const doc = once.get(REQUEST_ID)!;
    expect(INFORMATION_REQUEST_REGISTER.evolve(doc, events[1]!, REQUEST_ID)).toBe(doc);
  });

  it('keeps how a receipt known only as a month is known; its clocks count from the first of the month', () => {
    const receipt = cmd.receive('2025-04-10');
    const inApril = recordRequest([{ ...receipt, metadata: { ...receipt.metadata, occurredAt: { at: '2025-04', precision: 'month' } } }, cmd.acknowledge('2025-04-13')]);
    const doc = project(INFORMATION_REQUEST_REGISTER, inApril).get(REQUEST_ID)!;
    expect(doc.receivedAsKnown).toEqual({ at: '2025-04', precision: 'month' });
    expect(registerEntry(doc, '2025-04-20', DISTRICT_CALENDAR_2025)).toMatchObject({ receivedOn: '2025-04-01', receivedAsKnown: 'April 2025' });
    expect(registerEntry(project(INFORMATION_REQUEST_REGISTER, events).get(REQUEST_ID)!, '2025-04-20', DISTRICT_CALENDAR_2025)!.receivedAsKnown).toBeNull();
  });

  it('shows nothing for a stream whose receipt is missing', () => {
    expect(project<InformationRequestRegisterDoc>(INFORMATION_REQUEST_REGISTER, events.slice(1)).size).toBe(0);
  });

  it('keeps meetings held and cancelled in the folded request, equal to the fold; a meeting changes no clock', () => {
    const withMeetings = recordRequest([...bayview, cmd.cancelMeeting('2025-04-14', '2025-04-15', 'union', 'm_cancelled'), cmd.meet('2025-04-16', 'm_held', { itemNumbers: [1] })]);
    const doc = project(INFORMATION_REQUEST_REGISTER, withMeetings).get(REQUEST_ID)!;
    expect(doc.state).toEqual(fold(informationRequestDecider.evolve, informationRequestDecider.initialState(), withMeetings as unknown as InformationRequestEvent[]));
    expect(doc.state.meetings.map((m) => [m.meetingId, m.status])).toEqual([
      ['m_cancelled', 'cancelled'],
      ['m_held', 'held'],
    ]);
    const without = project(INFORMATION_REQUEST_REGISTER, events).get(REQUEST_ID)!;
    expect(registerEntry(doc, '2025-06-01', DISTRICT_CALENDAR_2025)).toEqual(registerEntry(without, '2025-06-01', DISTRICT_CALENDAR_2025));
  });

  it('shows an item answered by an explanation as explained and not overdue', () => {
    const explained = recordRequest([...bayview, cmd.explain('2025-05-23', 2, 'already-produced', { reference: 'Production of 2025-03-14' })]);
    const doc = project(INFORMATION_REQUEST_REGISTER, explained).get(REQUEST_ID)!;
    expect(doc.state.items[1]!.explanations).toEqual([{ reason: 'already-produced', explanation: null, reference: 'Production of 2025-03-14', explainedOn: '2025-05-23' }]);
    expect(registerEntry(doc, '2025-05-22', DISTRICT_CALENDAR_2025)).toMatchObject({ overdue: true, items: [{ status: 'objected' }, { status: 'produced-partial', overdue: true }] });
    expect(registerEntry(doc, '2025-06-01', DISTRICT_CALENDAR_2025)).toMatchObject({
      overdue: false,
      respondedInFullOn: '2025-05-23',
      lateObjections: [{ itemNumber: 1 }],
      items: [{ status: 'objected' }, { status: 'explained', overdue: false, answeredOn: '2025-05-23', lateObjections: [] }],
    });
  });

  it('follows the request to its close', () => {
    const closed = recordRequest([...bayview, cmd.produce('2025-05-30', 2, 'complete'), cmd.close('2025-06-02', 'fulfilled')]);
    const doc = project(INFORMATION_REQUEST_REGISTER, closed).get(REQUEST_ID)!;
    expect(doc.state.status).toBe('closed');
    expect(INFORMATION_REQUEST_REGISTER.columns!['status']!.value(doc)).toBe('closed');
  });
});

describe('the information-request-policies projection', () => {
  const policy = (at: string, holidays: string[]): SetInformationRequestPolicy => ({
    type: 'SetInformationRequestPolicy',
    data: { unitId: 'bayview_certificated', policy: { kind: 'business-days', days: 10 }, holidays },
    metadata: meta(at),
  });

  it("keys a unit's policy stream by the unit and folds it with the policy decider", () => {
    const events = recordStream('inforequestpolicy-bayview_certificated', informationRequestPolicyDecider, [policy('2025-01-02', [...DISTRICT_CALENDAR_2025.holidays]), policy('2025-08-01', ['2025-09-01'])]);
    const docs = project(INFORMATION_REQUEST_POLICIES, events);
    expect([...docs.keys()]).toEqual(['bayview_certificated']);
    expect(docs.get('bayview_certificated')).toMatchObject({ unitId: 'bayview_certificated', revision: 1, state: { unitId: 'bayview_certificated', versions: [{ effectiveOn: '2025-01-02' }, { effectiveOn: '2025-08-01' }] } });
    expect(project(INFORMATION_REQUEST_POLICIES, [...events, ...events])).toEqual(docs);
  });
});
