import { NegotiationWarningCode as W } from '#bargaining';
import { cmd, initialCmd, openCmd, tableCmd, warningCodes } from './fixtures.js';

const session = (number: number, at: string) =>
  cmd('HoldSession', { sessionId: `s${number}`, number, place: 'District office', attendees: { employer: ['Dana Ruiz'], union: ['Lee Park'] } }, at);
const sunshine = (side: 'employer' | 'union', at: string, articles = ['10', '24']) =>
  cmd('SunshineInitialProposal', { side, boardMeeting: 'Regular meeting', articles }, at);
const adopt = (at: string) => cmd('AdoptEmployerProposal', { boardMeeting: 'Regular meeting' }, at);
const fullSunshine = [openCmd(), sunshine('union', '2025-02-12'), sunshine('employer', '2025-02-12'), cmd('HearPublicComment', { boardMeeting: 'Regular meeting' }, '2025-02-26'), adopt('2025-03-12')];

describe('negotiation warnings: recorded, flagged, never refused', () => {
  describe(W.SESSION_BEFORE_SUNSHINE, () => {
    it('flags an EERA session before the employer adopted its proposal', () => {
      expect(warningCodes(session(1, '2025-03-05'), fullSunshine.slice(0, 4))).toEqual([W.SESSION_BEFORE_SUNSHINE]);
    });
    it('flags a session entered late, dated before an adoption already recorded', () => {
      expect(warningCodes(session(1, '2025-03-05'), fullSunshine)).toEqual([W.SESSION_BEFORE_SUNSHINE]);
    });
    it('flags an EERA session with nothing sunshined', () => {
      expect(warningCodes(session(1, '2025-03-05'), [openCmd()])).toEqual([W.SESSION_BEFORE_SUNSHINE]);
    });
    it('does not flag a session after every step, nor a session under MMBA', () => {
      expect(warningCodes(session(1, '2025-03-19'), fullSunshine)).toEqual([]);
      expect(warningCodes(session(1, '2025-03-05'), [openCmd('MMBA')])).toEqual([]);
    });
  });

  describe(W.NEW_SUBJECT_NOT_DISCLOSED, () => {
    it('flags a proposal on an article outside the sunshined proposals', () => {
      expect(warningCodes(tableCmd('d1', 'employer', ['10', '30']), fullSunshine)).toEqual([W.NEW_SUBJECT_NOT_DISCLOSED]);
    });
    it('does not flag once the new subject was made public, nor before any sunshine is recorded', () => {
      const disclosed = [...fullSunshine, cmd('MakeNewSubjectPublic', { side: 'employer', articles: ['30'], how: 'website' }, '2025-03-20')];
      expect(warningCodes(tableCmd('d1', 'employer', ['10', '30']), disclosed)).toEqual([]);
      expect(warningCodes(tableCmd('d1', 'employer', ['30']), [openCmd()])).toEqual([]);
    });
  });

  describe(W.ARTICLE_OUTSIDE_REOPENER_SCOPE, () => {
    const reopener = [openCmd('MMBA', { kind: 'reopener', articlesInScope: ['24'] })];
    it('flags proposals and TAs beyond the reopened articles', () => {
      expect(warningCodes(tableCmd('d1', 'employer', ['24', '10']), reopener)).toEqual([W.ARTICLE_OUTSIDE_REOPENER_SCOPE]);
      expect(warningCodes(initialCmd('ta1', 'employer', '2025-04-02', ['10']), reopener)).toEqual([W.ARTICLE_OUTSIDE_REOPENER_SCOPE]);
    });
    it('does not flag within scope, nor a successor negotiation', () => {
      expect(warningCodes(tableCmd('d1', 'employer', ['24']), reopener)).toEqual([]);
      expect(warningCodes(tableCmd('d1', 'employer', ['10']), [openCmd('MMBA')])).toEqual([]);
    });
  });

  it(`${W.PROPOSAL_NUMBER_REUSED}: the same side reuses a number`, () => {
    const given = [openCmd('MMBA'), cmd('TableProposal', { proposalId: 'p1', side: 'employer', number: 'D-1', articles: [{ article: '10', changeKind: 'amend', text: 't' }] })];
    const again = (side: 'employer' | 'union') => cmd('TableProposal', { proposalId: 'p2', side, number: 'D-1', articles: [{ article: '10', changeKind: 'amend', text: 't2' }] });
    expect(warningCodes(again('employer'), given)).toEqual([W.PROPOSAL_NUMBER_REUSED]);
    expect(warningCodes(again('union'), given)).toEqual([]);
  });

  describe(W.TA_WITHDRAWN_UNDER_CLOSED_RULES, () => {
    const withdraw = cmd('WithdrawTentativeAgreement', { taId: 'ta1', withdrawnBy: 'union' }, '2025-05-01');
    const ta = [initialCmd('ta1', 'employer'), initialCmd('ta1', 'union', '2025-04-04')];
    it('flags (does not refuse) a TA withdrawn under closed-once-initialed ground rules', () => {
      expect(warningCodes(withdraw, [openCmd(), cmd('AgreeGroundRules', { taRule: 'closed-once-initialed' }), ...ta])).toEqual([W.TA_WITHDRAWN_UNDER_CLOSED_RULES]);
    });
    it('does not flag it under "nothing is agreed until everything is agreed"', () => {
      expect(warningCodes(withdraw, [openCmd(), cmd('AgreeGroundRules', { taRule: 'reopenable-until-global' }), ...ta])).toEqual([]);
    });
    it(`${W.TA_WITHDRAWN_AFTER_SETTLEMENT}: a TA withdrawn after the settlement that includes it`, () => {
      const settled = [openCmd(), ...ta, cmd('ReachSettlement', { taIds: ['ta1'], term: { start: '2025-07-01', end: '2026-06-30' }, summary: 's' }, '2025-04-20')];
      expect(warningCodes(withdraw, settled)).toEqual([W.TA_WITHDRAWN_AFTER_SETTLEMENT]);
    });
  });

  describe(W.FACTFINDING_REPORT_PUBLIC_LATE, () => {
    const issued = (statute: 'EERA' | 'MMBA' | 'DILLS') => [
      openCmd(statute),
      cmd('DeclareImpasse', { declaredBy: 'union', form: 'written' }, '2025-06-18'),
      cmd('IssueFactfindingReport', {}, '2025-11-03'),
    ];
    const publish = (at: string) => cmd('MakeFactfindingReportPublic', {}, at);
    it('flags a report made public more than 10 days after it was issued (EERA, MMBA)', () => {
      expect(warningCodes(publish('2025-11-15'), issued('EERA'))).toEqual([W.FACTFINDING_REPORT_PUBLIC_LATE]);
      expect(warningCodes(publish('2025-11-14'), issued('MMBA'))).toEqual([W.FACTFINDING_REPORT_PUBLIC_LATE]);
    });
    it('does not flag 10 days, nor a statute without that deadline', () => {
      expect(warningCodes(publish('2025-11-13'), issued('EERA'))).toEqual([]);
      expect(warningCodes(publish('2025-12-30'), issued('DILLS'))).toEqual([]);
    });
  });

  describe('imposition', () => {
    const impose = cmd('ImposeLastBestFinalOffer', { governingBody: 'City Council', summary: 'LBFO' }, '2025-10-15');
    const impasse = cmd('DeclareImpasse', { declaredBy: 'employer', form: 'written' }, '2025-06-01');
    it(`${W.IMPOSITION_WITHOUT_PUBLIC_HEARING} (MMBA) and ${W.IMPOSITION_WITHOUT_IMPASSE}`, () => {
      expect(warningCodes(impose, [openCmd('MMBA')])).toEqual([W.IMPOSITION_WITHOUT_IMPASSE, W.IMPOSITION_WITHOUT_PUBLIC_HEARING]);
      expect(warningCodes(impose, [openCmd('MMBA'), impasse])).toEqual([W.IMPOSITION_WITHOUT_PUBLIC_HEARING]);
      // A hearing recorded for a later day does not count.
      expect(warningCodes(impose, [openCmd('MMBA'), impasse, cmd('HoldImpasseHearing', { governingBody: 'City Council' }, '2025-10-20')])).toEqual([W.IMPOSITION_WITHOUT_PUBLIC_HEARING]);
    });
    it('does not flag an MMBA imposition after impasse and a public hearing, nor the hearing rule outside MMBA', () => {
      expect(warningCodes(impose, [openCmd('MMBA'), impasse, cmd('HoldImpasseHearing', { governingBody: 'City Council' }, '2025-10-01')])).toEqual([]);
      expect(warningCodes(impose, [openCmd('EERA'), impasse])).toEqual([]);
    });
  });

  describe('settlement', () => {
    const settle = cmd('ReachSettlement', { taIds: ['ta1'], term: { start: '2025-07-01', end: '2028-06-30' }, summary: 's' }, '2025-12-10');
    const signedOnce = [openCmd(), initialCmd('ta1', 'employer')];
    it(`${W.SETTLEMENT_INCLUDES_UNSIGNED_TA}`, () => {
      expect(warningCodes(settle, signedOnce)).toEqual([W.SETTLEMENT_INCLUDES_UNSIGNED_TA]);
      expect(warningCodes(settle, [...signedOnce, initialCmd('ta1', 'union', '2025-04-04')])).toEqual([]);
    });

    const settled = [...signedOnce, initialCmd('ta1', 'union', '2025-04-04'), settle];
    const disclose = (certifiedBy: { superintendent?: string; chiefBusinessOfficial?: string }, at = '2026-01-07') =>
      cmd('DiscloseSettlementCosts', { summary: 'costs', certifiedBy }, at);
    it(`${W.COST_DISCLOSURE_NOT_CERTIFIED} (EERA)`, () => {
      expect(warningCodes(disclose({ superintendent: 'Dr. Vale' }), settled)).toEqual([W.COST_DISCLOSURE_NOT_CERTIFIED]);
      expect(warningCodes(disclose({ superintendent: 'Dr. Vale', chiefBusinessOfficial: 'R. Kim' }), settled)).toEqual([]);
    });

    const approve = cmd('ApproveByGoverningBody', { governingBody: 'Board of Education', resolutionNumber: '25-26/14' }, '2026-01-14');
    it(`${W.COSTS_NOT_DISCLOSED_BEFORE_APPROVAL} (EERA)`, () => {
      expect(warningCodes(approve, settled)).toEqual([W.COSTS_NOT_DISCLOSED_BEFORE_APPROVAL]);
      expect(warningCodes(approve, [...settled, disclose({ superintendent: 'S', chiefBusinessOfficial: 'C' }, '2026-01-20')])).toEqual([W.COSTS_NOT_DISCLOSED_BEFORE_APPROVAL]);
      expect(warningCodes(approve, [...settled, disclose({ superintendent: 'S', chiefBusinessOfficial: 'C' })])).toEqual([]);
    });
  });

  it(`${W.MEET_AND_CONFER_WITHOUT_WRITTEN_NOTICE} (MMBA 3504.5)`, () => {
    expect(warningCodes(openCmd('MMBA', { kind: 'meet-and-confer', subject: 'new telework policy' }), [])).toEqual([W.MEET_AND_CONFER_WITHOUT_WRITTEN_NOTICE]);
    expect(warningCodes(openCmd('MMBA', { kind: 'meet-and-confer', subject: 'telework', writtenNoticeGivenOn: '2025-01-02' }), [])).toEqual([]);
  });
});
