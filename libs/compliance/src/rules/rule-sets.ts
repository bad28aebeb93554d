import type { Statute } from '#bargaining';
import {
  informationRequestAnsweredLate,
  informationRequestLateObjection,
  informationRequestNoResponsePastDue,
  informationRequestOverdue,
} from './information-request-rules.js';
import {
  costDisclosureCertified,
  costsDisclosedBeforeApproval,
  factfindingReportPublicInTime,
  governingBodyVoteInTime,
  impositionWithoutImpasseProcedures,
  impositionWithoutPublicHearing,
  meetAndConferWithoutWrittenNotice,
  newSubjectNotMadePublic,
  sessionBeforeSunshine,
  taWithdrawnUnderClosedRules,
} from './negotiation-rules.js';
import type { ComplianceRule, RuleSet } from './types.js';

/*
 * Versioned rule sets per statute. A rule set never changes once released: a changed rule or
 * threshold is a new version (eera.v2) beside it, so flags computed with eera.v1 can be reproduced.
 * Rules run over gathered facts at query time; a new version needs no migration of the read model.
 */

/**
 * EERA 3547.5 asks only that the costs be disclosed at a public meeting *before* the employer
 * enters into the agreement. Disclosure at the approving meeting itself satisfies the letter but
 * leaves the public no time to read what it is told; three days is the Brown Act's own measure of
 * fair notice to the public (a regular meeting's agenda is posted 72 hours ahead, Gov. Code
 * 54954.2(a)), so a disclosure fewer than 3 calendar days before the approval is flagged (medium).
 * Many county offices ask for more (10 working days to review, Gov. Code 3540.2 for districts under
 * a qualified or negative certification); an office that wants that publishes a stricter version.
 */
export const EERA_COST_DISCLOSURE_MINIMUM_LEAD_DAYS = 3;

/** PERB has held a six-week unexplained delay in furnishing requested information unlawful. */
export const UNEXPLAINED_DELAY_DAYS = 42;

const informationRequestRules = (statute: 'eera' | 'mmba', citation: string): ComplianceRule[] => [
  informationRequestOverdue({ id: `${statute}.information-request-overdue`, citation, unexplainedDelayDays: UNEXPLAINED_DELAY_DAYS }),
  informationRequestNoResponsePastDue({ id: `${statute}.information-request-no-response-past-due`, citation }),
  informationRequestAnsweredLate({ id: `${statute}.information-request-answered-late`, citation }),
  informationRequestLateObjection({ id: `${statute}.information-request-late-objection`, citation: `${citation}; objections not raised promptly are waived` }),
];

export const EERA_V1: RuleSet = {
  id: 'eera.v1',
  statute: 'EERA',
  version: 1,
  description: 'Educational Employment Relations Act (Gov. Code 3540 et seq.): K-12 districts and community colleges.',
  parameters: {
    newSubjectDisclosureDays: 1,
    costDisclosureMinimumLeadDays: EERA_COST_DISCLOSURE_MINIMUM_LEAD_DAYS,
    factfindingReportPublicDays: 10,
    informationRequestUnexplainedDelayDays: UNEXPLAINED_DELAY_DAYS,
  },
  rules: [
    sessionBeforeSunshine({ id: 'eera.session-before-sunshine', citation: 'Gov. Code 3547(a)-(c)' }),
    newSubjectNotMadePublic({ id: 'eera.new-subject-not-public-within-24-hours', citation: 'Gov. Code 3547(d)', days: 1 }),
    costsDisclosedBeforeApproval({ id: 'eera.cost-disclosure-before-approval', citation: 'Gov. Code 3547.5(a)', minimumLeadDays: EERA_COST_DISCLOSURE_MINIMUM_LEAD_DAYS }),
    costDisclosureCertified({ id: 'eera.cost-disclosure-certified', citation: 'Gov. Code 3547.5(b)' }),
    factfindingReportPublicInTime({ id: 'eera.factfinding-report-public-within-10-days', citation: 'Gov. Code 3548.3(a)', days: 10 }),
    taWithdrawnUnderClosedRules({ id: 'eera.ta-withdrawn-under-closed-rules', citation: 'Ground rules (TAs closed once initialed); Gov. Code 3543.5(c), 3543.6(c) (good-faith negotiation)' }),
    impositionWithoutImpasseProcedures({ id: 'eera.imposition-without-impasse-procedures', citation: 'Gov. Code 3548-3548.3 (impasse procedures exhausted before implementation)', daysAfterReport: null }),
    ...informationRequestRules('eera', 'Gov. Code 3543.5(b), (c) (duty to furnish information relevant to representation)'),
  ],
};

export const MMBA_V1: RuleSet = {
  id: 'mmba.v1',
  statute: 'MMBA',
  version: 1,
  description: 'Meyers-Milias-Brown Act (Gov. Code 3500 et seq.): cities, counties and special districts.',
  parameters: {
    factfindingReportPublicDays: 10,
    impositionDaysAfterFactfindingReport: 10,
    governingBodyVoteDays: 30,
    informationRequestUnexplainedDelayDays: UNEXPLAINED_DELAY_DAYS,
  },
  rules: [
    meetAndConferWithoutWrittenNotice({ id: 'mmba.meet-and-confer-without-written-notice', citation: 'Gov. Code 3504.5(a)' }),
    factfindingReportPublicInTime({ id: 'mmba.factfinding-report-public-within-10-days', citation: 'Gov. Code 3505.5(a)', days: 10 }),
    impositionWithoutImpasseProcedures({ id: 'mmba.imposition-without-impasse-procedures', citation: 'Gov. Code 3505.4, 3505.7', daysAfterReport: 10 }),
    impositionWithoutPublicHearing({ id: 'mmba.imposition-without-public-hearing', citation: 'Gov. Code 3505.7' }),
    governingBodyVoteInTime({ id: 'mmba.governing-body-vote-within-30-days', citation: 'Gov. Code 3505.1', days: 30 }),
    taWithdrawnUnderClosedRules({ id: 'mmba.ta-withdrawn-under-closed-rules', citation: 'Ground rules (TAs closed once initialed); Gov. Code 3505, 3506.5(c) (good-faith meeting and conferring)' }),
    ...informationRequestRules('mmba', 'Gov. Code 3505, 3506.5(c) (duty to furnish information relevant to representation)'),
  ],
};

export const RULE_SETS: readonly RuleSet[] = [EERA_V1, MMBA_V1];

export function findRuleSet(id: string): RuleSet | undefined {
  return RULE_SETS.find((set) => set.id === id);
}

/** The latest version for a statute; undefined for a statute with no rule set yet. */
export function currentRuleSetFor(statute: Statute): RuleSet | undefined {
  return RULE_SETS.filter((set) => set.statute === statute).reduce<RuleSet | undefined>((latest, set) => (latest === undefined || set.version > latest.version ? set : latest), undefined);
}
