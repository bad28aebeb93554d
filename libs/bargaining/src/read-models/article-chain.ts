import type { RecordedEvent } from '#event-store';
import { type Actor, type BusinessTime, type ClassificationMark, businessDayOf, businessTimeOf, isWellFormedBusinessTime } from '#kernel';
import { type DocumentRef, type IsoDate, SIDES, type Side, byArticle, isIsoDate } from '../domain/common.js';
import { negotiationBusinessDayField } from '../domain/negotiation/accessors.js';
import type { ChangeKind, ProposalCosting } from '../domain/negotiation/events.js';
import type { ProposalForm } from '../domain/negotiation/state.js';
import {
  type ArticleDoc,
  type ArticleHistoryDoc,
  type CorrectionFact,
  type InitialedFact,
  type NegotiationLedgerDoc,
  type TabledFact,
  articleHistoryProjection,
  evolveArticleHistory,
  mergeArticlePages,
} from './article-history.js';
import { type Recording, lateByDays } from './recording.js';
import { type WordDiffPart, wordDiff } from './word-diff.js';

/*
 * The chain of each side's positions on one article, as one reader may see it: what counsel puts
 * before an arbitrator. The one builder of article chains: the article-history route assembles it
 * from the article's document and the negotiation's ledger, the audit file and the table as of a
 * day from the events (articleChainsOf, through the same projection). It is built over the facts
 * the reader may read only (the caller screens them through the read policy), so a diff never
 * shows words from a position the reader may not see.
 *
 * Order: business time (occurredAt, as corrected), then recording order. Within one business day a
 * fact recorded with only its day sorts before one recorded to the instant (a day is taken as its
 * start), so the order is total. `order: 'recorded'` lists the same entries by system time.
 * Position changes and their word diffs always follow business order: each position is compared
 * with the same side's position just before it at the table, whichever order the list is shown in.
 */

export const CHAIN_ORDERS = ['occurred', 'recorded'] as const;
export type ChainOrder = (typeof CHAIN_ORDERS)[number];

export type ChainEntryKind =
  | ProposalForm
  | 'withdrawal'
  | 'package-reversion'
  | 'package-rejection'
  | 'tentative-agreement'
  | 'tentative-agreement-withdrawal';

export interface CorrectionShown {
  readonly eventId: string;
  /** The corrected event (for a TA, possibly its second initial). */
  readonly correctsEventId: string;
  readonly correctedEventType: string;
  readonly reason: string;
  readonly correctedFields: Readonly<Record<string, unknown>>;
  readonly correctedOn: IsoDate;
  readonly occurredAt: BusinessTime;
  readonly recordedAt: string;
  readonly recordedBy: Actor;
  readonly classification: ClassificationMark;
}

/** A side's position moving from one entry to another (null: no position), and the words that changed. */
export interface PositionChange {
  readonly side: Side;
  readonly from: string | null;
  readonly to: string | null;
  readonly diff: readonly WordDiffPart[];
}

interface EntryBase {
  /** The event id of the fact (for a TA, of its first initial). */
  readonly entryId: string;
  readonly eventId: string;
  readonly revision: number;
  readonly occurredAt: BusinessTime;
  /** occurredAt as last corrected; occurredAt itself when never corrected. */
  readonly effectiveOccurredAt: BusinessTime;
  readonly recordedAt: string;
  readonly recordedBy: Actor;
  readonly classification: ClassificationMark;
  /** Days between the business day and the day of recording: a late entry stays visible as late. */
  readonly lateByDays: number;
  /** Corrections of this fact, beside it; the entry keeps what was originally recorded. */
  readonly corrections: readonly CorrectionShown[];
  readonly positionChanges: readonly PositionChange[];
}

export interface PositionEntry extends EntryBase {
  readonly kind: ProposalForm;
  readonly side: Side;
  readonly proposalId: string;
  readonly number: string;
  readonly title: string | null;
  readonly changeKind: ChangeKind;
  /** The full text as recorded. */
  readonly text: string;
  /** The text as corrected, when a correction replaced it. */
  readonly correctedText: string | null;
  readonly respondsTo: string | null;
  readonly conditional: boolean;
  readonly documents: readonly DocumentRef[];
  /** The proposal's costing (a confidential fact of its own): null when none, or not for this reader. */
  readonly costing: (ProposalCosting & { readonly eventId: string; readonly classification: ClassificationMark }) | null;
}

export interface DispositionEntry extends EntryBase {
  /** withdrawal; package-reversion (a conditional package rejected: its side returns to its prior positions); package-rejection (unconditional: positions stand). */
  readonly kind: 'withdrawal' | 'package-reversion' | 'package-rejection';
  /** The side whose proposal it was. */
  readonly side: Side;
  readonly proposalId: string;
  readonly number: string;
  readonly rejectedBy: Side | null;
  readonly reason: string | null;
}

export interface TaInitial {
  readonly side: Side;
  readonly signatory: string;
  readonly initialedOn: IsoDate;
  readonly eventId: string;
  readonly occurredAt: BusinessTime;
  readonly recordedAt: string;
  readonly recordedBy: Actor;
  readonly lateByDays: number;
}

export interface TentativeAgreementEntry extends EntryBase {
  readonly kind: 'tentative-agreement';
  /** Both sides: the agreed text becomes each side's position. */
  readonly side: null;
  readonly taId: string;
  readonly title: string | null;
  readonly text: string;
  readonly correctedText: string | null;
  readonly initials: readonly TaInitial[];
  /** Initialed by both sides and not withdrawn. */
  readonly complete: boolean;
  readonly withdrawn: { readonly eventId: string; readonly by: Side; readonly on: IsoDate } | null;
}

export interface TaWithdrawalEntry extends EntryBase {
  readonly kind: 'tentative-agreement-withdrawal';
  readonly side: Side;
  readonly taId: string;
  readonly reason: string | null;
}

export type ArticleChainEntry = PositionEntry | DispositionEntry | TentativeAgreementEntry | TaWithdrawalEntry;

export interface StandingPosition {
  readonly entryId: string;
  readonly kind: ProposalForm | 'tentative-agreement';
  readonly proposalId: string | null;
  readonly number: string | null;
  readonly taId: string | null;
  readonly text: string;
  readonly occurredAt: BusinessTime;
}

export type ArticleStatus = 'open' | 'awaiting-signature' | 'agreed';

/** How one reader reads the chain. */
export interface ChainReading {
  /** The facts the reader may read (the read policy's screen, by the classification in effect); default: every fact given. */
  readonly mayRead?: (record: Recording) => boolean;
  /** A fact's classification in effect, shown on its entry; default: as recorded. */
  readonly classificationOf?: (record: Recording) => ClassificationMark;
  readonly order?: ChainOrder;
  /** Word diffs of each position and across the table; false for a list that shows none (they are most of the work on a long chain). Default true. */
  readonly diffs?: boolean;
  /** How the diffs are found: wordDiff (the default), or a cache of its answers (rememberedWordDiff). */
  readonly wordDiff?: (before: string, after: string) => readonly WordDiffPart[];
}

export interface ArticleChain {
  readonly negotiationId: string;
  readonly article: string;
  readonly title: string | null;
  readonly status: ArticleStatus;
  readonly order: ChainOrder;
  /** Each side's position now (business order): its last proposal, or a TA standing on the article; null when it holds none. */
  readonly current: Readonly<Record<Side, StandingPosition | null>>;
  /** Each side's standing proposal (the last neither withdrawn nor reverted), beneath a TA awaiting a signature; null when it has none or a complete TA settled it. */
  readonly proposed: Readonly<Record<Side, StandingPosition | null>>;
  /** The TA standing on the article (not withdrawn), if any. */
  readonly tentativeAgreement: { readonly entryId: string; readonly taId: string; readonly complete: boolean; readonly text: string } | null;
  /** Sides that held a position on the article and hold none now: they withdrew it, or their conditional package was rejected. */
  readonly withdrawn: readonly Side[];
  /** What divides the table: the employer's standing position against the union's, word by word; null unless each side holds a position of its own. */
  readonly acrossTheTable: { readonly from: string; readonly to: string; readonly diff: readonly WordDiffPart[] } | null;
  readonly lastOccurredOn: IsoDate;
  readonly lastRecordedAt: string;
  readonly entries: readonly ArticleChainEntry[];
}

export type ArticleSummary = Omit<ArticleChain, 'entries' | 'order' | 'acrossTheTable'> & { readonly entryCount: number };

// ---- assembly ----

type Draft = Omit<PositionEntry, 'positionChanges'> | Omit<DispositionEntry, 'positionChanges'> | Omit<TentativeAgreementEntry, 'positionChanges'> | Omit<TaWithdrawalEntry, 'positionChanges'>;

/** The business time a list of corrections (recording order) leaves a fact with. */
function correctedTime(original: BusinessTime, corrections: readonly CorrectionFact[]): BusinessTime {
  let time = original;
  for (const c of corrections) {
    const fields = c.correctedFields;
    if (isWellFormedBusinessTime(fields.occurredAt)) time = businessTimeOf(fields.occurredAt);
    else {
      const field = negotiationBusinessDayField(c.correctedEventType);
      const day = field === null ? undefined : fields[field];
      if (isIsoDate(day)) time = { at: day, precision: 'day' };
    }
  }
  return time;
}

/** The article's text as a correction of the fact's `articles` left it, if one did. */
function correctedText(article: string, corrections: readonly CorrectionFact[]): string | null {
  let text: string | null = null;
  for (const c of corrections) {
    const articles = c.correctedFields.articles;
    if (!Array.isArray(articles)) continue;
    const match = articles.find((a: unknown) => (a as { article?: unknown })?.article === article && typeof (a as { text?: unknown }).text === 'string') as
      | { text: string }
      | undefined;
    if (match) text = match.text;
  }
  return text;
}

type MarkOf = (record: Recording) => ClassificationMark;

const shown = (c: CorrectionFact, markOf: MarkOf): CorrectionShown => ({
  eventId: c.record.eventId,
  correctsEventId: c.correctedEventId,
  correctedEventType: c.correctedEventType,
  reason: c.reason,
  correctedFields: c.correctedFields,
  correctedOn: c.correctedOn,
  occurredAt: c.record.occurredAt,
  recordedAt: c.record.recordedAt,
  recordedBy: c.record.recordedBy,
  classification: markOf(c.record),
});

function base(markOf: MarkOf, record: Recording, corrections: readonly CorrectionFact[], ownCorrections: readonly CorrectionFact[] = corrections) {
  return {
    entryId: record.eventId,
    eventId: record.eventId,
    revision: record.revision,
    occurredAt: record.occurredAt,
    effectiveOccurredAt: correctedTime(record.occurredAt, ownCorrections),
    recordedAt: record.recordedAt,
    recordedBy: record.recordedBy,
    classification: markOf(record),
    lateByDays: lateByDays(record),
    corrections: corrections.map((c) => shown(c, markOf)),
  };
}

/** Business order: the (corrected) business day, then the instant when one was recorded, then recording order. */
export function byBusinessTime(a: Pick<EntryBase, 'effectiveOccurredAt' | 'revision'>, b: Pick<EntryBase, 'effectiveOccurredAt' | 'revision'>): number {
  const dayA = businessDayOf(a.effectiveOccurredAt);
  const dayB = businessDayOf(b.effectiveOccurredAt);
  if (dayA !== dayB) return dayA < dayB ? -1 : 1;
  const instantA = a.effectiveOccurredAt.at.length > 10 ? Date.parse(a.effectiveOccurredAt.at) : Number.NEGATIVE_INFINITY;
  const instantB = b.effectiveOccurredAt.at.length > 10 ? Date.parse(b.effectiveOccurredAt.at) : Number.NEGATIVE_INFINITY;
  if (instantA !== instantB) return instantA < instantB ? -1 : 1;
  return a.revision - b.revision;
}

export function byRecordedTime(a: Pick<EntryBase, 'recordedAt' | 'revision'>, b: Pick<EntryBase, 'recordedAt' | 'revision'>): number {
  const diff = Date.parse(a.recordedAt) - Date.parse(b.recordedAt);
  return diff !== 0 ? diff : a.revision - b.revision;
}

/**
 * The article's chain as one reader may read it; null when the reader may read none of the
 * article's positions (the caller answers 404). Pure.
 */
export function articleChain(doc: ArticleDoc, ledger: NegotiationLedgerDoc | null, reading: ChainReading = {}): ArticleChain | null {
  const mayRead = reading.mayRead ?? (() => true);
  const markOf: MarkOf = reading.classificationOf ?? ((record) => record.classification);
  const order = reading.order ?? 'occurred';
  const facts = doc.facts.filter((f) => mayRead(f.record));
  if (facts.length === 0) return null;
  const correctionsOf = new Map<string, CorrectionFact[]>();
  for (const c of ledger?.corrections ?? []) {
    if (!mayRead(c.record)) continue;
    correctionsOf.set(c.correctedEventId, [...(correctionsOf.get(c.correctedEventId) ?? []), c]);
  }
  const corrections = (eventId: string) => correctionsOf.get(eventId) ?? [];

  const costingOf = new Map<string, PositionEntry['costing']>();
  for (const c of ledger?.costings ?? []) {
    if (mayRead(c.record)) costingOf.set(c.proposalId, { summary: c.summary, costs: c.costs, documents: c.documents, eventId: c.record.eventId, classification: markOf(c.record) });
  }

  const drafts: Draft[] = [];
  const proposals = new Map<string, Omit<PositionEntry, 'positionChanges'>>();
  const initialsByTa = new Map<string, InitialedFact[]>();
  for (const fact of facts) {
    if (fact.fact === 'tabled') {
      const entry = positionDraft(markOf, fact, corrections(fact.record.eventId), doc.article, costingOf.get(fact.proposalId) ?? null);
      proposals.set(fact.proposalId, entry);
      drafts.push(entry);
    } else {
      initialsByTa.set(fact.taId, [...(initialsByTa.get(fact.taId) ?? []), fact]);
    }
  }

  const taWithdrawals = new Map<string, { eventId: string; by: Side; on: IsoDate }>();
  for (const d of ledger?.dispositions ?? []) {
    if (!mayRead(d.record)) continue;
    if (d.disposition === 'ta-withdrawal') {
      if (!initialsByTa.has(d.taId) || taWithdrawals.has(d.taId)) continue;
      taWithdrawals.set(d.taId, { eventId: d.record.eventId, by: d.withdrawnBy, on: d.on });
      drafts.push({ ...base(markOf, d.record, corrections(d.record.eventId)), kind: 'tentative-agreement-withdrawal', side: d.withdrawnBy, taId: d.taId, reason: d.reason });
      continue;
    }
    const proposal = proposals.get(d.proposalId);
    if (!proposal) continue;
    drafts.push({
      ...base(markOf, d.record, corrections(d.record.eventId)),
      kind: d.disposition === 'withdrawal' ? 'withdrawal' : proposal.conditional ? 'package-reversion' : 'package-rejection',
      side: proposal.side,
      proposalId: proposal.proposalId,
      number: proposal.number,
      rejectedBy: d.disposition === 'package-rejection' ? d.rejectedBy : null,
      reason: d.reason,
    });
  }

  for (const [taId, initials] of initialsByTa) {
    const first = initials[0]!;
    const all = initials.flatMap((i) => corrections(i.record.eventId));
    const signed = new Set(initials.map((i) => i.side));
    const withdrawn = taWithdrawals.get(taId) ?? null;
    drafts.push({
      ...base(markOf, first.record, all, corrections(first.record.eventId)),
      kind: 'tentative-agreement',
      side: null,
      taId,
      title: first.title,
      text: first.text,
      correctedText: correctedText(doc.article, corrections(first.record.eventId)),
      initials: initials.map((i) => ({
        side: i.side,
        signatory: i.signatory,
        initialedOn: i.initialedOn,
        eventId: i.record.eventId,
        occurredAt: i.record.occurredAt,
        recordedAt: i.record.recordedAt,
        recordedBy: i.record.recordedBy,
        lateByDays: lateByDays(i.record),
      })),
      complete: withdrawn === null && SIDES.every((s) => signed.has(s)),
      withdrawn,
    });
  }

  const business = [...drafts].sort(byBusinessTime);
  const diff = reading.diffs === false ? () => [] : (reading.wordDiff ?? wordDiff);
  const { changes, stacks, everHeld } = walkPositions(business, diff);
  const withChanges = (d: Draft) => ({ ...d, positionChanges: changes.get(d.entryId) ?? [] }) as ArticleChainEntry;
  const entries = (order === 'recorded' ? [...drafts].sort(byRecordedTime) : business).map(withChanges);

  const employer = stacks.employer.at(-1) ?? null;
  const union = stacks.union.at(-1) ?? null;
  const standingTa = [...business].reverse().find((d): d is Omit<TentativeAgreementEntry, 'positionChanges'> => d.kind === 'tentative-agreement' && d.withdrawn === null) ?? null;
  // A complete TA settles the positions beneath it: they stay in the chain, no longer on the table.
  const settledBy = standingTa?.complete ? standingTa.entryId : null;
  const titled = [...business].reverse().find((d) => (d.kind === 'tentative-agreement' || isPositionKind(d.kind)) && (d as { title: string | null }).title !== null);
  return {
    negotiationId: doc.negotiationId,
    article: doc.article,
    title: titled ? (titled as { title: string | null }).title : null,
    status: standingTa === null ? 'open' : standingTa.complete ? 'agreed' : 'awaiting-signature',
    order,
    current: { employer: stacks.employer.at(-1)?.standing ?? null, union: stacks.union.at(-1)?.standing ?? null },
    proposed: { employer: standingProposal(stacks.employer, settledBy), union: standingProposal(stacks.union, settledBy) },
    tentativeAgreement: standingTa && { entryId: standingTa.entryId, taId: standingTa.taId, complete: standingTa.complete, text: standingTa.correctedText ?? standingTa.text },
    withdrawn: SIDES.filter((side) => everHeld.has(side) && stacks[side].length === 0),
    acrossTheTable: employer && union && employer.entryId !== union.entryId ? { from: employer.entryId, to: union.entryId, diff: diff(employer.text, union.text) } : null,
    lastOccurredOn: business.map((d) => businessDayOf(d.effectiveOccurredAt)).reduce((a, b) => (b > a ? b : a)),
    lastRecordedAt: [...drafts].sort(byRecordedTime).at(-1)!.recordedAt,
    entries,
  };
}

/** The chain without its entries: what the list of a negotiation's articles shows (build it with `diffs: false`: the list shows none). */
export function articleSummary(chain: ArticleChain): ArticleSummary {
  const { entries, order: _order, acrossTheTable: _across, ...rest } = chain;
  return { ...rest, entryCount: entries.length };
}

const isPositionKind = (kind: ChainEntryKind): kind is ProposalForm => kind === 'proposal' || kind === 'counterproposal' || kind === 'package';

function positionDraft(markOf: MarkOf, fact: TabledFact, corrections: readonly CorrectionFact[], article: string, costing: PositionEntry['costing']): Omit<PositionEntry, 'positionChanges'> {
  return {
    ...base(markOf, fact.record, corrections),
    kind: fact.form,
    side: fact.side,
    proposalId: fact.proposalId,
    number: fact.number,
    title: fact.title,
    changeKind: fact.changeKind,
    text: fact.text,
    correctedText: correctedText(article, corrections),
    respondsTo: fact.respondsTo,
    conditional: fact.conditional,
    documents: fact.documents,
    costing,
  };
}

interface Held {
  readonly entryId: string;
  readonly text: string;
  readonly standing: StandingPosition;
}

/** A side's last proposal on the stack, unless the complete TA `settledBy` stands above it (one tabled after the TA stands). */
function standingProposal(stack: readonly Held[], settledBy: string | null): StandingPosition | null {
  for (let i = stack.length - 1; i >= 0; i--) {
    const held = stack[i]!;
    if (held.standing.kind !== 'tentative-agreement') return held.standing;
    if (held.entryId === settledBy) return null;
  }
  return null;
}

/**
 * Walks the entries in business order, keeping each side's positions as a stack (as the domain
 * does): a tabling or a TA pushes, a withdrawal, a conditional package's rejection or a TA's
 * withdrawal removes; a side's position is its top. Returns each entry's position changes.
 */
function walkPositions(business: readonly Draft[], wordDiff: (before: string, after: string) => readonly WordDiffPart[]) {
  const stacks: Record<Side, Held[]> = { employer: [], union: [] };
  const changes = new Map<string, PositionChange[]>();
  const everHeld = new Set<Side>();
  const take = (side: Side, held: Held): PositionChange => {
    const previous = stacks[side].at(-1) ?? null;
    stacks[side].push(held);
    return { side, from: previous?.entryId ?? null, to: held.entryId, diff: wordDiff(previous?.text ?? '', held.text) };
  };
  const remove = (side: Side, entryId: string): PositionChange[] => {
    const stack = stacks[side];
    const index = stack.findIndex((h) => h.entryId === entryId);
    if (index < 0) return [];
    const wasCurrent = index === stack.length - 1;
    const [removed] = stack.splice(index, 1);
    if (!wasCurrent) return [];
    const now = stack.at(-1) ?? null;
    return [{ side, from: entryId, to: now?.entryId ?? null, diff: wordDiff(removed!.text, now?.text ?? '') }];
  };
  const proposalEntry = new Map<string, string>();
  const taEntry = new Map<string, string>();
  for (const d of business) {
    switch (d.kind) {
      case 'proposal':
      case 'counterproposal':
      case 'package': {
        const text = d.correctedText ?? d.text;
        proposalEntry.set(d.proposalId, d.entryId);
        const standing: StandingPosition = { entryId: d.entryId, kind: d.kind, proposalId: d.proposalId, number: d.number, taId: null, text, occurredAt: d.effectiveOccurredAt };
        everHeld.add(d.side);
        changes.set(d.entryId, [take(d.side, { entryId: d.entryId, text, standing })]);
        break;
      }
      case 'withdrawal':
      case 'package-reversion': {
        const target = proposalEntry.get(d.proposalId);
        changes.set(d.entryId, target ? remove(d.side, target) : []);
        break;
      }
      case 'package-rejection':
        break;
      case 'tentative-agreement': {
        const text = d.correctedText ?? d.text;
        taEntry.set(d.taId, d.entryId);
        const standing: StandingPosition = { entryId: d.entryId, kind: 'tentative-agreement', proposalId: null, number: null, taId: d.taId, text, occurredAt: d.effectiveOccurredAt };
        for (const side of SIDES) everHeld.add(side);
        changes.set(d.entryId, SIDES.map((side) => take(side, { entryId: d.entryId, text, standing })));
        break;
      }
      case 'tentative-agreement-withdrawal': {
        const target = taEntry.get(d.taId);
        changes.set(d.entryId, target ? SIDES.flatMap((side) => remove(side, target)) : []);
        break;
      }
    }
  }
  return { changes, stacks, everHeld };
}

/**
 * Every article's chain from a negotiation's events (recording order), folded through the
 * article-history projection itself, so the audit file and the table as of a day read the same
 * chains as the article-history route. Sorted by article. Pure.
 */
export function articleChainsOf(events: readonly RecordedEvent[], reading: ChainReading = {}): ArticleChain[] {
  const docs = new Map<string, ArticleHistoryDoc>();
  for (const event of events) {
    for (const key of articleHistoryProjection.keys(event)) {
      const next = evolveArticleHistory(docs.get(key) ?? null, event, key);
      if (next !== null) docs.set(key, next);
    }
  }
  const pages: ArticleDoc[] = [];
  const ledgers = new Map<string, NegotiationLedgerDoc>();
  for (const doc of docs.values()) {
    if (doc.kind === 'article') pages.push(doc);
    else ledgers.set(doc.negotiationId, doc);
  }
  return mergeArticlePages(pages)
    .map((doc) => articleChain(doc, ledgers.get(doc.negotiationId) ?? null, reading))
    .filter((chain): chain is ArticleChain => chain !== null)
    .sort((a, b) => byArticle(a.article, b.article));
}

/** The records whose content a chain shows: its facts, the TA initials, the corrections beside them and the costings. */
export function chainRecordIds(chain: Pick<ArticleChain, 'entries'>): string[] {
  const ids = new Set<string>();
  for (const entry of chain.entries) {
    ids.add(entry.eventId);
    for (const correction of entry.corrections) ids.add(correction.eventId);
    if (entry.kind === 'tentative-agreement') for (const initial of entry.initials) ids.add(initial.eventId);
    if ((entry.kind === 'proposal' || entry.kind === 'counterproposal' || entry.kind === 'package') && entry.costing) ids.add(entry.costing.eventId);
  }
  return [...ids];
}

/** Which entries of a chain one answer carries: at most `limit`, the last of those before the entry `before` (in the chain's order). */
export interface ChainWindow {
  readonly limit?: number;
  /** An entry id of the chain: only the entries before it. */
  readonly before?: string;
}

/** A chain with some of its entries: the latest `limit` (or those before `before`), and how to ask for the ones before them. */
export type ArticleChainPage = ArticleChain & {
  /** Every entry of the chain this reader may read, not only those in `entries`. */
  readonly entryCount: number;
  /** Pass as `before` for the entries just before `entries`; null when `entries` begin the chain. */
  readonly olderBefore: string | null;
};

/**
 * The entries of `chain` that `window` asks for, with the whole chain's head (standing positions,
 * the redline across the table); null when `before` is not an entry of the chain. Pure.
 */
export function chainPage(chain: ArticleChain, window: ChainWindow): ArticleChainPage | null {
  let end = chain.entries.length;
  if (window.before !== undefined) {
    end = chain.entries.findIndex((entry) => entry.entryId === window.before);
    if (end < 0) return null;
  }
  const start = window.limit === undefined ? 0 : Math.max(0, end - window.limit);
  return { ...chain, entries: chain.entries.slice(start, end), entryCount: chain.entries.length, olderBefore: start > 0 ? chain.entries[start]!.entryId : null };
}

/**
 * The records whose content an answer over part of a chain shows: those of its entries (chainRecordIds),
 * the positions their redlines compare with, and the standing positions and TA of the chain's head,
 * which show text whichever entries the answer carries.
 */
export function chainPageRecordIds(page: Pick<ArticleChain, 'entries' | 'current' | 'proposed' | 'tentativeAgreement' | 'acrossTheTable'>): string[] {
  const ids = new Set(chainRecordIds(page));
  for (const entry of page.entries) for (const change of entry.positionChanges) for (const id of [change.from, change.to]) if (id !== null) ids.add(id);
  for (const side of SIDES) for (const position of [page.current[side], page.proposed[side]]) if (position) ids.add(position.entryId);
  if (page.tentativeAgreement) ids.add(page.tentativeAgreement.entryId);
  if (page.acrossTheTable) ids.add(page.acrossTheTable.from).add(page.acrossTheTable.to);
  return [...ids];
}
