import { type ChangeClassification, type ClassificationChange, type ClassificationEvent, classificationDecider } from '#access';
import type { ClassificationMark, CommandMetadata, Role } from '#kernel';
import { deciderSpec } from '#testing';

const spec = deciderSpec(classificationDecider);
const COSTING: ClassificationMark = { level: 'confidential', basis: 'bargaining costing (confidential until disclosed)' };
const DISCLOSED: ClassificationMark = { level: 'public', basis: 'Gov. Code 3547.5 public disclosure of costs' };
const target = { eventId: 'ev-costing-d1', stream: 'negotiation-bayview_2025', type: 'ProposalCostingRecorded', classification: COSTING };

const metadata = (role: Role = 'records-officer', now = '2026-01-08T10:00:00.000Z'): CommandMetadata => ({
  now,
  occurredAt: { at: now, precision: 'instant' },
  actor: { subject: `${role}@bayviewusd.example`, role },
  commandId: 'cmd-1',
  correlationId: 'corr-1',
});

const change = (over: Partial<ChangeClassification['data']> = {}, role: Role = 'records-officer'): ChangeClassification => ({
  type: 'ChangeClassification',
  data: { negotiationId: 'bayview_2025', target, to: DISCLOSED, effectiveOn: '2026-01-07', reason: 'Costs disclosed at the board meeting of 2026-01-07', ...over },
  metadata: metadata(role),
});

const changed = (from: ClassificationMark, to: ClassificationMark, effectiveOn = '2026-01-07', reason = 'Costs disclosed at the board meeting of 2026-01-07'): ClassificationEvent => ({
  type: 'ClassificationChanged',
  data: { negotiationId: 'bayview_2025', targetEventId: target.eventId, targetStream: target.stream, targetType: target.type, from, to, effectiveOn, reason },
});

describe('classification changes', () => {
  describe('on a record never reclassified', () => {
    it('records the change with the mark it replaces', () => {
      spec.given([]).when(change()).then([changed(COSTING, DISCLOSED)]);
    });

    it('is decided by records officers, legal counsel and admins', () => {
      for (const role of ['legal-counsel', 'admin'] as const) spec.given([]).when(change({}, role)).then([changed(COSTING, DISCLOSED)]);
      for (const role of ['negotiator', 'analyst'] as const) spec.given([]).when(change({}, role)).thenThrows('ROLE_MAY_NOT_CLASSIFY');
    });

    it('refuses a change of a record that does not exist (404)', () => {
      spec.given([]).when(change({ target: null })).thenThrows('RECORD_NOT_FOUND');
      let kind: string | undefined;
      try {
        classificationDecider.decide(change({ target: null }), classificationDecider.initialState());
      } catch (error) {
        kind = (error as { kind?: string }).kind;
      }
      expect(kind).toBe('not-found');
    });

    it('refuses a no-op: the same level and basis on the effective day', () => {
      spec.given([]).when(change({ to: COSTING })).thenThrows('CLASSIFICATION_UNCHANGED');
    });

    it('accepts a new basis at the same level', () => {
      const newBasis = { level: 'confidential' as const, basis: 'closed-session briefing' };
      spec.given([]).when(change({ to: newBasis })).then([changed(COSTING, newBasis)]);
    });

    it('refuses malformed levels, dates and blank reasons', () => {
      spec.given([]).when(change({ to: { level: 'secret' as never, basis: 'x' } })).thenThrows('INVALID_CLASSIFICATION');
      spec.given([]).when(change({ to: { level: 'public', basis: '  ' } })).thenThrows('REQUIRED_TEXT_MISSING');
      spec.given([]).when(change({ effectiveOn: '2026-02-30' })).thenThrows('INVALID_DATE');
      spec.given([]).when(change({ reason: '' })).thenThrows('REQUIRED_TEXT_MISSING');
      spec.given([]).when({ ...change(), metadata: { ...metadata(), occurredAt: { at: '2026-02-01', precision: 'day' } } }).thenThrows('OCCURRED_AT_IN_FUTURE');
    });
  });

  describe('on a record already reclassified', () => {
    const history = [changed(COSTING, DISCLOSED)];

    it('refuses repeating the change in effect on that day', () => {
      spec.given(history).when(change()).thenThrows('CLASSIFICATION_UNCHANGED');
      spec.given(history).when(change({ effectiveOn: '2026-03-01' })).thenThrows('CLASSIFICATION_UNCHANGED');
    });

    it('takes "from" as the mark in effect on the new change’s day', () => {
      spec.given(history).when(change({ to: COSTING, effectiveOn: '2026-02-01', reason: 'disclosure withdrawn' })).then([changed(DISCLOSED, COSTING, '2026-02-01', 'disclosure withdrawn')]);
      // Before the earlier change takes effect the record is still the costing as recorded: an earlier disclosure is a change.
      spec.given(history).when(change({ effectiveOn: '2025-12-01', reason: 'disclosed in December' })).then([changed(COSTING, DISCLOSED, '2025-12-01', 'disclosed in December')]);
    });

    it('refuses a change decided on another negotiation’s stream', () => {
      spec.given(history).when(change({ negotiationId: 'other_2025' })).thenThrows('NEGOTIATION_ID_MISMATCH');
    });
  });

  describe('with automatic changes resolved with the target', () => {
    const report = { eventId: 'ev-report', stream: 'negotiation-bayview_2025', type: 'FactfindingReportIssued', classification: { level: 'internal' as const, basis: 'exchanged at the bargaining table' } };
    const madePublic: ClassificationChange = {
      targetEventId: 'ev-report',
      to: { level: 'public', basis: 'Gov. Code 3548.3 factfinding report made public' },
      effectiveOn: '2025-11-15',
      reason: 'the factfinding report was made public on 2025-11-15',
      source: { kind: 'automatic', rule: 'factfinding-report-made-public', fact: 'ev-made-public' },
    };
    it('refuses what the facts already did', () => {
      spec.given([]).when(change({ target: report, automaticChanges: [madePublic], to: madePublic.to, effectiveOn: '2025-11-20' })).thenThrows('CLASSIFICATION_UNCHANGED');
    });
  });

  it('is classified as the more restrictive of its two marks, never public', () => {
    expect(classificationDecider.classify!(changed(COSTING, DISCLOSED), classificationDecider.initialState()).level).toBe('confidential');
    const privileged = { level: 'privileged' as const, basis: 'attorney-client privilege' };
    expect(classificationDecider.classify!(changed(privileged, DISCLOSED), classificationDecider.initialState()).level).toBe('privileged');
    const pub = { level: 'public' as const, basis: 'board action' };
    expect(classificationDecider.classify!(changed(pub, { level: 'public', basis: 'other' }), classificationDecider.initialState()).level).toBe('internal');
  });
});
