import { type NegotiationCommand, type NegotiationEvent, currentPosition, negotiationDecider, tableSummary } from '#bargaining';
import { type Recorded, article, cmd, metadata, openCmd, record, sha } from './fixtures.js';

/*
 * DOMAIN.md's synthetic scenario, at the decider level: Bayview Unified School District and the
 * Bayview Teachers Association (EERA), from opening to the concluded successor agreement.
 */

const district = 'employer' as const;
const union = 'union' as const;

const propose = (proposalId: string, side: 'employer' | 'union', articles: string[], at: string, respondsTo?: string): NegotiationCommand =>
  respondsTo
    ? cmd('TableCounterproposal', { proposalId, side, number: proposalId.toUpperCase(), respondsTo, articles: articles.map((a) => article(a, `${proposalId} on ${a}`)) }, at)
    : cmd('TableProposal', { proposalId, side, number: proposalId.toUpperCase(), articles: articles.map((a) => article(a, `${proposalId} on ${a}`)) }, at);

const session = (number: number, at: string, articlesDiscussed: string[] = ['10', '15', '21', '24']) =>
  cmd('HoldSession', { sessionId: `session_${number}`, number, place: 'District office, Board Room B', attendees: { employer: ['Dana Ruiz', 'R. Kim'], union: ['Lee Park', 'Sam Ode'] }, articlesDiscussed }, at);

const initial = (taId: string, side: 'employer' | 'union', at: string, articles?: string[]) =>
  cmd('InitialTentativeAgreement', {
    taId,
    side,
    signatory: side === district ? 'Dana Ruiz' : 'Lee Park',
    ...(articles ? { articles: articles.map((a) => ({ article: a, title: `Article ${a}`, text: `Agreed language of Article ${a}` })) } : {}),
  }, at);

describe('the Bayview scenario (DOMAIN.md), decided and folded', () => {
  let recorded: Recorded;
  const warningsByStep: { step: string; codes: string[] }[] = [];
  const step = (label: string, ...commands: NegotiationCommand[]) => {
    const before = recorded.warnings.length;
    recorded = record(commands, recorded);
    const codes = recorded.warnings.slice(before).flat().map((w) => w.code);
    if (codes.length > 0) warningsByStep.push({ step: label, codes });
    return codes;
  };

  beforeAll(() => {
    recorded = record([]);
    step('open', openCmd('EERA', { kind: 'successor' }), cmd('AgreeGroundRules', { taRule: 'reopenable-until-global', terms: 'Wednesdays 4–7 pm; caucus on request' }, '2025-01-29'));
  });

  it('records the session held before the district adopted its initial proposal (a statutory flag, #compliance)', () => {
    step('sunshine',
      cmd('SunshineInitialProposal', { side: union, boardMeeting: 'Regular board meeting 2025-02-12', articles: ['10', '15', '21', '24'], documents: [{ name: 'BTA initial proposal.pdf', sha256: sha('1') }] }, '2025-02-12'),
      cmd('SunshineInitialProposal', { side: district, boardMeeting: 'Regular board meeting 2025-02-12', articles: ['10', '15', '21', '23', '24'] }, '2025-02-12'),
      cmd('HearPublicComment', { boardMeeting: 'Regular board meeting 2025-02-26', summary: 'Four speakers' }, '2025-02-26'),
    );
    expect(step('session 1', session(1, '2025-03-05'))).toEqual([]);
    expect(step('adoption', cmd('AdoptEmployerProposal', { boardMeeting: 'Regular board meeting 2025-03-12', resolutionNumber: '24-25/41' }, '2025-03-12'))).toEqual([]);
    expect(step('session 2', session(2, '2025-03-19'))).toEqual([]);
    expect(tableSummary(recorded.state).sessions).toEqual({ held: 2, cancelled: 0 });
  });

  it('builds proposal chains on Articles 10, 15, 21 and 24 over sessions 3–12', () => {
    step('chains',
      propose('u1', union, ['10', '15', '21', '24'], '2025-03-19'),
      propose('d1', district, ['10', '15', '21', '24'], '2025-03-26', 'u1'),
      session(3, '2025-03-26'),
      propose('u2', union, ['10', '24'], '2025-04-02', 'd1'),
      session(4, '2025-04-02', ['10', '23', '24']),
    );
    expect(currentPosition(recorded.state, '10', union)).toBe('u2');
    expect(currentPosition(recorded.state, '15', union)).toBe('u1');
    expect(currentPosition(recorded.state, '10', district)).toBe('d1');
  });

  it('completes the Article 23 TA: initialed by the district on 2025-04-02 and by the union on 2025-04-04', () => {
    step('TA 23 district', initial('ta_art23', district, '2025-04-02', ['23']));
    expect(tableSummary(recorded.state).tentativeAgreements).toEqual({ complete: [], awaitingSignature: [{ taId: 'ta_art23', signedBy: 'employer', awaiting: 'union' }], withdrawn: [] });
    const before = recorded.events.length;
    step('TA 23 union', initial('ta_art23', union, '2025-04-04'));
    expect(recorded.events.slice(before)).toEqual([
      {
        type: 'TentativeAgreementInitialed',
        data: {
          negotiationId: 'bayview_2025',
          taId: 'ta_art23',
          side: 'union',
          signatory: 'Lee Park',
          articles: [{ article: '23', title: 'Article 23', text: 'Agreed language of Article 23' }],
          completesAgreement: true,
          initialedOn: '2025-04-04',
        },
      },
    ]);
    expect(tableSummary(recorded.state).tentativeAgreements.complete).toEqual(['ta_art23']);
    expect(tableSummary(recorded.state).agreedArticles).toEqual(['23']);
  });

  it('reverts the district to its prior positions when its conditional package on 10/15/21 is rejected', () => {
    step('sessions 5–8', session(5, '2025-04-09'), session(6, '2025-04-16'), session(7, '2025-04-23'), session(8, '2025-04-30'));
    step('package', cmd('TablePackage', { proposalId: 'd_pkg1', side: district, number: 'D-PKG-1', articles: ['10', '15', '21'].map((a) => article(a, `package language ${a}`)), conditional: true }, '2025-05-07'), session(9, '2025-05-07'));
    expect(['10', '15', '21'].map((a) => currentPosition(recorded.state, a, district))).toEqual(['d_pkg1', 'd_pkg1', 'd_pkg1']);
    const before = recorded.events.length;
    step('package rejected', cmd('RejectPackage', { proposalId: 'd_pkg1', reason: 'Does not address class size' }, '2025-05-14'), session(10, '2025-05-14'));
    expect(recorded.events[before]).toMatchObject({
      type: 'PackageRejected',
      data: {
        rejectedBy: 'union',
        revertedPositions: [
          { article: '10', side: 'employer', revertsTo: 'd1' },
          { article: '15', side: 'employer', revertsTo: 'd1' },
          { article: '21', side: 'employer', revertsTo: 'd1' },
        ],
      },
    });
    expect(['10', '15', '21', '24'].map((a) => currentPosition(recorded.state, a, district))).toEqual(['d1', 'd1', 'd1', 'd1']);
    step('sessions 11–12', session(11, '2025-05-21'), session(12, '2025-06-04'));
    expect(tableSummary(recorded.state).openArticles).toEqual(['10', '15', '21', '24']);
  });

  it('records a session note entered three weeks late, and a mis-keyed proposal date corrected', () => {
    const late = { ...cmd('RecordConfidentialNote', { kind: 'strategy', title: 'Session 12 caucus notes', body: 'Hold on Article 24 until costing returns', sessionId: 'session_12' }, '2025-06-04'), metadata: { ...metadata('2025-06-04'), now: '2025-06-25T17:00:00Z' } };
    expect(step('late note', late)).toEqual([]);
    expect(recorded.events.at(-1)).toMatchObject({ type: 'ConfidentialNoteRecorded', data: { notedOn: '2025-06-04', sessionId: 'session_12' } });
    expect(negotiationDecider.classify!(recorded.events.at(-1)!, recorded.state)).toEqual({ level: 'confidential', basis: 'bargaining strategy' });
    step('correction', cmd('RecordCorrection', { correctedEventId: '6a0d2c1e-0000-4000-8000-000000000d01', correctedEventType: 'CounterproposalTabled', reason: 'Tabled on 2025-03-26, keyed as 2025-03-25', correctedFields: { occurredAt: { at: '2025-03-26', precision: 'day' } } }, '2025-06-10'));
    expect(recorded.state.status === 'open' && recorded.state.corrections).toEqual([
      { correctedEventId: '6a0d2c1e-0000-4000-8000-000000000d01', correctedEventType: 'CounterproposalTabled', reason: 'Tabled on 2025-03-26, keyed as 2025-03-25', correctedOn: '2025-06-10' },
    ]);
  });

  it('goes through impasse, mediation and factfinding, flagging the report made public after 12 days', () => {
    step('impasse',
      cmd('DeclareImpasse', { declaredBy: union, form: 'written' }, '2025-06-18'),
      cmd('RecordPerbImpasseDetermination', { determination: 'impasse-exists', caseNumber: 'SF-IM-0001-E' }, '2025-06-30'),
      cmd('AppointMediator', { mediator: 'State mediator', appointedBy: 'PERB' }, '2025-07-02'),
      cmd('HoldMediationSession', { place: 'District office' }, '2025-08-12'),
      cmd('CertifyFactfinding', {}, '2025-09-05'),
      cmd('FormFactfindingPanel', { chair: 'Neutral chair', employerMember: 'District member', unionMember: 'BTA member' }, '2025-09-20'),
      cmd('HoldFactfindingHearing', {}, '2025-10-14'),
      cmd('IssueFactfindingReport', { documents: [{ name: 'Factfinding report.pdf', sha256: sha('f') }] }, '2025-11-03'),
    );
    expect(tableSummary(recorded.state).stage).toBe('factfinding-report-issued');
    expect(step('report public', cmd('MakeFactfindingReportPublic', { how: 'Posted with the board agenda' }, '2025-11-15'))).toEqual([]);
  });

  it('settles: TA on all articles, ratification 812–143, cost disclosure, board approval, execution, conclusion', () => {
    const all = ['10', '15', '21', '24'];
    step('global TA', initial('ta_global', district, '2025-12-10', all), initial('ta_global', union, '2025-12-10'));
    step('settlement', cmd('ReachSettlement', { taIds: ['ta_art23', 'ta_global'], term: { start: '2025-07-01', end: '2028-06-30' }, summary: 'Three-year successor agreement', costs: [{ fiscalYear: '2025-26', amount: '3400000.00' }] }, '2025-12-10'));
    step('ratification', cmd('HoldRatificationVote', { yes: 812, no: 143 }, '2025-12-15'));
    step('disclosure', cmd('DiscloseSettlementCosts', { meeting: 'Regular board meeting 2026-01-07', summary: 'AB 1200 public disclosure', costs: [{ fiscalYear: '2025-26', amount: '3400000.00' }, { fiscalYear: '2026-27', amount: '3550000.00' }], certifiedBy: { superintendent: 'Superintendent', chiefBusinessOfficial: 'CBO' } }, '2026-01-07'));
    step('approval', cmd('ApproveByGoverningBody', { governingBody: 'Bayview USD Board of Education', resolutionNumber: '25-26/22' }, '2026-01-14'));
    step('execution', cmd('ExecuteAgreement', { signatories: { employer: ['Superintendent'], union: ['BTA President'] }, documents: [{ name: 'Agreement 2025-2028.pdf', sha256: sha('e') }] }, '2026-01-20'));
    expect(tableSummary(recorded.state)).toMatchObject({
      stage: 'agreement-executed',
      openArticles: [],
      agreedArticles: ['10', '15', '21', '23', '24'],
      settlementSteps: { done: ['settlement-reached', 'costs-disclosed', 'ratified', 'governing-body-approved', 'agreement-executed'], pending: [] },
    });
    step('conclusion', cmd('ConcludeNegotiation', { outcome: 'settled' }, '2026-01-20'));
    // Days at the table stop at the settlement (2025-12-10), not at the conclusion.
    expect(tableSummary(recorded.state, '2026-02-01')).toMatchObject({ status: 'concluded', outcome: 'settled', daysAtTable: 329 });
  });

  it("refused nothing and found nothing odd on the negotiation's own terms (its two statutory breaches are #compliance flags)", () => {
    expect(warningsByStep).toEqual([]);
    const types = recorded.events.map((e: NegotiationEvent) => e.type);
    expect(types[0]).toBe('NegotiationOpened');
    expect(types.at(-1)).toBe('NegotiationConcluded');
    expect(types.filter((t) => t === 'SessionHeld')).toHaveLength(12);
  });

  it('refuses any further write but a correction once concluded', () => {
    expect(() => negotiationDecider.decide(session(13, '2026-01-21'), recorded.state)).toThrow(expect.objectContaining({ code: 'NEGOTIATION_CONCLUDED' }));
  });
});
