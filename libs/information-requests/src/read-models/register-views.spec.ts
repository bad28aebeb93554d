import { DISTRICT_CALENDAR_2025, cmd } from '../../test/fixtures.js';
import { WEEKENDS_ONLY } from '../domain/due-dates.js';
import type { InformationRequestCommand } from '../domain/commands.js';
import { INFORMATION_REQUEST_REGISTER, type InformationRequestRegisterDoc } from './register.projection.js';
import { decodeRegisterCursor, encodeRegisterCursor, overdueCountsByUnit, registerEntry, registerMatch } from './register-views.js';
import { project, recordRequest } from './testing/recorded.js';

/* The Bayview request (DOMAIN.md): received 2025-04-10, acknowledged 04-13, privacy objection 04-26, partial production 05-22; due 2025-04-24. */

const ITEMS = [
  { number: 1, description: 'Step-and-column placement of each unit member, by name, 2024-25' },
  { number: 2, description: 'Cost of one step and one column movement on the 2025-26 salary schedule' },
];

const docOf = (commands: InformationRequestCommand[]): InformationRequestRegisterDoc => [...project(INFORMATION_REQUEST_REGISTER, recordRequest(commands)).values()][0]!;
const withUnit = (doc: InformationRequestRegisterDoc, unitId: string, requestId = doc.requestId): InformationRequestRegisterDoc => ({ ...doc, unitId, requestId, state: { ...doc.state, unitId, requestId } });

const bayview = docOf([cmd.receive('2025-04-10', { items: ITEMS }), cmd.acknowledge('2025-04-13'), cmd.object('2025-04-26', 1), cmd.produce('2025-05-22', 2, 'partial')]);

describe('a register entry as of a day', () => {
  it('is absent before the request was received', () => {
    expect(registerEntry(bayview, '2025-04-09', DISTRICT_CALENDAR_2025)).toBeNull();
  });

  it('as of 2025-04-20: open, acknowledged after 3 days, nothing overdue', () => {
    expect(registerEntry(bayview, '2025-04-20', DISTRICT_CALENDAR_2025)).toMatchObject({
      requestId: 'rfi_2025_007',
      unitId: 'bayview-certificated',
      negotiationId: 'neg_2025_reopener',
      from: { organization: 'Bayview Teachers Association', person: 'R. Alvarez' },
      status: 'open',
      receivedOn: '2025-04-10',
      dueOn: '2025-04-24',
      daysOutstanding: 10,
      businessDaysOutstanding: 6,
      overdue: false,
      timeToFirstResponse: 3,
      lateObjections: [],
      items: [
        { number: 1, status: 'open', daysOutstanding: 10, overdue: false, timeToFirstResponse: null, lateObjections: [] },
        { number: 2, status: 'open', daysOutstanding: 10, overdue: false, timeToFirstResponse: null, lateObjections: [] },
      ],
    });
  });

  it('as of 2025-05-30: item 1 answered late by an objection, item 2 partly produced and 36 days overdue', () => {
    const entry = registerEntry(bayview, '2025-05-30', DISTRICT_CALENDAR_2025)!;
    expect(entry).toMatchObject({ overdue: true, daysOverdue: 36, daysOutstanding: 50, businessDaysOutstanding: 35, timeToFirstSubstantiveResponse: 16 });
    expect(entry.items).toEqual([
      expect.objectContaining({
        number: 1,
        status: 'objected',
        firstResponseOn: '2025-04-26',
        timeToFirstResponse: 16,
        firstResponseLate: true,
        answeredOn: '2025-04-26',
        daysOutstanding: 16,
        overdue: false,
        lateObjections: [{ objectedOn: '2025-04-26', grounds: ['third-party-privacy'], reasons: ['after-due-date'], dueOnThen: '2025-04-24' }],
      }),
      expect.objectContaining({ number: 2, status: 'produced-partial', timeToFirstResponse: 42, daysOutstanding: 50, overdue: true, daysOverdue: 36, lateObjections: [] }),
    ]);
  });

  it('shows an item answered by an explanation as explained: no longer overdue, and no late objection', () => {
    const explained = docOf([cmd.receive('2025-04-10', { items: ITEMS }), cmd.object('2025-04-14', 1), cmd.explain('2025-05-02', 2, 'does-not-exist')]);
    const entry = registerEntry(explained, '2025-05-30', DISTRICT_CALENDAR_2025)!;
    expect(entry).toMatchObject({ overdue: false, respondedInFullOn: '2025-05-02', clockStoppedOn: '2025-05-02', lateObjections: [] });
    expect(entry.items[1]).toEqual(
      expect.objectContaining({ number: 2, status: 'explained', firstResponseOn: '2025-05-02', timeToFirstResponse: 22, firstResponseLate: true, answeredOn: '2025-05-02', overdue: false, lateObjections: [] }),
    );
    expect(registerMatch(explained, '2025-05-30', { overdueAsOf: '2025-05-30' }, WEEKENDS_ONLY)).toBeNull();
    expect(registerMatch(explained, '2025-05-01', { overdueAsOf: '2025-05-01' }, WEEKENDS_ONLY)).not.toBeNull();
  });

  it('counts business days with the calendar it is given (Memorial Day 2025-05-26 in the district calendar)', () => {
    expect(registerEntry(bayview, '2025-05-30', WEEKENDS_ONLY)!.businessDaysOutstanding).toBe(36);
  });
});

describe('matching the register criteria', () => {
  const closed = docOf([cmd.receive('2025-04-10', { items: ITEMS }), cmd.produce('2025-04-20', 1, 'complete'), cmd.produce('2025-04-20', 2, 'complete'), cmd.close('2025-05-01', 'fulfilled')]);

  it('filters by unit', () => {
    expect(registerMatch(bayview, '2025-05-30', { unitId: 'bayview-certificated' }, WEEKENDS_ONLY)).not.toBeNull();
    expect(registerMatch(bayview, '2025-05-30', { unitId: 'bayview_classified' }, WEEKENDS_ONLY)).toBeNull();
  });

  it('filters by the status as of the day, not the status today', () => {
    expect(registerMatch(closed, '2025-04-30', { status: 'open' }, WEEKENDS_ONLY)).not.toBeNull();
    expect(registerMatch(closed, '2025-05-01', { status: 'open' }, WEEKENDS_ONLY)).toBeNull();
    expect(registerMatch(closed, '2025-05-01', { status: 'closed' }, WEEKENDS_ONLY)).toMatchObject({ status: 'closed', disposition: 'fulfilled' });
  });

  it('filters by overdue on overdueAsOf, independently of the day the clocks are shown for', () => {
    expect(registerMatch(bayview, '2025-04-24', { overdueAsOf: '2025-04-24' }, WEEKENDS_ONLY)).toBeNull();
    expect(registerMatch(bayview, '2025-04-25', { overdueAsOf: '2025-04-25' }, WEEKENDS_ONLY)).toMatchObject({ overdue: true, daysOverdue: 1 });
    expect(registerMatch(closed, '2025-06-01', { overdueAsOf: '2025-04-25' }, WEEKENDS_ONLY)).toBeNull();
  });
});

describe('overdue requests per unit', () => {
  const other = withUnit(bayview, 'bayview_classified', 'rfi_2025_010');
  const onTime = withUnit(docOf([cmd.receive('2025-04-10', { items: ITEMS }), cmd.produce('2025-04-20', 1, 'complete'), cmd.produce('2025-04-20', 2, 'complete')]), 'bayview_classified', 'rfi_2025_011');

  it('counts the requests overdue on the day per unit, units with requests but none overdue as 0', () => {
    expect(overdueCountsByUnit([bayview, other, onTime], '2025-04-25')).toEqual({ 'bayview-certificated': 1, bayview_classified: 1 });
    expect(overdueCountsByUnit([bayview, other, onTime], '2025-04-20')).toEqual({ 'bayview-certificated': 0, bayview_classified: 0 });
    expect(overdueCountsByUnit([bayview], '2025-04-01')).toEqual({});
  });

  it('keeps a unit named like an object property a unit', () => {
    const counts = overdueCountsByUnit([withUnit(bayview, '__proto__')], '2025-04-25');
    expect(Object.keys(counts)).toEqual(['__proto__']);
    expect(counts['__proto__']).toBe(1);
  });
});

describe('the register cursor', () => {
  it('round-trips, and refuses what the register did not issue', () => {
    const cursor = encodeRegisterCursor({ receivedOn: '2025-04-10', requestId: 'rfi_2025_007' });
    expect(decodeRegisterCursor(cursor)).toEqual({ receivedOn: '2025-04-10', requestId: 'rfi_2025_007' });
    expect(decodeRegisterCursor('not-a-cursor')).toBeNull();
    expect(decodeRegisterCursor(Buffer.from(JSON.stringify(['2025-04-10', 'x'])).toString('base64url'))).toBeNull();
  });
});
