import { type NegotiationEvent, negotiationDecider } from '#bargaining';
import { cmd, history, initialCmd, openCmd, packageCmd, record, tableCmd } from './fixtures.js';

const classify = negotiationDecider.classify!;

/** The mark of the last event the commands produce, as the command handler would compute it. */
function markOf(statute: Parameters<typeof openCmd>[0], ...commands: Parameters<typeof history>) {
  const before = record([openCmd(statute), ...commands.slice(0, -1)]);
  const decided = negotiationDecider.decide(commands.at(-1)!, before.state);
  return classify(decided[0]!, before.state);
}

/** Every event the last command produces, with its mark. */
function marksOf(statute: Parameters<typeof openCmd>[0], ...commands: Parameters<typeof history>) {
  const before = record([openCmd(statute), ...commands.slice(0, -1)]);
  return negotiationDecider.decide(commands.at(-1)!, before.state).map((event) => ({ type: event.type, mark: classify(event, before.state) }));
}

describe('classification of negotiation facts', () => {
  it('marks the opening internal', () => {
    const [opened] = history(openCmd());
    expect(classify(opened as NegotiationEvent, negotiationDecider.initialState())).toEqual({ level: 'internal', basis: 'exchanged at the bargaining table' });
  });

  it.each([
    ['EERA', cmd('SunshineInitialProposal', { side: 'union', boardMeeting: 'm', articles: [] }), 'Gov. Code 3547(a) sunshine'],
    ['EERA', cmd('HearPublicComment', { boardMeeting: 'm' }), 'Gov. Code 3547(b) sunshine'],
    ['EERA', cmd('AdoptEmployerProposal', { boardMeeting: 'm' }), 'Gov. Code 3547(c) sunshine'],
    ['EERA', cmd('MakeNewSubjectPublic', { side: 'union', articles: ['9'], how: 'posted' }), 'Gov. Code 3547(d) sunshine'],
    ['HEERA', cmd('SunshineInitialProposal', { side: 'union', boardMeeting: 'm', articles: [] }), 'Gov. Code 3595 public notice'],
    ['MMBA', cmd('HoldImpasseHearing', { governingBody: 'Council' }), 'Gov. Code 3505.7 public hearing on the impasse'],
    ['MMBA', cmd('ImposeLastBestFinalOffer', { governingBody: 'Council', summary: 's' }), 'imposition of last, best and final offer: Gov. Code 3505.1, open meeting (Brown Act)'],
    ['MERA', cmd('ExecuteSideLetter', { title: 't', text: 'x', precedential: false, signatories: { employer: [], union: [] } }), 'executed side letter: public record, Conn. Gen. Stat. 1-210'],
    ['EERA', cmd('ExecuteMemorandumOfUnderstanding', { title: 't', text: 'x', precedential: true, signatories: { employer: [], union: [] } }), 'executed memorandum of understanding: public record, Cal. Public Records Act (Gov. Code 7920.000 et seq.)'],
  ] as const)('%s %s is public', (statute, command, basis) => {
    expect(markOf(statute, command)).toEqual({ level: 'public', basis });
  });

  it('marks the factfinding report public only when made public', () => {
    const impasse = cmd('DeclareImpasse', { declaredBy: 'union', form: 'written' });
    const issue = cmd('IssueFactfindingReport', {});
    expect(markOf('EERA', impasse, issue).level).toBe('internal');
    expect(markOf('EERA', impasse, issue, cmd('MakeFactfindingReportPublic', {}))).toEqual({ level: 'public', basis: 'Gov. Code 3548.3 factfinding report made public' });
  });

  it('marks settlement disclosure, approval and execution public; the settlement itself internal', () => {
    const ta = [initialCmd('ta1', 'employer'), initialCmd('ta1', 'union'), cmd('ReachSettlement', { taIds: ['ta1'], term: { start: '2025-07-01', end: '2026-06-30' }, summary: 's' })];
    expect(markOf('EERA', ...ta).level).toBe('internal');
    expect(markOf('EERA', ...ta, cmd('DiscloseSettlementCosts', { summary: 'c' }))).toEqual({ level: 'public', basis: 'Gov. Code 3547.5 public disclosure of costs' });
    expect(markOf('EERA', ...ta, cmd('ApproveByGoverningBody', { governingBody: 'Board', resolutionNumber: 'R' })).level).toBe('public');
    expect(markOf('DILLS', ...ta, cmd('ApproveByGoverningBody', { governingBody: 'Legislature', resolutionNumber: 'AB 1' })).basis).toContain('3517.6');
    expect(markOf('EERA', ...ta, cmd('ExecuteAgreement', { signatories: { employer: [], union: [] } })).level).toBe('public');
  });

  it('marks proposals internal, with or without costing, and their costing confidential', () => {
    expect(markOf('EERA', tableCmd('d1', 'employer', ['24'])).level).toBe('internal');
    expect(markOf('EERA', packageCmd('k1', 'employer', ['10', '15'])).level).toBe('internal');
    const costed = cmd('TableProposal', { proposalId: 'd2', side: 'employer', number: 'D-2', articles: [{ article: '24', changeKind: 'amend', text: '3%' }], costing: { summary: '$1.8M' } });
    expect(marksOf('EERA', costed)).toEqual([
      { type: 'ProposalTabled', mark: { level: 'internal', basis: 'exchanged at the bargaining table' } },
      { type: 'ProposalCostingRecorded', mark: { level: 'confidential', basis: "costing prepared for the employer's negotiators (Gov. Code 3549.1 closed session)" } },
    ]);
    expect(marksOf('MMBA', costed)[1]!.mark.basis).toBe("costing prepared for the employer's negotiators (Gov. Code 54957.6 closed session)");
    expect(marksOf('MERA', costed)[1]!.mark.basis).toBe("costing prepared for the employer's negotiators (Conn. Gen. Stat. 1-200(6) executive session)");
    expect(marksOf('OTHER', costed)[1]!.mark.level).toBe('confidential');
  });

  it('marks a correction as the record it corrects, internal when that is not known', () => {
    const correction = (correctedEventClassification?: { level: 'public' | 'confidential' | 'privileged'; basis: string }) =>
      cmd('RecordCorrection', { correctedEventId: 'e', correctedEventType: 'ConfidentialNoteRecorded', reason: 'r', correctedFields: { body: 'x' }, correctedEventClassification });
    expect(markOf('EERA', correction({ level: 'privileged', basis: 'attorney-client privilege' }))).toEqual({ level: 'privileged', basis: 'correction of a record classified privileged (attorney-client privilege)' });
    expect(markOf('EERA', correction({ level: 'confidential', basis: 'bargaining strategy' })).level).toBe('confidential');
    expect(markOf('EERA', correction({ level: 'public', basis: 'Gov. Code 3547(a) sunshine' })).level).toBe('public');
    expect(markOf('EERA', correction())).toEqual({ level: 'internal', basis: 'exchanged at the bargaining table' });
  });

  it.each([
    ['strategy', 'confidential', 'bargaining strategy'],
    ['closed-session', 'confidential', 'closed session with designated labor negotiators (Gov. Code 54957.6)'],
    ['costing', 'confidential', 'bargaining costing (confidential until disclosed)'],
    ['legal-advice', 'privileged', 'attorney-client privilege'],
  ] as const)('marks a %s note %s', (kind, level, basis) => {
    expect(markOf('EERA', cmd('RecordConfidentialNote', { kind, title: 't', body: 'b' }))).toEqual({ level, basis });
  });

  it('marks sessions, TAs, impasse steps and corrections internal', () => {
    expect(markOf('EERA', cmd('HoldSession', { sessionId: 's1', number: 1, place: 'p', attendees: { employer: [], union: [] } })).level).toBe('internal');
    expect(markOf('EERA', initialCmd('ta1', 'union')).level).toBe('internal');
    expect(markOf('EERA', cmd('DeclareImpasse', { declaredBy: 'union', form: 'oral' })).level).toBe('internal');
    expect(markOf('EERA', cmd('RecordCorrection', { correctedEventId: 'e', correctedEventType: 'SessionHeld', reason: 'r', correctedFields: { place: 'x' } })).level).toBe('internal');
  });
});
