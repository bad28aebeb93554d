import { NegotiationWarningCode as W } from '#bargaining';
import { cmd, initialCmd, openCmd, tableCmd, warningCodes } from './fixtures.js';

/** The decision's own warnings; statutory breaches are #compliance's (statutory-warnings.spec there). */
describe('negotiation warnings: recorded, flagged, never refused', () => {
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

  describe('tentative agreement withdrawn', () => {
    const withdraw = cmd('WithdrawTentativeAgreement', { taId: 'ta1', withdrawnBy: 'union' }, '2025-05-01');
    const ta = [initialCmd('ta1', 'employer'), initialCmd('ta1', 'union', '2025-04-04')];
    it(`${W.TA_WITHDRAWN_AFTER_SETTLEMENT}: a TA withdrawn after the settlement that includes it`, () => {
      const settled = [openCmd(), ...ta, cmd('ReachSettlement', { taIds: ['ta1'], term: { start: '2025-07-01', end: '2026-06-30' }, summary: 's' }, '2025-04-20')];
      expect(warningCodes(withdraw, settled)).toEqual([W.TA_WITHDRAWN_AFTER_SETTLEMENT]);
    });
  });

  describe('settlement', () => {
    const settle = cmd('ReachSettlement', { taIds: ['ta1'], term: { start: '2025-07-01', end: '2028-06-30' }, summary: 's' }, '2025-12-10');
    const signedOnce = [openCmd(), initialCmd('ta1', 'employer')];
    it(`${W.SETTLEMENT_INCLUDES_UNSIGNED_TA}`, () => {
      expect(warningCodes(settle, signedOnce)).toEqual([W.SETTLEMENT_INCLUDES_UNSIGNED_TA]);
      expect(warningCodes(settle, [...signedOnce, initialCmd('ta1', 'union', '2025-04-04')])).toEqual([]);
    });
  });
});
