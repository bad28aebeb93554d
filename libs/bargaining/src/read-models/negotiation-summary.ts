import { asNegotiationEvent } from '../domain/negotiation/accessors.js';
import type { RecordedEvent } from '#event-store';
import type { DocumentProjection } from '#read-store';
import { type BusinessTime, CLASSIFICATIONS, businessInstant, type Classification, type Role, shareParts } from '#kernel';
import type { IsoDate, Side, Statute } from '../domain/common.js';
import { NEGOTIATION_STREAM_CATEGORY } from '../domain/ids.js';
import type { NegotiationKind, Outcome, TaRule } from '../domain/negotiation/events.js';
import { type NegotiationState, evolveNegotiationSharing, initialNegotiationState } from '../domain/negotiation/state.js';
import { SharedParts } from './shared-parts.js';
import { type InstrumentLine, type NegotiationStage, type SettlementStep, instrumentLines, tableSummary } from '../domain/negotiation/summary.js';
import { levelRank, negotiationIdOf, viewLevelFor } from './recording.js';
import { type DashboardLine, dashboardLine } from './unit-dashboard.js';

/*
 * negotiation-summary: one document per negotiation, holding the domain's own folded state once per
 * clearance level (public, internal, confidential, privileged), each folded over only the facts of
 * that level or below. A reader gets the widest level its role covers, so a costed (confidential)
 * proposal or a privileged note counts for counsel and not for an analyst, and nothing about the
 * content of what a reader may not see leaks into the counts it does see. Days at the table depend
 * on the day asked about, so they are computed at query time.
 */

export interface LastActivity {
  readonly recordedAt: string;
  readonly occurredAt: BusinessTime;
  readonly eventType: string;
  readonly eventId: string;
}

export interface ClearanceView {
  readonly state: NegotiationState;
  readonly lastActivity: LastActivity | null;
}

export interface NegotiationSummaryDoc {
  readonly negotiationId: string;
  /** Last applied revision of the negotiation's stream. */
  readonly revision: number;
  /** Over every fact, whatever its classification: what the last_activity column sorts by. */
  readonly lastActivity: LastActivity;
  /**
   * The distinct views, and which one each clearance level reads. Levels that have seen the same
   * facts share one view (folded once, stored once): a negotiation without confidential or
   * privileged facts holds one state for internal, confidential and privileged, not three.
   */
  readonly views: readonly ClearanceView[];
  readonly viewOf: Readonly<Record<Classification, number>>;
}

/** The view a clearance level reads. */
export const viewAt = (doc: Pick<NegotiationSummaryDoc, 'views' | 'viewOf'>, level: Classification): ClearanceView => doc.views[doc.viewOf[level]]!;

const emptyView = (): ClearanceView => ({ state: initialNegotiationState(), lastActivity: null });

const activityOf = (event: RecordedEvent): LastActivity => ({
  recordedAt: event.recordedAt,
  occurredAt: event.occurredAt,
  eventType: event.type,
  eventId: event.eventId,
});

/**
 * The later of two activities by business time (a late entry takes its place at its day); on a
 * tie, the one recorded later. What a reader calls the last activity: it carries its recording time beside it.
 */
export function laterActivity(current: LastActivity | null, next: LastActivity | null): LastActivity | null {
  if (current === null) return next;
  if (next === null) return current;
  const a = Date.parse(businessInstant(current.occurredAt));
  const b = Date.parse(businessInstant(next.occurredAt));
  if (a !== b) return a > b ? current : next;
  return Date.parse(current.recordedAt) > Date.parse(next.recordedAt) ? current : next;
}

/** The later of two activities by system time; on a tie, the one recorded later (the new one): what the last_activity column sorts by. */
function latest(current: LastActivity | null, next: LastActivity): LastActivity {
  return current !== null && Date.parse(current.recordedAt) > Date.parse(next.recordedAt) ? current : next;
}

const FULL = CLASSIFICATIONS[CLASSIFICATIONS.length - 1]!;
const fullView = (doc: Pick<NegotiationSummaryDoc, 'views' | 'viewOf'>) => viewAt(doc, FULL);

/** Pure: a negotiation's next summary document. Replaying an applied revision returns the document unchanged. */
export function evolveNegotiationSummary(doc: NegotiationSummaryDoc | null, event: RecordedEvent): NegotiationSummaryDoc | null {
  if (doc !== null && event.revision <= doc.revision) return doc;
  const negotiationId = negotiationIdOf(event);
  if (negotiationId === null) return doc;
  const rank = levelRank(event.classification.level);
  const activity = activityOf(event);
  const empty = emptyView();
  // Each distinct view is evolved once, whatever number of levels read it; levels below the fact's
  // classification keep theirs, so a view shared across that line splits in two. Distinct views
  // still share most of their parts (a confidential note changes only a count): those are evolved
  // once for all of them and stay shared.
  const fact = asNegotiationEvent(event);
  const evolved = new Map<ClearanceView, ClearanceView>();
  const shared = new SharedParts();
  // A view the levels below keep as it is is shared before the levels above evolve it (see shareParts).
  const kept = new Set(CLASSIFICATIONS.slice(0, rank).map((level) => (doc ? viewAt(doc, level) : empty)));
  const next = CLASSIFICATIONS.map((level, index) => {
    const view = doc ? viewAt(doc, level) : empty;
    if (index < rank) return view;
    let after = evolved.get(view);
    if (!after) {
      after = { state: fact === null ? view.state : evolveNegotiationSharing(kept.has(view) ? shareParts(view.state) : view.state, fact, shared.part), lastActivity: laterActivity(view.lastActivity, activity) };
      evolved.set(view, after);
    }
    return after;
  });
  const views: ClearanceView[] = [];
  const viewOf = Object.fromEntries(
    CLASSIFICATIONS.map((level, index) => {
      let at = views.indexOf(next[index]!);
      if (at < 0) at = views.push(next[index]!) - 1;
      return [level, at];
    }),
  ) as Record<Classification, number>;
  const evolvedDoc = { views, viewOf };
  // A stream that does not start with its opening holds no negotiation (evolve is total: never throws).
  if (fullView(evolvedDoc).state.status === 'not-opened') return null;
  return { negotiationId, revision: event.revision, lastActivity: latest(doc?.lastActivity ?? null, activity), views, viewOf };
}

export const negotiationSummaryProjection: DocumentProjection<NegotiationSummaryDoc> = {
  name: 'negotiation-summary',
  // v4: each level's dashboard line, for the unit dashboards.
  version: 4,
  categories: [NEGOTIATION_STREAM_CATEGORY],
  columns: {
    unit_id: { type: 'text', value: (doc) => openedRecord(fullView(doc).state)?.unitId ?? null },
    status: { type: 'text', value: (doc) => fullView(doc).state.status },
    stage: { type: 'text', value: (doc) => tableSummary(fullView(doc).state).stage },
    last_activity: { type: 'timestamptz', value: (doc) => doc.lastActivity.recordedAt },
    opened_on: { type: 'date', value: (doc) => openedRecord(fullView(doc).state)?.openedOn ?? null },
    // What the unit dashboards count, sum and order in SQL: read per level, never filtered on alone.
    dashboard: { type: 'jsonb', index: false, value: (doc) => dashboardLines(doc) },
  },
  keys: (event) => {
    const id = negotiationIdOf(event);
    return id === null ? [] : [id];
  },
  evolve: (doc, event) => evolveNegotiationSummary(doc, event),
};

/** Each clearance level's dashboard line (null where that level sees no opened negotiation); views shared by levels are read once. */
export function dashboardLines(doc: Pick<NegotiationSummaryDoc, 'views' | 'viewOf'>): Record<Classification, DashboardLine | null> {
  const lines = doc.views.map((view) => dashboardLine(view.state, view.lastActivity));
  return Object.fromEntries(CLASSIFICATIONS.map((level) => [level, lines[doc.viewOf[level]] ?? null])) as Record<Classification, DashboardLine | null>;
}

function openedRecord(state: NegotiationState) {
  return state.status === 'not-opened' ? null : state;
}

// ---- the summary a reader sees ----

export interface NegotiationSummary {
  readonly negotiationId: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly statute: Statute;
  readonly kind: NegotiationKind;
  readonly status: 'open' | 'concluded';
  readonly stage: NegotiationStage;
  readonly outcome: Outcome | null;
  readonly openedOn: IsoDate;
  readonly concludedOn: IsoDate | null;
  readonly groundRules: { readonly taRule: TaRule; readonly agreedOn: IsoDate } | null;
  /** The day the day counts are computed as of. */
  readonly asOf: IsoDate;
  /** Calendar days from opening to asOf, or to the settlement or conclusion when that came first. */
  readonly daysAtTable: number;
  readonly sessions: { readonly held: number; readonly cancelled: number; readonly lastHeldOn: IsoDate | null };
  readonly proposals: { readonly employer: number; readonly union: number; readonly onTable: number };
  readonly openArticles: readonly string[];
  readonly agreedArticles: readonly string[];
  readonly tentativeAgreements: {
    readonly complete: readonly string[];
    readonly awaitingSignature: readonly { readonly taId: string; readonly signedBy: Side; readonly awaiting: Side }[];
    readonly withdrawn: readonly string[];
  };
  readonly settlementSteps: { readonly done: readonly SettlementStep[]; readonly pending: readonly SettlementStep[] };
  /** Side letters and MOUs, with their expiry as of asOf. */
  readonly sideLettersAndMemoranda: readonly InstrumentLine[];
  /** Confidential and privileged notes on file that this reader may see. */
  readonly notes: number;
  /** Corrections recorded that this reader may see. */
  readonly corrections: number;
  /** The last fact this reader may see, by business time, with its recording time. */
  readonly lastActivity: LastActivity | null;
  /** The classification levels the summary was computed over (the reader's clearance). */
  readonly clearance: readonly Classification[];
}

/**
 * The summary as `role` may see it, as of a day; null when the role may see no opened negotiation
 * here (the caller answers 404). Pure.
 */
export function negotiationSummaryFor(doc: NegotiationSummaryDoc, role: Role, asOf: IsoDate): NegotiationSummary | null {
  const level = viewLevelFor(role);
  if (level === null) return null;
  const view = viewAt(doc, level);
  const state = view.state;
  if (state.status === 'not-opened') return null;
  const table = tableSummary(state, asOf);
  const concludedOn = state.status === 'concluded' ? state.concludedOn : null;
  const held = Object.values(state.sessions).filter((s) => s.status === 'held');
  return {
    negotiationId: state.negotiationId,
    unitId: state.unitId,
    unitName: state.unitName,
    statute: state.statute,
    kind: state.kind,
    status: state.status,
    stage: table.stage,
    outcome: table.outcome,
    openedOn: state.openedOn,
    concludedOn,
    groundRules: state.groundRules,
    asOf,
    daysAtTable: table.daysAtTable ?? 0,
    sessions: { ...table.sessions, lastHeldOn: held.reduce<IsoDate | null>((last, s) => (last === null || s.on > last ? s.on : last), null) },
    proposals: table.proposals,
    openArticles: table.openArticles,
    agreedArticles: table.agreedArticles,
    tentativeAgreements: table.tentativeAgreements,
    settlementSteps: table.settlementSteps,
    sideLettersAndMemoranda: instrumentLines(state, asOf),
    notes: state.confidentialNotes,
    corrections: state.corrections.length,
    lastActivity: view.lastActivity,
    clearance: CLASSIFICATIONS.slice(0, CLASSIFICATIONS.indexOf(level) + 1),
  };
}
