import { notFound, ruleBroken } from '#kernel';

export const ComplianceErrorCode = {
  /** No negotiation with this id is recorded, or the caller may not see it (404). */
  NEGOTIATION_NOT_FOUND: 'NEGOTIATION_NOT_FOUND',
  /** The rule set asked for is for another statute than the negotiation's (422). */
  RULE_SET_NOT_FOR_STATUTE: 'RULE_SET_NOT_FOR_STATUTE',
} as const;
export type ComplianceErrorCode = (typeof ComplianceErrorCode)[keyof typeof ComplianceErrorCode];

export const negotiationNotFound = (negotiationId: string) =>
  notFound(ComplianceErrorCode.NEGOTIATION_NOT_FOUND, `no negotiation ${negotiationId} is recorded`, { negotiationId });

export const ruleSetNotForStatute = (ruleSet: string, statute: string) =>
  ruleBroken(ComplianceErrorCode.RULE_SET_NOT_FOR_STATUTE, `rule set ${ruleSet} is not for ${statute}, the negotiation's statute`, { ruleSet, statute });
