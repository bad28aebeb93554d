import { DomainError, fold } from '#kernel';
import {
  INFORMATION_REQUEST_CLASSIFICATION,
  type InformationRequestCommand,
  type InformationRequestEvent,
  informationRequestDecider as decider,
  informationRequestStream,
  isInformationRequestId,
} from '#information-requests';
import { deciderSpec } from '#testing';
import { HASH_A, HASH_B, NOW, REQUEST_ID, cmd, ev, meta } from '../../test/fixtures.js';

const spec = deciderSpec(decider);
const received = ev.received('2025-04-10', '2025-04-24');

function warningCodes(history: readonly InformationRequestEvent[], command: InformationRequestCommand): string[] {
  const state = fold(decider.evolve, decider.initialState(), history);
  return decider.warnings!(command, state, decider.decide(command, state)).map((w) => w.code);
}

function thrown(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

/** One of each command after receipt, for the refusals every act shares. */
const everyActAfterReceipt = (at: string): InformationRequestCommand[] => [
  cmd.acknowledge(at),
  cmd.clarify(at),
  cmd.answer(at),
  cmd.produce(at, 1),
  cmd.object(at, 1),
  cmd.explain(at, 1),
  cmd.extend(at, '2025-12-31'),
  cmd.meet(at),
  cmd.cancelMeeting(at, '2025-12-31'),
  cmd.withdraw(at),
  cmd.close(at, 'partially-fulfilled'),
];

describe('information request stream', () => {
  it('is named inforequest-<id>', () => {
    expect(informationRequestStream('rfi_2025_007')).toBe('inforequest-rfi_2025_007');
    expect(informationRequestStream('3f2b8c1e-9d4a-4e6b-8f0a-1c2d3e4f5a6b')).toBe('inforequest-3f2b8c1e-9d4a-4e6b-8f0a-1c2d3e4f5a6b');
  });
  it.each(['', 'a-b', 'rfi 7', 'x/y', 'inforequest-1', '3f2b8c1e-9d4a-4e6b-8f0a'])('refuses the id %j, which could change the category', (id) => {
    expect(isInformationRequestId(id)).toBe(false);
    expect(thrown(() => informationRequestStream(id)).code).toBe('INVALID_INFORMATION_REQUEST_ID');
  });
});

describe('information request decider', () => {
  it('classifies every event as internal under the duty to bargain, not as a public record', () => {
    expect(decider.classify!(received, decider.initialState())).toEqual({
      level: 'internal',
      basis: 'information request under the duty to bargain (not a public-records request)',
    });
    expect(INFORMATION_REQUEST_CLASSIFICATION.level).toBe('internal');
  });

  describe('given no request', () => {
    it('receives it with the due date from the unit policy (10 business days: 2025-04-10 → 2025-04-24)', () => {
      spec.given([]).when(cmd.receive('2025-04-10')).then([received]);
    });

    it('uses the default policy, 10 business days, and a weekends-only calendar when none is configured', () => {
      const [event] = spec
        .given([])
        .when(cmd.receive('2025-05-20', { responsePolicy: undefined, calendar: undefined }))
        .events();
      // Memorial Day 2025-05-26 is not in a weekends-only calendar.
      expect(event!.data).toMatchObject({ responseDue: { dueOn: '2025-06-03', basis: 'policy', policy: { kind: 'business-days', days: 10 }, holidaysApplied: [] } });
    });

    it('records the holidays that moved the due date', () => {
      const [event] = spec.given([]).when(cmd.receive('2025-05-20')).events();
      expect(event!.data).toMatchObject({ responseDue: { dueOn: '2025-06-04', basis: 'policy', holidaysApplied: ['2025-05-26'] } });
    });

    it('counts calendar days when the unit policy says so, rolling a weekend due date to the next business day', () => {
      const [event] = spec.given([]).when(cmd.receive('2025-04-10', { responsePolicy: { kind: 'calendar-days', days: 10 } })).events();
      expect(event!.data).toMatchObject({ responseDue: { dueOn: '2025-04-21', basis: 'policy', policy: { kind: 'calendar-days', days: 10 } } });
    });

    it('records an explicit due date as explicit, overriding the policy', () => {
      const [event] = spec.given([]).when(cmd.receive('2025-04-10', { explicitDueOn: '2025-05-01' })).events();
      expect(event!.data).toMatchObject({ responseDue: { dueOn: '2025-05-01', basis: 'explicit' } });
      expect((event!.data as { responseDue: object }).responseDue).not.toHaveProperty('policy');
    });

    it('records a grievance reference and no negotiation', () => {
      const [event] = spec.given([]).when(cmd.receive('2025-04-10', { negotiationId: null, grievanceReference: 'GR-2025-14' })).events();
      expect(event!.data).toMatchObject({ negotiationId: null, grievanceReference: 'GR-2025-14' });
    });

    it('takes the day of receipt from occurredAt (an instant gives its UTC day)', () => {
      const command = { ...cmd.receive('2025-04-10'), metadata: meta('2025-04-10T16:30:00Z') };
      const [event] = spec.given([]).when(command).events();
      expect(event!.data).toMatchObject({ receivedOn: '2025-04-10' });
    });

    it('accepts a receipt dated today', () => {
      const command = { ...cmd.receive('2025-04-10'), metadata: meta('2025-04-10', '2025-04-10T08:00:00Z') };
      spec.given([]).when(command).then([received]);
    });

    describe('refuses', () => {
      it('a receipt dated in the future', () => {
        const command = { ...cmd.receive('2025-04-11'), metadata: meta('2025-04-11', '2025-04-10T23:59:00Z') };
        spec.given([]).when(command).thenThrows('OCCURRED_AT_IN_FUTURE');
      });
      it('an id that could change the stream category', () => {
        spec.given([]).when(cmd.receive('2025-04-10', { requestId: 'rfi-7' })).thenThrows('INVALID_INFORMATION_REQUEST_ID');
      });
      it('a request without items', () => {
        spec.given([]).when(cmd.receive('2025-04-10', { items: [] })).thenThrows('NO_ITEMS');
      });
      it('an item numbered twice', () => {
        const items = [{ number: 1, description: 'a' }, { number: 1, description: 'b' }];
        spec.given([]).when(cmd.receive('2025-04-10', { items })).thenThrows('DUPLICATE_ITEM_NUMBER');
      });
      it.each([0, -1, 1.5])('item number %p', (number) => {
        spec.given([]).when(cmd.receive('2025-04-10', { items: [{ number, description: 'a' }] })).thenThrows('INVALID_ITEM_NUMBER');
      });
      it('an item without a description', () => {
        spec.given([]).when(cmd.receive('2025-04-10', { items: [{ number: 1, description: '  ' }] })).thenThrows('REQUIRED_TEXT_MISSING');
      });
      it('a request without a unit or a requester', () => {
        spec.given([]).when(cmd.receive('2025-04-10', { unitId: '' })).thenThrows('REQUIRED_TEXT_MISSING');
        spec.given([]).when(cmd.receive('2025-04-10', { from: { organization: 'BTA', person: '' } })).thenThrows('REQUIRED_TEXT_MISSING');
      });
      it('an explicit due date before receipt', () => {
        spec.given([]).when(cmd.receive('2025-04-10', { explicitDueOn: '2025-04-09' })).thenThrows('DUE_DATE_BEFORE_RECEIPT');
      });
      it('an explicit due date that is not a date', () => {
        spec.given([]).when(cmd.receive('2025-04-10', { explicitDueOn: '2025-02-30' })).thenThrows('INVALID_DATE');
      });
      it.each([
        { kind: 'business-days', days: 0 },
        { kind: 'business-days', days: 2.5 },
        { kind: 'weeks', days: 2 },
      ])('the response policy %j', (policy) => {
        spec.given([]).when(cmd.receive('2025-04-10', { responsePolicy: policy as never })).thenThrows('INVALID_RESPONSE_POLICY');
      });
      it('a calendar with a holiday that is not a date', () => {
        spec.given([]).when(cmd.receive('2025-04-10', { calendar: { holidays: ['July 4'] } })).thenThrows('INVALID_BUSINESS_CALENDAR');
      });
      it.each(everyActAfterReceipt('2025-04-15').map((c) => [c.type, c] as const))('%s before the request was received (404)', (_type, command) => {
        spec.given([]).when(command).thenThrows('INFORMATION_REQUEST_NOT_FOUND');
        expect(thrown(() => decider.decide(command, decider.initialState())).kind).toBe('not-found');
      });
    });
  });

  describe('given an open request', () => {
    it('records an acknowledgment', () => {
      spec.given([received]).when(cmd.acknowledge('2025-04-13')).then([ev.acknowledged('2025-04-13')]);
      expect(warningCodes([received], cmd.acknowledge('2025-04-13'))).toEqual([]);
    });

    it('records an acknowledgment after the due date, flagged PAST_DUE', () => {
      spec.given([received]).when(cmd.acknowledge('2025-04-25')).then([ev.acknowledged('2025-04-25')]);
      expect(warningCodes([received], cmd.acknowledge('2025-04-25'))).toEqual(['PAST_DUE']);
    });

    it('records a second acknowledgment as a fact', () => {
      spec.given([received, ev.acknowledged('2025-04-13')]).when(cmd.acknowledge('2025-04-14')).then([ev.acknowledged('2025-04-14')]);
    });

    it('numbers clarification requests in order', () => {
      spec.given([received]).when(cmd.clarify('2025-04-14')).then([ev.clarificationRequested('2025-04-14')]);
      spec
        .given([received, ev.clarificationRequested('2025-04-14')])
        .when(cmd.clarify('2025-04-15', [], 'Is "cost" the total compensation cost?'))
        .then([ev.clarificationRequested('2025-04-15', 2, [], 'Is "cost" the total compensation cost?')]);
    });

    it('records the answer to a clarification', () => {
      spec.given([received, ev.clarificationRequested('2025-04-14')]).when(cmd.answer('2025-04-16')).then([ev.clarificationAnswered('2025-04-16')]);
    });

    it('records a production, lowercasing its SHA-256', () => {
      const command = cmd.produce('2025-04-22', 2, 'partial', { documents: [{ name: 'costing.xlsx', sha256: HASH_B.toUpperCase() }], summary: 'Costing model, 2025-26' });
      spec
        .given([received])
        .when(command)
        .then([
          {
            type: 'InformationItemProduced',
            data: { requestId: REQUEST_ID, itemNumber: 2, documents: [{ name: 'costing.xlsx', sha256: HASH_B }], summary: 'Costing model, 2025-26', completeness: 'partial', producedOn: '2025-04-22' },
          },
        ]);
      expect(warningCodes([received], command)).toEqual([]);
    });

    it('records an answer given in writing, without documents', () => {
      const [event] = spec.given([received]).when(cmd.produce('2025-04-22', 3, 'complete', { documents: [], summary: 'Premiums: EE $612, EE+1 $1,220, family $1,790' })).events();
      expect(event!.data).toMatchObject({ documents: [], completeness: 'complete' });
    });

    it('records a production after the due date, flagged PAST_DUE', () => {
      spec.given([received]).when(cmd.produce('2025-05-22', 2, 'partial')).then([ev.produced('2025-05-22', 2, 'partial')]);
      expect(warningCodes([received], cmd.produce('2025-05-22', 2, 'partial'))).toEqual(['PAST_DUE']);
    });

    it('does not flag a supplemental production after the due date once everything was answered', () => {
      const answered = [received, ev.produced('2025-04-20', 1), ev.produced('2025-04-20', 2), ev.objected('2025-04-20', 3)];
      expect(warningCodes(answered, cmd.produce('2025-05-02', 2))).toEqual([]);
    });

    it('records a timely objection with an accommodation offered', () => {
      spec.given([received]).when(cmd.object('2025-04-18', 1)).then([ev.objected('2025-04-18', 1)]);
      expect(warningCodes([received], cmd.object('2025-04-18', 1))).toEqual([]);
    });

    it('records an objection after the due date, flagged LATE_OBJECTION', () => {
      spec.given([received]).when(cmd.object('2025-04-26', 1)).then([ev.objected('2025-04-26', 1)]);
      expect(warningCodes([received], cmd.object('2025-04-26', 1))).toEqual(['LATE_OBJECTION']);
    });

    it('records an objection after a production on the same item, flagged LATE_OBJECTION', () => {
      const history = [received, ev.produced('2025-04-15', 1, 'partial')];
      spec.given(history).when(cmd.object('2025-04-17', 1)).then([ev.objected('2025-04-17', 1)]);
      expect(warningCodes(history, cmd.object('2025-04-17', 1))).toEqual(['LATE_OBJECTION']);
    });

    it('records an objection after a production on another item of the request, flagged LATE_OBJECTION', () => {
      expect(warningCodes([received, ev.produced('2025-04-15', 2)], cmd.object('2025-04-17', 1))).toEqual(['LATE_OBJECTION']);
    });

    it('does not flag an objection made the same day as the first production', () => {
      expect(warningCodes([received, ev.produced('2025-04-17', 2)], cmd.object('2025-04-17', 1))).toEqual([]);
    });

    it('records a bare objection, flagged as unexplained and without accommodation', () => {
      const command = cmd.object('2025-04-18', 1, { grounds: ['unduly-burdensome', 'overbroad'], explanation: '', accommodationOffered: false, accommodationDescription: null });
      const [event] = spec.given([received]).when(command).events();
      expect(event!.data).toMatchObject({ grounds: ['unduly-burdensome', 'overbroad'], explanation: '', accommodationOffered: false, accommodationDescription: null });
      expect(warningCodes([received], command)).toEqual(['OBJECTION_NOT_EXPLAINED', 'OBJECTION_WITHOUT_ACCOMMODATION']);
    });

    it('does not ask for an accommodation when the information does not exist', () => {
      const command = cmd.object('2025-04-18', 3, { grounds: ['does-not-exist'], explanation: 'No such report is kept', accommodationOffered: false, accommodationDescription: null });
      expect(warningCodes([received], command)).toEqual([]);
    });

    it('records an objection on an "other" ground with its explanation', () => {
      const command = cmd.object('2025-04-18', 2, { grounds: ['other'], explanation: 'Under a protective order in PERB case SF-CE-1234', accommodationOffered: false, accommodationDescription: null });
      const [event] = spec.given([received]).when(command).events();
      expect(event!.data).toMatchObject({ grounds: ['other'], explanation: 'Under a protective order in PERB case SF-CE-1234' });
      expect(warningCodes([received], command)).toEqual([]);
    });

    it('records that an item does not exist, as an explanation and not an objection', () => {
      spec.given([received]).when(cmd.explain('2025-04-18', 3)).then([ev.explained('2025-04-18', 3)]);
      expect(warningCodes([received], cmd.explain('2025-04-18', 3))).toEqual([]);
    });

    it('records that an item was already produced, with where, and drops a blank explanation', () => {
      const command = cmd.explain('2025-04-18', 2, 'already-produced', { explanation: '  ', reference: 'Production of 2025-03-14 on request 2025-003' });
      spec.given([received]).when(command).thenThrows('REQUIRED_TEXT_MISSING');
      const withReference = cmd.explain('2025-04-18', 2, 'already-produced', { reference: 'Production of 2025-03-14 on request 2025-003' });
      spec.given([received]).when(withReference).then([ev.explained('2025-04-18', 2, 'already-produced', null, 'Production of 2025-03-14 on request 2025-003')]);
    });

    it('records an explanation on another reason with its text', () => {
      const command = cmd.explain('2025-04-18', 1, 'other', { explanation: 'The county office keeps placement records, not the district' });
      spec.given([received]).when(command).then([ev.explained('2025-04-18', 1, 'other', 'The county office keeps placement records, not the district')]);
    });

    it('records an explanation after the due date, flagged PAST_DUE and never LATE_OBJECTION', () => {
      const history = [received, ev.produced('2025-04-15', 1)];
      spec.given(history).when(cmd.explain('2025-05-02', 3)).then([ev.explained('2025-05-02', 3)]);
      expect(warningCodes(history, cmd.explain('2025-05-02', 3))).toEqual(['PAST_DUE']);
    });

    it('keeps each explanation on its item', () => {
      const state = spec.given([received, ev.explained('2025-04-18', 3), ev.explained('2025-04-20', 3, 'other', 'Nor at the county office')]).state();
      expect(state).toMatchObject({
        items: [
          { number: 1, explanations: [] },
          { number: 2, explanations: [] },
          {
            number: 3,
            objections: [],
            explanations: [
              { reason: 'does-not-exist', explanation: null, reference: null, explainedOn: '2025-04-18' },
              { reason: 'other', explanation: 'Nor at the county office', reference: null, explainedOn: '2025-04-20' },
            ],
          },
        ],
      });
    });

    it('extends the deadline, recording the due date it replaces', () => {
      spec.given([received]).when(cmd.extend('2025-04-22', '2025-05-09')).then([ev.extended('2025-04-22', '2025-04-24', '2025-05-09')]);
      expect(warningCodes([received], cmd.extend('2025-04-22', '2025-05-09'))).toEqual([]);
    });

    it('keeps the history of extensions; the due date set on receipt stays as it was', () => {
      const history = [received, ev.extended('2025-04-22', '2025-04-24', '2025-05-09')];
      spec.given(history).when(cmd.extend('2025-05-05', '2025-05-23')).then([ev.extended('2025-05-05', '2025-05-09', '2025-05-23')]);
      const state = spec.given([...history, ev.extended('2025-05-05', '2025-05-09', '2025-05-23')]).state();
      expect(state).toMatchObject({
        responseDue: { dueOn: '2025-04-24', basis: 'policy' },
        extensions: [
          { previousDueOn: '2025-04-24', newDueOn: '2025-05-09' },
          { previousDueOn: '2025-05-09', newDueOn: '2025-05-23' },
        ],
      });
    });

    it('records an extension made after the due date and without the union, flagged twice', () => {
      spec.given([received]).when(cmd.extend('2025-04-28', '2025-05-09', false)).then([ev.extended('2025-04-28', '2025-04-24', '2025-05-09', false)]);
      expect(warningCodes([received], cmd.extend('2025-04-28', '2025-05-09', false))).toEqual(['EXTENDED_AFTER_DUE_DATE', 'EXTENSION_NOT_AGREED']);
    });

    describe('meetings about the request', () => {
      it('records a meeting held, with who attended for each side, the items discussed and what came of it', () => {
        spec
          .given([received])
          .when(cmd.meet('2025-04-16', 'meeting_1', { itemNumbers: [3, 1, 3], outcome: 'Item 1 narrowed to employee numbers' }))
          .then([
            {
              type: 'InformationRequestMeetingHeld',
              data: {
                requestId: REQUEST_ID,
                meetingId: 'meeting_1',
                attendees: { employer: ['M. Okafor'], union: ['R. Alvarez'] },
                itemNumbers: [1, 3],
                discussed: 'Whether placement can be given by employee number',
                outcome: 'Item 1 narrowed to employee numbers',
                heldOn: '2025-04-16',
              },
            },
          ]);
      });
      it('records a meeting about the request as a whole, with attendees not known and nothing else said', () => {
        const state = spec.given([received]).state();
        const [event] = decider.decide(cmd.meet('2025-04-16', 'meeting_1', { attendees: null, itemNumbers: undefined, discussed: ' ', outcome: undefined }), state);
        expect(event!.data).toMatchObject({ attendees: { employer: [], union: [] }, itemNumbers: [], discussed: null, outcome: null });
      });
      it('records a meeting after the due date and on a withdrawn request without a flag: a meeting is not a response', () => {
        expect(warningCodes([received], cmd.meet('2025-05-20'))).toEqual([]);
        spec.given([received, ev.withdrawn('2025-04-20')]).when(cmd.meet('2025-04-22')).then([ev.meetingHeld('2025-04-22')]);
      });
      it('keeps meetings on the request, held and cancelled, in the order recorded', () => {
        const state = spec.given([received, ev.meetingCancelled('2025-04-14', '2025-04-15'), ev.meetingHeld('2025-04-16', 'meeting_1', 'Agreed')]).state();
        expect(state.status === 'open' && state.meetings.map((m) => [m.meetingId, m.status])).toEqual([
          ['meeting_2', 'cancelled'],
          ['meeting_1', 'held'],
        ]);
        expect(spec.given([received, ev.meetingHeld('2025-04-16')]).state()).toMatchObject({ acknowledgments: [], items: [{ productions: [], objections: [], explanations: [] }, {}, {}] });
      });
      it('records a meeting cancelled, by which side, for which day and why; its day is the day notice was given', () => {
        spec.given([received]).when(cmd.cancelMeeting('2025-04-14', '2025-04-15', 'employer')).then([ev.meetingCancelled('2025-04-14', '2025-04-15', 'employer')]);
        expect(warningCodes([received], cmd.cancelMeeting('2025-04-14', '2025-04-15'))).toEqual([]);
        expect(warningCodes([received], cmd.cancelMeeting('2025-04-15', '2025-04-15'))).toEqual([]);
      });
      it('records a cancellation without a reason', () => {
        spec.given([received]).when(cmd.cancelMeeting('2025-04-14', '2025-04-15', 'union', 'meeting_2', ' ')).then([ev.meetingCancelled('2025-04-14', '2025-04-15', 'union', 'meeting_2', null)]);
      });
      it('records notice of a cancellation given after the day the meeting was set for, flagged', () => {
        spec.given([received]).when(cmd.cancelMeeting('2025-04-17', '2025-04-15')).then([ev.meetingCancelled('2025-04-17', '2025-04-15')]);
        expect(warningCodes([received], cmd.cancelMeeting('2025-04-17', '2025-04-15'))).toEqual(['MEETING_CANCELLED_AFTER_SCHEDULED_DAY']);
      });
      describe('refuses', () => {
        it('cancelling a meeting already held, or recording one twice', () => {
          const held = [received, ev.meetingHeld('2025-04-16', 'meeting_1')];
          const error = thrown(() => decider.decide(cmd.cancelMeeting('2025-04-17', '2025-04-18', 'union', 'meeting_1'), spec.given(held).state()));
          expect(error.code).toBe('MEETING_ALREADY_RECORDED');
          expect(error.details).toMatchObject({ meetingId: 'meeting_1', status: 'held' });
          spec.given(held).when(cmd.meet('2025-04-17', 'meeting_1')).thenThrows('MEETING_ALREADY_RECORDED');
          spec.given([received, ev.meetingCancelled('2025-04-14', '2025-04-15')]).when(cmd.meet('2025-04-15', 'meeting_2')).thenThrows('MEETING_ALREADY_RECORDED');
        });
        it('a meeting on an item the request does not have (404)', () => {
          spec.given([received]).when(cmd.meet('2025-04-16', 'meeting_1', { itemNumbers: [1, 9] })).thenThrows('INFORMATION_ITEM_NOT_FOUND');
        });
        it('a meeting set for a day before the request was received', () => {
          spec.given([received]).when(cmd.cancelMeeting('2025-04-14', '2025-04-09')).thenThrows('MEETING_SCHEDULED_BEFORE_RECEIPT');
        });
        it('a cancellation by neither side, or for a day that is not a date', () => {
          spec.given([received]).when(cmd.cancelMeeting('2025-04-14', '2025-04-15', 'mediator' as never)).thenThrows('UNKNOWN_SIDE');
          spec.given([received]).when(cmd.cancelMeeting('2025-04-14', '2025-02-30')).thenThrows('INVALID_DATE');
        });
        it('a meeting id that could not name a record, or a blank attendee', () => {
          spec.given([received]).when(cmd.meet('2025-04-16', 'a/b')).thenThrows('INVALID_MEETING_ID');
          spec.given([received]).when(cmd.meet('2025-04-16', 'meeting_1', { attendees: { employer: [' '] } })).thenThrows('REQUIRED_TEXT_MISSING');
          spec.given([received]).when(cmd.meet('2025-04-16', 'meeting_1', { attendees: { union: 'R. Alvarez' as never } })).thenThrows('INVALID_ATTENDEES');
        });
      });
    });

    it('records a withdrawal', () => {
      spec.given([received]).when(cmd.withdraw('2025-04-20')).then([ev.withdrawn('2025-04-20')]);
    });

    it('closes as fulfilled when every item is produced or objected to', () => {
      const answered = [received, ev.produced('2025-04-20', 1), ev.produced('2025-04-21', 2), ev.objected('2025-04-21', 3)];
      spec.given(answered).when(cmd.close('2025-04-30', 'fulfilled')).then([ev.closed('2025-04-30', 'fulfilled')]);
      expect(warningCodes(answered, cmd.close('2025-04-30', 'fulfilled'))).toEqual([]);
    });

    it('closes as fulfilled when an item is answered by an explanation', () => {
      const answered = [received, ev.produced('2025-04-20', 1), ev.produced('2025-04-21', 2, 'partial'), ev.explained('2025-04-21', 2, 'already-produced'), ev.explained('2025-04-21', 3)];
      spec.given(answered).when(cmd.close('2025-04-30', 'fulfilled')).then([ev.closed('2025-04-30', 'fulfilled')]);
      expect(warningCodes(answered, cmd.close('2025-04-30', 'fulfilled'))).toEqual([]);
    });

    it('closes as fulfilled with an item only partially produced, flagged', () => {
      const answered = [received, ev.produced('2025-04-20', 1), ev.produced('2025-04-21', 2, 'partial'), ev.objected('2025-04-21', 3)];
      spec.given(answered).when(cmd.close('2025-04-30', 'fulfilled')).then([ev.closed('2025-04-30', 'fulfilled')]);
      expect(warningCodes(answered, cmd.close('2025-04-30', 'fulfilled'))).toEqual(['CLOSED_AS_FULFILLED_WITH_PARTIAL_ITEMS']);
    });

    it('closes as partially fulfilled with items still unanswered', () => {
      spec.given([received, ev.produced('2025-04-20', 1)]).when(cmd.close('2025-06-30', 'partially-fulfilled', 'Union accepted what was produced')).then([
        ev.closed('2025-06-30', 'partially-fulfilled', 'Union accepted what was produced'),
      ]);
    });

    it('records acts dated before the latest recorded fact (late entries are normal)', () => {
      const history = [received, ev.produced('2025-04-22', 2)];
      spec.given(history).when(cmd.acknowledge('2025-04-11')).then([ev.acknowledged('2025-04-11')]);
    });

    describe('refuses', () => {
      it('a second receipt', () => {
        spec.given([received]).when(cmd.receive('2025-04-11')).thenThrows('INFORMATION_REQUEST_ALREADY_RECEIVED');
      });
      it.each(everyActAfterReceipt('2026-07-01').map((c) => [c.type, c] as const))('%s dated in the future', (_type, command) => {
        spec.given([received]).when(command).thenThrows('OCCURRED_AT_IN_FUTURE');
      });
      it.each(everyActAfterReceipt('2025-04-09').map((c) => [c.type, c] as const))('%s dated before receipt', (_type, command) => {
        spec.given([received, ev.clarificationRequested('2025-04-10')]).when(command).thenThrows('OCCURRED_BEFORE_RECEIPT');
      });
      it('a command for another request', () => {
        const command = { ...cmd.acknowledge('2025-04-13'), data: { requestId: 'rfi_2025_008' } };
        spec.given([received]).when(command).thenThrows('INFORMATION_REQUEST_ID_MISMATCH');
      });
      it('producing an item the request does not have (404)', () => {
        spec.given([received]).when(cmd.produce('2025-04-20', 4)).thenThrows('INFORMATION_ITEM_NOT_FOUND');
        expect(thrown(() => decider.decide(cmd.produce('2025-04-20', 4), spec.given([received]).state())).kind).toBe('not-found');
      });
      it('objecting to an item the request does not have (404)', () => {
        spec.given([received]).when(cmd.object('2025-04-20', 9)).thenThrows('INFORMATION_ITEM_NOT_FOUND');
      });
      it('a clarification about an item the request does not have', () => {
        spec.given([received]).when(cmd.clarify('2025-04-20', [1, 7])).thenThrows('INFORMATION_ITEM_NOT_FOUND');
      });
      it('a clarification without a question', () => {
        spec.given([received]).when(cmd.clarify('2025-04-20', [1], ' ')).thenThrows('REQUIRED_TEXT_MISSING');
      });
      it('answering a clarification never asked (404)', () => {
        spec.given([received]).when(cmd.answer('2025-04-20', 1)).thenThrows('CLARIFICATION_NOT_FOUND');
      });
      it('an answer dated before its question', () => {
        spec.given([received, ev.clarificationRequested('2025-04-14')]).when(cmd.answer('2025-04-12')).thenThrows('ANSWER_BEFORE_QUESTION');
      });
      it('a document whose SHA-256 is not 64 hexadecimal characters', () => {
        spec.given([received]).when(cmd.produce('2025-04-20', 1, 'complete', { documents: [{ name: 'a.pdf', sha256: 'abc' }] })).thenThrows('INVALID_DOCUMENT_HASH');
        spec.given([received]).when(cmd.produce('2025-04-20', 1, 'complete', { documents: [{ name: 'a.pdf', sha256: 'g'.repeat(64) }] })).thenThrows('INVALID_DOCUMENT_HASH');
      });
      it('a production of nothing', () => {
        spec.given([received]).when(cmd.produce('2025-04-20', 1, 'complete', { documents: [], summary: null })).thenThrows('EMPTY_PRODUCTION');
      });
      it('a completeness outside partial | complete', () => {
        spec.given([received]).when(cmd.produce('2025-04-20', 1, 'mostly' as never)).thenThrows('INVALID_COMPLETENESS');
      });
      it('an objection without grounds', () => {
        spec.given([received]).when(cmd.object('2025-04-20', 1, { grounds: [] })).thenThrows('NO_OBJECTION_GROUNDS');
      });
      it('an objection on a ground outside the closed list', () => {
        spec.given([received]).when(cmd.object('2025-04-20', 1, { grounds: ['confidential' as never] })).thenThrows('UNKNOWN_OBJECTION_GROUND');
      });
      it('an objection on an "other" ground with no explanation', () => {
        const error = thrown(() => decider.decide(cmd.object('2025-04-20', 1, { grounds: ['privileged', 'other'], explanation: ' ' }), spec.given([received]).state()));
        expect(error.code).toBe('REQUIRED_TEXT_MISSING');
        expect(error.details).toMatchObject({ field: 'explanation' });
      });
      it('explaining an item the request does not have (404)', () => {
        spec.given([received]).when(cmd.explain('2025-04-20', 9)).thenThrows('INFORMATION_ITEM_NOT_FOUND');
      });
      it('an explanation for a reason outside the closed list', () => {
        spec.given([received]).when(cmd.explain('2025-04-20', 1, 'lost' as never)).thenThrows('UNKNOWN_EXPLANATION_REASON');
      });
      it('an explanation on another reason that does not say it', () => {
        spec.given([received]).when(cmd.explain('2025-04-20', 1, 'other')).thenThrows('REQUIRED_TEXT_MISSING');
        spec.given([received]).when(cmd.explain('2025-04-20', 1, 'other', { explanation: '' })).thenThrows('REQUIRED_TEXT_MISSING');
      });
      it('an "extension" to a date not after the due date in effect', () => {
        spec.given([received]).when(cmd.extend('2025-04-20', '2025-04-24')).thenThrows('DUE_DATE_NOT_EXTENDED');
        spec.given([received]).when(cmd.extend('2025-04-20', '2025-04-22')).thenThrows('DUE_DATE_NOT_EXTENDED');
      });
      it('an extension without a reason or a date', () => {
        spec.given([received]).when(cmd.extend('2025-04-20', '2025-05-01', true, '')).thenThrows('REQUIRED_TEXT_MISSING');
        spec.given([received]).when(cmd.extend('2025-04-20', '2025-5-1')).thenThrows('INVALID_DATE');
      });
      it('closing as fulfilled while an item is neither produced nor objected to', () => {
        const history = [received, ev.produced('2025-04-20', 1), ev.objected('2025-04-20', 2)];
        spec.given(history).when(cmd.close('2025-04-30', 'fulfilled')).thenThrows('ITEMS_UNANSWERED');
        expect(thrown(() => decider.decide(cmd.close('2025-04-30', 'fulfilled'), spec.given(history).state())).details).toEqual({ itemNumbers: [3] });
      });
      it('closing as withdrawn a request the union did not withdraw', () => {
        spec.given([received]).when(cmd.close('2025-04-30', 'withdrawn')).thenThrows('REQUEST_NOT_WITHDRAWN');
      });
      it('an unknown disposition', () => {
        spec.given([received]).when(cmd.close('2025-04-30', 'abandoned' as never)).thenThrows('UNKNOWN_DISPOSITION');
      });
    });
  });

  describe('given a withdrawn request', () => {
    const withdrawn = [received, ev.withdrawn('2025-04-20')];

    it('withdrawing it again adds nothing', () => {
      spec.given(withdrawn).when(cmd.withdraw('2025-04-22')).thenNothing();
    });
    it('closes it as withdrawn', () => {
      spec.given(withdrawn).when(cmd.close('2025-04-22', 'withdrawn')).then([ev.closed('2025-04-22', 'withdrawn')]);
    });
    it('still records what the employer does', () => {
      spec.given(withdrawn).when(cmd.produce('2025-04-22', 1)).then([ev.produced('2025-04-22', 1)]);
      spec.given(withdrawn).when(cmd.acknowledge('2025-04-21')).then([ev.acknowledged('2025-04-21')]);
    });
    it('refuses to close it as anything but withdrawn', () => {
      spec.given(withdrawn).when(cmd.close('2025-04-22', 'partially-fulfilled')).thenThrows('REQUEST_WAS_WITHDRAWN');
      spec.given(withdrawn).when(cmd.close('2025-04-22', 'fulfilled')).thenThrows('REQUEST_WAS_WITHDRAWN');
    });
    it('keeps the withdrawal once closed', () => {
      expect(spec.given([...withdrawn, ev.closed('2025-04-22', 'withdrawn')]).state()).toMatchObject({
        status: 'closed',
        withdrawal: { withdrawnOn: '2025-04-20' },
        closure: { disposition: 'withdrawn', closedOn: '2025-04-22' },
      });
    });
  });

  describe('given a closed request', () => {
    const closed = [received, ev.produced('2025-04-20', 1), ev.produced('2025-04-20', 2), ev.produced('2025-04-20', 3), ev.closed('2025-04-30', 'fulfilled')];

    it.each(everyActAfterReceipt('2025-05-02').map((c) => [c.type, c] as const))('refuses %s', (_type, command) => {
      spec.given([...closed.slice(0, -1), ev.clarificationRequested('2025-04-14'), closed.at(-1)!]).when(command).thenThrows('INFORMATION_REQUEST_CLOSED');
    });
    it('refuses a second receipt', () => {
      spec.given(closed).when(cmd.receive('2025-05-02')).thenThrows('INFORMATION_REQUEST_ALREADY_RECEIVED');
    });
    it('records an act dated on or before the closing as a late entry of what happened while it was open', () => {
      spec.given(closed).when(cmd.produce('2025-04-25', 1)).thenTypes(['InformationItemProduced']);
      spec.given(closed).when(cmd.produce('2025-04-30', 1)).thenTypes(['InformationItemProduced']);
      expect(spec.given([...closed, ev.produced('2025-04-25', 1)]).state()).toMatchObject({ status: 'closed', closure: { closedOn: '2025-04-30' } });
    });
    it('refuses a withdrawal or a second closing, whatever their date', () => {
      spec.given(closed).when(cmd.withdraw('2025-04-25')).thenThrows('INFORMATION_REQUEST_CLOSED');
      spec.given(closed).when(cmd.close('2025-04-25', 'fulfilled')).thenThrows('INFORMATION_REQUEST_CLOSED');
    });
    it('still refuses a future date first', () => {
      const command = { ...cmd.produce('2026-07-01', 1), metadata: meta('2026-07-01', NOW) };
      spec.given(closed).when(command).thenThrows('OCCURRED_AT_IN_FUTURE');
    });
  });

  it('records every document of a production, in order', () => {
    const documents = [{ name: 'a.pdf', sha256: HASH_A }, { name: 'b.pdf', sha256: HASH_B }];
    const [event] = spec.given([received]).when(cmd.produce('2025-04-20', 1, 'complete', { documents })).events();
    expect(event!.data).toMatchObject({ documents });
  });
});
