import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { StatutoryWarnings } from '#bargaining';
import { type EventStore, type RecordedEvent, StreamStateCache, currentState, readStreamOrEmpty } from '#event-store';
import { type Warning, calendarDay } from '#kernel';
import { EVENT_STORE } from '#platform';
import type { NegotiationComplianceFacts } from '../facts/facts.js';
import { evolveNegotiationFacts, negotiationFactsOf } from '../facts/gather.js';
import { type ComplianceEvaluation, evaluateCompliance } from '../rules/evaluate.js';
import { currentRuleSetFor } from '../rules/rule-sets.js';
import type { ComplianceFlag, RuleSet } from '../rules/types.js';

/** A flag's identity across evaluations: its rule and the fact it is about. */
const keyOf = (flag: ComplianceFlag) => `${flag.ruleId}|${flag.facts[0]?.eventId ?? ''}`;

/**
 * The last evaluation of each facts document: the facts after one command are the facts before the
 * next on the stream, so each command evaluates the rules once, not twice. Exact: an evaluation is a
 * function of the rule set, the document (never changed once folded) and the day.
 */
const evaluations = new WeakMap<NegotiationComplianceFacts, { readonly ruleSet: RuleSet; readonly asOf: string; readonly evaluation: ComplianceEvaluation }>();

function evaluated(ruleSet: RuleSet, negotiation: NegotiationComplianceFacts, asOf: string): ComplianceEvaluation {
  const kept = evaluations.get(negotiation);
  if (kept && kept.ruleSet === ruleSet && kept.asOf === asOf) return kept.evaluation;
  const evaluation = evaluateCompliance(ruleSet, { unitId: negotiation.unitId, negotiation, requests: [] }, asOf);
  evaluations.set(negotiation, { ruleSet, asOf, evaluation });
  return evaluation;
}

/**
 * Pure: the warnings the negotiation's current rule set raises on the events just appended, judged
 * as of the day they were recorded. A flag is theirs when it rests on one of them (or on a fact one
 * of them corrected) and is new, or was only pending before (a deadline passed, now settled late);
 * a fact that completes a step after a breach (an adoption after an early session) raises nothing.
 * The same rules and texts as GET /negotiations/:id/compliance and the audit file's checklist.
 */
export function statutoryWarningsOf(before: NegotiationComplianceFacts | null, after: NegotiationComplianceFacts | null, appended: readonly RecordedEvent[]): Warning[] {
  const ruleSet = after === null ? undefined : currentRuleSetFor(after.statute);
  const last = appended.at(-1);
  if (after === null || ruleSet === undefined || last === undefined) return [];
  const asOf = calendarDay(last.recordedAt);
  const evaluationOf = (negotiation: NegotiationComplianceFacts) => evaluated(ruleSet, negotiation, asOf);
  const previously = before === null ? null : evaluationOf(before);
  const now = evaluationOf(after);
  const earlier = new Map((previously?.flags ?? []).map((flag) => [keyOf(flag), flag]));
  const ids = new Set(appended.map((event) => event.eventId));
  // A rule the new facts leave undecided (a date known only as a month, a range or a bound) says so once.
  const undecidedBefore = new Set((previously?.notEvaluated ?? []).map((n) => `${n.ruleId}|${n.reason}`));
  const undecided = now.notEvaluated
    .filter((n) => n.impreciseDate === true && !undecidedBefore.has(`${n.ruleId}|${n.reason}`))
    .map((n) => ({ code: n.ruleId, message: `${ruleSet.rules.find((rule) => rule.id === n.ruleId)?.citation ?? n.ruleId}: ${n.reason}` }));
  return now.flags
    .filter((flag) => flag.facts.some((fact) => ids.has(fact.eventId) || fact.correctedBy.some((id) => ids.has(id))))
    .filter((flag) => {
      const was = earlier.get(keyOf(flag));
      return was === undefined || (was.details['pending'] === true && flag.details['pending'] !== true);
    })
    .map((flag) => ({ code: flag.ruleId, message: `${flag.citation}: ${flag.message}` }))
    .concat(undecided);
}

/** The StatutoryWarnings port of #bargaining: folds the stream's compliance facts (cached between commands) and applies the rule set. */
@Injectable()
export class ComplianceStatutoryWarnings extends StatutoryWarnings {
  private readonly facts = new StreamStateCache();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super();
  }

  async raisedBy(stream: string, appended: readonly RecordedEvent[]): Promise<readonly Warning[]> {
    const first = appended[0];
    if (first === undefined) return [];
    // The facts just before the appended events: the cached fold when it stands there (every command
    // on the stream in this process passes here), else folded from the stream.
    const cached = this.facts.get<NegotiationComplianceFacts | null>(stream, evolveNegotiationFacts);
    let before: NegotiationComplianceFacts | null;
    if (first.revision === 0) before = null;
    else if (cached?.revision === first.revision - 1) before = cached.state;
    else before = negotiationFactsOf((await readStreamOrEmpty(this.store, stream)).filter((event) => event.revision < first.revision));
    const { state: after } = await currentState<NegotiationComplianceFacts | null>(this.store, stream, evolveNegotiationFacts, () => null, this.facts);
    return statutoryWarningsOf(before, after, appended);
  }
}

/** Provides #bargaining's StatutoryWarnings port to every module; needs EVENT_STORE from #platform. */
@Global()
@Module({
  providers: [{ provide: StatutoryWarnings, useClass: ComplianceStatutoryWarnings }],
  exports: [StatutoryWarnings],
})
export class StatutoryWarningsModule {}
