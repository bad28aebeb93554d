import {
  type ClassificationChange,
  type FactRecord,
  automaticClassificationChanges,
  classificationBook,
  classificationHistory,
  effectiveClassification,
} from '#access';
import type { ClassificationMark } from '#kernel';

const INTERNAL: ClassificationMark = { level: 'internal', basis: 'exchanged at the bargaining table' };
const COSTING: ClassificationMark = { level: 'confidential', basis: "costing prepared for the employer's negotiators (Gov. Code 3549.1 closed session)" };
const REPORT_PUBLIC: ClassificationMark = { level: 'public', basis: 'Gov. Code 3548.3 factfinding report made public' };

const STREAM = 'negotiation-bayview_2025';
let n = 0;
function fact(type: string, day: string, classification: ClassificationMark, data: Record<string, unknown> = {}, stream = STREAM): FactRecord {
  n += 1;
  return { eventId: `e${n}-${type}`, stream, type, data: { negotiationId: 'bayview_2025', ...data }, occurredAt: { at: day, precision: 'day' }, classification };
}

const recorded = (targetEventId: string, to: ClassificationMark, effectiveOn: string, reason = 'decided'): ClassificationChange => ({
  targetEventId,
  to,
  effectiveOn,
  reason,
  source: { kind: 'recorded', eventId: null, recordedAt: null },
});

describe('effectiveClassification', () => {
  const proposal = fact('ProposalTabled', '2025-03-19', INTERNAL);
  const confidential: ClassificationMark = { level: 'confidential', basis: 'withheld pending litigation' };

  it('is the recorded mark while no change is in effect', () => {
    expect(effectiveClassification(proposal, [], '2025-12-31')).toEqual(INTERNAL);
    expect(effectiveClassification(proposal, [recorded(proposal.eventId, confidential, '2025-06-01')], '2025-05-31')).toEqual(INTERNAL);
  });

  it('takes a change from its effective day on (an instant counts by its day)', () => {
    const changes = [recorded(proposal.eventId, confidential, '2025-06-01')];
    expect(effectiveClassification(proposal, changes, '2025-06-01')).toEqual(confidential);
    expect(effectiveClassification(proposal, changes, '2025-06-01T23:59:00Z')).toEqual(confidential);
    expect(effectiveClassification(proposal, changes, '2026-01-01')).toEqual(confidential);
  });

  it('applies changes by effective day, whatever their recording order; on one day the later recorded wins', () => {
    const lifted = recorded(proposal.eventId, INTERNAL, '2025-09-01', 'litigation settled');
    const embargo = recorded(proposal.eventId, confidential, '2025-06-01');
    expect(effectiveClassification(proposal, [lifted, embargo], '2025-07-01')).toEqual(confidential);
    expect(effectiveClassification(proposal, [lifted, embargo], '2025-09-01')).toEqual(INTERNAL);
    const sameDay = recorded(proposal.eventId, { level: 'privileged', basis: 'attorney work product' }, '2025-06-01');
    expect(effectiveClassification(proposal, [embargo, sameDay], '2025-06-02').level).toBe('privileged');
  });

  it('ignores changes of other records', () => {
    expect(effectiveClassification(proposal, [recorded('someone-else', confidential, '2025-01-01')], '2025-12-31')).toEqual(INTERNAL);
  });

  it('gives the history step by step, each with the mark it replaced', () => {
    const changes = [recorded(proposal.eventId, INTERNAL, '2025-09-01', 'lifted'), recorded(proposal.eventId, confidential, '2025-06-01', 'embargo')];
    expect(classificationHistory(proposal, changes).map((s) => [s.effectiveOn, s.from.level, s.to.level, s.reason])).toEqual([
      ['2025-06-01', 'internal', 'confidential', 'embargo'],
      ['2025-09-01', 'confidential', 'internal', 'lifted'],
    ]);
  });
});

describe('automatic classification changes, from the facts', () => {
  const report = fact('FactfindingReportIssued', '2025-11-03', INTERNAL, { issuedOn: '2025-11-03' });
  const madePublic = fact('FactfindingReportMadePublic', '2025-11-15', REPORT_PUBLIC, { madePublicOn: '2025-11-15' });

  it('makes the factfinding report public on the day it was made public, on that record’s basis', () => {
    const book = classificationBook([report, madePublic], []);
    expect(book.classificationOf(report, '2025-11-14')).toEqual(INTERNAL);
    expect(book.classificationOf(report, '2025-11-15')).toEqual(REPORT_PUBLIC);
    expect(book.changesOf(report.eventId)).toEqual([
      expect.objectContaining({ effectiveOn: '2025-11-15', source: { kind: 'automatic', rule: 'factfinding-report-made-public', fact: madePublic.eventId } }),
    ]);
  });

  it('leaves the report internal while it has not been made public', () => {
    expect(automaticClassificationChanges([report])).toEqual([]);
  });

  it('takes the publication day as corrected', () => {
    const correction = fact('CorrectionRecorded', '2025-11-20', REPORT_PUBLIC, {
      correctedEventId: madePublic.eventId,
      correctedEventType: 'FactfindingReportMadePublic',
      reason: 'posted on the 14th',
      correctedFields: { occurredAt: { at: '2025-11-14', precision: 'day' } },
    });
    const book = classificationBook([report, madePublic, correction], []);
    expect(book.classificationOf(report, '2025-11-14')).toEqual(REPORT_PUBLIC);
  });

  it('never makes a confidential costing public by itself, even once the settlement costs are disclosed', () => {
    const costing = fact('ProposalCostingRecorded', '2025-03-26', COSTING, { proposalId: 'd1' });
    const note = fact('ConfidentialNoteRecorded', '2025-06-04', { level: 'confidential', basis: 'bargaining strategy' }, { kind: 'strategy' });
    const disclosed = fact('SettlementCostsDisclosed', '2026-01-07', { level: 'public', basis: 'Gov. Code 3547.5 public disclosure of costs' });
    const book = classificationBook([costing, note, disclosed, report, madePublic], []);
    expect(book.classificationOf(costing, '2030-01-01')).toEqual(COSTING);
    expect(book.classificationOf(note, '2030-01-01').level).toBe('confidential');
    expect(book.changesOf(costing.eventId)).toEqual([]);
  });

  it('makes a correction follow every change of the record it corrects', () => {
    const proposal = fact('ProposalTabled', '2025-03-19', INTERNAL);
    const correction = fact('CorrectionRecorded', '2025-04-01', INTERNAL, { correctedEventId: proposal.eventId, correctedFields: { occurredAt: { at: '2025-03-18', precision: 'day' } } });
    const confidential: ClassificationMark = { level: 'confidential', basis: 'withheld pending litigation' };
    const book = classificationBook([proposal, correction], [recorded(proposal.eventId, confidential, '2025-06-01')]);
    expect(book.classificationOf(correction, '2025-05-31')).toEqual(INTERNAL);
    expect(book.classificationOf(correction, '2025-06-01')).toEqual(confidential);
    const reportCorrection = fact('CorrectionRecorded', '2025-11-05', INTERNAL, { correctedEventId: report.eventId, correctedFields: { summary: 'fixed' } });
    expect(classificationBook([report, madePublic, reportCorrection], []).classificationOf(reportCorrection, '2025-11-15').level).toBe('public');
  });

  it('lets a recorded change override an automatic one of the same day', () => {
    const book = classificationBook([report, madePublic], [recorded(report.eventId, { level: 'confidential', basis: 'sealed by the arbitrator' }, '2025-11-15')]);
    expect(book.classificationOf(report, '2025-11-20').level).toBe('confidential');
  });
});
