import { BargainingErrorCode as E, type NegotiationCommand, negotiationDecider, negotiationStage, tableSummary } from '#bargaining';
import { deciderSpec } from '#testing';
import {
  NEGOTIATION_ID,
  article,
  bayviewUnit,
  cmd,
  counterCmd,
  extend,
  history,
  initialCmd,
  metadata,
  openCmd,
  packageCmd,
  record,
  sha,
  tableCmd,
} from './fixtures.js';

const spec = deciderSpec(negotiationDecider);
const opened = history(openCmd());

/** One valid-looking command of every type but opening, for "refused in this state" sweeps. */
const everyOtherCommand: NegotiationCommand[] = [
  cmd('AgreeGroundRules', { taRule: 'reopenable-until-global' }),
  cmd('SunshineInitialProposal', { side: 'union', boardMeeting: 'regular board meeting', articles: ['24'] }),
  cmd('HearPublicComment', { boardMeeting: 'regular board meeting' }),
  cmd('AdoptEmployerProposal', { boardMeeting: 'regular board meeting' }),
  cmd('MakeNewSubjectPublic', { side: 'employer', articles: ['30'], how: 'posted on the district website' }),
  cmd('HoldSession', { sessionId: 's_new', number: 99, place: 'District office', attendees: { employer: ['A'], union: ['B'] } }),
  cmd('CancelSession', { sessionId: 's_cancel', scheduledFor: '2025-03-10', cancelledBy: 'union', reason: 'illness' }),
  tableCmd('p_new', 'employer', ['10']),
  counterCmd('p_counter', 'union', 'p1', ['10']),
  packageCmd('p_pkg', 'employer', ['10', '15']),
  cmd('WithdrawProposal', { proposalId: 'p1' }),
  cmd('RejectPackage', { proposalId: 'p1' }),
  initialCmd('ta_new', 'employer'),
  cmd('WithdrawTentativeAgreement', { taId: 'ta1', withdrawnBy: 'employer' }),
  cmd('DeclareImpasse', { declaredBy: 'union', form: 'written' }),
  cmd('RequestPerbImpasseDetermination', { requestedBy: 'union' }),
  cmd('RecordPerbImpasseDetermination', { determination: 'impasse-exists' }),
  cmd('AppointMediator', { mediator: 'M. Chen' }),
  cmd('HoldMediationSession', {}),
  cmd('CertifyFactfinding', {}),
  cmd('FormFactfindingPanel', { chair: 'J. Ortiz' }),
  cmd('HoldFactfindingHearing', {}),
  cmd('IssueFactfindingReport', {}),
  cmd('MakeFactfindingReportPublic', {}),
  cmd('HoldImpasseHearing', { governingBody: 'Board of Education' }),
  cmd('ImposeLastBestFinalOffer', { governingBody: 'Board of Education', summary: 'LBFO' }),
  cmd('ReachSettlement', { taIds: ['ta1'], term: { start: '2025-07-01', end: '2028-06-30' }, summary: 'global' }),
  cmd('DiscloseSettlementCosts', { summary: 'costs' }),
  cmd('HoldRatificationVote', { yes: 1, no: 0 }),
  cmd('ApproveByGoverningBody', { governingBody: 'Board', resolutionNumber: 'R-1' }),
  cmd('ExecuteAgreement', { signatories: { employer: ['A'], union: ['B'] } }),
  cmd('ConcludeNegotiation', { outcome: 'withdrawn' }),
  cmd('ExecuteSideLetter', { title: 'SL', text: 'text', precedential: false, signatories: { employer: [], union: [] } }),
  cmd('ExecuteMemorandumOfUnderstanding', { title: 'MOU', text: 'text', precedential: true, signatories: { employer: [], union: [] } }),
  cmd('GiveWorkStoppageNotice', { stoppageId: 'ws_notice', kind: 'strike' }),
  cmd('BeginWorkStoppage', { stoppageId: 'ws_new', noticed: false, kind: 'sick-out' }),
  cmd('EndWorkStoppage', { stoppageId: 'ws1' }),
  cmd('AgreeReturnToWork', { terms: 'no reprisals' }),
  cmd('RecordConfidentialNote', { kind: 'strategy', title: 'plan', body: 'hold on 24' }),
  cmd('RecordCorrection', { correctedEventId: 'e1', correctedEventType: 'SessionHeld', reason: 'typo', correctedFields: { place: 'Room 2' } }),
];

describe('negotiation decider', () => {
  describe('not opened', () => {
    it('opens a negotiation, copying the unit and its expiring agreement term', () => {
      spec.given([]).when(openCmd('EERA', { kind: 'reopener', articlesInScope: ['24'] })).then([
        {
          type: 'NegotiationOpened',
          data: {
            negotiationId: NEGOTIATION_ID,
            unitId: 'bayview_teachers',
            unitName: 'Bayview certificated unit',
            employer: 'Bayview Unified School District',
            employeeOrganization: 'Bayview Teachers Association',
            statute: 'EERA',
            kind: 'reopener',
            articlesInScope: ['24'],
            expiringAgreementTerm: { start: '2022-07-01', end: '2025-06-30' },
            subject: null,
            writtenNoticeGivenOn: null,
            demandId: null,
            openedOn: '2025-01-15',
          },
        },
      ]);
    });

    it('records written notice whose day the record gives only as a month, filed under its earliest possible day; refuses both forms at once', () => {
      const [event] = spec.given([]).when(openCmd('MMBA', { kind: 'meet-and-confer', subject: 'Parking fees', writtenNoticeGiven: { at: '2025-01', precision: 'month' } })).events();
      expect(event!.data).toMatchObject({ writtenNoticeGivenOn: '2025-01-01', writtenNoticeGivenAsKnown: { at: '2025-01', precision: 'month' } });
      spec.given([]).when(openCmd('MMBA', { kind: 'meet-and-confer', subject: 'Parking fees', writtenNoticeGivenOn: '2025-01-06', writtenNoticeGiven: { at: '2025-01', precision: 'month' } })).thenThrows(E.INVALID_VALUE);
      spec.given([]).when(openCmd('MMBA', { kind: 'meet-and-confer', subject: 'Parking fees', writtenNoticeGiven: { at: 'January', precision: 'month' } })).thenThrows(E.INVALID_DATE);
    });

    it('takes an explicit expiring term over the unit’s, and null when given null', () => {
      const [withTerm] = spec.given([]).when(openCmd('EERA', { expiringAgreementTerm: { start: '2023-01-01', end: '2025-12-31' } })).events();
      expect(withTerm!.data).toMatchObject({ expiringAgreementTerm: { start: '2023-01-01', end: '2025-12-31' } });
      const [withoutTerm] = spec.given([]).when(openCmd('EERA', { expiringAgreementTerm: null })).events();
      expect(withoutTerm!.data).toMatchObject({ expiringAgreementTerm: null });
    });

    it('without an expiring term, takes the unit’s term in force on the opening day, not its current one', () => {
      const unit = {
        ...bayviewUnit(),
        currentAgreementTerm: { start: '2025-07-01', end: '2028-06-30' },
        agreementTerms: [
          { start: '2019-07-01', end: '2022-06-30' },
          { start: '2022-07-01', end: '2025-06-30' },
          { start: '2025-07-01', end: '2028-06-30' },
        ],
      };
      const [inForce] = spec.given([]).when(openCmd('EERA', { unit })).events();
      expect(inForce!.data).toMatchObject({ openedOn: '2025-01-15', expiringAgreementTerm: { start: '2022-07-01', end: '2025-06-30' } });
      // Opened after the last known term expired: that term still governs (the status quo).
      const lapsed = { ...unit, agreementTerms: unit.agreementTerms.slice(0, 1), currentAgreementTerm: unit.agreementTerms[0]! };
      const [afterExpiry] = spec.given([]).when(openCmd('EERA', { unit: lapsed })).events();
      expect(afterExpiry!.data).toMatchObject({ expiringAgreementTerm: { start: '2019-07-01', end: '2022-06-30' } });
      // No term known to have started by the opening day: none.
      const future = { ...unit, agreementTerms: unit.agreementTerms.slice(2) };
      const [none] = spec.given([]).when(openCmd('EERA', { unit: future })).events();
      expect(none!.data).toMatchObject({ expiringAgreementTerm: null });
    });

    it.each(everyOtherCommand.map((c) => [c.type, c] as const))('refuses %s before opening (404)', (_type, command) => {
      spec.given([]).when(command).thenThrows(E.NEGOTIATION_NOT_OPENED);
    });

    it('refuses an id that could move the stream category', () => {
      spec.given([]).when(openCmd('EERA', { negotiationId: 'bay-view' })).thenThrows(E.INVALID_ID);
      spec.given([]).when(openCmd('EERA', { unit: { ...bayviewUnit(), unitId: 'a b' } })).thenThrows(E.INVALID_ID);
    });

    it('refuses an occurredAt in the future', () => {
      spec.given([]).when({ ...openCmd(), metadata: metadata('2026-06-02') }).thenThrows('OCCURRED_AT_IN_FUTURE');
    });

    it('refuses an unknown kind, an unknown statute and an inverted term', () => {
      spec.given([]).when(openCmd('EERA', { kind: 'armistice' as never })).thenThrows(E.INVALID_VALUE);
      spec.given([]).when(openCmd('XYZ' as never)).thenThrows(E.INVALID_VALUE);
      spec.given([]).when(openCmd('EERA', { expiringAgreementTerm: { start: '2025-06-30', end: '2022-07-01' } })).thenThrows(E.AGREEMENT_TERM_INVALID);
    });
  });

  describe('open', () => {
    it('refuses opening twice', () => {
      spec.given(opened).when(openCmd()).thenThrows(E.NEGOTIATION_ALREADY_OPENED);
    });

    it('refuses a command naming another negotiation than its stream', () => {
      spec.given(opened).when(cmd('AgreeGroundRules', { negotiationId: 'other', taRule: 'closed-once-initialed' })).thenThrows(E.NEGOTIATION_ID_MISMATCH);
    });

    it('refuses an occurredAt in the future, by day or by instant', () => {
      spec.given(opened).when({ ...tableCmd('p1', 'union', ['24']), metadata: metadata('2026-06-02') }).thenThrows('OCCURRED_AT_IN_FUTURE');
      spec.given(opened).when({ ...tableCmd('p1', 'union', ['24']), metadata: metadata('2026-06-01T12:00:01Z', 'instant') }).thenThrows('OCCURRED_AT_IN_FUTURE');
    });

    describe('ground rules and sunshine', () => {
      it('records ground rules', () => {
        spec.given(opened).when(cmd('AgreeGroundRules', { taRule: 'closed-once-initialed', terms: 'Sessions on Wednesdays' }, '2025-02-01')).then([
          { type: 'GroundRulesAgreed', data: { negotiationId: NEGOTIATION_ID, taRule: 'closed-once-initialed', terms: 'Sessions on Wednesdays', agreedOn: '2025-02-01' } },
        ]);
        spec.given(opened).when(cmd('AgreeGroundRules', { taRule: 'both' as never })).thenThrows(E.INVALID_VALUE);
      });

      it('records an initial proposal sunshined at a board meeting', () => {
        spec.given(opened).when(cmd('SunshineInitialProposal', { side: 'union', boardMeeting: 'Regular meeting', articles: ['24', '10'], documents: [{ name: 'bta-initial.pdf', sha256: sha('A') }] }, '2025-02-12')).then([
          {
            type: 'InitialProposalSunshined',
            data: {
              negotiationId: NEGOTIATION_ID,
              side: 'union',
              boardMeeting: 'Regular meeting',
              articles: ['24', '10'],
              summary: null,
              documents: [{ name: 'bta-initial.pdf', sha256: sha('a') }],
              presentedOn: '2025-02-12',
            },
          },
        ]);
      });

      it('records public comment, the employer’s adoption and a new subject made public', () => {
        spec.given(opened).when(cmd('HearPublicComment', { boardMeeting: 'Regular meeting', summary: '3 speakers' }, '2025-02-26')).then([
          { type: 'PublicCommentHeard', data: { negotiationId: NEGOTIATION_ID, boardMeeting: 'Regular meeting', summary: '3 speakers', heardOn: '2025-02-26' } },
        ]);
        spec.given(opened).when(cmd('AdoptEmployerProposal', { boardMeeting: 'Regular meeting', resolutionNumber: '24-25/31' }, '2025-03-12')).then([
          { type: 'EmployerProposalAdopted', data: { negotiationId: NEGOTIATION_ID, boardMeeting: 'Regular meeting', resolutionNumber: '24-25/31', adoptedOn: '2025-03-12' } },
        ]);
        spec.given(opened).when(cmd('MakeNewSubjectPublic', { side: 'employer', articles: ['30'], how: 'website posting' }, '2025-04-01')).then([
          { type: 'NewSubjectMadePublic', data: { negotiationId: NEGOTIATION_ID, side: 'employer', articles: ['30'], how: 'website posting', madePublicOn: '2025-04-01' } },
        ]);
        spec.given(opened).when(cmd('HearPublicComment', { boardMeeting: '  ' })).thenThrows(E.REQUIRED_TEXT_MISSING);
        spec.given(opened).when(cmd('MakeNewSubjectPublic', { side: 'employer', articles: [], how: 'x' })).thenThrows(E.NO_ARTICLES);
      });
    });

    describe('sessions', () => {
      const session = (sessionId: string, number: number, at = '2025-03-19') =>
        cmd('HoldSession', { sessionId, number, place: 'District office, Room 4', attendees: { employer: ['Dana Ruiz'], union: ['Lee Park', 'Sam Ode'] }, articlesDiscussed: ['24'] }, at);

      it('records a session held', () => {
        spec.given(opened).when(session('s1', 1)).then([
          {
            type: 'SessionHeld',
            data: {
              negotiationId: NEGOTIATION_ID,
              sessionId: 's1',
              number: 1,
              place: 'District office, Room 4',
              attendees: { employer: ['Dana Ruiz'], union: ['Lee Park', 'Sam Ode'] },
              articlesDiscussed: ['24'],
              summary: null,
              startTime: null,
              endTime: null,
              hours: null,
              heldOn: '2025-03-19',
            },
          },
        ]);
      });

      it('records a session’s length: start and end time (hours derived), or hours alone; refuses an end before the start or hours that contradict the times', () => {
        const timed = (over: object) => cmd('HoldSession', { sessionId: 's1', number: 1, place: 'Room 4', attendees: { employer: ['A'], union: ['B'] }, ...over }, '2025-03-19');
        expect(spec.given(opened).when(timed({ startTime: '16:00', endTime: '19:30' })).events()[0]!.data).toMatchObject({ startTime: '16:00', endTime: '19:30', hours: 3.5 });
        expect(spec.given(opened).when(timed({ hours: 2.5 })).events()[0]!.data).toMatchObject({ startTime: null, endTime: null, hours: 2.5 });
        spec.given(opened).when(timed({ startTime: '19:00', endTime: '16:00' })).thenThrows(E.INVALID_VALUE);
        spec.given(opened).when(timed({ startTime: '16:00', endTime: '19:00', hours: 5 })).thenThrows(E.INVALID_VALUE);
        spec.given(opened).when(timed({ startTime: '4pm' })).thenThrows(E.INVALID_VALUE);
        spec.given(opened).when(timed({ hours: -1 })).thenThrows(E.INVALID_VALUE);
      });

      it('records the caucuses called, in order, with their length when known; refuses a caucus of no side, of no whole minutes, or longer than the session', () => {
        const timed = (over: object) => cmd('HoldSession', { sessionId: 's1', number: 1, place: 'Room 4', attendees: { employer: ['A'], union: ['B'] }, ...over }, '2025-03-19');
        const caucuses = [{ side: 'union', minutes: 40 }, { side: 'employer' }, { side: 'union', minutes: null }];
        expect(spec.given(opened).when(timed({ startTime: '16:00', endTime: '19:30', caucuses })).events()[0]!.data).toMatchObject({
          hours: 3.5,
          caucuses: [{ side: 'union', minutes: 40 }, { side: 'employer', minutes: null }, { side: 'union', minutes: null }],
        });
        // None recorded: the fact carries no caucus list, as facts recorded before caucuses were kept.
        expect(spec.given(opened).when(timed({ caucuses: [] })).events()[0]!.data).not.toHaveProperty('caucuses');
        expect(spec.given(opened).when(timed({ caucuses: [{ side: 'employer', minutes: 300 }] })).events()[0]!.data).toMatchObject({ hours: null, caucuses: [{ side: 'employer', minutes: 300 }] });
        spec.given(opened).when(timed({ hours: 2, caucuses: [{ side: 'union', minutes: 121 }] })).thenThrows(E.INVALID_VALUE);
        spec.given(opened).when(timed({ caucuses: [{ side: 'mediator', minutes: 10 }] })).thenThrows(E.INVALID_VALUE);
        spec.given(opened).when(timed({ caucuses: [{ side: 'union', minutes: 0 }] })).thenThrows(E.INVALID_VALUE);
        spec.given(opened).when(timed({ caucuses: [{ side: 'union', minutes: 12.5 }] })).thenThrows(E.INVALID_VALUE);
      });

      it('records a session entered late, dated before sessions already recorded', () => {
        spec.given(history(openCmd(), session('s2', 2, '2025-04-02'))).when(session('s1', 1, '2025-03-05')).thenTypes(['SessionHeld']);
      });

      it('refuses a session id or a held session number recorded twice, and a number that is not a positive integer', () => {
        const given = history(openCmd(), session('s1', 1));
        spec.given(given).when(session('s1', 2)).thenThrows(E.SESSION_ALREADY_RECORDED);
        spec.given(given).when(session('s2', 1)).thenThrows(E.SESSION_NUMBER_TAKEN);
        spec.given(opened).when(session('s1', 0)).thenThrows(E.INVALID_SESSION_NUMBER);
        spec.given(opened).when(session('s1', 1.5)).thenThrows(E.INVALID_SESSION_NUMBER);
        spec.given(opened).when(session('s-1', 1)).thenThrows(E.INVALID_ID);
      });

      it('records a cancellation with who cancelled, when notice was given and why', () => {
        const cancel = { ...cmd('CancelSession', { sessionId: 's3', number: 3, scheduledFor: '2025-04-09', cancelledBy: 'employer', reason: 'board workshop' }), metadata: metadata('2025-04-08T16:30:00Z', 'instant') };
        spec.given(opened).when(cancel).then([
          {
            type: 'SessionCancelled',
            data: { negotiationId: NEGOTIATION_ID, sessionId: 's3', number: 3, scheduledFor: '2025-04-09', cancelledBy: 'employer', noticeGivenAt: '2025-04-08T16:30:00Z', reason: 'board workshop' },
          },
        ]);
        // The rescheduled session may carry the cancelled one's number.
        spec.given(history(openCmd(), cancel)).when(session('s3b', 3, '2025-04-16')).thenTypes(['SessionHeld']);
        spec.given(history(openCmd(), session('s1', 1))).when(cmd('CancelSession', { sessionId: 's1', scheduledFor: '2025-03-19', cancelledBy: 'union', reason: 'x' })).thenThrows(E.SESSION_ALREADY_RECORDED);
        spec.given(opened).when(cmd('CancelSession', { sessionId: 's4', scheduledFor: '2025-02-30', cancelledBy: 'union', reason: 'x' })).thenThrows(E.INVALID_DATE);
        spec.given(opened).when(cmd('CancelSession', { sessionId: 's4', scheduledFor: '2025-03-01', cancelledBy: 'union', reason: '' })).thenThrows(E.REQUIRED_TEXT_MISSING);
      });
    });

    describe('proposals, counterproposals and packages', () => {
      it('records a proposal with its articles and documents, and its costing as a separate confidential fact', () => {
        const command = cmd('TableProposal', {
          proposalId: 'p1',
          side: 'employer',
          number: 'D-1',
          articles: [
            { article: '24', title: 'Salaries', changeKind: 'amend', text: 'Increase the schedule by 2%.' },
            { article: '31', changeKind: 'delete', text: '' },
          ],
          documents: [{ name: 'D-1.pdf', sha256: sha('b') }],
          costing: { summary: '2% costs $1.2M', costs: [{ fiscalYear: '2025-26', amount: '1200000.00' }] },
        }, '2025-03-19');
        spec.given(opened).when(command).then([
          {
            type: 'ProposalTabled',
            data: {
              negotiationId: NEGOTIATION_ID,
              proposalId: 'p1',
              side: 'employer',
              number: 'D-1',
              articles: [
                { article: '24', title: 'Salaries', changeKind: 'amend', text: 'Increase the schedule by 2%.' },
                { article: '31', title: null, changeKind: 'delete', text: '' },
              ],
              documents: [{ name: 'D-1.pdf', sha256: sha('b') }],
              tabledOn: '2025-03-19',
            },
          },
          {
            type: 'ProposalCostingRecorded',
            data: {
              negotiationId: NEGOTIATION_ID,
              proposalId: 'p1',
              side: 'employer',
              summary: '2% costs $1.2M',
              costs: [{ fiscalYear: '2025-26', amount: '1200000.00', description: null }],
              documents: [],
              tabledOn: '2025-03-19',
            },
          },
        ]);
      });

      it('records the costing of a counterproposal and of a package after it, and nothing more without costing', () => {
        const given = history(openCmd(), tableCmd('u1', 'union', ['10', '24']));
        const costing = { summary: 'Step restoration costs $0.9M', documents: [{ name: 'costing.xlsx', sha256: sha('c') }] };
        spec.given(given).when({ ...counterCmd('d1', 'employer', 'u1', ['24']), data: { ...counterCmd('d1', 'employer', 'u1', ['24']).data, costing } }).thenTypes(['CounterproposalTabled', 'ProposalCostingRecorded']);
        const [, costed] = spec.given(given).when({ ...packageCmd('k1', 'employer', ['10', '24']), data: { ...packageCmd('k1', 'employer', ['10', '24']).data, costing } }).events();
        expect(costed).toEqual({
          type: 'ProposalCostingRecorded',
          data: { negotiationId: NEGOTIATION_ID, proposalId: 'k1', side: 'employer', summary: 'Step restoration costs $0.9M', costs: [], documents: [{ name: 'costing.xlsx', sha256: sha('c') }], tabledOn: '2025-05-01' },
        });
        spec.given(given).when(counterCmd('d1', 'employer', 'u1', ['24'])).thenTypes(['CounterproposalTabled']);
        spec.given(given).when({ ...tableCmd('d2', 'employer', ['24']), data: { ...tableCmd('d2', 'employer', ['24']).data, costing: null } }).thenTypes(['ProposalTabled']);
      });

      it('folds a costing without changing the table: the same state as the proposal alone', () => {
        const costed = cmd('TableProposal', { proposalId: 'd1', side: 'employer', number: 'D-1', articles: [article('24')], costing: { summary: '$1.8M' } }, '2025-03-20');
        const events = history(openCmd(), costed);
        expect(events.map((e) => e.type)).toEqual(['NegotiationOpened', 'ProposalTabled', 'ProposalCostingRecorded']);
        const fold = (list: typeof events) => list.reduce(negotiationDecider.evolve, negotiationDecider.initialState());
        expect(fold(events)).toEqual(fold(events.slice(0, 2)));
      });

      it('refuses a costing without a summary, with a bad document hash or a cost line without an amount, recording neither fact', () => {
        const withCosting = (costing: object) => cmd('TableProposal', { proposalId: 'd1', side: 'employer', number: 'D-1', articles: [article('24')], costing: costing as never });
        spec.given(opened).when(withCosting({ summary: ' ' })).thenThrows(E.REQUIRED_TEXT_MISSING);
        spec.given(opened).when(withCosting({ summary: 's', documents: [{ name: 'x', sha256: 'nothex' }] })).thenThrows(E.INVALID_DOCUMENT_HASH);
        spec.given(opened).when(withCosting({ summary: 's', costs: [{ fiscalYear: '2025-26' }] })).thenThrows(E.REQUIRED_TEXT_MISSING);
      });

      it('refuses a duplicate proposal id, no articles, an article twice, a bad hash, blank new text, an unknown side', () => {
        const given = history(openCmd(), tableCmd('p1', 'employer', ['24']));
        spec.given(given).when(tableCmd('p1', 'union', ['10'])).thenThrows(E.PROPOSAL_ALREADY_TABLED);
        spec.given(opened).when(tableCmd('p1', 'union', [])).thenThrows(E.NO_ARTICLES);
        spec.given(opened).when(tableCmd('p1', 'union', ['10', '10'])).thenThrows(E.DUPLICATE_ARTICLE);
        spec.given(opened).when(cmd('TableProposal', { proposalId: 'p2', side: 'union', number: 'U-1', articles: [article('10')], documents: [{ name: 'x', sha256: 'abc' }] })).thenThrows(E.INVALID_DOCUMENT_HASH);
        spec.given(opened).when(cmd('TableProposal', { proposalId: 'p2', side: 'union', number: 'U-1', articles: [{ article: '10', changeKind: 'new', text: ' ' }] })).thenThrows(E.REQUIRED_TEXT_MISSING);
        spec.given(opened).when(cmd('TableProposal', { proposalId: 'p2', side: 'mediator' as never, number: 'U-1', articles: [article('10')] })).thenThrows(E.INVALID_VALUE);
      });

      it('records a counterproposal to the other side’s proposal', () => {
        const [event] = spec.given(history(openCmd(), tableCmd('p1', 'employer', ['24']))).when(counterCmd('p2', 'union', 'p1', ['24'])).events();
        expect(event).toMatchObject({ type: 'CounterproposalTabled', data: { proposalId: 'p2', side: 'union', respondsTo: 'p1', tabledOn: '2025-03-27' } });
      });

      it('refuses a counterproposal to an unknown proposal (404) or to the same side’s own', () => {
        const given = history(openCmd(), tableCmd('p1', 'employer', ['24']));
        spec.given(given).when(counterCmd('p2', 'union', 'nope', ['24'])).thenThrows(E.PROPOSAL_NOT_FOUND);
        spec.given(given).when(counterCmd('p2', 'employer', 'p1', ['24'])).thenThrows(E.COUNTER_TO_OWN_PROPOSAL);
      });

      it('records a package, conditional or not, optionally answering the other side', () => {
        const [event] = spec.given(opened).when(packageCmd('k1', 'employer', ['10', '15', '21'])).events();
        expect(event).toMatchObject({ type: 'PackageTabled', data: { proposalId: 'k1', conditional: true, respondsTo: null } });
        const given = history(openCmd(), tableCmd('u1', 'union', ['10']));
        const [answer] = spec.given(given).when(cmd('TablePackage', { proposalId: 'k2', side: 'employer', number: 'PKG-2', articles: [article('10'), article('15')], conditional: false, respondsTo: 'u1' })).events();
        expect(answer!.data).toMatchObject({ conditional: false, respondsTo: 'u1' });
      });

      it('refuses a package over one article, or answering its own side', () => {
        spec.given(opened).when(packageCmd('k1', 'employer', ['10'])).thenThrows(E.PACKAGE_NEEDS_SEVERAL_ARTICLES);
        const given = history(openCmd(), tableCmd('d1', 'employer', ['10']));
        spec.given(given).when(cmd('TablePackage', { proposalId: 'k2', side: 'employer', number: 'PKG-2', articles: [article('10'), article('15')], conditional: true, respondsTo: 'd1' })).thenThrows(E.COUNTER_TO_OWN_PROPOSAL);
      });

      it('records a withdrawal, naming the positions it returns to', () => {
        const given = history(openCmd(), tableCmd('d1', 'employer', ['10', '15']), tableCmd('d2', 'employer', ['10']), tableCmd('d3', 'employer', ['21']));
        spec.given(given).when(cmd('WithdrawProposal', { proposalId: 'd2', reason: 'replaced' }, '2025-04-01')).then([
          {
            type: 'ProposalWithdrawn',
            data: { negotiationId: NEGOTIATION_ID, proposalId: 'd2', side: 'employer', reason: 'replaced', revertedPositions: [{ article: '10', side: 'employer', revertsTo: 'd1' }], withdrawnOn: '2025-04-01' },
          },
        ]);
        expect(spec.given(given).when(cmd('WithdrawProposal', { proposalId: 'd3' })).events()[0]!.data).toMatchObject({ revertedPositions: [{ article: '21', side: 'employer', revertsTo: null }] });
        // d1 is no longer the employer's position on 10 (d2 is): only 15 reverts.
        expect(spec.given(given).when(cmd('WithdrawProposal', { proposalId: 'd1' })).events()[0]!.data).toMatchObject({ revertedPositions: [{ article: '15', side: 'employer', revertsTo: null }] });
      });

      it('refuses withdrawing an unknown proposal (404) or one already off the table', () => {
        const given = history(openCmd(), tableCmd('d1', 'employer', ['10']), cmd('WithdrawProposal', { proposalId: 'd1' }));
        spec.given(given).when(cmd('WithdrawProposal', { proposalId: 'zz' })).thenThrows(E.PROPOSAL_NOT_FOUND);
        spec.given(given).when(cmd('WithdrawProposal', { proposalId: 'd1' })).thenThrows(E.PROPOSAL_NOT_ON_TABLE);
      });

      it('records a conditional package rejected: the proposer’s positions revert', () => {
        const given = history(openCmd(), tableCmd('d1', 'employer', ['10']), tableCmd('d2', 'employer', ['15']), packageCmd('k1', 'employer', ['10', '15', '21']));
        spec.given(given).when(cmd('RejectPackage', { proposalId: 'k1', reason: 'not acceptable' }, '2025-05-08')).then([
          {
            type: 'PackageRejected',
            data: {
              negotiationId: NEGOTIATION_ID,
              proposalId: 'k1',
              rejectedBy: 'union',
              reason: 'not acceptable',
              revertedPositions: [
                { article: '10', side: 'employer', revertsTo: 'd1' },
                { article: '15', side: 'employer', revertsTo: 'd2' },
                { article: '21', side: 'employer', revertsTo: null },
              ],
              rejectedOn: '2025-05-08',
            },
          },
        ]);
      });

      it('records an unconditional package rejected: its positions stand', () => {
        const given = history(openCmd(), packageCmd('k1', 'employer', ['10', '15'], false));
        expect(spec.given(given).when(cmd('RejectPackage', { proposalId: 'k1' })).events()[0]!.data).toMatchObject({ revertedPositions: [] });
      });

      it('refuses rejecting what is not a package, an unknown proposal, or a package already rejected', () => {
        const given = history(openCmd(), tableCmd('d1', 'employer', ['10']), packageCmd('k1', 'employer', ['10', '15']), cmd('RejectPackage', { proposalId: 'k1' }));
        spec.given(given).when(cmd('RejectPackage', { proposalId: 'd1' })).thenThrows(E.NOT_A_PACKAGE);
        spec.given(given).when(cmd('RejectPackage', { proposalId: 'zz' })).thenThrows(E.PROPOSAL_NOT_FOUND);
        spec.given(given).when(cmd('RejectPackage', { proposalId: 'k1' })).thenThrows(E.PROPOSAL_NOT_ON_TABLE);
      });
    });

    describe('tentative agreements', () => {
      it('creates a TA with the first initial', () => {
        spec.given(opened).when(initialCmd('ta23', 'employer', '2025-04-02')).then([
          {
            type: 'TentativeAgreementInitialed',
            data: {
              negotiationId: NEGOTIATION_ID,
              taId: 'ta23',
              side: 'employer',
              signatory: 'Dana Ruiz, district spokesperson',
              articles: [{ article: '23', title: 'Article 23', text: 'agreed 23' }],
              completesAgreement: false,
              initialedOn: '2025-04-02',
            },
          },
        ]);
      });

      it('completes the TA with the other side’s initial, with or without repeating the text', () => {
        const given = history(openCmd(), initialCmd('ta23', 'employer', '2025-04-02'));
        expect(spec.given(given).when(initialCmd('ta23', 'union', '2025-04-04', null)).events()[0]!.data).toMatchObject({
          side: 'union',
          completesAgreement: true,
          articles: [{ article: '23', title: 'Article 23', text: 'agreed 23' }],
          initialedOn: '2025-04-04',
        });
        expect(spec.given(given).when(initialCmd('ta23', 'union', '2025-04-04')).events()[0]!.data).toMatchObject({ completesAgreement: true });
      });

      it('refuses a second initial by the same side, other text, a first initial with no articles, and signing a withdrawn TA', () => {
        const given = history(openCmd(), initialCmd('ta23', 'employer'));
        spec.given(given).when(initialCmd('ta23', 'employer', '2025-04-03')).thenThrows(E.TA_ALREADY_SIGNED_BY_SIDE);
        spec.given(history(openCmd(), initialCmd('ta23', 'employer'), initialCmd('ta23', 'union'))).when(initialCmd('ta23', 'union')).thenThrows(E.TA_ALREADY_SIGNED_BY_SIDE);
        spec.given(given).when(initialCmd('ta23', 'union', '2025-04-04', ['23', '24'])).thenThrows(E.TA_TEXT_MISMATCH);
        spec.given(opened).when(initialCmd('ta9', 'union', '2025-04-04', [])).thenThrows(E.NO_ARTICLES);
        spec.given(opened).when(initialCmd('ta9', 'union', '2025-04-04', null)).thenThrows(E.NO_ARTICLES);
        const withdrawn = history(openCmd(), initialCmd('ta23', 'employer'), cmd('WithdrawTentativeAgreement', { taId: 'ta23', withdrawnBy: 'employer' }));
        spec.given(withdrawn).when(initialCmd('ta23', 'union')).thenThrows(E.TA_WITHDRAWN);
      });

      it('records a TA withdrawn, and refuses an unknown (404) or already withdrawn one', () => {
        const given = history(openCmd(), initialCmd('ta23', 'employer'), initialCmd('ta23', 'union'));
        spec.given(given).when(cmd('WithdrawTentativeAgreement', { taId: 'ta23', withdrawnBy: 'union', reason: 'membership objects' }, '2025-05-01')).then([
          { type: 'TentativeAgreementWithdrawn', data: { negotiationId: NEGOTIATION_ID, taId: 'ta23', withdrawnBy: 'union', reason: 'membership objects', withdrawnOn: '2025-05-01' } },
        ]);
        spec.given(given).when(cmd('WithdrawTentativeAgreement', { taId: 'nope', withdrawnBy: 'union' })).thenThrows(E.TENTATIVE_AGREEMENT_NOT_FOUND);
        const again = history(openCmd(), initialCmd('ta23', 'employer'), cmd('WithdrawTentativeAgreement', { taId: 'ta23', withdrawnBy: 'employer' }));
        spec.given(again).when(cmd('WithdrawTentativeAgreement', { taId: 'ta23', withdrawnBy: 'employer' })).thenThrows(E.TA_WITHDRAWN);
      });
    });

    describe('impasse, at the table', () => {
      it('records an impasse declaration', () => {
        spec.given(opened).when(cmd('DeclareImpasse', { declaredBy: 'union', form: 'written', statement: 'Further talks futile' }, '2025-06-18')).then([
          { type: 'ImpasseDeclared', data: { negotiationId: NEGOTIATION_ID, declaredBy: 'union', form: 'written', statement: 'Further talks futile', declaredOn: '2025-06-18' } },
        ]);
        spec.given(opened).when(cmd('DeclareImpasse', { declaredBy: 'union', form: 'telepathic' as never })).thenThrows(E.INVALID_VALUE);
      });

      it('records an impasse declared jointly, and refuses a declarer that is neither side nor both', () => {
        spec.given(opened).when(cmd('DeclareImpasse', { declaredBy: 'joint', form: 'written' }, '2025-06-18')).then([
          { type: 'ImpasseDeclared', data: { negotiationId: NEGOTIATION_ID, declaredBy: 'joint', form: 'written', statement: null, declaredOn: '2025-06-18' } },
        ]);
        spec.given(opened).when(cmd('DeclareImpasse', { declaredBy: 'mediator' as never, form: 'written' })).thenThrows(E.INVALID_VALUE);
      });

      it('records a request to PERB for a determination, by a side or jointly, with or without a declaration first', () => {
        spec.given(opened).when(cmd('RequestPerbImpasseDetermination', { requestedBy: 'joint', caseNumber: 'SF-IM-3301-E' }, '2025-06-20')).then([
          { type: 'PerbImpasseDeterminationRequested', data: { negotiationId: NEGOTIATION_ID, requestedBy: 'joint', caseNumber: 'SF-IM-3301-E', statement: null, documents: [], requestedOn: '2025-06-20' } },
        ]);
        const declared = extend(opened, cmd('DeclareImpasse', { declaredBy: 'union', form: 'written' }, '2025-06-18'));
        spec.given(declared).when(cmd('RequestPerbImpasseDetermination', { requestedBy: 'union' }, '2025-06-20')).thenTypes(['PerbImpasseDeterminationRequested']);
        spec.given(opened).when(cmd('RequestPerbImpasseDetermination', { requestedBy: 'nobody' as never })).thenThrows(E.INVALID_VALUE);
      });

      it('records PERB’s determination without a declaration (who declared is not known), and the impasse then stands', () => {
        spec.given(opened).when(cmd('RecordPerbImpasseDetermination', { determination: 'impasse-exists', caseNumber: 'SF-IM-1' }, '2025-07-01')).then([
          { type: 'PerbImpasseDetermined', data: { negotiationId: NEGOTIATION_ID, determination: 'impasse-exists', caseNumber: 'SF-IM-1', determinedOn: '2025-07-01' } },
        ]);
        const { state } = record([openCmd(), cmd('RequestPerbImpasseDetermination', { requestedBy: 'employer' }, '2025-06-20'), cmd('RecordPerbImpasseDetermination', { determination: 'impasse-exists' }, '2025-07-01')]);
        expect(state.status === 'open' && state.impasse).toMatchObject({
          declaredBy: null,
          declaredOn: null,
          perbRequests: [{ requestedBy: 'employer', on: '2025-06-20' }],
          perbDetermination: { determination: 'impasse-exists', on: '2025-07-01' },
        });
        expect(negotiationStage(state)).toBe('impasse-declared');
        spec.given(history(openCmd(), cmd('RecordPerbImpasseDetermination', { determination: 'impasse-exists' }))).when(cmd('AppointMediator', { mediator: 'M. Chen' })).thenTypes(['MediatorAppointed']);
      });

      it.each([
        cmd('AppointMediator', { mediator: 'M. Chen' }),
        cmd('HoldMediationSession', {}),
        cmd('CertifyFactfinding', {}),
        cmd('FormFactfindingPanel', { chair: 'J. Ortiz' }),
        cmd('HoldFactfindingHearing', {}),
        cmd('IssueFactfindingReport', {}),
        cmd('MakeFactfindingReportPublic', {}),
      ].map((c) => [c.type, c] as const))('refuses %s with no impasse declared', (_type, command) => {
        spec.given(opened).when(command).thenThrows(E.NOT_AT_IMPASSE);
      });

      it('records a public hearing on the impasse and an imposed offer (flagged, not refused, without impasse)', () => {
        spec.given(opened).when(cmd('HoldImpasseHearing', { governingBody: 'City Council' }, '2025-09-01')).then([
          { type: 'ImpasseHearingHeld', data: { negotiationId: NEGOTIATION_ID, governingBody: 'City Council', summary: null, heldOn: '2025-09-01' } },
        ]);
        spec.given(opened).when(cmd('ImposeLastBestFinalOffer', { governingBody: 'City Council', resolutionNumber: '2025-77', articles: ['24'], summary: '1% increase' }, '2025-09-15')).then([
          {
            type: 'LastBestFinalOfferImposed',
            data: { negotiationId: NEGOTIATION_ID, governingBody: 'City Council', resolutionNumber: '2025-77', articles: ['24'], summary: '1% increase', documents: [], imposedOn: '2025-09-15' },
          },
        ]);
      });
    });

    describe('settlement', () => {
      const withTa = history(openCmd(), initialCmd('ta23', 'employer'), initialCmd('ta23', 'union', '2025-04-04'));
      const settle = (taIds: string[]) => cmd('ReachSettlement', { taIds, term: { start: '2025-07-01', end: '2028-06-30' }, summary: 'Three-year successor agreement', costs: [{ fiscalYear: '2025-26', amount: '3400000' }] }, '2025-12-10');
      const settled = extend(withTa, settle(['ta23']));

      it('records a settlement citing its TAs', () => {
        spec.given(withTa).when(settle(['ta23', 'ta23'])).then([
          {
            type: 'SettlementReached',
            data: {
              negotiationId: NEGOTIATION_ID,
              taIds: ['ta23'],
              term: { start: '2025-07-01', end: '2028-06-30' },
              summary: 'Three-year successor agreement',
              costs: [{ fiscalYear: '2025-26', amount: '3400000', description: null }],
              reachedOn: '2025-12-10',
            },
          },
        ]);
      });

      it('refuses a settlement citing an unknown TA (404), a withdrawn TA, or none', () => {
        spec.given(withTa).when(settle(['ta23', 'ta99'])).thenThrows(E.TENTATIVE_AGREEMENT_NOT_FOUND);
        spec.given(withTa).when(settle([])).thenThrows(E.SETTLEMENT_WITHOUT_TA);
        const withdrawn = extend(withTa, cmd('WithdrawTentativeAgreement', { taId: 'ta23', withdrawnBy: 'employer' }));
        spec.given(withdrawn).when(settle(['ta23'])).thenThrows(E.TA_WITHDRAWN);
      });

      it.each([
        cmd('DiscloseSettlementCosts', { summary: 'costs' }),
        cmd('HoldRatificationVote', { yes: 1, no: 0 }),
        cmd('ApproveByGoverningBody', { governingBody: 'Board', resolutionNumber: 'R-1' }),
        cmd('ExecuteAgreement', { signatories: { employer: ['A'], union: ['B'] } }),
      ].map((c) => [c.type, c] as const))('refuses %s with no settlement', (_type, command) => {
        spec.given(withTa).when(command).thenThrows(E.SETTLEMENT_NOT_REACHED);
      });

      it('records the cost disclosure, ratification, approval and execution', () => {
        const given = history(openCmd(), initialCmd('ta23', 'employer'), initialCmd('ta23', 'union', '2025-04-04'), settle(['ta23']));
        spec.given(given).when(cmd('DiscloseSettlementCosts', {
          meeting: 'Regular meeting',
          summary: 'Major provisions and costs',
          costs: [{ fiscalYear: '2025-26', amount: '3400000' }, { fiscalYear: '2026-27', amount: '3550000', description: 'step and column' }],
          certifiedBy: { superintendent: 'Dr. A. Vale', chiefBusinessOfficial: 'R. Kim' },
          documents: [{ name: 'AB1200 disclosure.pdf', sha256: sha('c') }],
        }, '2026-01-07')).then([
          {
            type: 'SettlementCostsDisclosed',
            data: {
              negotiationId: NEGOTIATION_ID,
              meeting: 'Regular meeting',
              summary: 'Major provisions and costs',
              costs: [{ fiscalYear: '2025-26', amount: '3400000', description: null }, { fiscalYear: '2026-27', amount: '3550000', description: 'step and column' }],
              certifiedBy: { superintendent: 'Dr. A. Vale', chiefBusinessOfficial: 'R. Kim' },
              documents: [{ name: 'AB1200 disclosure.pdf', sha256: sha('c') }],
              disclosedOn: '2026-01-07',
            },
          },
        ]);
        spec.given(given).when(cmd('HoldRatificationVote', { yes: 812, no: 143 }, '2025-12-15')).then([
          { type: 'RatificationVoteHeld', data: { negotiationId: NEGOTIATION_ID, yes: 812, no: 143, ratified: true, heldOn: '2025-12-15' } },
        ]);
        expect(spec.given(given).when(cmd('HoldRatificationVote', { yes: 10, no: 10 })).events()[0]!.data).toMatchObject({ ratified: false });
        spec.given(given).when(cmd('ApproveByGoverningBody', { governingBody: 'Board of Education', resolutionNumber: '25-26/14' }, '2026-01-14')).then([
          { type: 'GoverningBodyApproved', data: { negotiationId: NEGOTIATION_ID, governingBody: 'Board of Education', resolutionNumber: '25-26/14', meeting: null, vote: null, approvedOn: '2026-01-14' } },
        ]);
        spec.given(given).when(cmd('ExecuteAgreement', { signatories: { employer: ['Supt.'], union: ['President'] } }, '2026-01-20')).then([
          {
            type: 'AgreementExecuted',
            data: { negotiationId: NEGOTIATION_ID, term: { start: '2025-07-01', end: '2028-06-30' }, signatories: { employer: ['Supt.'], union: ['President'] }, documents: [], executedOn: '2026-01-20' },
          },
        ]);
      });

      it('records a ratification known only as ratified (no counts published), and counts without the outcome', () => {
        const given = history(openCmd(), initialCmd('ta23', 'employer'), settle(['ta23']));
        spec.given(given).when(cmd('HoldRatificationVote', { ratified: true }, '2025-12-15')).then([
          { type: 'RatificationVoteHeld', data: { negotiationId: NEGOTIATION_ID, yes: null, no: null, ratified: true, heldOn: '2025-12-15' } },
        ]);
        expect(spec.given(given).when(cmd('HoldRatificationVote', { yes: 812, no: 143, ratified: true })).events()[0]!.data).toMatchObject({ yes: 812, no: 143, ratified: true });
        // Without counts, the outcome must be said; counts that contradict it are inconsistent.
        spec.given(given).when(cmd('HoldRatificationVote', {})).thenThrows(E.INVALID_VALUE);
        spec.given(given).when(cmd('HoldRatificationVote', { yes: 5, no: 9, ratified: true })).thenThrows(E.INVALID_VALUE);
        const ratified = extend(given, cmd('HoldRatificationVote', { ratified: true }, '2025-12-15'));
        expect(tableSummary(record([], { state: ratified.reduce(negotiationDecider.evolve, negotiationDecider.initialState()), events: [], warnings: [] }).state).settlementSteps.done).toContain('ratified');
      });

      it('records a governing-body vote with its counts (ayes, noes, abstentions, absent), all optional', () => {
        const given = history(openCmd(), initialCmd('ta23', 'employer'), settle(['ta23']));
        spec.given(given).when(cmd('ApproveByGoverningBody', { governingBody: 'City Council', resolutionNumber: '2026-14', vote: { ayes: 4, noes: 1, abstentions: 0, absent: 2 } }, '2026-01-14')).then([
          {
            type: 'GoverningBodyApproved',
            data: { negotiationId: NEGOTIATION_ID, governingBody: 'City Council', resolutionNumber: '2026-14', meeting: null, vote: { ayes: 4, noes: 1, abstentions: 0, absent: 2 }, approvedOn: '2026-01-14' },
          },
        ]);
        expect(spec.given(given).when(cmd('ApproveByGoverningBody', { governingBody: 'Board', vote: { ayes: 5, noes: 0 } })).events()[0]!.data).toMatchObject({ resolutionNumber: null, vote: { ayes: 5, noes: 0, abstentions: null, absent: null } });
        spec.given(given).when(cmd('ApproveByGoverningBody', { governingBody: 'Board', resolutionNumber: 'R', vote: { ayes: -1, noes: 0 } })).thenThrows(E.INVALID_VOTE_COUNT);
      });

      it('refuses vote counts that are negative or not whole numbers', () => {
        const given = history(openCmd(), initialCmd('ta23', 'employer'), settle(['ta23']));
        spec.given(given).when(cmd('HoldRatificationVote', { yes: -1, no: 0 })).thenThrows(E.INVALID_VOTE_COUNT);
        spec.given(given).when(cmd('HoldRatificationVote', { yes: 1, no: 2.5 })).thenThrows(E.INVALID_VOTE_COUNT);
        spec.given(given).when(cmd('HoldRatificationVote', { yes: '5' as never, no: 2 })).thenThrows(E.INVALID_VOTE_COUNT);
      });

      it('concludes as settled only after a settlement, as imposed only after an imposition; withdrawn always', () => {
        spec.given(withTa).when(cmd('ConcludeNegotiation', { outcome: 'settled' })).thenThrows(E.CONCLUSION_INCONSISTENT);
        spec.given(withTa).when(cmd('ConcludeNegotiation', { outcome: 'imposed' })).thenThrows(E.CONCLUSION_INCONSISTENT);
        spec.given(settled).when(cmd('ConcludeNegotiation', { outcome: 'settled', summary: 'done' }, '2026-01-21')).then([
          { type: 'NegotiationConcluded', data: { negotiationId: NEGOTIATION_ID, outcome: 'settled', summary: 'done', concludedOn: '2026-01-21' } },
        ]);
        const imposed = history(openCmd(), cmd('ImposeLastBestFinalOffer', { governingBody: 'Council', summary: 'LBFO' }));
        spec.given(imposed).when(cmd('ConcludeNegotiation', { outcome: 'imposed' })).thenTypes(['NegotiationConcluded']);
        spec.given(opened).when(cmd('ConcludeNegotiation', { outcome: 'withdrawn' })).thenTypes(['NegotiationConcluded']);
      });
    });

    describe('side letters, MOUs, confidential notes, corrections', () => {
      it('records a side letter and an MOU', () => {
        const data = { title: 'Class size pilot', articles: ['12'], text: 'The parties agree…', precedential: false, expiresOn: '2026-06-30', signatories: { employer: ['Dana Ruiz'], union: ['Lee Park'] } };
        const expected = { negotiationId: NEGOTIATION_ID, ...data, documents: [], executedOn: '2025-08-01' };
        spec.given(opened).when(cmd('ExecuteSideLetter', data, '2025-08-01')).then([{ type: 'SideLetterExecuted', data: expected }]);
        spec.given(opened).when(cmd('ExecuteMemorandumOfUnderstanding', data, '2025-08-01')).then([{ type: 'MemorandumOfUnderstandingExecuted', data: expected }]);
        spec.given(opened).when(cmd('ExecuteSideLetter', { ...data, expiresOn: 'June' })).thenThrows(E.INVALID_DATE);
        spec.given(opened).when(cmd('ExecuteSideLetter', { ...data, precedential: 'no' as never })).thenThrows(E.INVALID_VALUE);
      });

      it('records a confidential note, referring to a recorded session if any', () => {
        const given = history(openCmd(), cmd('HoldSession', { sessionId: 's1', number: 1, place: 'Room 4', attendees: { employer: [], union: [] } }));
        spec.given(given).when(cmd('RecordConfidentialNote', { kind: 'legal-advice', title: 'Counsel on LBFO', body: 'Advice…', author: 'General counsel', sessionId: 's1' }, '2025-03-20')).then([
          {
            type: 'ConfidentialNoteRecorded',
            data: { negotiationId: NEGOTIATION_ID, kind: 'legal-advice', title: 'Counsel on LBFO', body: 'Advice…', author: 'General counsel', sessionId: 's1', documents: [], notedOn: '2025-03-20' },
          },
        ]);
        spec.given(given).when(cmd('RecordConfidentialNote', { kind: 'strategy', title: 't', body: 'b', sessionId: 's9' })).thenThrows(E.SESSION_NOT_FOUND);
        spec.given(given).when(cmd('RecordConfidentialNote', { kind: 'gossip' as never, title: 't', body: 'b' })).thenThrows(E.INVALID_VALUE);
      });

      it('records a correction naming the corrected event, and refuses what is not a correctable fact or changes nothing', () => {
        const correction = (over: object = {}) =>
          cmd('RecordCorrection', { correctedEventId: '0b6f9a52-6c1e-4a55-9d55-1b1f0f7c9a11', correctedEventType: 'ProposalTabled', reason: 'date mis-keyed', correctedFields: { occurredAt: { at: '2025-03-26', precision: 'day' } }, ...over }, '2025-03-28');
        spec.given(opened).when(correction()).then([
          {
            type: 'CorrectionRecorded',
            data: {
              negotiationId: NEGOTIATION_ID,
              correctedEventId: '0b6f9a52-6c1e-4a55-9d55-1b1f0f7c9a11',
              correctedEventType: 'ProposalTabled',
              reason: 'date mis-keyed',
              correctedFields: { occurredAt: { at: '2025-03-26', precision: 'day' } },
              correctedEventClassification: null,
              correctedOn: '2025-03-28',
            },
          },
        ]);
        const confidential = { level: 'confidential', basis: 'bargaining strategy' } as const;
        expect(spec.given(opened).when(correction({ correctedEventType: 'ConfidentialNoteRecorded', correctedEventClassification: confidential })).events()[0]!.data)
          .toMatchObject({ correctedEventClassification: confidential });
        spec.given(opened).when(correction({ correctedEventClassification: { level: 'secret', basis: 'x' } })).thenThrows(E.INVALID_VALUE);
        spec.given(opened).when(correction({ correctedEventClassification: { level: 'internal', basis: '' } })).thenThrows(E.REQUIRED_TEXT_MISSING);
        spec.given(opened).when(correction({ correctedEventType: 'CorrectionRecorded' })).thenThrows(E.EVENT_NOT_CORRECTABLE);
        spec.given(opened).when(correction({ correctedEventType: 'UnitRegistered' })).thenThrows(E.EVENT_NOT_CORRECTABLE);
        spec.given(opened).when(correction({ correctedFields: {} })).thenThrows(E.CORRECTION_CHANGES_NOTHING);
        spec.given(opened).when(correction({ correctedFields: ['x'] })).thenThrows(E.INVALID_VALUE);
        spec.given(opened).when(correction({ reason: '' })).thenThrows(E.REQUIRED_TEXT_MISSING);
      });
    });
  });

  describe('at impasse', () => {
    const atImpasse = history(openCmd(), cmd('DeclareImpasse', { declaredBy: 'union', form: 'written' }, '2025-06-18'));

    it('records each impasse procedure step', () => {
      const steps: [NegotiationCommand, string, object][] = [
        [cmd('RecordPerbImpasseDetermination', { determination: 'impasse-exists', caseNumber: 'SF-IM-3301-E' }, '2025-07-01'), 'PerbImpasseDetermined', { determination: 'impasse-exists', caseNumber: 'SF-IM-3301-E', determinedOn: '2025-07-01' }],
        [cmd('AppointMediator', { mediator: 'M. Chen', appointedBy: 'PERB' }, '2025-07-03'), 'MediatorAppointed', { mediator: 'M. Chen', appointedBy: 'PERB', appointedOn: '2025-07-03' }],
        [cmd('HoldMediationSession', { mediator: 'M. Chen', place: 'PERB Oakland' }, '2025-07-20'), 'MediationSessionHeld', { mediator: 'M. Chen', place: 'PERB Oakland', summary: null, heldOn: '2025-07-20' }],
        [cmd('CertifyFactfinding', { caseNumber: 'SF-IM-3301-E' }, '2025-08-15'), 'FactfindingCertified', { caseNumber: 'SF-IM-3301-E', certifiedOn: '2025-08-15' }],
        [cmd('FormFactfindingPanel', { chair: 'J. Ortiz', employerMember: 'E', unionMember: 'U' }, '2025-08-30'), 'FactfindingPanelFormed', { chair: 'J. Ortiz', employerMember: 'E', unionMember: 'U', formedOn: '2025-08-30' }],
        [cmd('HoldFactfindingHearing', { place: 'District office' }, '2025-10-01'), 'FactfindingHearingHeld', { place: 'District office', summary: null, heldOn: '2025-10-01' }],
        [cmd('IssueFactfindingReport', { documents: [{ name: 'report.pdf', sha256: sha('d') }] }, '2025-11-03'), 'FactfindingReportIssued', { summary: null, documents: [{ name: 'report.pdf', sha256: sha('d') }], issuedOn: '2025-11-03' }],
      ];
      for (const [command, type, data] of steps) {
        spec.given(atImpasse).when(command).then([{ type, data: { negotiationId: NEGOTIATION_ID, ...data } } as never]);
      }
    });

    it('publishes an issued factfinding report, and refuses publishing one never issued', () => {
      spec.given(atImpasse).when(cmd('MakeFactfindingReportPublic', {})).thenThrows(E.FACTFINDING_REPORT_NOT_ISSUED);
      const issued = extend(atImpasse, cmd('IssueFactfindingReport', {}, '2025-11-03'));
      spec.given(issued).when(cmd('MakeFactfindingReportPublic', { how: 'board agenda packet' }, '2025-11-15')).then([
        { type: 'FactfindingReportMadePublic', data: { negotiationId: NEGOTIATION_ID, how: 'board agenda packet', documents: [], madePublicOn: '2025-11-15' } },
      ]);
    });

    it('returns to the table when PERB finds no impasse', () => {
      const back = history(openCmd(), cmd('DeclareImpasse', { declaredBy: 'employer', form: 'oral' }), cmd('RecordPerbImpasseDetermination', { determination: 'no-impasse' }));
      spec.given(back).when(cmd('AppointMediator', { mediator: 'M. Chen' })).thenThrows(E.NOT_AT_IMPASSE);
      spec.given(back).when(cmd('DeclareImpasse', { declaredBy: 'union', form: 'written' })).thenTypes(['ImpasseDeclared']);
    });

    it('keeps the table open: proposals, TAs and settlement still recorded', () => {
      spec.given(atImpasse).when(tableCmd('d9', 'employer', ['24'])).thenTypes(['ProposalTabled']);
      spec.given(atImpasse).when(initialCmd('ta1', 'union')).thenTypes(['TentativeAgreementInitialed']);
      const withTa = extend(atImpasse, initialCmd('ta1', 'union'));
      spec.given(withTa).when(cmd('ReachSettlement', { taIds: ['ta1'], term: { start: '2025-07-01', end: '2026-06-30' }, summary: 'mediated settlement' })).thenTypes(['SettlementReached']);
    });
  });

  describe('concluded', () => {
    const concluded = history(openCmd(), tableCmd('p1', 'union', ['24']), initialCmd('ta1', 'employer'), cmd('ConcludeNegotiation', { outcome: 'withdrawn' }, '2025-05-01'));

    it.each(everyOtherCommand.filter((c) => c.type !== 'RecordCorrection').map((c) => [c.type, c] as const))('refuses %s', (_type, command) => {
      spec.given(concluded).when(command).thenThrows(E.NEGOTIATION_CONCLUDED);
    });

    it('refuses opening again', () => {
      spec.given(concluded).when(openCmd()).thenThrows(E.NEGOTIATION_ALREADY_OPENED);
    });

    it('still records a correction', () => {
      spec.given(concluded).when(cmd('RecordCorrection', { correctedEventId: 'e1', correctedEventType: 'NegotiationConcluded', reason: 'wrong outcome keyed', correctedFields: { outcome: 'settled' } })).thenTypes(['CorrectionRecorded']);
    });
  });
});
