import { negotiationDecider, negotiationStage, tableSummary } from '#bargaining';
import { cmd, initialCmd, openCmd, packageCmd, record, tableCmd } from './fixtures.js';

describe('tableSummary', () => {
  it('summarises a negotiation that was never opened', () => {
    expect(tableSummary(negotiationDecider.initialState())).toMatchObject({ status: 'not-opened', stage: 'not-opened', openArticles: [], daysAtTable: null });
  });

  it('reports open and agreed articles, TAs complete or awaiting, proposals and sessions', () => {
    const { state } = record([
      openCmd('EERA', { kind: 'reopener', articlesInScope: ['24', '10'] }),
      tableCmd('u1', 'union', ['24', '15']),
      packageCmd('k1', 'employer', ['10', '21']),
      cmd('WithdrawProposal', { proposalId: 'u1' }),
      cmd('HoldSession', { sessionId: 's1', number: 1, place: 'p', attendees: { employer: [], union: [] } }),
      cmd('CancelSession', { sessionId: 's2', scheduledFor: '2025-03-09', cancelledBy: 'union', reason: 'r' }),
      initialCmd('ta10', 'employer', '2025-04-02', ['10']),
      initialCmd('ta10', 'union', '2025-04-04', null),
      initialCmd('ta21', 'union', '2025-04-05', ['21']),
    ]);
    expect(tableSummary(state, '2025-04-15')).toEqual({
      status: 'open',
      stage: 'at-table',
      negotiationId: 'bayview_2025',
      unitId: 'bayview_teachers',
      statute: 'EERA',
      kind: 'reopener',
      outcome: null,
      openedOn: '2025-01-15',
      daysAtTable: 90,
      openArticles: ['15', '21', '24'],
      agreedArticles: ['10'],
      tentativeAgreements: { complete: ['ta10'], awaitingSignature: [{ taId: 'ta21', signedBy: 'union', awaiting: 'employer' }], withdrawn: [] },
      proposals: { employer: 1, union: 1, onTable: 1 },
      sessions: { held: 1, cancelled: 1 },
      settlementSteps: { done: [], pending: ['settlement-reached', 'costs-disclosed', 'ratified', 'governing-body-approved', 'agreement-executed'] },
    });
  });

  it('follows the stage through impasse, settlement and conclusion', () => {
    let recorded = record([openCmd()]);
    const stageAfter = (...commands: Parameters<typeof record>[0]) => {
      recorded = record(commands, recorded);
      return negotiationStage(recorded.state);
    };
    expect(stageAfter(cmd('DeclareImpasse', { declaredBy: 'union', form: 'written' }))).toBe('impasse-declared');
    expect(stageAfter(cmd('AppointMediator', { mediator: 'M' }))).toBe('mediation');
    expect(stageAfter(cmd('CertifyFactfinding', {}))).toBe('factfinding');
    expect(stageAfter(cmd('IssueFactfindingReport', {}))).toBe('factfinding-report-issued');
    expect(stageAfter(cmd('MakeFactfindingReportPublic', {}))).toBe('factfinding-report-public');
    expect(stageAfter(initialCmd('ta1', 'employer'), initialCmd('ta1', 'union'), cmd('ReachSettlement', { taIds: ['ta1'], term: { start: '2025-07-01', end: '2028-06-30' }, summary: 's' }))).toBe('settlement-reached');
    expect(tableSummary(recorded.state, '2030-01-01').daysAtTable).toBe(45);
    expect(stageAfter(cmd('HoldRatificationVote', { yes: 5, no: 9 }))).toBe('settlement-reached');
    expect(stageAfter(cmd('HoldRatificationVote', { yes: 9, no: 5 }))).toBe('ratified');
    expect(stageAfter(cmd('ApproveByGoverningBody', { governingBody: 'B', resolutionNumber: 'R' }))).toBe('approved');
    expect(stageAfter(cmd('ExecuteAgreement', { signatories: { employer: [], union: [] } }))).toBe('agreement-executed');
    expect(tableSummary(recorded.state).settlementSteps).toEqual({ done: ['settlement-reached', 'ratified', 'governing-body-approved', 'agreement-executed'], pending: ['costs-disclosed'] });
    expect(stageAfter(cmd('ConcludeNegotiation', { outcome: 'settled' }, '2025-06-30'))).toBe('concluded');
    expect(tableSummary(recorded.state, '2030-01-01')).toMatchObject({ status: 'concluded', outcome: 'settled', daysAtTable: 45 });
  });
});
