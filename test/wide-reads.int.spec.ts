import type { NegotiationFiles, ReadPolicy } from '#access';
import { BargainingReadModels, type NegotiationSummary, type UnitDashboard, type UnitDirectoryDoc, negotiationSummaryFor, negotiationSummaryProjection, unitDashboard, unitDirectoryProjection } from '#bargaining';
import { canRead } from '#auth';
import {
  COMPLIANCE_FACTS,
  type ComplianceFactsDoc,
  type ComplianceFlag,
  type ComplianceFlagsView,
  ComplianceQuery,
  type ComplianceSubject,
  type EvaluatedSubject,
  type NegotiationComplianceFacts,
  type NotEvaluated,
  type RequestComplianceFacts,
  type RuleSet,
  SEVERITIES,
  type UnitComplianceFacts,
  compareFlags,
  currentRuleSetFor,
  evaluateCompliance,
} from '#compliance';
import type { Stores } from '#event-store';
import { type Actor, ROLES, type Role } from '#kernel';
import { ALL_PROJECTIONS } from '#read-models';
import { type DocumentProjection, ReadStore, findDocuments, rebuildProjection } from '#read-store';
import { MovableClock, openEmbeddedStores } from '#testing';
import { RecordSimulator, appendSimulated } from './harness/record-simulator.js';

/**
 * The routes that answer about the whole record read projected lines and aggregate them in SQL, a
 * page at a time, instead of folding every negotiation's summary on each request. Their pages
 * joined must be the answer the fold gave, for every role and several days, on a simulated record
 * and again after more events.
 */

let stores: Stores;
let readStore: ReadStore;
const simulator = new RecordSimulator(2031);
const revisions = new Map<string, number>();
/** Days asked about; beforeAll adds one thirty days before a side letter or MOU of the record expires. */
const DAYS = ['2021-03-01', '2021-09-15', '2022-06-30', '2024-01-01'];

async function record(): Promise<void> {
  await appendSimulated(stores.events, simulator.drain(), { revisions });
  for (const projection of ALL_PROJECTIONS) await rebuildProjection(stores.events, readStore, projection);
}

beforeAll(async () => {
  stores = await openEmbeddedStores();
  readStore = await ReadStore.open(stores.sql);
  simulator.bayview();
  simulator.generate(3_000);
  simulator.instruments(4);
  simulator.conclude(5);
  simulator.unitRequests(2);
  await record();
  const expiring = [...(await folded('legal-counsel', DAYS[3]!)).values()].flatMap((d) => d.sideLettersAndMemoranda).find((line) => line.expiresOn !== null)!;
  DAYS.push(new Date(Date.parse(`${expiring.expiresOn}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10));
});
afterAll(() => stores.close());

const actor = (role: Role): Actor => ({ subject: `${role}@district.example`, role });

function service(): BargainingReadModels {
  // The dashboards read neither the read policy nor the negotiation files.
  return new BargainingReadModels(stores.sql, {} as ReadPolicy, {} as NegotiationFiles, new MovableClock('2026-01-01T00:00:00Z'));
}

async function all<Doc>(projection: DocumentProjection<Doc>): Promise<Doc[]> {
  const docs: Doc[] = [];
  for (let cursor: string | null = null; ; ) {
    const page: { items: readonly Doc[]; nextCursor: string | null } = await findDocuments(stores.sql, projection, { limit: 500, cursor });
    docs.push(...page.items);
    if (page.nextCursor === null) return docs;
    cursor = page.nextCursor;
  }
}

/** The fold the dashboards replaced: every summary of the unit, as the role reads it, through unitDashboard. */
async function folded(role: Role, asOf: string): Promise<Map<string, UnitDashboard>> {
  const summaries = (await all(negotiationSummaryProjection)).sort((a, b) => (a.negotiationId < b.negotiationId ? -1 : 1));
  const units = await all<UnitDirectoryDoc>(unitDirectoryProjection);
  const byUnit = new Map<string, NegotiationSummary[]>();
  for (const doc of summaries) {
    const summary = negotiationSummaryFor(doc, role, asOf);
    if (summary !== null) byUnit.set(summary.unitId, [...(byUnit.get(summary.unitId) ?? []), summary]);
  }
  const out = new Map<string, UnitDashboard>();
  for (const unitId of new Set([...units.map((u) => u.unitId), ...byUnit.keys()])) {
    out.set(unitId, unitDashboard(unitId, units.find((u) => u.unitId === unitId) ?? null, byUnit.get(unitId) ?? [], null, asOf));
  }
  return out;
}

/** A unit's dashboard with its pages of active negotiations joined (the figures are the same on every page). */
async function joined(readModels: BargainingReadModels, first: UnitDashboard, role: Role, limit: number): Promise<UnitDashboard> {
  const active = [...first.activeNegotiations];
  for (let cursor = first.nextCursor; cursor !== null; ) {
    const page = await readModels.unitDashboard(first.unitId, actor(role), first.asOf, { limit, cursor });
    expect({ ...page, activeNegotiations: [], nextCursor: null }).toEqual({ ...first, activeNegotiations: [], nextCursor: null });
    active.push(...page.activeNegotiations);
    cursor = page.nextCursor;
  }
  return { ...first, activeNegotiations: active, nextCursor: null };
}

async function expectSameAsFold(): Promise<void> {
  const readModels = service();
  for (const role of ROLES) {
    for (const asOf of DAYS) {
      const expected = await folded(role, asOf);
      // GET /units/{unitId}/dashboard, pages of 3.
      for (const [unitId, dashboard] of expected) {
        const first = await readModels.unitDashboard(unitId, actor(role), asOf, { limit: 3 });
        expect(await joined(readModels, first, role, 3)).toEqual(dashboard);
      }
      // GET /dashboard/units, pages of 2 units, each unit's active negotiations continued on its own dashboard.
      const registered = new Map<string, UnitDashboard>();
      for (let cursor: string | undefined; ; ) {
        const page = await readModels.unitDashboards({ limit: 2, cursor }, actor(role), asOf);
        for (const item of page.items) registered.set(item.unitId, await joined(readModels, item, role, 50));
        if (page.nextCursor === null) break;
        cursor = page.nextCursor;
      }
      const units = await all<UnitDirectoryDoc>(unitDirectoryProjection);
      expect([...registered.keys()].sort()).toEqual(units.map((u) => u.unitId).sort());
      for (const [unitId, dashboard] of registered) expect(dashboard).toEqual(expected.get(unitId));
    }
  }
}

describe('unit dashboards read from projected lines', () => {
  it('the record exercises them: open and concluded negotiations, several pages of active ones, side letters and MOUs expiring and not', async () => {
    const expected = await folded('legal-counsel', DAYS[2]!);
    const dashboards = [...expected.values()];
    expect(Math.max(...dashboards.map((d) => d.activeNegotiations.length))).toBeGreaterThan(3);
    expect(dashboards.some((d) => d.concludedNegotiations > 0)).toBe(true);
    expect(dashboards.flatMap((d) => d.sideLettersAndMemoranda).length).toBeGreaterThan(5);
    expect([...(await folded('legal-counsel', DAYS[4]!)).values()].some((d) => d.expiringWithin90Days > 0)).toBe(true);
  });

  it('answer, pages joined, what the fold over every summary answered, for every role and day', async () => {
    await expectSameAsFold();
  });

  it('still do after more events', async () => {
    simulator.generate(simulator.events + 1_500);
    simulator.instruments(3);
    await record();
    await expectSameAsFold();
  });

  it('refuse a cursor issued for another day', async () => {
    const readModels = service();
    const { unitId } = [...(await folded('analyst', DAYS[2]!)).values()].sort((a, b) => b.activeNegotiations.length - a.activeNegotiations.length)[0]!;
    const first = await readModels.unitDashboard(unitId, actor('analyst'), DAYS[2]!, { limit: 1 });
    expect(first.nextCursor).not.toBeNull();
    await expect(readModels.unitDashboard(unitId, actor('analyst'), DAYS[3]!, { limit: 1, cursor: first.nextCursor! })).rejects.toMatchObject({ status: 400 });
    await expect(readModels.unitDashboard(unitId, actor('analyst'), DAYS[2]!, { limit: 1, cursor: 'bm90IGEgY3Vyc29y' })).rejects.toMatchObject({ status: 400 });
  });
});

/** The fold GET /compliance/flags replaced: every fact document of the unit (or record), every subject evaluated at once. */
async function foldedFlags(unitId: string | undefined, asOf: string, role: Role): Promise<Omit<ComplianceFlagsView, 'nextCursor'>> {
  const docs = (await all<ComplianceFactsDoc>(COMPLIANCE_FACTS)).filter((d) => unitId === undefined || d.unitId === unitId);
  const negotiations = docs.filter((d): d is NegotiationComplianceFacts => d.kind === 'negotiation' && canRead(role, d.classification));
  const requests = docs.filter((d): d is RequestComplianceFacts => d.kind === 'information-request' && canRead(role, d.classification));
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
    evaluated.push({ unitId: subject.unitId, negotiationId: subject.negotiation?.negotiationId ?? null, statute, ruleSet: ruleSet ? { id: ruleSet.id, statute: ruleSet.statute, version: ruleSet.version } : null });
    if (!ruleSet) return;
    const evaluation = evaluateCompliance(ruleSet, subject, asOf);
    flags.push(...evaluation.flags);
    notEvaluated.push(...evaluation.notEvaluated);
  };
  for (const negotiation of [...negotiations].sort((a, b) => (a.negotiationId < b.negotiationId ? -1 : 1))) {
    run(currentRuleSetFor(negotiation.statute), { unitId: negotiation.unitId, negotiation, requests: byNegotiation.get(negotiation.negotiationId)! }, negotiation.statute);
  }
  for (const [unit, own] of [...unitLevel].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const latest = negotiations.filter((n) => n.unitId === unit).sort((a, b) => (a.openedOn < b.openedOn ? 1 : -1))[0];
    const statute = units.get(unit)?.statute ?? latest?.statute ?? null;
    run(statute ? currentRuleSetFor(statute) : undefined, { unitId: unit, negotiation: null, requests: own }, statute);
  }
  const shown = flags.filter((flag) => canRead(role, flag.classification)).sort(compareFlags);
  return { asOf, unitId: unitId ?? null, flags: shown, summary: summaryOf(shown), evaluated, notEvaluated };
}

function summaryOf(flags: readonly ComplianceFlag[]): ComplianceFlagsView['summary'] {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<(typeof SEVERITIES)[number], number>;
  for (const flag of flags) bySeverity[flag.severity]++;
  return { total: flags.length, bySeverity };
}

/** The pages of GET /compliance/flags joined: flags together in their order, summaries added, subjects in page order. */
async function pagedFlags(query: ComplianceQuery, unitId: string | undefined, asOf: string, role: Role, limit: number): Promise<{ joined: Omit<ComplianceFlagsView, 'nextCursor'>; pages: number }> {
  const flags: ComplianceFlag[] = [];
  const evaluated: EvaluatedSubject[] = [];
  const notEvaluated: NotEvaluated[] = [];
  let pages = 0;
  for (let cursor: string | undefined; ; ) {
    const page = await query.flags({ unitId, limit, cursor }, asOf, actor(role));
    pages += 1;
    expect(page.evaluated.length).toBeLessThanOrEqual(limit);
    expect(page.summary).toEqual(summaryOf(page.flags));
    expect([...page.flags].sort(compareFlags)).toEqual(page.flags);
    flags.push(...page.flags);
    evaluated.push(...page.evaluated);
    notEvaluated.push(...page.notEvaluated);
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  const shown = flags.sort(compareFlags);
  return { joined: { asOf, unitId: unitId ?? null, flags: shown, summary: summaryOf(shown), evaluated, notEvaluated }, pages };
}

describe('compliance flags a page of subjects at a time', () => {
  const units = async () => (await all<ComplianceFactsDoc>(COMPLIANCE_FACTS)).filter((d) => d.kind === 'unit').map((d) => d.unitId);

  async function expectSameAsFold(): Promise<void> {
    const query = new ComplianceQuery(stores.sql);
    for (const role of ROLES) {
      for (const asOf of DAYS) {
        for (const unitId of [undefined, ...(await units())]) {
          const { joined } = await pagedFlags(query, unitId, asOf, role, 4);
          expect(joined).toEqual(await foldedFlags(unitId, asOf, role));
        }
      }
    }
  }

  it('the record exercises them: many pages, flags, and requests of units linked to none of their negotiations', async () => {
    const expected = await foldedFlags(undefined, DAYS[3]!, 'legal-counsel');
    expect(expected.flags.length).toBeGreaterThan(20);
    expect(expected.evaluated.filter((s) => s.negotiationId === null).length).toBeGreaterThan(1);
    expect((await pagedFlags(new ComplianceQuery(stores.sql), undefined, DAYS[3]!, 'legal-counsel', 4)).pages).toBeGreaterThan(5);
  });

  it('answer, pages joined, what evaluating every subject at once answered, for every role, day and unit', async () => {
    await expectSameAsFold();
  });

  it('still do after more events', async () => {
    simulator.generate(simulator.events + 1_000);
    await record();
    await expectSameAsFold();
  });

  it('refuse a cursor they did not issue', async () => {
    await expect(new ComplianceQuery(stores.sql).flags({ cursor: 'bm90IGEgY3Vyc29y' }, DAYS[0]!, actor('analyst'))).rejects.toMatchObject({ status: 400 });
  });
});
