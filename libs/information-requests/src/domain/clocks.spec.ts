import { DomainError, fold } from '#kernel';
import {
  type InformationRequestEvent,
  WEEKENDS_ONLY,
  informationRequestClocks,
  informationRequestDecider as decider,
  informationRequestOverdue,
} from '#information-requests';
import { ev } from '../../test/fixtures.js';

const received = ev.received('2025-04-10', '2025-04-24');
const stateOf = (events: readonly InformationRequestEvent[]) => fold(decider.evolve, decider.initialState(), events);
const clocks = (events: readonly InformationRequestEvent[], asOf: string) => informationRequestClocks(stateOf(events), asOf, WEEKENDS_ONLY)!;
const statuses = (events: readonly InformationRequestEvent[], asOf: string) => clocks(events, asOf).items.map((i) => i.status);

describe('information request clocks', () => {
  it('are null for a request never received', () => {
    expect(informationRequestClocks(decider.initialState(), '2025-04-10')).toBeNull();
  });

  it('refuse an as-of that is not a date', () => {
    expect(() => informationRequestClocks(stateOf([received]), '2025-04-31')).toThrow(DomainError);
  });

  it('start on the day of receipt', () => {
    expect(clocks([received], '2025-04-10')).toMatchObject({ daysOutstanding: 0, businessDaysOutstanding: 0, overdue: false });
  });

  it('are not overdue on the due date, overdue the day after', () => {
    expect(clocks([received], '2025-04-24')).toMatchObject({ overdue: false, noResponsePastDue: false });
    expect(clocks([received], '2025-04-25')).toMatchObject({ overdue: true, daysOverdue: 1, noResponsePastDue: true, noSubstantiveResponsePastDue: true });
    expect(informationRequestOverdue(stateOf([received]), '2025-04-25')).toBe(true);
    expect(informationRequestOverdue(decider.initialState(), '2025-04-25')).toBe(false);
  });

  it('count a clarification request as a response, not a substantive one', () => {
    const c = clocks([received, ev.clarificationRequested('2025-04-14')], '2025-04-28');
    expect(c).toMatchObject({ firstResponseOn: '2025-04-14', timeToFirstResponse: 4, acknowledgedOn: null, noResponsePastDue: false, noSubstantiveResponsePastDue: true });
  });

  it('show an unanswered clarification on the items it concerns', () => {
    const asked = [received, ev.clarificationRequested('2025-04-14', 1, [2])];
    expect(clocks(asked, '2025-04-15')).toMatchObject({ openClarifications: [1] });
    expect(clocks(asked, '2025-04-15').items.map((i) => i.awaitingClarification)).toEqual([false, true, false]);
    const answered = [...asked, ev.clarificationAnswered('2025-04-16')];
    expect(clocks(answered, '2025-04-15').items[1]!.awaitingClarification).toBe(true);
    expect(clocks(answered, '2025-04-16')).toMatchObject({ openClarifications: [] });
    expect(clocks([received, ev.clarificationRequested('2025-04-14', 1, [])], '2025-04-15').items.every((i) => i.awaitingClarification)).toBe(true);
  });

  it('count an explanation as an answer: the item is explained, no longer owed, and no objection (late or not)', () => {
    const history = [received, ev.produced('2025-04-15', 1), ev.produced('2025-04-16', 2, 'partial'), ev.explained('2025-04-16', 2, 'already-produced'), ev.explained('2025-04-30', 3)];
    const before = clocks(history, '2025-04-28');
    expect(before).toMatchObject({ overdue: true, respondedInFullOn: null });
    expect(before.items.map((i) => [i.status, i.overdue])).toEqual([['produced-complete', false], ['explained', false], ['open', true]]);
    const c = clocks(history, '2025-06-01');
    expect(c).toMatchObject({ respondedInFullOn: '2025-04-30', clockStoppedOn: '2025-04-30', overdue: false, lateObjections: [] });
    expect(c.items[2]).toMatchObject({
      status: 'explained',
      firstExplanationOn: '2025-04-30',
      firstObjectionOn: null,
      firstResponseOn: '2025-04-30',
      answeredOn: '2025-04-30',
      firstResponseLate: true,
      daysOutstanding: 20,
      overdue: false,
    });
  });

  it('count an explanation as a substantive response', () => {
    expect(clocks([received, ev.explained('2025-04-14', 2)], '2025-04-28')).toMatchObject({
      firstResponseOn: '2025-04-14',
      firstSubstantiveResponseOn: '2025-04-14',
      noSubstantiveResponsePastDue: false,
    });
  });

  it('stop when every item is answered, by complete production or objection', () => {
    const answered = [received, ev.produced('2025-04-15', 1), ev.objected('2025-04-30', 2), ev.produced('2025-04-17', 3)];
    const c = clocks(answered, '2025-06-01');
    expect(c).toMatchObject({ respondedInFullOn: '2025-04-30', clockStoppedOn: '2025-04-30', daysOutstanding: 20, overdue: false, firstSubstantiveResponseOn: '2025-04-15' });
    expect(c.items.map((i) => [i.status, i.daysOutstanding, i.firstResponseLate])).toEqual([
      ['produced-complete', 5, false],
      ['objected', 20, true],
      ['produced-complete', 7, false],
    ]);
  });

  it('use the business day of each fact, not the order it was recorded in (a late entry)', () => {
    const lateEntry = [received, ev.produced('2025-04-20', 1, 'partial'), ev.produced('2025-04-15', 1, 'partial')];
    expect(clocks(lateEntry, '2025-04-30').items[0]).toMatchObject({ firstProductionOn: '2025-04-15', status: 'produced-partial' });
  });

  it('count only facts dated on or before the as-of date', () => {
    const history = [received, ev.acknowledged('2025-04-13'), ev.produced('2025-04-22', 1), ev.withdrawn('2025-05-01'), ev.closed('2025-05-02', 'withdrawn')];
    expect(clocks(history, '2025-04-12')).toMatchObject({ status: 'open', acknowledgedOn: null, firstResponseOn: null });
    expect(clocks(history, '2025-04-21').items[0]!.status).toBe('open');
    expect(clocks(history, '2025-04-22').items[0]!.status).toBe('produced-complete');
    expect(clocks(history, '2025-04-30')).toMatchObject({ status: 'open', overdue: true });
    expect(clocks(history, '2025-05-01')).toMatchObject({ status: 'withdrawn', disposition: null, overdue: false });
    expect(clocks(history, '2025-05-02')).toMatchObject({ status: 'closed', disposition: 'withdrawn' });
  });

  it('mark the items still owed as withdrawn when the request is withdrawn, and stop there', () => {
    const history = [received, ev.produced('2025-04-15', 1), ev.produced('2025-04-15', 2, 'partial'), ev.withdrawn('2025-04-30')];
    const c = clocks(history, '2025-06-01');
    expect(c).toMatchObject({ status: 'withdrawn', overdue: false, clockStoppedOn: '2025-04-30', daysOutstanding: 20, noResponsePastDue: false });
    expect(c.items.map((i) => [i.status, i.daysOutstanding, i.overdue])).toEqual([
      ['produced-complete', 5, false],
      ['withdrawn', 20, false],
      ['withdrawn', 20, false],
    ]);
  });

  it('stop at closing, with what was never produced still open', () => {
    const history = [received, ev.produced('2025-04-15', 1), ev.closed('2025-05-15', 'partially-fulfilled')];
    const c = clocks(history, '2025-06-01');
    expect(c).toMatchObject({ status: 'closed', disposition: 'partially-fulfilled', overdue: false, daysOutstanding: 35, clockStoppedOn: '2025-05-15' });
    expect(c.items.map((i) => [i.status, i.overdue])).toEqual([
      ['produced-complete', false],
      ['open', false],
      ['open', false],
    ]);
  });

  it('rank an item answered by a complete production above an objection, and an objection above a partial production', () => {
    const history = [received, ev.produced('2025-04-15', 1, 'partial'), ev.objected('2025-04-15', 1), ev.objected('2025-04-15', 2), ev.produced('2025-04-16', 2)];
    expect(statuses(history, '2025-04-20')).toEqual(['objected', 'produced-complete', 'open']);
  });

  it('apply extensions from their date, keeping the original due date', () => {
    const history = [received, ev.extended('2025-04-22', '2025-04-24', '2025-05-09'), ev.extended('2025-05-05', '2025-05-09', '2025-05-23')];
    expect(clocks(history, '2025-04-21')).toMatchObject({ dueOn: '2025-04-24', originalDueOn: '2025-04-24', extensionsGranted: 0 });
    expect(clocks(history, '2025-04-30')).toMatchObject({ dueOn: '2025-05-09', extensionsGranted: 1, overdue: false });
    expect(clocks(history, '2025-05-12')).toMatchObject({ dueOn: '2025-05-23', extensionsGranted: 2, overdue: false });
    expect(clocks(history, '2025-05-26')).toMatchObject({ dueOn: '2025-05-23', overdue: true, daysOverdue: 3 });
  });

  it('judge an objection against the due date in effect that day: a later extension does not cure it', () => {
    const history = [received, ev.objected('2025-04-28', 1), ev.extended('2025-05-01', '2025-04-24', '2025-05-15')];
    expect(clocks(history, '2025-05-02').lateObjections).toEqual([
      { itemNumber: 1, objectedOn: '2025-04-28', grounds: ['third-party-privacy'], reasons: ['after-due-date'], dueOnThen: '2025-04-24' },
    ]);
    const extendedFirst = [received, ev.extended('2025-04-22', '2025-04-24', '2025-05-15'), ev.objected('2025-04-28', 1)];
    expect(clocks(extendedFirst, '2025-05-02').lateObjections).toEqual([]);
  });

  it('flag an objection made after production began, on the item or the request', () => {
    const history = [received, ev.produced('2025-04-14', 1, 'partial'), ev.objected('2025-04-16', 1), ev.objected('2025-04-16', 2), ev.objected('2025-04-14', 3)];
    expect(clocks(history, '2025-04-20').lateObjections.map((o) => [o.itemNumber, o.reasons])).toEqual([
      [1, ['after-first-production-on-item', 'after-first-production-on-request']],
      [2, ['after-first-production-on-request']],
    ]);
  });

  it('report an explicit due date as such', () => {
    const explicit: InformationRequestEvent = {
      ...received,
      data: { ...(received.data as object), responseDue: { dueOn: '2025-05-01', basis: 'explicit' } },
    } as InformationRequestEvent;
    expect(clocks([explicit], '2025-04-30')).toMatchObject({ dueBasis: 'explicit', dueOn: '2025-05-01', overdue: false });
  });
});
