import type { UnitSnapshot } from '#bargaining';
import type { Actor } from '#kernel';

/*
 * The Bayview negotiation of DOMAIN.md: the unit, the district's negotiator and the article texts
 * the specs' scenarios table. Each context's spec builds the part of the history it needs from these.
 */

export const BAYVIEW_NEGOTIATOR: Actor = { subject: 'dana.ruiz@bayviewusd.example', role: 'negotiator' };

/** The certificated unit (EERA unless another statute is named). */
export const bayviewUnit = (statute: UnitSnapshot['statute'] = 'EERA', unitId = 'bayview_teachers'): UnitSnapshot => ({
  unitId,
  name: 'Bayview certificated unit',
  employer: 'Bayview Unified School District',
  employeeOrganization: 'Bayview Teachers Association',
  statute,
  currentAgreementTerm: { start: '2022-07-01', end: '2025-06-30' },
});

export const BAYVIEW_UNIT: UnitSnapshot = bayviewUnit();

/** Article texts by proposal and article: U-1, D-1, U-2 and the package on Articles 24 and 10, the Article 23 TA, D-0 on Article 15. */
export const BAYVIEW_TEXT = {
  u1_24: 'Salaries increase by 6% on July 1, 2025.',
  u1_10: 'Class size shall not exceed 26 students.',
  d1_24: 'Salaries increase by 2% on July 1, 2025.',
  d1_10: 'Class size shall not exceed 30 students.',
  u2_24: 'Salaries increase by 4% on July 1, 2025.',
  pkg_24: 'Salaries increase by 3% on July 1, 2025.',
  pkg_10: 'Class size shall not exceed 28 students.',
  ta_23: 'Health benefits: the district pays 85% of the premium.',
  d0_15: 'Preparation time: 250 minutes per week.',
} as const;
