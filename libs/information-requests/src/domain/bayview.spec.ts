import { type Warning, fold } from '#kernel';
import {
  type BusinessCalendar,
  type InformationRequest,
  type InformationRequestCommand,
  type InformationRequestEvent,
  informationRequestClocks,
  informationRequestDecider as decider,
} from '#information-requests';
import { DISTRICT_CALENDAR_2025, cmd } from '../../test/fixtures.js';

/*
 * The Bayview request from DOMAIN.md, at the domain level: a request on step-and-column costs
 * received 2025-04-10 (a Thursday), acknowledged 04-13, a privacy objection 04-26, a partial
 * production 05-22. Unit policy: 10 business days, district holidays (none between 04-10 and 04-24),
 * so the response is due 2025-04-24.
 */

const ITEMS = [
  { number: 1, description: 'Step-and-column placement of each unit member, by name, 2024-25' },
  { number: 2, description: 'Cost of one step and one column movement on the 2025-26 salary schedule' },
];

function record(calendar: BusinessCalendar, commands: InformationRequestCommand[]) {
  let state: InformationRequest = decider.initialState();
  const events: InformationRequestEvent[] = [];
  const warnings: Record<string, string[]> = {};
  for (const command of commands) {
    const decided = decider.decide(command, state);
    warnings[command.type] = (decider.warnings!(command, state, decided) as Warning[]).map((w) => w.code);
    events.push(...decided);
    state = fold(decider.evolve, state, decided);
  }
  return { state, events, warnings };
}

const bayviewCommands = (calendar: BusinessCalendar) => [
  cmd.receive('2025-04-10', { items: ITEMS, calendar, responsePolicy: { kind: 'business-days', days: 10 } }),
  cmd.acknowledge('2025-04-13'),
  cmd.object('2025-04-26', 1, {
    grounds: ['third-party-privacy'],
    explanation: 'Placement by name discloses each teacher’s compensation',
    accommodationOffered: true,
    accommodationDescription: 'Placement by anonymized employee number; bargain over a confidentiality agreement',
  }),
  cmd.produce('2025-05-22', 2, 'partial', { documents: [{ name: 'step-column-costing-draft.xlsx', sha256: 'c0ffee'.padEnd(64, '0') }] }),
];

describe('the Bayview information request (DOMAIN.md)', () => {
  const bayview = record(DISTRICT_CALENDAR_2025, bayviewCommands(DISTRICT_CALENDAR_2025));
  const clocks = (asOf: string) => informationRequestClocks(bayview.state, asOf, DISTRICT_CALENDAR_2025)!;

  it('is due 2025-04-24: ten business days after Thursday 2025-04-10', () => {
    expect(bayview.events[0]!.data).toMatchObject({
      receivedOn: '2025-04-10',
      responseDue: { dueOn: '2025-04-24', basis: 'policy', policy: { kind: 'business-days', days: 10 }, holidaysApplied: [] },
    });
  });

  it('records every fact; the objection and the production are flagged as they are recorded, none refused', () => {
    expect(bayview.events.map((e) => e.type)).toEqual([
      'InformationRequestReceived',
      'InformationRequestAcknowledged',
      'InformationItemObjected',
      'InformationItemProduced',
    ]);
    expect(bayview.warnings).toEqual({
      ReceiveInformationRequest: [],
      AcknowledgeInformationRequest: [],
      ObjectToInformationItem: ['LATE_OBJECTION'],
      ProduceInformationItem: ['PAST_DUE'],
    });
  });

  it('did not exist as of 2025-04-09', () => {
    expect(informationRequestClocks(bayview.state, '2025-04-09', DISTRICT_CALENDAR_2025)).toBeNull();
  });

  it('as of 2025-04-20: acknowledged, open, not yet due, nothing flagged', () => {
    expect(clocks('2025-04-20')).toMatchObject({
      status: 'open',
      dueOn: '2025-04-24',
      daysOutstanding: 10,
      businessDaysOutstanding: 6,
      overdue: false,
      daysOverdue: 0,
      acknowledgedOn: '2025-04-13',
      timeToAcknowledgment: 3,
      timeToFirstResponse: 3,
      firstSubstantiveResponseOn: null,
      timeToFirstSubstantiveResponse: null,
      noResponsePastDue: false,
      noSubstantiveResponsePastDue: false,
      lateObjections: [],
    });
    expect(clocks('2025-04-20').items.map((i) => [i.number, i.status, i.daysOutstanding, i.overdue])).toEqual([
      [1, 'open', 10, false],
      [2, 'open', 10, false],
    ]);
  });

  it('as of 2025-04-25: overdue with only an acknowledgment (a response, not a substantive one)', () => {
    expect(clocks('2025-04-25')).toMatchObject({ overdue: true, daysOverdue: 1, noResponsePastDue: false, noSubstantiveResponsePastDue: true });
  });

  it('as of 2025-04-30: the privacy objection of 04-26 is late (after the due date); item 2 is overdue', () => {
    const c = clocks('2025-04-30');
    expect(c).toMatchObject({
      overdue: true,
      daysOverdue: 6,
      daysOutstanding: 20,
      firstSubstantiveResponseOn: '2025-04-26',
      timeToFirstSubstantiveResponse: 16,
      noSubstantiveResponsePastDue: false,
      lateObjections: [{ itemNumber: 1, objectedOn: '2025-04-26', grounds: ['third-party-privacy'], reasons: ['after-due-date'], dueOnThen: '2025-04-24' }],
    });
    expect(c.items).toEqual([
      expect.objectContaining({ number: 1, status: 'objected', answeredOn: '2025-04-26', daysOutstanding: 16, overdue: false, firstResponseLate: true }),
      expect.objectContaining({ number: 2, status: 'open', firstResponseOn: null, daysOutstanding: 20, overdue: true, daysOverdue: 6 }),
    ]);
  });

  it('as of 2025-05-21: item 2 has had nothing for four weeks past due', () => {
    expect(clocks('2025-05-21').items[1]).toMatchObject({ status: 'open', overdue: true, daysOverdue: 27 });
  });

  it('as of 2025-05-30: the partial production of 05-22 was late and item 2 is still overdue', () => {
    const c = clocks('2025-05-30');
    expect(c).toMatchObject({
      status: 'open',
      overdue: true,
      daysOverdue: 36,
      daysOutstanding: 50,
      // 04-11 … 05-30 less weekends and Memorial Day (2025-05-26)
      businessDaysOutstanding: 35,
      respondedInFullOn: null,
      clockStoppedOn: null,
      lateObjections: [expect.objectContaining({ itemNumber: 1, objectedOn: '2025-04-26', reasons: ['after-due-date'] })],
    });
    expect(c.items[1]).toEqual(
      expect.objectContaining({
        number: 2,
        status: 'produced-partial',
        firstProductionOn: '2025-05-22',
        firstResponseLate: true,
        answeredOn: null,
        daysOutstanding: 50,
        overdue: true,
        daysOverdue: 36,
      }),
    );
  });

  it('with a spring recess in the district calendar, the due date moves to 2025-05-01 and the objection is on time', () => {
    const recess: BusinessCalendar = { holidays: [...DISTRICT_CALENDAR_2025.holidays, '2025-04-14', '2025-04-15', '2025-04-16', '2025-04-17', '2025-04-18'] };
    const withRecess = record(recess, bayviewCommands(recess));
    expect(withRecess.events[0]!.data).toMatchObject({ responseDue: { dueOn: '2025-05-01' } });
    expect(withRecess.warnings['ObjectToInformationItem']).toEqual([]);
    expect(informationRequestClocks(withRecess.state, '2025-04-30', recess)).toMatchObject({ overdue: false, lateObjections: [] });
    expect(informationRequestClocks(withRecess.state, '2025-05-30', recess)).toMatchObject({ overdue: true, daysOverdue: 29 });
  });
});
