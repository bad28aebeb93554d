import { Inject, Injectable } from '@nestjs/common';
import { canRead } from '#auth';
import { isBargainingId, negotiationStream } from '#bargaining';
import { SQL_CLIENT } from '#platform';
import type { Actor, Role } from '#kernel';
import { viewName } from '#read-store';
import type { SqlClient } from '#sql';
import type { ComplianceFactsDoc, IsoDate, NegotiationComplianceFacts, RequestComplianceFacts, UnitComplianceFacts } from '../facts/facts.js';
import { COMPLIANCE_FACTS } from '../read-models/compliance-facts.projection.js';
import { type ComplianceSubject, compareFlags, evaluateCompliance } from '../rules/evaluate.js';
import { RULE_SETS, currentRuleSetFor, findRuleSet } from '../rules/rule-sets.js';
import { SEVERITIES, type ComplianceFlag, type NotEvaluated, type RuleSet, type Severity } from '../rules/types.js';
import { negotiationNotFound, ruleSetNotForStatute } from './errors.js';

export interface RuleSetRef {
  readonly id: string;
  readonly statute: string;
  readonly version: number;
}

export interface FlagSummary {
  readonly total: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
}

export interface NegotiationComplianceView {
  readonly negotiationId: string;
  readonly unitId: string;
  readonly statute: string;
  readonly asOf: IsoDate;
  /** Null when no rule set exists yet for the negotiation's statute. */
  readonly ruleSet: RuleSetRef | null;
  readonly flags: readonly ComplianceFlag[];
  readonly summary: FlagSummary;
  readonly notEvaluated: readonly NotEvaluated[];
  /** The information requests the rules read: linked to the negotiation, or to its unit (none) while it was open. */
  readonly informationRequests: readonly { readonly requestId: string; readonly link: 'negotiation' | 'unit' }[];
}

export interface EvaluatedSubject {
  readonly unitId: string;
  /** Null for the unit's requests linked to no negotiation it has. */
  readonly negotiationId: string | null;
  readonly statute: string | null;
  readonly ruleSet: RuleSetRef | null;
}

export interface ComplianceFlagsView {
  readonly asOf: IsoDate;
  readonly unitId: string | null;
  readonly flags: readonly ComplianceFlag[];
  readonly summary: FlagSummary;
  readonly evaluated: readonly EvaluatedSubject[];
  readonly notEvaluated: readonly NotEvaluated[];
}

const VIEW = viewName(COMPLIANCE_FACTS);
const parseDoc = (doc: unknown) => (typeof doc === 'string' ? JSON.parse(doc) : doc) as ComplianceFactsDoc;
const noViewYet = (error: unknown) => (error as { code?: string }).code === '42P01';

const ruleSetRef = (set: RuleSet | undefined): RuleSetRef | null => (set ? { id: set.id, statute: set.statute, version: set.version } : null);

export function summarize(flags: readonly ComplianceFlag[]): FlagSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const flag of flags) bySeverity[flag.severity]++;
  return { total: flags.length, bySeverity };
}

/** A flag rests on recorded facts; the caller sees it only if cleared for every one of them. */
const visible = (role: Role) => (flag: ComplianceFlag) => canRead(role, flag.classification);

/** Requests of the unit linked to no negotiation, received while the negotiation was open. */
function receivedWhileOpen(negotiation: NegotiationComplianceFacts, request: RequestComplianceFacts): boolean {
  const concluded = negotiation.facts.find((f) => f.type === 'NegotiationConcluded');
  return request.state.receivedOn >= negotiation.openedOn && (concluded === undefined || request.state.receivedOn <= concluded.on);
}

/**
 * Compliance flags computed at query time: the facts come from the compliance-facts projection,
 * the rule set from the registry, and the caller's clearance filters what is shown.
 */
@Injectable()
export class ComplianceQuery {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  ruleSets(): readonly RuleSet[] {
    return RULE_SETS;
  }

  async negotiation(negotiationId: string, asOf: IsoDate, ruleSetId: string | undefined, actor: Actor): Promise<NegotiationComplianceView> {
    if (!isBargainingId(negotiationId)) throw negotiationNotFound(negotiationId);
    const [doc] = (await this.select(`kind = 'negotiation' AND key = $1`, [negotiationStream(negotiationId)])) as NegotiationComplianceFacts[];
    if (!doc || !canRead(actor.role, doc.classification)) throw negotiationNotFound(negotiationId);
    let ruleSet: RuleSet | undefined;
    if (ruleSetId !== undefined) {
      ruleSet = findRuleSet(ruleSetId);
      if (ruleSet === undefined || ruleSet.statute !== doc.statute) throw ruleSetNotForStatute(ruleSetId, doc.statute);
    } else {
      ruleSet = currentRuleSetFor(doc.statute);
    }
    const candidates = (await this.select(
      `kind = 'information-request' AND (negotiation_id = $1 OR (unit_id = $2 AND negotiation_id IS NULL))`,
      [doc.negotiationId, doc.unitId],
    )) as RequestComplianceFacts[];
    const requests = candidates
      .filter((r) => canRead(actor.role, r.classification))
      .filter((r) => r.negotiationId === doc.negotiationId || receivedWhileOpen(doc, r))
      .sort((a, b) => (a.state.receivedOn < b.state.receivedOn ? -1 : a.state.receivedOn > b.state.receivedOn ? 1 : a.requestId < b.requestId ? -1 : 1));
    const evaluation = ruleSet ? evaluateCompliance(ruleSet, { unitId: doc.unitId, negotiation: doc, requests }, asOf) : null;
    const flags = (evaluation?.flags ?? []).filter(visible(actor.role));
    return {
      negotiationId: doc.negotiationId,
      unitId: doc.unitId,
      statute: doc.statute,
      asOf,
      ruleSet: ruleSetRef(ruleSet),
      flags,
      summary: summarize(flags),
      notEvaluated: evaluation?.notEvaluated ?? [],
      informationRequests: requests
        .filter((r) => r.state.receivedOn <= asOf)
        .map((r) => ({ requestId: r.requestId, link: r.negotiationId === doc.negotiationId ? ('negotiation' as const) : ('unit' as const) })),
    };
  }

  /** Every unit's (or one unit's) negotiations and information requests, each under its statute's current rule set. */
  async flags(criteria: { readonly unitId?: string }, asOf: IsoDate, actor: Actor): Promise<ComplianceFlagsView> {
    const docs = await this.select(`($1::text IS NULL OR unit_id = $1::text)`, [criteria.unitId ?? null]);
    const negotiations = docs.filter((d): d is NegotiationComplianceFacts => d.kind === 'negotiation' && canRead(actor.role, d.classification));
    const requests = docs.filter((d): d is RequestComplianceFacts => d.kind === 'information-request' && canRead(actor.role, d.classification));
    const units = new Map(docs.filter((d): d is UnitComplianceFacts => d.kind === 'unit').map((u) => [u.unitId, u]));

    const negotiationById = new Map(negotiations.map((n) => [n.negotiationId, n]));
    const byNegotiation = new Map(negotiations.map((n) => [n.negotiationId, [] as RequestComplianceFacts[]]));
    const unitLevel = new Map<string, RequestComplianceFacts[]>();
    for (const request of requests) {
      const linked = request.negotiationId === null ? undefined : negotiationById.get(request.negotiationId);
      if (linked && linked.unitId === request.unitId) byNegotiation.get(linked.negotiationId)!.push(request);
      else unitLevel.set(request.unitId, [...(unitLevel.get(request.unitId) ?? []), request]);
    }

    const flags: ComplianceFlag[] = [];
    const evaluated: EvaluatedSubject[] = [];
    const notEvaluated: NotEvaluated[] = [];
    const run = (ruleSet: RuleSet | undefined, subject: ComplianceSubject, statute: string | null) => {
      evaluated.push({ unitId: subject.unitId, negotiationId: subject.negotiation?.negotiationId ?? null, statute, ruleSet: ruleSetRef(ruleSet) });
      if (!ruleSet) return;
      const evaluation = evaluateCompliance(ruleSet, subject, asOf);
      flags.push(...evaluation.flags);
      notEvaluated.push(...evaluation.notEvaluated);
    };
    for (const negotiation of [...negotiations].sort((a, b) => (a.negotiationId < b.negotiationId ? -1 : 1))) {
      run(currentRuleSetFor(negotiation.statute), { unitId: negotiation.unitId, negotiation, requests: byNegotiation.get(negotiation.negotiationId)! }, negotiation.statute);
    }
    for (const [unitId, own] of [...unitLevel].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const latest = negotiations.filter((n) => n.unitId === unitId).sort((a, b) => (a.openedOn < b.openedOn ? 1 : -1))[0];
      const statute = units.get(unitId)?.statute ?? latest?.statute ?? null;
      run(statute ? currentRuleSetFor(statute) : undefined, { unitId, negotiation: null, requests: own }, statute);
    }
    const shown = flags.filter(visible(actor.role)).sort(compareFlags);
    return { asOf, unitId: criteria.unitId ?? null, flags: shown, summary: summarize(shown), evaluated, notEvaluated };
  }

  private async select(where: string, params: readonly unknown[]): Promise<ComplianceFactsDoc[]> {
    try {
      const { rows } = await this.sql.query<{ doc: unknown }>(`SELECT doc FROM ${VIEW} WHERE ${where} ORDER BY key`, params);
      return rows.map((row) => parseDoc(row.doc));
    } catch (error) {
      if (noViewYet(error)) return [];
      throw error;
    }
  }
}
