import type { NegotiationCommand } from '#bargaining';
import type { InformationRequestCommand } from '#information-requests';
import type { BusinessTime } from '#kernel';
import { factsOf, initial, n, open, r, recordRequest, requestFacts, session, sunshined, table } from '../../test/fixtures.js';
import { evaluateCompliance } from './evaluate.js';
import { EERA_V1 } from './rule-sets.js';

/*
 * A rule that cannot decide because a date is known only as a month, a range or a bound says so
 * ("cannot evaluate: …") instead of raising a breach or passing; where the imprecise date still
 * decides the question, the rule answers as usual.
 */

const dated = <C extends NegotiationCommand>(command: C, occurredAt: BusinessTime): C => ({ ...command, metadata: { ...command.metadata, occurredAt } });

const evaluate = (commands: NegotiationCommand[], asOf = '2026-06-01') => {
  const negotiation = factsOf(...commands);
  return evaluateCompliance(EERA_V1, { unitId: negotiation.unitId, negotiation, requests: [] }, asOf);
};
const about = (ruleId: string, commands: NegotiationCommand[], asOf?: string) => {
  const evaluation = evaluate(commands, asOf);
  return { flags: evaluation.flags.filter((f) => f.ruleId === ruleId), notEvaluated: evaluation.notEvaluated.filter((r) => r.ruleId === ruleId).map((r) => r.reason) };
};

describe('session before sunshine, with a session known only as a month', () => {
  const rule = 'eera.session-before-sunshine';

  it('cannot evaluate a session of "February 2025" against sunshine steps of 12 February 2025', () => {
    const result = about(rule, [...sunshined(undefined, '2025-02-12'), dated(session(1, '2025-02-01'), { at: '2025-02', precision: 'month' })]);
    expect(result.flags).toEqual([]);
    expect(result.notEvaluated).toEqual(['cannot evaluate: the date of session 1 is known only as February 2025']);
  });

  it('flags it when every possible day of the month is before the steps', () => {
    const result = about(rule, [...sunshined(undefined, '2025-03-12'), dated(session(1, '2025-02-01'), { at: '2025-02', precision: 'month' })]);
    expect(result.notEvaluated).toEqual([]);
    expect(result.flags).toHaveLength(1);
    expect(result.flags[0]!.message).toContain('Session 1 was held in February 2025, before the sunshine steps were complete');
  });

  it('passes it when every possible day is on or after the steps', () => {
    const result = about(rule, [...sunshined(undefined, '2025-01-20'), dated(session(1, '2025-02-01'), { at: '2025-02-01', precision: 'on-or-after' })]);
    expect(result).toEqual({ flags: [], notEvaluated: [] });
  });

  it('cannot evaluate when a step is known only by a bound that leaves the order open', () => {
    const [union, employer, comment, adopt] = sunshined(undefined, '2025-02-12');
    const result = about(rule, [union!, employer!, comment!, dated(adopt!, { at: '2025-03-20', precision: 'on-or-before' }), session(1, '2025-03-05')]);
    expect(result.flags).toEqual([]);
    expect(result.notEvaluated).toEqual(["cannot evaluate: the date of the employer's initial proposal adopted at an open meeting is known only as on or before 20 March 2025"]);
  });
});

describe('factfinding report made public within 10 days, with imprecise dates', () => {
  const rule = 'eera.factfinding-report-public-within-10-days';
  const impasse = [n('DeclareImpasse', { declaredBy: 'union', form: 'written' }, '2025-06-18'), n('CertifyFactfinding', {}, '2025-09-03')];
  const issue = (at: string) => n('IssueFactfindingReport', { summary: null }, at);
  const publish = (at: string) => n('MakeFactfindingReportPublic', { how: null }, at);

  it('cannot evaluate a report issued "November 2025" and made public on 15 November 2025', () => {
    const result = about(rule, [...impasse, dated(issue('2025-11-01'), { at: '2025-11', precision: 'month' }), publish('2025-11-15')]);
    expect(result.flags).toEqual([]);
    expect(result.notEvaluated).toEqual(['cannot evaluate: the date the factfinding report was issued is known only as November 2025']);
  });

  it('flags it when even the latest possible issue day is more than 10 days before publication', () => {
    const result = about(rule, [...impasse, dated(issue('2025-10-01'), { at: '2025-10-01', precision: 'between', until: '2025-10-10' }), publish('2025-11-15')]);
    expect(result.notEvaluated).toEqual([]);
    expect(result.flags.map((f) => f.message)).toEqual(['The factfinding report issued between 1 and 10 October 2025 was made public on 2025-11-15, at least 36 days later (10 allowed).']);
  });

  it('cannot evaluate a report not yet public while its deadline may not have passed', () => {
    const result = about(rule, [...impasse, dated(issue('2025-11-01'), { at: '2025-11', precision: 'month' })], '2025-11-20');
    expect(result.flags).toEqual([]);
    expect(result.notEvaluated).toEqual(['cannot evaluate: the date the factfinding report was issued is known only as November 2025']);
  });
});

describe('information request rules, with a request received on a day known only as a month', () => {
  const evaluateRequest = (commands: InformationRequestCommand[], asOf: string) => {
    const request = requestFacts(recordRequest(commands));
    return evaluateCompliance(EERA_V1, { unitId: request.unitId, negotiation: null, requests: [request] }, asOf);
  };
  const receivedIn = (time: BusinessTime) => {
    const receipt = r.receive('2025-04-01');
    return { ...receipt, metadata: { ...receipt.metadata, occurredAt: time } };
  };

  it('cannot evaluate whether it is overdue while the due date depends on the day of receipt', () => {
    const evaluation = evaluateRequest([receivedIn({ at: '2025-04', precision: 'month' })], '2025-04-25');
    expect(evaluation.flags).toEqual([]);
    expect(evaluation.notEvaluated.map((n) => [n.ruleId, n.reason])).toEqual([
      ['eera.information-request-overdue', 'cannot evaluate: the date information request rfi_2025_007 was received is known only as April 2025, and its due date counts from that day'],
      ['eera.information-request-no-response-past-due', 'cannot evaluate: the date information request rfi_2025_007 was received is known only as April 2025, and its due date counts from that day'],
    ]);
  });

  it('passes what is on time even against the earliest possible due date', () => {
    const evaluation = evaluateRequest([receivedIn({ at: '2025-04', precision: 'month' }), r.produce('2025-04-10', 1, 'complete'), r.produce('2025-04-10', 2, 'complete')], '2025-06-01');
    expect(evaluation).toMatchObject({ flags: [], notEvaluated: [] });
  });

  it('judges a request received on a day as before', () => {
    expect(evaluateRequest([r.receive('2025-04-10')], '2025-04-25').flags.map((f) => f.ruleId)).toEqual(['eera.information-request-no-response-past-due', 'eera.information-request-overdue']);
  });
});

describe('the rules that compare days as days, with a date known only as a month, a range or a bound', () => {
  const settle = [open(), initial('ta_all', 'employer', '2025-12-10', ['10']), initial('ta_all', 'union', '2025-12-10'), n('ReachSettlement', { taIds: ['ta_all'], term: { start: '2025-07-01', end: '2028-06-30' }, summary: 'Successor agreement' }, '2025-12-10')];
  const disclose = (at: string) =>
    n('DiscloseSettlementCosts', { meeting: `Board meeting ${at}`, summary: 'Public disclosure', costs: [], certifiedBy: { superintendent: 'Dr. M. Chen', chiefBusinessOfficial: 'P. Okafor' } }, at);
  const approve = (at: string) => n('ApproveByGoverningBody', { governingBody: 'Board of Education', resolutionNumber: '25-26/19' }, at);

  it('cost disclosure before approval: cannot evaluate a disclosure of "January 2026" against an approval on 14 January 2026, and flags nothing it cannot be sure of', () => {
    const result = about('eera.cost-disclosure-before-approval', [...settle, dated(disclose('2026-01-01'), { at: '2026-01', precision: 'month' }), approve('2026-01-14')]);
    expect(result.flags).toEqual([]);
    expect(result.notEvaluated).toEqual(['cannot evaluate: the date of a cost disclosure is known only as January 2026']);
    // Known to the day, the same facts are judged as before: seven days ahead, no flag, nothing undecided.
    expect(about('eera.cost-disclosure-before-approval', [...settle, disclose('2026-01-07'), approve('2026-01-14')])).toEqual({ flags: [], notEvaluated: [] });
  });

  it('cost disclosure before approval: cannot evaluate a disclosure known only by a bound', () => {
    const result = about('eera.cost-disclosure-before-approval', [...settle, dated(disclose('2025-12-01'), { at: '2025-12-01', precision: 'on-or-after' }), approve('2026-01-14')]);
    expect(result.notEvaluated).toEqual(['cannot evaluate: the date of a cost disclosure is known only as on or after 1 December 2025']);
  });

  it('new subject within 24 hours: cannot evaluate a proposal tabled "March 2025" after the initial proposals', () => {
    const result = about('eera.new-subject-not-public-within-24-hours', [open(), ...sunshined(['10'], '2025-02-12'), dated(table('u2', 'union', ['30'], '2025-03-01'), { at: '2025-03', precision: 'month' })]);
    expect(result.flags).toEqual([]);
    expect(result.notEvaluated).toEqual(['cannot evaluate: the date of a proposal tabled is known only as March 2025']);
  });

  it('says nothing when the rule has nothing to judge: an imprecise proposal with no approval on record leaves the cost rules silent', () => {
    expect(about('eera.cost-disclosure-before-approval', [open(), dated(table('u2', 'union', ['30'], '2025-03-01'), { at: '2025-03', precision: 'month' })])).toEqual({ flags: [], notEvaluated: [] });
  });
});
