import type { RecordedEvent } from '#event-store';
import { INTERNAL } from '#kernel';
import { BAYVIEW_TEXT } from '#testing';
import { RecordedNegotiation } from './recorded-history.js';

/*
 * A compact Bayview history (DOMAIN.md) for the read-model specs: proposal chains on Articles 10
 * and 24 with a costed district counterproposal, the Article 23 TA initialed on two days, a
 * conditional district package rejected (positions revert), a union proposal on Article 15
 * withdrawn, a district position on it entered three weeks late, a mis-keyed date corrected, a late
 * strategy note (confidential) and legal advice (privileged), and a cancelled session.
 */

/** This history's package adds a second year to Article 24, and the union answers D-0 on Article 15 with U-3. */
export const TEXT = {
  ...BAYVIEW_TEXT,
  pkg_24: 'Salaries increase by 3% on July 1, 2025, and 1% on July 1, 2026.',
  u3_15: 'Preparation time: 300 minutes per week.',
} as const;

const articles = (...pairs: [string, string][]) => pairs.map(([article, text]) => ({ article, title: `Article ${article}`, changeKind: 'amend' as const, text }));

export interface BayviewHistory {
  readonly negotiation: RecordedNegotiation;
  readonly events: readonly RecordedEvent[];
  /** Event ids by what they record. */
  readonly ids: Readonly<Record<'u1' | 'd1' | 'd1Costing' | 'u2' | 'ta23District' | 'ta23Union' | 'pkg' | 'pkgRejected' | 'u3' | 'u3Withdrawn' | 'd0' | 'correction', string>>;
}

export function bayviewHistory(negotiationId = 'bayview_2025'): BayviewHistory {
  const n = new RecordedNegotiation(negotiationId);
  const attendees = { employer: ['Dana Ruiz'], union: ['Lee Park'] };
  n.open('2025-01-15');
  n.record('AgreeGroundRules', { taRule: 'reopenable-until-global', terms: null }, '2025-01-29');
  n.record('SunshineInitialProposal', { side: 'union', boardMeeting: 'Board meeting 2025-02-12', articles: ['10', '15', '21', '24'] }, '2025-02-12');
  n.record('HoldSession', { sessionId: 'session_1', number: 1, place: 'District office', attendees, articlesDiscussed: ['10', '24'] }, '2025-03-05');
  const [u1] = n.record('TableProposal', { proposalId: 'u1', side: 'union', number: 'U-1', articles: articles(['24', TEXT.u1_24], ['10', TEXT.u1_10]) }, '2025-03-19');
  const [d1, d1Costing] = n.record(
    'TableCounterproposal',
    {
      proposalId: 'd1',
      side: 'employer',
      number: 'D-1',
      respondsTo: 'u1',
      articles: articles(['24', TEXT.d1_24], ['10', TEXT.d1_10]),
      costing: { summary: '2% on the salary schedule: $1.1M a year', costs: [{ fiscalYear: '2025-26', amount: '1100000.00' }] },
    },
    '2025-03-26',
  );
  n.record('HoldSession', { sessionId: 'session_2', number: 2, place: 'District office', attendees, articlesDiscussed: ['10', '24'] }, '2025-03-26');
  // Mis-keyed: tabled on 2025-04-01, recorded as 2025-04-02 (corrected below).
  const [u2] = n.record('TableCounterproposal', { proposalId: 'u2', side: 'union', number: 'U-2', respondsTo: 'd1', articles: articles(['24', TEXT.u2_24]) }, '2025-04-02');
  const ta = [{ article: '23', title: 'Article 23', text: TEXT.ta_23 }];
  const [ta23District] = n.record('InitialTentativeAgreement', { taId: 'ta_23', side: 'employer', signatory: 'Dana Ruiz', articles: ta }, '2025-04-02');
  const [ta23Union] = n.record('InitialTentativeAgreement', { taId: 'ta_23', side: 'union', signatory: 'Lee Park' }, '2025-04-04');
  const [pkg] = n.record('TablePackage', { proposalId: 'pkg1', side: 'employer', number: 'D-PKG-1', conditional: true, articles: articles(['10', TEXT.pkg_10], ['24', TEXT.pkg_24]) }, '2025-05-07');
  const [pkgRejected] = n.record('RejectPackage', { proposalId: 'pkg1', reason: 'Does not address class size' }, '2025-05-14');
  n.record('RecordConfidentialNote', { kind: 'strategy', title: 'Caucus notes', body: 'Hold on Article 24 until costing returns' }, '2025-06-04', { recordedAt: '2025-06-25T17:00:00.000Z' });
  n.record('RecordConfidentialNote', { kind: 'legal-advice', title: 'Advice on Article 15', body: 'Preparation time is within scope' }, '2025-06-05');
  const [u3] = n.record('TableProposal', { proposalId: 'u3', side: 'union', number: 'U-3', articles: articles(['15', TEXT.u3_15]) }, '2025-06-10');
  n.record('CancelSession', { sessionId: 'session_3', number: 3, scheduledFor: '2025-06-11', cancelledBy: 'union', reason: 'Illness' }, '2025-06-10');
  const [u3Withdrawn] = n.record('WithdrawProposal', { proposalId: 'u3', reason: 'Superseded by the package discussion' }, '2025-06-12');
  const [correction] = n.record(
    'RecordCorrection',
    {
      correctedEventId: u2!.eventId,
      correctedEventType: 'CounterproposalTabled',
      correctedEventClassification: INTERNAL,
      reason: 'Tabled on 2025-04-01, keyed as 2025-04-02',
      correctedFields: { occurredAt: { at: '2025-04-01', precision: 'day' } },
    },
    '2025-06-20',
  );
  // Entered three weeks late: tabled 2025-06-09, recorded 2025-06-30.
  const [d0] = n.record('TableProposal', { proposalId: 'd0', side: 'employer', number: 'D-0', articles: articles(['15', TEXT.d0_15]) }, '2025-06-09', { recordedAt: '2025-06-30T16:00:00.000Z' });
  const id = (e: RecordedEvent | undefined) => e!.eventId;
  return {
    negotiation: n,
    events: n.events,
    ids: {
      u1: id(u1),
      d1: id(d1),
      d1Costing: id(d1Costing),
      u2: id(u2),
      ta23District: id(ta23District),
      ta23Union: id(ta23Union),
      pkg: id(pkg),
      pkgRejected: id(pkgRejected),
      u3: id(u3),
      u3Withdrawn: id(u3Withdrawn),
      d0: id(d0),
      correction: id(correction),
    },
  };
}
