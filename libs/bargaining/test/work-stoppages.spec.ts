import { BargainingErrorCode as E, actingSideOf, negotiationBusinessDay, negotiationDecider } from '#bargaining';
import { deciderSpec } from '#testing';
import { NEGOTIATION_ID, cmd, extend, history, openCmd, record, sha } from './fixtures.js';

const spec = deciderSpec(negotiationDecider);
const opened = history(openCmd());

const notice = cmd('GiveWorkStoppageNotice', { stoppageId: 'ws1', kind: 'strike', plannedStartOn: '2026-03-02', estimatedParticipants: 1400 }, '2026-02-20');
const noticed = extend(opened, notice);
const struck = extend(noticed, cmd('BeginWorkStoppage', { stoppageId: 'ws1', noticed: true, kind: 'strike', estimatedParticipants: 1250 }, '2026-03-02'));

describe('work stoppages on the negotiation', () => {
  describe('notice', () => {
    it('records notice of a strike by the union, with the planned start and the estimated participation', () => {
      spec.given(opened).when(notice).then([
        {
          type: 'WorkStoppageNoticeGiven',
          data: {
            negotiationId: NEGOTIATION_ID,
            stoppageId: 'ws1',
            kind: 'strike',
            givenBy: 'union',
            plannedStartOn: '2026-03-02',
            estimatedParticipants: 1400,
            statement: null,
            documents: [],
            noticeGivenOn: '2026-02-20',
          },
        },
      ]);
    });

    it('records notice of a lockout as the employer’s, participation unknown', () => {
      const [event] = spec.given(opened).when(cmd('GiveWorkStoppageNotice', { stoppageId: 'lo1', kind: 'lockout', documents: [{ name: 'notice.pdf', sha256: sha('a') }] }, '2026-02-20')).events();
      expect(event).toMatchObject({ type: 'WorkStoppageNoticeGiven', data: { kind: 'lockout', givenBy: 'employer', plannedStartOn: null, estimatedParticipants: null } });
      expect(actingSideOf(event!)).toBe('employer');
    });

    it('refuses a kind it does not know, a participation that is not a whole number, a second stoppage under one id', () => {
      spec.given(opened).when(cmd('GiveWorkStoppageNotice', { stoppageId: 'ws2', kind: 'slowdown' as never })).thenThrows(E.INVALID_VALUE);
      spec.given(opened).when(cmd('GiveWorkStoppageNotice', { stoppageId: 'ws2', kind: 'strike', estimatedParticipants: 12.5 })).thenThrows(E.INVALID_VALUE);
      spec.given(opened).when(cmd('GiveWorkStoppageNotice', { stoppageId: 'ws2', kind: 'strike', estimatedParticipants: -1 })).thenThrows(E.INVALID_VALUE);
      spec.given(noticed).when(cmd('GiveWorkStoppageNotice', { stoppageId: 'ws1', kind: 'strike' })).thenThrows(E.WORK_STOPPAGE_ALREADY_RECORDED);
    });
  });

  describe('beginning', () => {
    it('begins the noticed stoppage, carrying the day notice was given', () => {
      spec.given(noticed).when(cmd('BeginWorkStoppage', { stoppageId: 'ws1', noticed: true, kind: 'strike', estimatedParticipants: 1250 }, '2026-03-02')).then([
        {
          type: 'WorkStoppageBegan',
          data: { negotiationId: NEGOTIATION_ID, stoppageId: 'ws1', kind: 'strike', by: 'union', noticeGivenOn: '2026-02-20', estimatedParticipants: 1250, summary: null, beganOn: '2026-03-02' },
        },
      ]);
    });

    it('records a stoppage without notice, and one on another day or of another kind than noticed, as given', () => {
      spec.given(opened).when(cmd('BeginWorkStoppage', { stoppageId: 'so1', noticed: false, kind: 'sick-out', summary: 'Teachers called in sick at 6 schools' }, '2026-01-12')).then([
        {
          type: 'WorkStoppageBegan',
          data: { negotiationId: NEGOTIATION_ID, stoppageId: 'so1', kind: 'sick-out', by: 'union', noticeGivenOn: null, estimatedParticipants: null, summary: 'Teachers called in sick at 6 schools', beganOn: '2026-01-12' },
        },
      ]);
      spec.given(noticed).when(cmd('BeginWorkStoppage', { stoppageId: 'ws1', noticed: true, kind: 'sick-out' }, '2026-02-21')).thenTypes(['WorkStoppageBegan']);
    });

    it('refuses to begin an unknown noticed stoppage, one that already began, or a new one under a taken id', () => {
      spec.given(opened).when(cmd('BeginWorkStoppage', { stoppageId: 'ws9', noticed: true, kind: 'strike' })).thenThrows(E.WORK_STOPPAGE_NOT_RECORDED);
      spec.given(struck).when(cmd('BeginWorkStoppage', { stoppageId: 'ws1', noticed: true, kind: 'strike' }, '2026-03-03')).thenThrows(E.WORK_STOPPAGE_ALREADY_BEGAN);
      spec.given(noticed).when(cmd('BeginWorkStoppage', { stoppageId: 'ws1', noticed: false, kind: 'strike' })).thenThrows(E.WORK_STOPPAGE_ALREADY_RECORDED);
    });
  });

  describe('end', () => {
    it('ends a stoppage on or after the day it began, with its kind and side', () => {
      spec.given(struck).when(cmd('EndWorkStoppage', { stoppageId: 'ws1', estimatedParticipants: 1100 }, '2026-03-09')).then([
        { type: 'WorkStoppageEnded', data: { negotiationId: NEGOTIATION_ID, stoppageId: 'ws1', kind: 'strike', by: 'union', estimatedParticipants: 1100, summary: null, endedOn: '2026-03-09' } },
      ]);
      spec.given(struck).when(cmd('EndWorkStoppage', { stoppageId: 'ws1' }, '2026-03-02')).thenTypes(['WorkStoppageEnded']);
    });

    it('refuses the impossible: an end before the beginning, of a stoppage only noticed or never recorded, a second end', () => {
      spec.given(struck).when(cmd('EndWorkStoppage', { stoppageId: 'ws1' }, '2026-03-01')).thenThrows(E.WORK_STOPPAGE_ENDS_BEFORE_IT_BEGAN);
      spec.given(noticed).when(cmd('EndWorkStoppage', { stoppageId: 'ws1' }, '2026-03-09')).thenThrows(E.WORK_STOPPAGE_NOT_BEGUN);
      spec.given(opened).when(cmd('EndWorkStoppage', { stoppageId: 'ws1' }, '2026-03-09')).thenThrows(E.WORK_STOPPAGE_NOT_RECORDED);
      const ended = extend(struck, cmd('EndWorkStoppage', { stoppageId: 'ws1' }, '2026-03-09'));
      spec.given(ended).when(cmd('EndWorkStoppage', { stoppageId: 'ws1' }, '2026-03-10')).thenThrows(E.WORK_STOPPAGE_ALREADY_ENDED);
    });
  });

  describe('return to work', () => {
    it('records a return-to-work agreement, naming a recorded stoppage or none', () => {
      spec.given(struck).when(cmd('AgreeReturnToWork', { stoppageId: 'ws1', terms: 'No reprisals; strike days made up in June' }, '2026-03-08')).then([
        { type: 'ReturnToWorkAgreed', data: { negotiationId: NEGOTIATION_ID, stoppageId: 'ws1', terms: 'No reprisals; strike days made up in June', documents: [], agreedOn: '2026-03-08' } },
      ]);
      spec.given(opened).when(cmd('AgreeReturnToWork', { terms: 'No reprisals' }, '2026-03-08')).thenTypes(['ReturnToWorkAgreed']);
    });

    it('refuses terms left empty and an unknown stoppage', () => {
      spec.given(opened).when(cmd('AgreeReturnToWork', { terms: ' ' })).thenThrows(E.REQUIRED_TEXT_MISSING);
      spec.given(opened).when(cmd('AgreeReturnToWork', { stoppageId: 'ws9', terms: 'No reprisals' })).thenThrows(E.WORK_STOPPAGE_NOT_RECORDED);
    });
  });

  it('folds each stoppage’s days, and every fact has its business day', () => {
    const { state, events } = record([
      openCmd(),
      notice,
      cmd('BeginWorkStoppage', { stoppageId: 'ws1', noticed: true, kind: 'strike' }, '2026-03-02'),
      cmd('AgreeReturnToWork', { stoppageId: 'ws1', terms: 'No reprisals' }, '2026-03-08'),
      cmd('EndWorkStoppage', { stoppageId: 'ws1' }, '2026-03-09'),
    ]);
    expect(state.status === 'open' && state.workStoppages['ws1']).toEqual({ stoppageId: 'ws1', kind: 'strike', by: 'union', noticeGivenOn: '2026-02-20', beganOn: '2026-03-02', endedOn: '2026-03-09' });
    const days = events.slice(1).map((event) => negotiationBusinessDay({ ...event, occurredAt: { at: '1999-01-01', precision: 'day' } }));
    expect(days).toEqual(['2026-02-20', '2026-03-02', '2026-03-08', '2026-03-09']);
  });

  it('refuses every stoppage fact on a concluded negotiation', () => {
    const concluded = extend(struck, cmd('ConcludeNegotiation', { outcome: 'withdrawn' }, '2026-03-04'));
    spec.given(concluded).when(cmd('EndWorkStoppage', { stoppageId: 'ws1' }, '2026-03-09')).thenThrows(E.NEGOTIATION_CONCLUDED);
  });
});
