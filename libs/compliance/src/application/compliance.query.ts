import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { canRead } from '#auth';
import { isBargainingId, negotiationStream } from '#bargaining';
import { SQL_CLIENT } from '#platform';
import { type Actor, CLASSIFICATIONS, type Role } from '#kernel';
import { originalText, storableText, viewName } from '#read-store';
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
  /** The next page of subjects; null on the last. */
  readonly nextCursor: string | null;
}

/** Subjects a page of GET /compliance/flags evaluates, unless it asks for fewer (at most MAX_FLAG_SUBJECTS). */
export const DEFAULT_FLAG_SUBJECTS = 20;
export const MAX_FLAG_SUBJECTS = 200;

/** The last subject of a page: a negotiation (by id) or a unit's own requests (by unit id). */
type SubjectCursor = readonly ['negotiation' | 'unit', string];

const encodeSubjectCursor = (cursor: SubjectCursor): string => Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');

function decodeSubjectCursor(cursor: string): SubjectCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || (parsed[0] !== 'negotiation' && parsed[0] !== 'unit') || typeof parsed[1] !== 'string' || parsed[1].length === 0 || parsed[1].length > 300) {
    // Malformed input (400), like any other invalid query parameter.
    throw new BadRequestException('cursor must be a nextCursor GET /compliance/flags returned');
  }
  return parsed as unknown as SubjectCursor;
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

  /**
   * Every unit's (or one unit's) negotiations and information requests, each under its statute's
   * current rule set, up to `limit` subjects a page: the visible negotiations by id, then, by unit
   * id, each unit's visible requests attached to none of its visible negotiations. A page reads
   * only its subjects' facts.
   */
  async flags(criteria: { readonly unitId?: string; readonly limit?: number; readonly cursor?: string }, asOf: IsoDate, actor: Actor): Promise<ComplianceFlagsView> {
    const limit = Math.min(Math.max(criteria.limit ?? DEFAULT_FLAG_SUBJECTS, 1), MAX_FLAG_SUBJECTS);
    const after = criteria.cursor === undefined ? null : decodeSubjectCursor(criteria.cursor);
    const unitId = criteria.unitId ?? null;
    const readable = CLASSIFICATIONS.filter((level) => canRead(actor.role, level));
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
    let next: SubjectCursor | null = null;
    let room = limit;
    if (after === null || after[0] === 'negotiation') {
      const negotiations = (await this.select(
        `kind = 'negotiation' AND classification = ANY ($1::text[]) AND ($2::text IS NULL OR unit_id = $2::text) AND ($3::text IS NULL OR negotiation_id COLLATE "C" > $3::text COLLATE "C")
         ORDER BY negotiation_id COLLATE "C" LIMIT $4`,
        [readable, unitId, after?.[1] ?? null, limit + 1],
        false,
      )) as NegotiationComplianceFacts[];
      const page = negotiations.slice(0, limit);
      const requests = page.length === 0 ? [] : ((await this.select(
        `kind = 'information-request' AND classification = ANY ($1::text[]) AND ($2::text IS NULL OR unit_id = $2::text) AND negotiation_id = ANY ($3::text[])`,
        [readable, unitId, page.map((n) => storableText(n.negotiationId))],
      )) as RequestComplianceFacts[]);
      for (const negotiation of page) {
        const own = requests.filter((r) => r.negotiationId === negotiation.negotiationId && r.unitId === negotiation.unitId);
        run(currentRuleSetFor(negotiation.statute), { unitId: negotiation.unitId, negotiation, requests: own }, negotiation.statute);
      }
      room -= page.length;
      if (negotiations.length > limit) next = ['negotiation', page.at(-1)!.negotiationId];
    }
    if (next === null && room > 0) {
      const unitAfter = after?.[0] === 'unit' ? after[1] : null;
      // A request is its unit's own when no visible negotiation of its unit is the one it names.
      const own = `kind = 'information-request' AND classification = ANY ($1::text[]) AND ($2::text IS NULL OR unit_id = $2::text)
        AND NOT EXISTS (SELECT 1 FROM ${VIEW} n WHERE n.kind = 'negotiation' AND n.negotiation_id = ${VIEW}.negotiation_id AND n.unit_id = ${VIEW}.unit_id AND n.classification = ANY ($1::text[]))`;
      const { rows } = await this.query<{ unit_id: string }>(
        `SELECT DISTINCT unit_id COLLATE "C" AS unit_id FROM ${VIEW} WHERE ${own} AND ($3::text IS NULL OR unit_id COLLATE "C" > $3::text COLLATE "C") ORDER BY 1 LIMIT $4`,
        [readable, unitId, unitAfter === null ? null : storableText(unitAfter), room + 1],
      );
      const units = rows.slice(0, room).map((row) => row.unit_id);
      if (units.length > 0) {
        const [requests, unitDocs] = await Promise.all([
          this.select(`${own} AND unit_id = ANY ($3::text[])`, [readable, unitId, units]) as Promise<RequestComplianceFacts[]>,
          this.select(`kind = 'unit' AND unit_id = ANY ($1::text[])`, [units]) as Promise<UnitComplianceFacts[]>,
        ]);
        for (const stored of units) {
          const id = originalText(stored);
          const statute = unitDocs.find((u) => u.unitId === id)?.statute ?? (await this.latestStatute(id, readable));
          run(statute ? currentRuleSetFor(statute) : undefined, { unitId: id, negotiation: null, requests: requests.filter((r) => r.unitId === id) }, statute);
        }
        if (rows.length > room) next = ['unit', originalText(units.at(-1)!)];
      }
    }
    const shown = flags.filter(visible(actor.role)).sort(compareFlags);
    return { asOf, unitId, flags: shown, summary: summarize(shown), evaluated, notEvaluated, nextCursor: next === null ? null : encodeSubjectCursor(next) };
  }

  /** The statute of the unit's latest-opened visible negotiation (for a unit with no registration on record). */
  private async latestStatute(unitId: string, readable: readonly string[]): Promise<NegotiationComplianceFacts['statute'] | null> {
    const negotiations = (await this.select(`kind = 'negotiation' AND unit_id = $1 AND classification = ANY ($2::text[])`, [storableText(unitId), readable])) as NegotiationComplianceFacts[];
    return negotiations.sort((a, b) => (a.openedOn < b.openedOn ? 1 : -1))[0]?.statute ?? null;
  }

  /** Documents matching `where`, by key unless `where` orders them itself. */
  private async select(where: string, params: readonly unknown[], byKey = true): Promise<ComplianceFactsDoc[]> {
    const rows = await this.query<{ doc: unknown }>(`SELECT doc FROM ${VIEW} WHERE ${where}${byKey ? ' ORDER BY key' : ''}`, params);
    return rows.rows.map((row) => parseDoc(row.doc));
  }

  private async query<Row>(text: string, params: readonly unknown[]): Promise<{ rows: Row[] }> {
    try {
      return await this.sql.query<Row & Record<string, unknown>>(text, params as unknown[]);
    } catch (error) {
      if (noViewYet(error)) return { rows: [] };
      throw error;
    }
  }
}
