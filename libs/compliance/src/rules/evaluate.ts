import { type Classification, CLASSIFICATIONS } from '#kernel';
import type { Statute } from '#bargaining';
import { isIsoDate } from '#information-requests';
import type { IsoDate, NegotiationComplianceFacts, RequestComplianceFacts } from '../facts/facts.js';
import type { ComplianceFlag, ComplianceRule, FlagDraft, NotEvaluated, RuleSet } from './types.js';

/** What one rule set is applied to: a negotiation (or none, for a unit's own requests) and information requests. */
export interface ComplianceSubject {
  readonly unitId: string;
  readonly negotiation: NegotiationComplianceFacts | null;
  readonly requests: readonly RequestComplianceFacts[];
}

export interface ComplianceEvaluation {
  readonly ruleSet: string;
  readonly statute: Statute;
  readonly asOf: IsoDate;
  readonly flags: readonly ComplianceFlag[];
  readonly notEvaluated: readonly NotEvaluated[];
}

const rank = (level: Classification) => CLASSIFICATIONS.indexOf(level);

function highest(levels: readonly Classification[]): Classification {
  return levels.reduce<Classification>((top, level) => (rank(level) > rank(top) ? level : top), 'public');
}

export function compareFlags(a: ComplianceFlag, b: ComplianceFlag): number {
  const keys = (f: ComplianceFlag) => [f.raisedOn, f.ruleId, f.negotiationId ?? '', f.requestId ?? '', f.facts[0]?.eventId ?? ''];
  const [ka, kb] = [keys(a), keys(b)];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
  return 0;
}

function flagOf(ruleSet: RuleSet, rule: ComplianceRule, subject: ComplianceSubject, draft: FlagDraft): ComplianceFlag {
  const request = draft.requestId === undefined ? undefined : subject.requests.find((r) => r.requestId === draft.requestId);
  return {
    ruleId: rule.id,
    ruleSet: ruleSet.id,
    statute: ruleSet.statute,
    citation: rule.citation,
    title: rule.title,
    severity: draft.severity,
    unitId: subject.unitId,
    // A request flag names the request's own link, so it reads the same in a negotiation's view and the unit's.
    negotiationId: request ? request.negotiationId : (subject.negotiation?.negotiationId ?? null),
    requestId: draft.requestId ?? null,
    raisedOn: draft.raisedOn,
    message: draft.message,
    dates: { ...draft.dates },
    details: { ...(draft.details ?? {}) },
    facts: draft.facts.map(({ classification: _c, ...fact }) => fact),
    classification: highest(draft.facts.map((fact) => fact.classification)),
  };
}

/**
 * Pure: the flags a rule set raises on the subject as of a day. Rules see the facts dated on or
 * before asOf ("as it happened", with corrections applied); nothing is stored.
 */
export function evaluateCompliance(ruleSet: RuleSet, subject: ComplianceSubject, asOf: IsoDate): ComplianceEvaluation {
  if (!isIsoDate(asOf)) throw new RangeError(`asOf must be a calendar date YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
  const flags: ComplianceFlag[] = [];
  const notEvaluated: NotEvaluated[] = [];
  for (const rule of ruleSet.rules) {
    if (rule.scope === 'negotiation') {
      if (subject.negotiation === null || subject.negotiation.openedOn > asOf) continue;
      const outcome = rule.evaluate(subject.negotiation, asOf);
      flags.push(...outcome.flags.map((draft) => flagOf(ruleSet, rule, subject, draft)));
      if (outcome.notEvaluated) notEvaluated.push({ ruleId: rule.id, negotiationId: subject.negotiation.negotiationId, reason: `cannot evaluate: ${outcome.notEvaluated}`, ...(outcome.impreciseDate && { impreciseDate: true }) });
    } else {
      for (const request of subject.requests) {
        const outcome = rule.evaluate(request, asOf);
        flags.push(...outcome.flags.map((draft) => flagOf(ruleSet, rule, subject, { ...draft, requestId: request.requestId })));
        if (outcome.notEvaluated) notEvaluated.push({ ruleId: rule.id, negotiationId: request.negotiationId, reason: `cannot evaluate: ${outcome.notEvaluated}`, ...(outcome.impreciseDate && { impreciseDate: true }) });
      }
    }
  }
  return { ruleSet: ruleSet.id, statute: ruleSet.statute, asOf, flags: flags.sort(compareFlags), notEvaluated };
}

/** What one rule of a set found: breaches, a reason it could not decide, or neither. */
export interface RuleFinding {
  readonly rule: ComplianceRule;
  readonly status: 'flagged' | 'not-evaluated' | 'not-flagged';
  readonly flags: readonly ComplianceFlag[];
  /** The reasons it could not decide ("cannot evaluate: …"), one per subject. */
  readonly notEvaluated: readonly string[];
}

/** Each rule of the set with its part of the evaluation, in the rule set's order. */
export function findingsByRule(ruleSet: RuleSet, evaluation: ComplianceEvaluation): RuleFinding[] {
  return ruleSet.rules.map((rule) => {
    const flags = evaluation.flags.filter((f) => f.ruleId === rule.id);
    const notEvaluated = evaluation.notEvaluated.filter((n) => n.ruleId === rule.id).map((n) => n.reason);
    return { rule, status: flags.length > 0 ? 'flagged' : notEvaluated.length > 0 ? 'not-evaluated' : 'not-flagged', flags, notEvaluated };
  });
}
