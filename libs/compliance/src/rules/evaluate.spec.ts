import { open, recordNegotiation, negotiationFacts, session, sunshined } from '../../test/fixtures.js';
import { evaluateCompliance } from './evaluate.js';
import { EERA_V1, MMBA_V1, RULE_SETS, currentRuleSetFor, findRuleSet } from './rule-sets.js';

describe('rule sets', () => {
  it('are versioned per statute, with unique rule ids prefixed by the statute', () => {
    expect(RULE_SETS.map((set) => set.id)).toEqual(['eera.v1', 'mmba.v1']);
    for (const set of RULE_SETS) {
      const ids = set.rules.map((rule) => rule.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => id.startsWith(`${set.statute.toLowerCase()}.`))).toBe(true);
      expect(set.rules.every((rule) => rule.citation.length > 0 && rule.description.length > 0)).toBe(true);
    }
  });

  it('find the current set of a statute, and none for a statute without one', () => {
    expect(currentRuleSetFor('EERA')).toBe(EERA_V1);
    expect(currentRuleSetFor('MMBA')).toBe(MMBA_V1);
    expect(currentRuleSetFor('HEERA')).toBeUndefined();
    expect(findRuleSet('eera.v1')).toBe(EERA_V1);
    expect(findRuleSet('eera.v9')).toBeUndefined();
  });

  it('document the cost disclosure lead time', () => {
    expect(EERA_V1.parameters['costDisclosureMinimumLeadDays']).toBe(3);
  });
});

describe('evaluateCompliance', () => {
  const events = recordNegotiation([open(), session(1, '2025-02-01'), ...sunshined()]);

  it('names the rule, its citation and rule set, the subject, the dates and the facts of each flag', () => {
    const negotiation = negotiationFacts(events);
    const { flags, ruleSet, statute, asOf } = evaluateCompliance(EERA_V1, { unitId: 'bayview_teachers', negotiation, requests: [] }, '2025-03-01');
    expect({ ruleSet, statute, asOf }).toEqual({ ruleSet: 'eera.v1', statute: 'EERA', asOf: '2025-03-01' });
    expect(flags).toEqual([
      {
        ruleId: 'eera.session-before-sunshine',
        ruleSet: 'eera.v1',
        statute: 'EERA',
        citation: 'Gov. Code 3547(a)-(c)',
        title: 'Session held before the initial proposals were sunshined',
        severity: 'high',
        unitId: 'bayview_teachers',
        negotiationId: 'bayview_2025',
        requestId: null,
        raisedOn: '2025-02-01',
        message: expect.stringContaining('Session 1 was held on 2025-02-01, before the sunshine steps were complete'),
        dates: { heldOn: '2025-02-01', unionProposalPresentedOn: '2025-02-12', employerProposalPresentedOn: '2025-02-12', publicCommentHeardOn: '2025-02-12', employerProposalAdoptedOn: '2025-02-12' },
        details: { sessionNumber: 1, missingSteps: expect.any(Array) },
        facts: expect.arrayContaining([
          { eventId: events[1]!.eventId, type: 'SessionHeld', stream: 'negotiation-bayview_2025', on: '2025-02-01', recordedAt: events[1]!.recordedAt, as: 'session', correctedBy: [] },
        ]),
        classification: 'internal',
      },
    ]);
  });

  it('gives a flag the highest classification among its facts', () => {
    const confidentialSession = events.map((e, i) => (i === 1 ? { ...e, classification: { level: 'confidential' as const, basis: 'test' } } : e));
    const [flag] = evaluateCompliance(EERA_V1, { unitId: 'bayview_teachers', negotiation: negotiationFacts(confidentialSession), requests: [] }, '2025-03-01').flags;
    expect(flag!.classification).toBe('confidential');
  });

  it('raises nothing on a negotiation not yet opened by asOf, and refuses a malformed day', () => {
    const negotiation = negotiationFacts(events);
    expect(evaluateCompliance(EERA_V1, { unitId: 'u', negotiation, requests: [] }, '2025-01-01').flags).toEqual([]);
    expect(() => evaluateCompliance(EERA_V1, { unitId: 'u', negotiation, requests: [] }, '2025-02-30')).toThrow(RangeError);
  });
});
