import { BadRequestException, Inject, Injectable, Optional } from '@nestjs/common';
import { type AccessContext, type ClassificationBook, NegotiationFiles, type PolicyRecord, ReadPolicy } from '#access';
import { CLOCK, type Clock, SQL_CLIENT } from '#platform';
import { type Actor, type ClassificationMark, type DomainError, calendarDay, notFound } from '#kernel';
import { LRUCache } from 'lru-cache';
import { type DocumentPage, type DocumentProjection, type DocumentQuery, documentsVersion, findDocuments, getDocument } from '#read-store';
import type { SqlQueryable } from '#sql';
import { type IsoDate, byArticle, isIsoDate } from '../domain/common.js';
import { isBargainingId, negotiationStream } from '../domain/ids.js';
import { type ArticleChain, type ArticleChainPage, type ArticleSummary, type ChainOrder, type ChainWindow, articleChain, articleSummary, chainPage, chainPageRecordIds, chainRecordIds } from './article-chain.js';
import { type DemandToBargainEntry, demandEntry, demandsToBargainProjection } from './demands-to-bargain.js';
import { type ArticleDoc, type NegotiationLedgerDoc, articleHistoryProjection, ledgerKey, mergeArticlePages } from './article-history.js';
import { type NegotiationSummary, type NegotiationSummaryDoc, negotiationSummaryFor, negotiationSummaryProjection } from './negotiation-summary.js';
import { UNIT_OVERDUE_REQUESTS, type UnitDashboard, type UnitOverdueRequests } from './unit-dashboard.js';
import { type ActiveAfter, type UnitDashboardFigures, unitDashboardFigures } from './unit-dashboard-query.js';
import { type UnitDirectoryDoc, unitDirectoryProjection } from './unit-directory.js';
import { type Recording, mayRead, viewLevelFor } from './recording.js';
import { rememberedWordDiff } from './word-diff.js';

export const BargainingReadModelErrorCode = {
  /** (404) Unknown, or not visible to the caller. */
  NEGOTIATION_NOT_FOUND: 'NEGOTIATION_NOT_FOUND',
  /** (404) No position on this article that the caller may see. */
  ARTICLE_NOT_FOUND: 'ARTICLE_NOT_FOUND',
  /** (404) */
  UNIT_NOT_FOUND: 'UNIT_NOT_FOUND',
} as const;
const E = BargainingReadModelErrorCode;

export const SUMMARY_SORTS = ['last-activity', 'opened-on', 'negotiation-id'] as const;
export type SummarySort = (typeof SUMMARY_SORTS)[number];

const SORT_COLUMNS: Readonly<Record<SummarySort, { column: 'last_activity' | 'opened_on' | 'key'; direction: 'asc' | 'desc'; value: (doc: NegotiationSummaryDoc) => string | null }>> = {
  'last-activity': { column: 'last_activity', direction: 'desc', value: (doc) => negotiationSummaryProjection.columns!.last_activity!.value(doc) as string },
  'opened-on': { column: 'opened_on', direction: 'desc', value: (doc) => negotiationSummaryProjection.columns!.opened_on!.value(doc) as string },
  'negotiation-id': { column: 'key', direction: 'asc', value: (doc) => doc.negotiationId },
};

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;
/** Active negotiations each unit of GET /dashboard/units shows (the longest at the table); the unit's own dashboard pages the rest. */
export const UNIT_CARD_NEGOTIATIONS = 10;
/** The most entries of an article's chain one paged answer carries. */
export const MAX_CHAIN_PAGE = 500;
/** Reading every document of a kind goes this many rows at a time. */
const SCAN_PAGE = 500;
/** Negotiations whose article documents are kept between requests (a long negotiation's run to megabytes). */
const KEPT_NEGOTIATIONS = 8;

export const ARTICLES_RESOURCE = 'GET /negotiations/:id/articles';
export const ARTICLE_HISTORY_RESOURCE = 'GET /negotiations/:id/articles/:article/history';
export const UNIT_DEMANDS_RESOURCE = 'GET /units/:id/demands-to-bargain';

/** An answer that leaves out privileged facts the caller is cleared for but asked for without X-Access-Purpose, and says how many. */
export type WithheldForPurpose<T> = T & { readonly withheldForPurpose: number };

/** A negotiation's article documents (each article's pages joined) and its ledger, as the projection held them at `version`. */
/** The article board as one kind of reader reads it, and the records it shows (logged on every answer). */
interface ArticleBoard {
  readonly articles: ArticleSummary[];
  readonly withheldForPurpose: number;
  readonly shown: readonly (PolicyRecord & Recording)[];
  readonly classificationOf: (record: Recording, asOf: string) => ClassificationMark;
}

interface ArticleSources {
  readonly version: string | null;
  readonly docs: readonly ArticleDoc[];
  readonly ledger: NegotiationLedgerDoc | null;
}

export interface ReadModelPage<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export interface SummaryCriteria {
  readonly unitId?: string;
  readonly status?: 'open' | 'concluded';
  readonly stage?: string;
  readonly sort?: SummarySort;
  readonly limit?: number;
  readonly cursor?: string;
}

const negotiationNotFound = (negotiationId: string): DomainError =>
  notFound(E.NEGOTIATION_NOT_FOUND, `no negotiation ${negotiationId} is recorded that you may see`, { negotiationId });

/**
 * Our cursors name the sort they were issued for, then the last row's sort value and key. They are
 * built from the document itself, not from the database's rendering of the column (a `date` comes
 * back as a local-midnight Date from node-pg).
 */
function encodeCursor(sort: string, value: string | number | null, key: string): string {
  return Buffer.from(JSON.stringify([sort, value, key]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, sort: string, valid: (value: unknown) => boolean): string {
  // Malformed input (400), like any other invalid query parameter.
  const invalid = () => new BadRequestException('cursor must be a nextCursor this list returned for the same sort');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [issuedFor, value, key] = parsed as unknown[];
  if (issuedFor !== sort || typeof key !== 'string' || key.length === 0 || key.length > 300 || !valid(value)) throw invalid();
  // The read store's own cursor: [sort value, key].
  return Buffer.from(JSON.stringify([value, key]), 'utf8').toString('base64url');
}

/** The cursor of a unit's active negotiations: issued for one asOf (days at the table depend on it). */
const activeSort = (asOf: IsoDate) => `days-at-table@${asOf}`;

function activeCursor(cursor: string, asOf: IsoDate): ActiveAfter {
  const [daysAtTable, negotiationId] = JSON.parse(Buffer.from(decodeCursor(cursor, activeSort(asOf), (v) => Number.isSafeInteger(v) && (v as number) >= 0), 'base64url').toString('utf8')) as [number, string];
  return { daysAtTable, negotiationId };
}

/** A unit's dashboard from its registration (null for a unit known only from its negotiations) and its figures as the reader sees them. */
function dashboardOf(unitId: string, unit: UnitDirectoryDoc | null, figures: UnitDashboardFigures | undefined, overdue: number | null, asOf: IsoDate): UnitDashboard {
  const instruments = figures?.instruments ?? [];
  const last = figures?.active.at(-1);
  return {
    unitId,
    name: unit?.name ?? figures?.first?.unitName ?? unitId,
    employer: unit?.employer ?? null,
    employeeOrganization: unit?.employeeOrganization ?? null,
    statute: unit?.statute ?? figures?.first?.statute ?? null,
    currentAgreementTerm: unit?.currentAgreementTerm ?? null,
    asOf,
    activeNegotiations: figures?.active ?? [],
    concludedNegotiations: figures?.concluded ?? 0,
    lastActivity: figures?.lastActivity ?? null,
    tentativeAgreementsPending: figures?.tentativeAgreementsPending ?? 0,
    daysAtTable: figures?.daysAtTable ?? null,
    overdueInformationRequests: overdue,
    sideLettersAndMemoranda: instruments,
    expiringWithin90Days: instruments.filter((line) => line.expiresWithin90Days).length,
    nextCursor: figures?.more && last ? encodeCursor(activeSort(asOf), last.daysAtTable, last.negotiationId) : null,
  };
}

const isInstant = (value: unknown) => typeof value === 'string' && value.length <= 40 && Number.isFinite(Date.parse(value));
const CURSOR_VALUE_CHECKS: Readonly<Record<SummarySort, (value: unknown) => boolean>> = {
  'last-activity': isInstant,
  'opened-on': (value) => isIsoDate(value),
  'negotiation-id': (value) => typeof value === 'string',
};

/** Until a projection's first build is caught up its view does not exist: nothing to read yet. */
async function find<Doc>(sql: SqlQueryable, projection: DocumentProjection<Doc>, query: DocumentQuery): Promise<DocumentPage<Doc>> {
  try {
    return await findDocuments(sql, projection, query);
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return { items: [], nextCursor: null };
    throw error;
  }
}

async function findAll<Doc>(sql: SqlQueryable, projection: DocumentProjection<Doc>, where: DocumentQuery['where']): Promise<Doc[]> {
  const all: Doc[] = [];
  for (let cursor: string | null = null; ; ) {
    const page: DocumentPage<Doc> = await find(sql, projection, { where, limit: SCAN_PAGE, cursor });
    all.push(...page.items);
    if (page.nextCursor === null) return all;
    cursor = page.nextCursor;
  }
}

/**
 * Queries over the bargaining read models, each answered as the caller's clearance allows: what
 * the caller may not see is left out, and a record the caller may not see at all is a 404.
 */
@Injectable()
export class BargainingReadModels {
  /** An article's chain shows the same diffs on every request: each pair of texts is diffed once. */
  private readonly wordDiff = rememberedWordDiff();
  /**
   * Each negotiation's article documents as last read, with the version they were read at: a
   * request reads the documents' version (keys and positions, no content) and reads the documents
   * again only when it moved. Parsing them was most of the article board's time on a long negotiation.
   */
  private readonly sources = new LRUCache<string, ArticleSources & { version: string }>({ max: KEPT_NEGOTIATIONS });
  /** Boards by the documents and book they were assembled from, then by reader (role, purpose stated, day). */
  private readonly boards = new WeakMap<ArticleSources, WeakMap<ClassificationBook, Map<string, ArticleBoard>>>();

  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlQueryable,
    @Inject(ReadPolicy) private readonly policy: ReadPolicy,
    @Inject(NegotiationFiles) private readonly files: NegotiationFiles,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(UNIT_OVERDUE_REQUESTS) private readonly overdueRequests?: UnitOverdueRequests,
  ) {}

  async summary(negotiationId: string, actor: Actor, asOf: IsoDate): Promise<NegotiationSummary> {
    const summary = await this.visibleSummary(negotiationId, actor, asOf);
    if (summary === null) throw negotiationNotFound(negotiationId);
    return summary;
  }

  /** A page of summaries in a stable order (the sort, then the negotiation id). */
  async summaries(criteria: SummaryCriteria, actor: Actor, asOf: IsoDate): Promise<ReadModelPage<NegotiationSummary>> {
    const sort = criteria.sort ?? 'last-activity';
    const { column, direction, value } = SORT_COLUMNS[sort];
    const limit = Math.min(Math.max(criteria.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const cursor = criteria.cursor === undefined ? null : decodeCursor(criteria.cursor, sort, CURSOR_VALUE_CHECKS[sort]);
    const page = await find(this.sql, negotiationSummaryProjection, {
      where: { unit_id: criteria.unitId, status: criteria.status, stage: criteria.stage },
      orderBy: column,
      direction,
      limit,
      cursor,
    });
    const last = page.items.at(-1);
    return {
      // Every opened negotiation is internal, so every role sees every row; the filter is for any that is not.
      items: page.items.map((doc) => negotiationSummaryFor(doc, actor.role, asOf)).filter((s): s is NegotiationSummary => s !== null),
      nextCursor: page.nextCursor !== null && last ? encodeCursor(sort, value(last), last.negotiationId) : null,
    };
  }

  /**
   * The negotiation's articles with each side's standing position, in natural article order. Read
   * through the read policy, as the article history is: the positions and TAs shown are reads.
   */
  async articles(negotiationId: string, access: AccessContext): Promise<WithheldForPurpose<{ negotiationId: string; articles: ArticleSummary[] }>> {
    await this.requireNegotiation(negotiationId, access.actor);
    const sources = await this.articleSources(negotiationId);
    const book = await this.files.classificationBook(negotiationId);
    const board = await this.board(negotiationId, sources, book, access);
    // Every answer is a read, logged as such, whether its board was assembled now or before.
    await this.policy.recordReads(access.actor, board.shown, access.purpose, { resource: ARTICLES_RESOURCE, classificationOf: board.classificationOf, correlationId: access.correlationId });
    return { negotiationId, withheldForPurpose: board.withheldForPurpose, articles: board.articles };
  }

  /**
   * The board as the caller's clearance reads it, and the records it shows. It is a function of the
   * documents, the classification book, the caller's role, whether a purpose was stated and the day
   * (classifications change by the day), so it is kept for those: a request that finds the same
   * documents and book (the same objects, kept while nothing was recorded) reuses it.
   */
  private async board(negotiationId: string, sources: ArticleSources, book: ClassificationBook, access: AccessContext): Promise<ArticleBoard> {
    const { docs, ledger } = sources;
    const now = this.clock.now().toISOString();
    const day = calendarDay(now);
    const key = `${access.actor.role}\n${access.purpose !== null && access.purpose.trim() !== ''}\n${day}`;
    let byBook = this.boards.get(sources);
    if (byBook === undefined) this.boards.set(sources, (byBook = new WeakMap()));
    let byReader = byBook.get(book);
    if (byReader === undefined) byBook.set(book, (byReader = new Map()));
    const kept = byReader.get(key);
    if (kept !== undefined) return kept;
    const reading = this.reading(negotiationId, ledger, access, book, now);
    // The list shows no diffs: computing them was most of its time on a long negotiation.
    const chains = docs.map((doc) => articleChain(doc, ledger, { ...reading, diffs: false })).filter((chain): chain is ArticleChain => chain !== null);
    const articles = chains.map(articleSummary).sort((a, b) => byArticle(a.article, b.article));
    // A summary shows the standing positions and TAs, not the whole chain.
    const shown = articles.flatMap((a) => [a.current.employer?.entryId, a.current.union?.entryId, a.proposed.employer?.entryId, a.proposed.union?.entryId, a.tentativeAgreement?.entryId]);
    const board: ArticleBoard = {
      articles,
      withheldForPurpose: docs.reduce((n, doc) => n + reading.withheldFrom(doc), 0),
      shown: reading.recordsOf(shown.filter((id): id is string => id !== undefined)),
      classificationOf: reading.policyClassificationOf,
    };
    // Boards of other days are not asked for again: a quiet negotiation keeps one day's.
    for (const other of byReader.keys()) if (!other.endsWith(`\n${day}`)) byReader.delete(other);
    byReader.set(key, board);
    return board;
  }

  /**
   * One article's chain. Every fact is screened by the read policy with its classification in
   * effect today (the negotiation's classification book); the confidential and privileged facts
   * shown (a costing, a reclassified position) are logged; privileged facts need X-Access-Purpose
   * (left out and counted otherwise); an article with nothing the caller may read answers 404.
   * `window` picks the entries answered (the latest `limit`, before the entry `before`); the reads
   * logged are those the answer shows: its entries, the positions their redlines compare with, and
   * the standing positions.
   */
  async articleHistory(negotiationId: string, article: string, access: AccessContext, order: ChainOrder, window: ChainWindow = {}): Promise<WithheldForPurpose<ArticleChainPage>> {
    await this.requireNegotiation(negotiationId, access.actor);
    const sources = await this.articleSources(negotiationId);
    const { ledger } = sources;
    const docs = sources.docs.filter((doc) => doc.article === article);
    const reading = this.reading(negotiationId, ledger, access, await this.files.classificationBook(negotiationId), this.clock.now().toISOString());
    const chain = docs[0] ? articleChain(docs[0], ledger, { ...reading, order, wordDiff: this.wordDiff }) : null;
    if (chain === null) throw notFound(E.ARTICLE_NOT_FOUND, `no position on article ${article} of negotiation ${negotiationId} that you may see`, { negotiationId, article });
    const page = chainPage(chain, window);
    // The same answer for an entry that does not exist and one the caller may not see.
    if (page === null) throw new BadRequestException('before must be the entryId of an entry of this article’s chain (an olderBefore this route answered)');
    await reading.logReads(chainPageRecordIds(page), ARTICLE_HISTORY_RESOURCE);
    return { ...page, withheldForPurpose: reading.withheldFrom(docs[0]!) };
  }

  /**
   * How the caller reads the negotiation's article facts: the read policy screens every fact of the
   * article documents and the ledger (by the classification in effect today, from the negotiation's
   * classification book), and logs the reads of those an answer shows. Facts are screened as the
   * chain builder meets them, so a record is decided once whichever document it is in.
   */
  private reading(negotiationId: string, ledger: NegotiationLedgerDoc | null, access: AccessContext, book: ClassificationBook, now: string) {
    const stream = negotiationStream(negotiationId);
    const classificationOf = (record: Recording, asOf: string) => book.classificationOf(record, asOf);
    const decided = new Map<string, 'readable' | 'withheld' | 'hidden'>();
    let withheld = 0;
    const records = new Map<string, PolicyRecord & Recording>();
    const decide = (record: Recording) => {
      let decision = decided.get(record.eventId);
      if (decision === undefined) {
        const candidate = { ...record, stream };
        const screened = this.policy.screen(access.actor, [candidate], access.purpose, { classificationOf });
        decision = screened.readable.length > 0 ? 'readable' : screened.withheld.length > 0 ? 'withheld' : 'hidden';
        decided.set(record.eventId, decision);
        if (decision === 'withheld') withheld += 1;
        records.set(record.eventId, candidate);
      }
      return decision;
    };
    return {
      mayRead: (record: Recording) => decide(record) === 'readable',
      classificationOf: (record: Recording) => classificationOf(record, now),
      /** The privileged records of an article's chain the caller would see with a purpose. */
      withheldFrom: (doc: ArticleDoc) => {
        // The chain the caller reads has already decided every record of the document and the
        // ledger: when none was withheld for want of a purpose, none of this chain's was.
        if (withheld === 0) return 0;
        // Only which records the chain shows counts here, not the diffs between them.
        const withPurpose = articleChain(doc, ledger, { mayRead: (record) => decide(record) !== 'hidden', diffs: false });
        return withPurpose === null ? 0 : chainRecordIds(withPurpose).filter((id) => decided.get(id) === 'withheld').length;
      },
      /** The records screened so far with these ids, as the read policy logs them. */
      recordsOf: (eventIds: readonly string[]) => eventIds.map((id) => records.get(id)!),
      policyClassificationOf: classificationOf,
      logReads: (eventIds: readonly string[], resource: string) =>
        this.policy.recordReads(access.actor, eventIds.map((id) => records.get(id)!), access.purpose, { resource, classificationOf, correlationId: access.correlationId }),
    };
  }

  /**
   * A unit's dashboard with a page of its active negotiations (longest at the table first); the
   * figures are the whole unit's on every page. A cursor is the nextCursor of the same unit and asOf.
   */
  async unitDashboard(unitId: string, actor: Actor, asOf: IsoDate, page: { limit?: number; cursor?: string } = {}): Promise<UnitDashboard> {
    const limit = Math.min(Math.max(page.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const after = page.cursor === undefined ? undefined : activeCursor(page.cursor, asOf);
    const unit = isBargainingId(unitId) ? await this.visibleUnit(unitId, actor) : null;
    const level = viewLevelFor(actor.role);
    const figures = isBargainingId(unitId) && level !== null ? (await unitDashboardFigures(this.sql, [unitId], level, asOf, limit, after ? new Map([[unitId, after]]) : undefined)).get(unitId) : undefined;
    if (unit === null && figures === undefined) throw notFound(E.UNIT_NOT_FOUND, `no bargaining unit ${unitId} is recorded that you may see`, { unitId });
    const overdue = await this.overdue([unitId], actor, asOf);
    return dashboardOf(unitId, unit, figures, overdue === null ? null : (overdue.get(unitId) ?? 0), asOf);
  }

  /**
   * A page of registered units' dashboards, by unit name then id; each with the first
   * UNIT_CARD_NEGOTIATIONS of its active negotiations (GET /units/{unitId}/dashboard with its
   * nextCursor answers the rest).
   */
  async unitDashboards(criteria: { limit?: number; cursor?: string }, actor: Actor, asOf: IsoDate): Promise<ReadModelPage<UnitDashboard>> {
    const limit = Math.min(Math.max(criteria.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const cursor = criteria.cursor === undefined ? null : decodeCursor(criteria.cursor, 'unit-name', (v) => typeof v === 'string');
    const page = await find(this.sql, unitDirectoryProjection, { orderBy: 'name', direction: 'asc', limit, cursor });
    const units = page.items.filter((unit) => mayRead(actor.role, unit.registered));
    const ids = units.map((u) => u.unitId);
    const level = viewLevelFor(actor.role);
    const [overdue, figures] = await Promise.all([
      this.overdue(ids, actor, asOf),
      level === null ? new Map<string, UnitDashboardFigures>() : unitDashboardFigures(this.sql, ids, level, asOf, UNIT_CARD_NEGOTIATIONS),
    ]);
    const items = units.map((unit) => dashboardOf(unit.unitId, unit, figures.get(unit.unitId), overdue === null ? null : (overdue.get(unit.unitId) ?? 0), asOf));
    const last = page.items.at(-1);
    return { items, nextCursor: page.nextCursor !== null && last ? encodeCursor('unit-name', last.name, last.unitId) : null };
  }

  /**
   * A page of the unit's demands to bargain, newest first (by the day demanded, then the demand id),
   * each folded from the records of its document that the caller may read: the same answer as
   * GET /demands-to-bargain/:id. A demand whose making the caller may not read is left out.
   */
  async unitDemands(unitId: string, criteria: { limit?: number; cursor?: string }, access: AccessContext): Promise<ReadModelPage<DemandToBargainEntry>> {
    const unit = isBargainingId(unitId) ? await this.visibleUnit(unitId, access.actor) : null;
    if (unit === null) throw notFound(E.UNIT_NOT_FOUND, `no bargaining unit ${unitId} is recorded that you may see`, { unitId });
    const limit = Math.min(Math.max(criteria.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const cursor = criteria.cursor === undefined ? null : decodeCursor(criteria.cursor, 'demanded-on', (v) => isIsoDate(v));
    const page = await find(this.sql, demandsToBargainProjection, { where: { unit_id: unitId }, orderBy: 'demanded_on', direction: 'desc', limit, cursor });
    const shown = page.items.flatMap((doc) => {
      const { readable } = this.policy.screen(access.actor, doc.records, access.purpose);
      const entry = demandEntry(doc, readable);
      return entry === null ? [] : [{ entry, readable }];
    });
    await this.policy.recordReads(access.actor, shown.flatMap((s) => s.readable), access.purpose, { resource: UNIT_DEMANDS_RESOURCE, correlationId: access.correlationId });
    const last = page.items.at(-1);
    return { items: shown.map((s) => s.entry), nextCursor: page.nextCursor !== null && last ? encodeCursor('demanded-on', last.demandedOn, last.demandId) : null };
  }

  private async visibleSummary(negotiationId: string, actor: Actor, asOf: IsoDate): Promise<NegotiationSummary | null> {
    if (!isBargainingId(negotiationId)) return null;
    const doc = await getDocument(this.sql, negotiationSummaryProjection, negotiationId);
    return doc === null ? null : negotiationSummaryFor(doc, actor.role, asOf);
  }

  private async requireNegotiation(negotiationId: string, actor: Actor): Promise<void> {
    // The day does not matter for visibility.
    if ((await this.visibleSummary(negotiationId, actor, '1970-01-01')) === null) throw negotiationNotFound(negotiationId);
  }

  /**
   * The negotiation's article documents and ledger: those kept from an earlier request while the
   * projection's version of them is the same, else read afresh. Documents read after the version
   * may be newer than it, never older (positions only move forward), so a later request that finds
   * another version reads them again.
   */
  private async articleSources(negotiationId: string): Promise<ArticleSources> {
    const version = await documentsVersion(this.sql, articleHistoryProjection, { negotiation_id: negotiationId });
    const kept = this.sources.get(negotiationId);
    if (kept !== undefined && kept.version === version) return kept;
    const [docs, ledger] = await Promise.all([this.articleDocs({ negotiation_id: negotiationId }), this.ledger(negotiationId)]);
    if (version === null) return { version, docs, ledger };
    const sources = { version, docs, ledger };
    this.sources.set(negotiationId, sources);
    return sources;
  }

  /** The article documents matching `where`, each article's pages joined into one. */
  private async articleDocs(where: DocumentQuery['where']): Promise<ArticleDoc[]> {
    const pages = await findAll(this.sql, articleHistoryProjection, { ...where, kind: 'article' });
    return mergeArticlePages(pages.filter((page): page is ArticleDoc => page.kind === 'article'));
  }

  private async ledger(negotiationId: string): Promise<NegotiationLedgerDoc | null> {
    const doc = await getDocument(this.sql, articleHistoryProjection, ledgerKey(negotiationId));
    return doc?.kind === 'ledger' ? doc : null;
  }

  private async visibleUnit(unitId: string, actor: Actor): Promise<UnitDirectoryDoc | null> {
    const unit = await getDocument(this.sql, unitDirectoryProjection, unitId);
    return unit !== null && mayRead(actor.role, unit.registered) ? unit : null;
  }

  private async overdue(unitIds: readonly string[], actor: Actor, asOf: IsoDate): Promise<ReadonlyMap<string, number> | null> {
    if (!this.overdueRequests || unitIds.length === 0) return this.overdueRequests ? new Map() : null;
    return this.overdueRequests.overdueByUnit(unitIds, asOf, actor);
  }
}
