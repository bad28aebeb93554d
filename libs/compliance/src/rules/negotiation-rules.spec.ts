import type { NegotiationCommand } from '#bargaining';
import { adopt, comment, factsOf, initial, n, negotiationFacts, open, recordNegotiation, session, sunshine, sunshined, table } from '../../test/fixtures.js';
import { evaluateCompliance } from './evaluate.js';
import { EERA_V1, MMBA_V1 } from './rule-sets.js';
import type { ComplianceFlag, RuleSet } from './types.js';

const evaluate = (ruleSet: RuleSet, commands: NegotiationCommand[], asOf: string) => {
  const negotiation = factsOf(...commands);
  return evaluateCompliance(ruleSet, { unitId: negotiation.unitId, negotiation, requests: [] }, asOf);
};
const flags = (ruleSet: RuleSet, ruleId: string, commands: NegotiationCommand[], asOf = '2026-06-01'): ComplianceFlag[] =>
  evaluate(ruleSet, commands, asOf).flags.filter((f) => f.ruleId === ruleId);

describe('eera.session-before-sunshine (Gov. Code 3547(a)-(c))', () => {
  const rule = 'eera.session-before-sunshine';

  it('flags a session held before either initial proposal was presented, naming every missing step', () => {
    const [flag] = flags(EERA_V1, rule, [session(1, '2025-02-01'), ...sunshined()]);
    expect(flag).toMatchObject({
      severity: 'high',
      raisedOn: '2025-02-01',
      details: { missingSteps: ['union-initial-proposal-presented', 'employer-initial-proposal-presented', 'public-comment-heard', 'employer-proposal-adopted'] },
    });
    expect(flag!.facts.map((f) => f.as)).toEqual([
      'session',
      "union's initial proposal presented, later",
      "employer's initial proposal presented, later",
      'public comment heard, later',
      'employer proposal adopted, later',
    ]);
  });

  it('does not flag a session once every step is done, the same day counting as done', () => {
    expect(flags(EERA_V1, rule, [...sunshined(undefined, '2025-02-12'), session(1, '2025-02-12')])).toEqual([]);
  });

  it('takes an adoption by the day for the public comment when no comment is recorded at all', () => {
    const commands = [sunshine('union', ['10'], '2025-02-12'), sunshine('employer', ['10'], '2025-02-12'), adopt('2025-02-26'), session(1, '2025-03-05')];
    expect(flags(EERA_V1, rule, commands)).toEqual([]);
  });

  it('counts a public comment recorded only after the session as missing, even when the adoption came first', () => {
    const commands = [sunshine('union', ['10'], '2025-02-12'), sunshine('employer', ['10'], '2025-02-12'), adopt('2025-02-26'), session(1, '2025-03-05'), comment('2025-03-12')];
    expect(flags(EERA_V1, rule, commands)[0]).toMatchObject({ details: { missingSteps: ['public-comment-heard'] } });
  });

  it('judges the record as it stood on asOf: a session after asOf raises nothing yet', () => {
    expect(flags(EERA_V1, rule, [session(1, '2025-02-01')], '2025-01-31')).toEqual([]);
  });

  it('is not an MMBA rule', () => {
    expect(evaluate(MMBA_V1, [open('MMBA'), session(1, '2025-02-01')], '2026-01-01').flags).toEqual([]);
  });

  it('reads a corrected session date: mis-keyed as 2025-03-13 (after adoption), corrected to 2025-03-05 (before it)', () => {
    const prior = recordNegotiation([open(), sunshine('union', ['10'], '2025-02-12'), sunshine('employer', ['10'], '2025-02-12'), comment('2025-02-26'), adopt('2025-03-12'), session(1, '2025-03-13')]);
    const sessionEvent = prior.at(-1)!;
    const corrected = recordNegotiation(
      [n('RecordCorrection', { correctedEventId: sessionEvent.eventId, correctedEventType: 'SessionHeld', reason: 'Held on 2025-03-05, keyed as 03-13', correctedFields: { occurredAt: { at: '2025-03-05', precision: 'day' } } }, '2025-04-01')],
      undefined,
      prior,
    );
    const negotiation = negotiationFacts(corrected);
    const run = (asOf: string) => evaluateCompliance(EERA_V1, { unitId: negotiation.unitId, negotiation, requests: [] }, asOf).flags;
    expect(evaluateCompliance(EERA_V1, { unitId: negotiation.unitId, negotiation: negotiationFacts(prior), requests: [] }, '2025-12-31').flags).toEqual([]);
    const [flag] = run('2025-12-31');
    expect(flag).toMatchObject({ ruleId: rule, raisedOn: '2025-03-05', dates: { heldOn: '2025-03-05' } });
    expect(flag!.facts[0]).toMatchObject({ eventId: sessionEvent.eventId, on: '2025-03-05', correctedBy: [corrected.at(-1)!.eventId] });
  });
});

describe('eera.new-subject-not-public-within-24-hours (Gov. Code 3547(d))', () => {
  const rule = 'eera.new-subject-not-public-within-24-hours';
  const base = sunshined(['10', '15']);
  const disclose = (articles: string[], at: string) => n('MakeNewSubjectPublic', { side: 'union', articles, how: 'Posted on the district website' }, at);

  it('does not flag an article that was in the sunshined proposals', () => {
    expect(flags(EERA_V1, rule, [...base, table('u1', 'union', ['10', '15'], '2025-03-01')])).toEqual([]);
  });

  it('does not flag a new article made public by the next day', () => {
    expect(flags(EERA_V1, rule, [...base, table('u1', 'union', ['30'], '2025-03-01'), disclose(['30'], '2025-03-02')])).toEqual([]);
  });

  it('flags a new article made public two days after it was tabled', () => {
    expect(flags(EERA_V1, rule, [...base, table('u1', 'union', ['10', '30'], '2025-03-01'), disclose(['30'], '2025-03-03')])).toEqual([
      expect.objectContaining({
        severity: 'medium',
        raisedOn: '2025-03-03',
        dates: { tabledOn: '2025-03-01', deadline: '2025-03-02', madePublicOn: '2025-03-03' },
        details: { article: '30', side: 'union', proposalId: 'u1', daysToPublic: 2 },
      }),
    ]);
  });

  it('flags a new article never made public once the day after its tabling has passed, and only then', () => {
    const commands = [...base, table('u1', 'union', ['30'], '2025-03-01')];
    expect(flags(EERA_V1, rule, commands, '2025-03-02')).toEqual([]);
    expect(flags(EERA_V1, rule, commands, '2025-03-03')).toEqual([expect.objectContaining({ raisedOn: '2025-03-03', details: expect.objectContaining({ article: '30' }) })]);
  });

  it('flags a subject once, at its first tabling', () => {
    const commands = [...base, table('u1', 'union', ['30'], '2025-03-01'), table('d1', 'employer', ['30'], '2025-03-08')];
    expect(flags(EERA_V1, rule, commands).map((f) => f.details['proposalId'])).toEqual(['u1']);
  });

  it('leaves a proposal tabled before any sunshine to the session rule', () => {
    expect(flags(EERA_V1, rule, [table('u1', 'union', ['30'], '2025-01-20'), ...base])).toEqual([]);
  });

  it('flags the proposal, not its confidential costing: the flag stays internal', () => {
    const [flag] = flags(EERA_V1, rule, [...base, table('d1', 'employer', ['30'], '2025-03-01', true)]);
    expect(flag).toMatchObject({ classification: 'internal' });
    expect(flag!.facts.map((f) => f.type)).toEqual(['ProposalTabled']);
  });
});

describe('eera.cost-disclosure-before-approval (Gov. Code 3547.5(a)) and eera.cost-disclosure-certified (3547.5(b))', () => {
  const rule = 'eera.cost-disclosure-before-approval';
  const settle = [initial('ta_all', 'employer', '2025-12-10', ['10']), initial('ta_all', 'union', '2025-12-10'), n('ReachSettlement', { taIds: ['ta_all'], term: { start: '2025-07-01', end: '2028-06-30' }, summary: 'Successor agreement' }, '2025-12-10')];
  const disclose = (at: string, certified = true) =>
    n('DiscloseSettlementCosts', {
      meeting: `Board meeting ${at}`,
      summary: 'Public disclosure',
      costs: [],
      certifiedBy: certified ? { superintendent: 'Dr. M. Chen', chiefBusinessOfficial: 'P. Okafor' } : { superintendent: 'Dr. M. Chen', chiefBusinessOfficial: null },
    }, at);
  const approve = (at: string) => n('ApproveByGoverningBody', { governingBody: 'Board of Education', resolutionNumber: '25-26/19' }, at);

  it('does not flag a disclosure 7 days (or exactly 3) before the approval', () => {
    expect(flags(EERA_V1, rule, [...settle, disclose('2026-01-07'), approve('2026-01-14')])).toEqual([]);
    expect(flags(EERA_V1, rule, [...settle, disclose('2026-01-11'), approve('2026-01-14')])).toEqual([]);
  });

  it('flags (medium) a disclosure fewer than 3 days before the approval, the same day included', () => {
    expect(flags(EERA_V1, rule, [...settle, disclose('2026-01-12'), approve('2026-01-14')])).toEqual([
      expect.objectContaining({ severity: 'medium', raisedOn: '2026-01-14', details: { reason: 'disclosed-too-close-to-approval', leadDays: 2, minimumLeadDays: 3 } }),
    ]);
    expect(flags(EERA_V1, rule, [...settle, disclose('2026-01-14'), approve('2026-01-14')])[0]).toMatchObject({ details: { leadDays: 0 } });
  });

  it('flags (high) an approval with no disclosure before it, or one only after it', () => {
    expect(flags(EERA_V1, rule, [...settle, approve('2026-01-14')])).toEqual([
      expect.objectContaining({ severity: 'high', details: { reason: 'no-disclosure-before-approval' }, dates: { approvedOn: '2026-01-14', settlementReachedOn: '2025-12-10' } }),
    ]);
    const [late] = flags(EERA_V1, rule, [...settle, approve('2026-01-14'), disclose('2026-01-20')]);
    expect(late).toMatchObject({ severity: 'high', details: { reason: 'disclosed-after-approval' }, dates: { approvedOn: '2026-01-14', disclosedOn: '2026-01-20' } });
    expect(late!.facts.map((f) => f.as)).toEqual(['approval', 'cost disclosure, after approval', 'settlement']);
    // As of the approval day, the later disclosure is not yet on the record.
    expect(flags(EERA_V1, rule, [...settle, approve('2026-01-14'), disclose('2026-01-20')], '2026-01-15')[0]).toMatchObject({ details: { reason: 'no-disclosure-before-approval' } });
  });

  it('raises nothing before the board acts', () => {
    expect(flags(EERA_V1, rule, [...settle, disclose('2026-01-07')])).toEqual([]);
  });

  it('flags an approval none of whose disclosures was certified by both officials', () => {
    expect(flags(EERA_V1, 'eera.cost-disclosure-certified', [...settle, disclose('2026-01-07', false), approve('2026-01-14')])).toEqual([
      expect.objectContaining({ severity: 'medium', citation: 'Gov. Code 3547.5(b)', raisedOn: '2026-01-14' }),
    ]);
    expect(flags(EERA_V1, 'eera.cost-disclosure-certified', [...settle, disclose('2026-01-07', false), disclose('2026-01-08'), approve('2026-01-14')])).toEqual([]);
  });
});

describe('factfinding report made public within 10 days (EERA 3548.3(a), MMBA 3505.5(a))', () => {
  const impasse = [n('DeclareImpasse', { declaredBy: 'union', form: 'written' }, '2025-06-18'), n('CertifyFactfinding', {}, '2025-09-03')];
  const issue = (at: string) => n('IssueFactfindingReport', { summary: null }, at);
  const publish = (at: string) => n('MakeFactfindingReportPublic', { how: null }, at);

  it('does not flag a report made public on the 10th day', () => {
    expect(flags(EERA_V1, 'eera.factfinding-report-public-within-10-days', [...impasse, issue('2025-11-03'), publish('2025-11-13')])).toEqual([]);
  });

  it('flags a report made public on the 11th day, under MMBA with its own citation', () => {
    expect(flags(MMBA_V1, 'mmba.factfinding-report-public-within-10-days', [open('MMBA'), ...impasse, issue('2025-11-03'), publish('2025-11-14')])).toEqual([
      expect.objectContaining({ citation: 'Gov. Code 3505.5(a)', statute: 'MMBA', raisedOn: '2025-11-14', details: { days: 11, allowedDays: 10 } }),
    ]);
  });

  it('flags a report not yet public once the tenth day has passed', () => {
    const commands = [...impasse, issue('2025-11-03')];
    expect(flags(EERA_V1, 'eera.factfinding-report-public-within-10-days', commands, '2025-11-13')).toEqual([]);
    expect(flags(EERA_V1, 'eera.factfinding-report-public-within-10-days', commands, '2025-11-20')).toEqual([
      expect.objectContaining({ details: { days: 17, allowedDays: 10, pending: true } }),
    ]);
  });
});

describe('TA withdrawn under closed-TA ground rules', () => {
  const rules = (taRule: 'closed-once-initialed' | 'reopenable-until-global', at = '2025-01-29') => n('AgreeGroundRules', { taRule }, at);
  const withdraw = (at: string) => n('WithdrawTentativeAgreement', { taId: 'ta_23', withdrawnBy: 'employer', reason: 'Costing changed' }, at);
  const ta = [initial('ta_23', 'employer', '2025-04-02', ['23']), initial('ta_23', 'union', '2025-04-04')];

  it('flags a withdrawal while the ground rules close TAs once initialed', () => {
    const [flag] = flags(EERA_V1, 'eera.ta-withdrawn-under-closed-rules', [rules('closed-once-initialed'), ...ta, withdraw('2025-05-01')]);
    expect(flag).toMatchObject({ severity: 'medium', raisedOn: '2025-05-01', details: { taId: 'ta_23', withdrawnBy: 'employer', initialedBy: ['employer', 'union'] } });
    expect(flag!.facts.map((f) => f.as)).toEqual(['TA withdrawn', 'ground rules', 'TA initialed by the employer', 'TA initialed by the union']);
  });

  it('does not flag one under "nothing is agreed until everything is agreed", nor before closed rules took effect', () => {
    expect(flags(EERA_V1, 'eera.ta-withdrawn-under-closed-rules', [rules('reopenable-until-global'), ...ta, withdraw('2025-05-01')])).toEqual([]);
    expect(flags(MMBA_V1, 'mmba.ta-withdrawn-under-closed-rules', [open('MMBA'), rules('reopenable-until-global'), ...ta, withdraw('2025-05-01'), rules('closed-once-initialed', '2025-05-15')])).toEqual([]);
  });
});

describe('MMBA imposition (Gov. Code 3505.4, 3505.7)', () => {
  const impose = (at: string) => n('ImposeLastBestFinalOffer', { governingBody: 'City Council', articles: ['5'], summary: 'Last, best and final offer' }, at);
  const declare = n('DeclareImpasse', { declaredBy: 'employer', form: 'written' }, '2025-06-01');
  const hearing = (at: string) => n('HoldImpasseHearing', { governingBody: 'City Council' }, at);
  const report = [n('IssueFactfindingReport', { summary: null }, '2025-09-01'), n('MakeFactfindingReportPublic', { how: null }, '2025-09-03')];
  const ids = (commands: NegotiationCommand[]) => evaluate(MMBA_V1, [open('MMBA'), ...commands], '2026-06-01').flags.map((f) => [f.ruleId, f.details['reasons'] ?? null]);

  it('flags an imposition with no impasse and no public hearing', () => {
    expect(ids([impose('2025-07-01')])).toEqual([
      ['mmba.imposition-without-impasse-procedures', ['no-impasse-declared']],
      ['mmba.imposition-without-public-hearing', null],
    ]);
  });

  it('does not flag one after impasse, factfinding report and public hearing, 10 days after the report', () => {
    expect(ids([declare, n('CertifyFactfinding', {}, '2025-07-01'), ...report, hearing('2025-09-08'), impose('2025-09-11')])).toEqual([]);
  });

  it('flags an imposition fewer than 10 days after the factfinding report, or with factfinding unfinished', () => {
    expect(ids([declare, n('CertifyFactfinding', {}, '2025-07-01'), ...report, hearing('2025-09-05'), impose('2025-09-06')])).toEqual([
      ['mmba.imposition-without-impasse-procedures', ['within-10-days-of-factfinding-report']],
    ]);
    expect(ids([declare, n('CertifyFactfinding', {}, '2025-07-01'), hearing('2025-09-05'), impose('2025-09-06')])).toEqual([
      ['mmba.imposition-without-impasse-procedures', ['factfinding-not-concluded']],
    ]);
  });

  it('under EERA flags an imposition without impasse but asks for no public hearing', () => {
    expect(evaluate(EERA_V1, [impose('2025-07-01')], '2026-01-01').flags.map((f) => f.ruleId)).toEqual(['eera.imposition-without-impasse-procedures']);
  });
});

describe('mmba.governing-body-vote-within-30-days (Gov. Code 3505.1)', () => {
  const rule = 'mmba.governing-body-vote-within-30-days';
  const settle = [open('MMBA'), initial('ta_all', 'employer', '2025-12-01', ['5']), initial('ta_all', 'union', '2025-12-01'), n('ReachSettlement', { taIds: ['ta_all'], term: { start: '2025-07-01', end: '2027-06-30' }, summary: 'MOU' }, '2025-12-01')];
  const consider = (at: string, meeting: string | null = `Council meeting ${at}`) => n('DiscloseSettlementCosts', { meeting, summary: 'Costs of the MOU', costs: [], certifiedBy: { superintendent: null, chiefBusinessOfficial: null } }, at);
  const approve = (at: string) => n('ApproveByGoverningBody', { governingBody: 'City Council', resolutionNumber: '2026-4' }, at);

  it('does not flag a vote within 30 days of first consideration', () => {
    expect(flags(MMBA_V1, rule, [...settle, consider('2026-01-06'), approve('2026-02-05')])).toEqual([]);
  });

  it('flags a vote 31 days after first consideration, and no vote once the 30 days have passed', () => {
    expect(flags(MMBA_V1, rule, [...settle, consider('2026-01-06'), approve('2026-02-06')])).toEqual([
      expect.objectContaining({ raisedOn: '2026-02-06', dates: { firstConsideredOn: '2026-01-06', deadline: '2026-02-05', approvedOn: '2026-02-06' }, details: { days: 31, allowedDays: 30 } }),
    ]);
    expect(flags(MMBA_V1, rule, [...settle, consider('2026-01-06')], '2026-02-05')).toEqual([]);
    expect(flags(MMBA_V1, rule, [...settle, consider('2026-01-06')], '2026-02-10')).toEqual([expect.objectContaining({ details: { days: 35, allowedDays: 30, pending: true } })]);
  });

  it('reports the rule as not evaluated when no consideration at a public meeting is recorded', () => {
    const evaluation = evaluate(MMBA_V1, [...settle, consider('2026-01-06', null), approve('2026-03-01')], '2026-06-01');
    expect(evaluation.flags.filter((f) => f.ruleId === rule)).toEqual([]);
    expect(evaluation.notEvaluated).toEqual([{ ruleId: rule, negotiationId: 'bayview_2025', reason: expect.stringContaining('no consideration of the settlement of 2025-12-01') }]);
  });
});

describe('mmba.meet-and-confer-without-written-notice (Gov. Code 3504.5(a))', () => {
  const rule = 'mmba.meet-and-confer-without-written-notice';
  it('flags a meet-and-confer opened with no written notice, not one with notice given', () => {
    expect(flags(MMBA_V1, rule, [open('MMBA', '2025-03-01', { kind: 'meet-and-confer', subject: 'Drug testing policy' })])).toEqual([
      expect.objectContaining({ raisedOn: '2025-03-01', severity: 'medium' }),
    ]);
    expect(flags(MMBA_V1, rule, [open('MMBA', '2025-03-01', { kind: 'meet-and-confer', subject: 'Drug testing policy', writtenNoticeGivenOn: '2025-02-15' })])).toEqual([]);
  });

  it('with notice known only as a month: no flag when the whole month is on or before the opening, a flag when all of it is after, and cannot evaluate otherwise', () => {
    const opened = (on: string, at: string) => [open('MMBA', on, { kind: 'meet-and-confer', subject: 'Drug testing policy', writtenNoticeGiven: { at, precision: 'month' } })];
    const evaluated = (commands: ReturnType<typeof opened>) => {
      const negotiation = factsOf(...commands);
      const evaluation = evaluateCompliance(MMBA_V1, { unitId: negotiation.unitId, negotiation, requests: [] }, '2026-06-01');
      return { flags: evaluation.flags.filter((f) => f.ruleId === rule), notEvaluated: evaluation.notEvaluated.filter((n) => n.ruleId === rule).map((n) => n.reason) };
    };
    expect(evaluated(opened('2025-03-01', '2025-02'))).toEqual({ flags: [], notEvaluated: [] });
    const late = evaluated(opened('2025-03-01', '2025-04'));
    expect(late.notEvaluated).toEqual([]);
    expect(late.flags.map((f) => f.message)).toEqual(['Meet and confer opened on 2025-03-01; written notice of the proposed rule was given only in April 2025.']);
    expect(evaluated(opened('2025-03-15', '2025-03'))).toEqual({ flags: [], notEvaluated: ['cannot evaluate: the day written notice was given is known only as March 2025'] });
  });
});
