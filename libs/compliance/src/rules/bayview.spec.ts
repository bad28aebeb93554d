import type { NegotiationCommand } from '#bargaining';
import { adopt, bayviewRequestCommands, comment, initial, n, negotiationFacts, open, recordNegotiation, recordRequest, requestFacts, session, sunshine, table } from '../../test/fixtures.js';
import { evaluateCompliance } from './evaluate.js';
import { EERA_V1 } from './rule-sets.js';

/*
 * DOMAIN.md's Bayview scenario at rule level (EERA): the session of 2025-03-05 held before the
 * district adopted its proposal (2025-03-12), the factfinding report made public 12 days after it
 * issued, the information request of 2025-04-10 overdue and objected to late, and the costs disclosed
 * a week before the board approved the agreement (no flag: 7 days ≥ the 3-day minimum lead).
 */

const district = 'employer' as const;
const union = 'union' as const;

const bayview: NegotiationCommand[] = [
  open('EERA', '2025-01-15'),
  n('AgreeGroundRules', { taRule: 'reopenable-until-global', terms: 'Wednesdays 4–7 pm' }, '2025-01-29'),
  sunshine(union, ['10', '15', '21', '24'], '2025-02-12'),
  sunshine(district, ['10', '15', '21', '23', '24'], '2025-02-12'),
  comment('2025-02-26'),
  session(1, '2025-03-05'),
  adopt('2025-03-12'),
  session(2, '2025-03-19'),
  table('u1', union, ['10', '15', '21', '24'], '2025-03-19'),
  table('d1', district, ['10', '15', '21', '24'], '2025-03-26'),
  initial('ta_art23', district, '2025-04-02', ['23']),
  initial('ta_art23', union, '2025-04-04'),
  n('DeclareImpasse', { declaredBy: union, form: 'written' }, '2025-06-18'),
  n('AppointMediator', { mediator: 'PERB mediator' }, '2025-07-02'),
  n('HoldMediationSession', {}, '2025-08-06'),
  n('CertifyFactfinding', { caseNumber: 'SF-IM-3301-E' }, '2025-09-03'),
  n('FormFactfindingPanel', { chair: 'A. Neutral' }, '2025-09-17'),
  n('HoldFactfindingHearing', {}, '2025-10-08'),
  n('IssueFactfindingReport', { summary: null }, '2025-11-03'),
  n('MakeFactfindingReportPublic', { how: 'Posted on the district website' }, '2025-11-15'),
  initial('ta_all', district, '2025-12-10', ['10', '15', '21', '24']),
  initial('ta_all', union, '2025-12-10'),
  n('ReachSettlement', { taIds: ['ta_art23', 'ta_all'], term: { start: '2025-07-01', end: '2028-06-30' }, summary: 'Three-year successor agreement' }, '2025-12-10'),
  n('HoldRatificationVote', { yes: 812, no: 143 }, '2025-12-15'),
  n('DiscloseSettlementCosts', {
    meeting: 'Regular board meeting 2026-01-07',
    summary: 'Public disclosure of the collective bargaining agreement',
    costs: [{ fiscalYear: '2025-26', amount: '2400000' }],
    certifiedBy: { superintendent: 'Dr. M. Chen', chiefBusinessOfficial: 'P. Okafor' },
  }, '2026-01-07'),
  n('ApproveByGoverningBody', { governingBody: 'Board of Education', resolutionNumber: '25-26/19', meeting: 'Regular board meeting 2026-01-14' }, '2026-01-14'),
];

describe('the Bayview scenario (DOMAIN.md) under eera.v1', () => {
  const negotiation = negotiationFacts(recordNegotiation(bayview));
  const request = requestFacts(recordRequest(bayviewRequestCommands()));
  const flagsAsOf = (asOf: string) => evaluateCompliance(EERA_V1, { unitId: negotiation.unitId, negotiation, requests: [request] }, asOf).flags;
  const ruleIds = (asOf: string) => flagsAsOf(asOf).map((f) => f.ruleId);
  const only = (asOf: string, ruleId: string) => flagsAsOf(asOf).filter((f) => f.ruleId === ruleId);

  it('raises nothing before the first session', () => {
    expect(flagsAsOf('2025-03-04')).toEqual([]);
  });

  it('flags session 1 on 2025-03-05, held before the district adopted its proposal on 2025-03-12', () => {
    const [flag, ...more] = only('2025-03-05', 'eera.session-before-sunshine');
    expect(more).toEqual([]);
    expect(flag).toMatchObject({
      ruleSet: 'eera.v1',
      statute: 'EERA',
      citation: 'Gov. Code 3547(a)-(c)',
      severity: 'high',
      raisedOn: '2025-03-05',
      negotiationId: 'bayview_2025',
      details: { sessionNumber: 1, missingSteps: ['employer-proposal-adopted'] },
      classification: 'internal',
    });
    // As of the day itself the adoption was still to come; once it is on the record, the flag cites it.
    expect(flag!.dates).toEqual({ heldOn: '2025-03-05', unionProposalPresentedOn: '2025-02-12', employerProposalPresentedOn: '2025-02-12', publicCommentHeardOn: '2025-02-26' });
    const later = only('2026-01-31', 'eera.session-before-sunshine')[0]!;
    expect(later.dates).toMatchObject({ heldOn: '2025-03-05', employerProposalAdoptedOn: '2025-03-12' });
    expect(later.facts.map((f) => [f.type, f.on, f.as])).toEqual([
      ['SessionHeld', '2025-03-05', 'session'],
      ['EmployerProposalAdopted', '2025-03-12', 'employer proposal adopted, later'],
    ]);
    expect(later.facts[0]!.eventId).toBe(`negotiation-bayview_2025#${bayview.findIndex((c) => c.type === 'HoldSession')}`);
  });

  it('does not flag session 2 on 2025-03-19, after the adoption', () => {
    expect(only('2026-01-31', 'eera.session-before-sunshine')).toHaveLength(1);
  });

  it('flags the information request overdue from 2025-04-25, the day after it was due (ten business days after 2025-04-10)', () => {
    expect(ruleIds('2025-04-24').filter((id) => id.includes('information-request'))).toEqual([]);
    const flags = flagsAsOf('2025-04-25').filter((f) => f.requestId === 'rfi_2025_007');
    expect(flags.map((f) => [f.ruleId, f.severity, f.raisedOn])).toEqual([
      ['eera.information-request-no-response-past-due', 'medium', '2025-04-25'],
      ['eera.information-request-overdue', 'medium', '2025-04-25'],
    ]);
    expect(flags[1]).toMatchObject({ dates: { receivedOn: '2025-04-10', dueOn: '2025-04-24' }, details: { daysOverdue: 1, daysOutstanding: 15 } });
  });

  it('flags the privacy objection of 2025-04-26 as late (after the due date)', () => {
    const [late] = only('2025-04-26', 'eera.information-request-late-objection');
    expect(late).toMatchObject({
      raisedOn: '2025-04-26',
      dates: { receivedOn: '2025-04-10', dueOn: '2025-04-24', objectedOn: '2025-04-26' },
      details: { itemNumber: 1, grounds: ['third-party-privacy'], reasons: ['after-due-date'] },
    });
    expect(late!.facts.map((f) => f.type)).toEqual(['InformationRequestReceived', 'InformationItemObjected']);
    // Once item 1 is answered by the objection, something substantive has been given: no "no response" flag.
    expect(ruleIds('2025-04-26')).not.toContain('eera.information-request-no-response-past-due');
  });

  it('keeps item 2 overdue after the partial production of 2025-05-22, high once outstanding past six weeks', () => {
    expect(only('2025-05-22', 'eera.information-request-overdue')[0]).toMatchObject({ severity: 'medium', details: { daysOverdue: 28, daysOutstanding: 42 } });
    expect(only('2025-05-23', 'eera.information-request-overdue')[0]).toMatchObject({ severity: 'high', details: { daysOverdue: 29, daysOutstanding: 43 } });
    const [after] = only('2025-05-30', 'eera.information-request-overdue');
    expect(after).toMatchObject({
      severity: 'high',
      raisedOn: '2025-04-25',
      details: { daysOverdue: 36, daysOutstanding: 50, itemsOverdue: [{ number: 2, status: 'produced-partial', daysOverdue: 36 }] },
    });
    expect(after!.facts.map((f) => [f.type, f.on])).toEqual([
      ['InformationRequestReceived', '2025-04-10'],
      ['InformationItemProduced', '2025-05-22'],
    ]);
  });

  it('flags the factfinding report from 2025-11-14 (not public 10 days after 2025-11-03), then as made public 12 days after', () => {
    expect(only('2025-11-13', 'eera.factfinding-report-public-within-10-days')).toEqual([]);
    expect(only('2025-11-14', 'eera.factfinding-report-public-within-10-days')).toEqual([
      expect.objectContaining({ severity: 'medium', raisedOn: '2025-11-14', dates: { issuedOn: '2025-11-03', deadline: '2025-11-13' }, details: { days: 11, allowedDays: 10, pending: true } }),
    ]);
    expect(only('2025-11-15', 'eera.factfinding-report-public-within-10-days')).toEqual([
      expect.objectContaining({
        citation: 'Gov. Code 3548.3(a)',
        raisedOn: '2025-11-14',
        dates: { issuedOn: '2025-11-03', deadline: '2025-11-13', madePublicOn: '2025-11-15' },
        details: { days: 12, allowedDays: 10 },
      }),
    ]);
  });

  it('does not flag the cost disclosure of 2026-01-07, seven days before the approval of 2026-01-14', () => {
    expect(ruleIds('2026-01-31').filter((id) => id.startsWith('eera.cost-disclosure'))).toEqual([]);
  });

  it('raises, as of 2026-01-31, exactly the breaches the scenario describes, in order of the day they arose', () => {
    expect(flagsAsOf('2026-01-31').map((f) => [f.raisedOn, f.ruleId])).toEqual([
      ['2025-03-05', 'eera.session-before-sunshine'],
      ['2025-04-25', 'eera.information-request-overdue'],
      ['2025-04-26', 'eera.information-request-late-objection'],
      ['2025-11-14', 'eera.factfinding-report-public-within-10-days'],
    ]);
  });
});
