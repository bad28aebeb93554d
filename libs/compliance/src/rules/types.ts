import type { Classification } from '#kernel';
import type { Statute } from '#bargaining';
import type { IsoDate, NegotiationComplianceFacts, RequestComplianceFacts } from '../facts/facts.js';

/**
 * low: a process irregularity worth a look; medium: a deadline or ground rule missed;
 * high: a statutory precondition plainly unmet on the record, or a delay long enough to be an unfair practice by itself.
 */
export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A recorded fact a flag rests on, and what it is to the flag ("session", "employer adoption", …). */
export interface FlaggedFact {
  readonly eventId: string;
  readonly type: string;
  /** The stream it is in: the negotiation's or the information request's. */
  readonly stream: string;
  readonly on: IsoDate;
  readonly recordedAt: string;
  readonly as: string;
  /** Corrections that changed it, by event id. */
  readonly correctedBy: readonly string[];
}

export interface ComplianceFlag {
  /** Stable rule id, e.g. `eera.session-before-sunshine`. */
  readonly ruleId: string;
  /** The rule set and version that raised it, e.g. `eera.v1`. */
  readonly ruleSet: string;
  readonly statute: Statute;
  readonly citation: string;
  readonly title: string;
  readonly severity: Severity;
  readonly unitId: string;
  readonly negotiationId: string | null;
  readonly requestId: string | null;
  /** The day the breach happened, or the first day a missed deadline had passed. */
  readonly raisedOn: IsoDate;
  readonly message: string;
  /** The dates that raised it, by name (heldOn, deadline, …). */
  readonly dates: Readonly<Record<string, IsoDate>>;
  /** Measures and labels (days late, missing steps, articles, item numbers); no recorded content. */
  readonly details: Readonly<Record<string, unknown>>;
  readonly facts: readonly FlaggedFact[];
  /** The highest classification among its facts: who may see the flag. */
  readonly classification: Classification;
}

/** What a rule returns; evaluation adds the rule's identity, the subject and the classification. */
export interface FlagDraft {
  readonly severity: Severity;
  readonly raisedOn: IsoDate;
  readonly message: string;
  readonly dates: Readonly<Record<string, IsoDate>>;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly facts: readonly (FlaggedFact & { readonly classification: Classification })[];
  /** Request rules: the request the flag is about. */
  readonly requestId?: string;
}

/** A rule that could not be applied to the record (the data does not allow it), and why. */
export interface NotEvaluated {
  readonly ruleId: string;
  readonly negotiationId: string | null;
  readonly reason: string;
  /** True when what is missing is a date known to the day (a fact dated only as a month, a range or a bound). */
  readonly impreciseDate?: true;
}

export interface RuleOutcome {
  readonly flags: readonly FlagDraft[];
  readonly notEvaluated?: string;
  /** The reason it could not decide is a date known only as a month, a range or a bound. */
  readonly impreciseDate?: true;
}

interface RuleIdentity {
  readonly id: string;
  readonly title: string;
  /** What the statute or ground rule requires, as a checklist line. */
  readonly requirement: string;
  readonly citation: string;
  /** What the rule checks and how it reads the record (dates, thresholds and why). */
  readonly description: string;
}

/** Sees the negotiation's facts dated on or before asOf. */
export interface NegotiationRule extends RuleIdentity {
  readonly scope: 'negotiation';
  evaluate(negotiation: NegotiationComplianceFacts, asOf: IsoDate): RuleOutcome;
}

/** Sees one information request; its clocks are computed as of asOf. */
export interface InformationRequestRule extends RuleIdentity {
  readonly scope: 'information-request';
  evaluate(request: RequestComplianceFacts, asOf: IsoDate): RuleOutcome;
}

export type ComplianceRule = NegotiationRule | InformationRequestRule;

export interface RuleSet {
  /** `<statute>.v<version>`, e.g. `eera.v1`. */
  readonly id: string;
  readonly statute: Statute;
  readonly version: number;
  readonly description: string;
  /** The thresholds the rules use, named, so a reader sees them without reading code. */
  readonly parameters: Readonly<Record<string, number>>;
  readonly rules: readonly ComplianceRule[];
}
