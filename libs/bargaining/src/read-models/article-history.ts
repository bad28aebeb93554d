import { asNegotiationEvent } from '../domain/negotiation/accessors.js';
import type { RecordedEvent } from '#event-store';
import { withItem, withItems } from '#kernel';
import type { DocumentProjection } from '#read-store';
import type { DocumentRef, IsoDate, Side } from '../domain/common.js';
import { NEGOTIATION_STREAM_CATEGORY } from '../domain/ids.js';
import type {
  ChangeKind,
  CorrectionRecorded,
  CounterproposalTabled,
  PackageRejected,
  PackageTabled,
  PositionReversion,
  ProposalCosting,
  ProposalCostingRecorded,
  ProposalTabled,
  ProposalWithdrawn,
  TentativeAgreementInitialed,
  TentativeAgreementWithdrawn,
} from '../domain/negotiation/events.js';
import type { ProposalForm } from '../domain/negotiation/state.js';
import { type Recording, negotiationIdOf, recordingOf } from './recording.js';

/*
 * article-history: the facts that carry an article's text, per negotiation and article: each tabling
 * (proposal, counterproposal, package) and each TA initial, in recording order, with its full text
 * and its record (event id, business and system time, recorder, classification). They are kept in
 * pages, one document per ARTICLE_PAGE_REVISIONS revisions of the negotiation's stream
 * (`<negotiationId>:<article>#<page>`), so a commit rewrites only the page the new facts fall in,
 * not every position ever taken on the article; readers join the pages (mergeArticlePages).
 * Withdrawals, package rejections, TA withdrawals and corrections name a proposal, a TA or an
 * event, not articles, so they go to one ledger document per
 * negotiation (`<negotiationId>`); the chain a reader sees is assembled from both at query time
 * (article-chain.ts), filtered by the reader's clearance first, so a diff never shows words from a
 * position the reader may not see.
 */

export interface TabledFact {
  readonly fact: 'tabled';
  readonly form: ProposalForm;
  readonly proposalId: string;
  readonly side: Side;
  readonly number: string;
  readonly title: string | null;
  readonly changeKind: ChangeKind;
  readonly text: string;
  readonly respondsTo: string | null;
  readonly conditional: boolean;
  readonly documents: readonly DocumentRef[];
  readonly tabledOn: IsoDate;
  readonly record: Recording;
}

export interface InitialedFact {
  readonly fact: 'initialed';
  readonly taId: string;
  readonly side: Side;
  readonly signatory: string;
  readonly title: string | null;
  readonly text: string;
  readonly completesAgreement: boolean;
  readonly initialedOn: IsoDate;
  readonly record: Recording;
}

export type ArticleFact = TabledFact | InitialedFact;

export interface ArticleDoc {
  readonly kind: 'article';
  readonly negotiationId: string;
  readonly article: string;
  readonly revision: number;
  /** In recording order. */
  readonly facts: readonly ArticleFact[];
}

export type Disposition =
  | {
      readonly disposition: 'withdrawal';
      readonly proposalId: string;
      readonly side: Side;
      readonly reason: string | null;
      readonly revertedPositions: readonly PositionReversion[];
      readonly on: IsoDate;
      readonly record: Recording;
    }
  | {
      readonly disposition: 'package-rejection';
      readonly proposalId: string;
      readonly rejectedBy: Side;
      readonly reason: string | null;
      readonly revertedPositions: readonly PositionReversion[];
      readonly on: IsoDate;
      readonly record: Recording;
    }
  | {
      readonly disposition: 'ta-withdrawal';
      readonly taId: string;
      readonly withdrawnBy: Side;
      readonly reason: string | null;
      readonly on: IsoDate;
      readonly record: Recording;
    };

export interface CorrectionFact {
  readonly correctedEventId: string;
  readonly correctedEventType: string;
  readonly reason: string;
  readonly correctedFields: Readonly<Record<string, unknown>>;
  readonly correctedOn: IsoDate;
  readonly record: Recording;
}

/** A proposal's costing: a fact of its own (confidential) beside the internal proposal. */
export interface CostingFact extends ProposalCosting {
  readonly proposalId: string;
  readonly side: Side;
  readonly record: Recording;
}

export interface NegotiationLedgerDoc {
  readonly kind: 'ledger';
  readonly negotiationId: string;
  readonly revision: number;
  /** In recording order. */
  readonly dispositions: readonly Disposition[];
  /** In recording order. */
  readonly corrections: readonly CorrectionFact[];
  /** In recording order. */
  readonly costings: readonly CostingFact[];
}

export type ArticleHistoryDoc = ArticleDoc | NegotiationLedgerDoc;

/** Revisions of a negotiation's stream per page of an article's facts. */
export const ARTICLE_PAGE_REVISIONS = 64;

/**
 * The page of an article that the fact at `revision` of the negotiation's stream belongs to.
 * Negotiation ids never contain ':' (a UUID or [A-Za-z0-9_]+), so the first ':' separates the
 * article; the page number, zero-padded so that keys sort in page order, follows the last '#'.
 */
export const articleKey = (negotiationId: string, article: string, revision: number) =>
  `${negotiationId}:${article}#${String(Math.floor(revision / ARTICLE_PAGE_REVISIONS)).padStart(6, '0')}`;
export const ledgerKey = (negotiationId: string) => negotiationId;

function articleOfKey(key: string): string | null {
  const colon = key.indexOf(':');
  const hash = key.lastIndexOf('#');
  return colon < 0 || hash < colon ? null : key.slice(colon + 1, hash);
}

/** An article's pages joined into one document per article, facts in recording order; pages of any order and of several articles. */
export function mergeArticlePages(pages: readonly ArticleDoc[]): ArticleDoc[] {
  const byArticle = new Map<string, ArticleDoc[]>();
  for (const page of pages) {
    const list = byArticle.get(page.article);
    if (list) list.push(page);
    else byArticle.set(page.article, [page]);
  }
  return [...byArticle.values()].map((list) => {
    const ordered = [...list].sort((a, b) => a.revision - b.revision);
    return { ...ordered[ordered.length - 1]!, facts: ordered.flatMap((page) => page.facts) };
  });
}

type Tabling = ProposalTabled | CounterproposalTabled | PackageTabled;

function articleKeys(event: RecordedEvent): string[] {
  const negotiationId = negotiationIdOf(event);
  const e = asNegotiationEvent(event);
  if (negotiationId === null || e === null) return [];
  switch (e.type) {
    case 'ProposalTabled':
    case 'CounterproposalTabled':
    case 'PackageTabled':
    case 'TentativeAgreementInitialed':
      return [...new Set(e.data.articles.map((a) => articleKey(negotiationId, a.article, event.revision)))];
    case 'ProposalCostingRecorded':
    case 'ProposalWithdrawn':
    case 'PackageRejected':
    case 'TentativeAgreementWithdrawn':
    case 'CorrectionRecorded':
      return [ledgerKey(negotiationId)];
    default:
      return [];
  }
}

function articleFacts(event: RecordedEvent, article: string): ArticleFact[] {
  const e = asNegotiationEvent(event);
  if (e === null) return [];
  const record = recordingOf(event);
  switch (e.type) {
    case 'ProposalTabled':
    case 'CounterproposalTabled':
    case 'PackageTabled': {
      const d = (e as Tabling).data;
      const form: ProposalForm = e.type === 'ProposalTabled' ? 'proposal' : e.type === 'CounterproposalTabled' ? 'counterproposal' : 'package';
      return d.articles
        .filter((a) => a.article === article)
        .map((a) => ({
          fact: 'tabled',
          form,
          proposalId: d.proposalId,
          side: d.side,
          number: d.number,
          title: a.title,
          changeKind: a.changeKind,
          text: a.text,
          respondsTo: e.type === 'ProposalTabled' ? null : e.data.respondsTo,
          conditional: e.type === 'PackageTabled' ? e.data.conditional : false,
          documents: d.documents,
          tabledOn: d.tabledOn,
          record,
        }));
    }
    case 'TentativeAgreementInitialed': {
      const d = (e as TentativeAgreementInitialed).data;
      return d.articles
        .filter((a) => a.article === article)
        .map((a) => ({
          fact: 'initialed',
          taId: d.taId,
          side: d.side,
          signatory: d.signatory,
          title: a.title,
          text: a.text,
          completesAgreement: d.completesAgreement,
          initialedOn: d.initialedOn,
          record,
        }));
    }
    default:
      return [];
  }
}

function ledgerEntry(doc: NegotiationLedgerDoc, event: RecordedEvent): NegotiationLedgerDoc {
  const e = asNegotiationEvent(event);
  if (e === null) return doc;
  const record = recordingOf(event);
  switch (e.type) {
    case 'ProposalCostingRecorded': {
      const d = (e as ProposalCostingRecorded).data;
      const costing: CostingFact = { proposalId: d.proposalId, side: d.side, summary: d.summary, costs: d.costs, documents: d.documents, record };
      return { ...doc, costings: withItem(doc.costings, costing) };
    }
    case 'ProposalWithdrawn': {
      const d = (e as ProposalWithdrawn).data;
      const disposition: Disposition = {
        disposition: 'withdrawal',
        proposalId: d.proposalId,
        side: d.side,
        reason: d.reason,
        revertedPositions: d.revertedPositions,
        on: d.withdrawnOn,
        record,
      };
      return { ...doc, dispositions: withItem(doc.dispositions, disposition) };
    }
    case 'PackageRejected': {
      const d = (e as PackageRejected).data;
      const disposition: Disposition = {
        disposition: 'package-rejection',
        proposalId: d.proposalId,
        rejectedBy: d.rejectedBy,
        reason: d.reason,
        revertedPositions: d.revertedPositions,
        on: d.rejectedOn,
        record,
      };
      return { ...doc, dispositions: withItem(doc.dispositions, disposition) };
    }
    case 'TentativeAgreementWithdrawn': {
      const d = (e as TentativeAgreementWithdrawn).data;
      const disposition: Disposition = { disposition: 'ta-withdrawal', taId: d.taId, withdrawnBy: d.withdrawnBy, reason: d.reason, on: d.withdrawnOn, record };
      return { ...doc, dispositions: withItem(doc.dispositions, disposition) };
    }
    case 'CorrectionRecorded': {
      const d = (e as CorrectionRecorded).data;
      const correction: CorrectionFact = {
        correctedEventId: d.correctedEventId,
        correctedEventType: d.correctedEventType,
        reason: d.reason,
        correctedFields: d.correctedFields,
        correctedOn: d.correctedOn,
        record,
      };
      return { ...doc, corrections: withItem(doc.corrections, correction) };
    }
    default:
      return doc;
  }
}

/** Pure: the next version of one article-history document. Replaying an applied revision changes nothing. */
export function evolveArticleHistory(doc: ArticleHistoryDoc | null, event: RecordedEvent, key: string): ArticleHistoryDoc | null {
  if (doc !== null && event.revision <= doc.revision) return doc;
  const negotiationId = negotiationIdOf(event);
  if (negotiationId === null) return doc;
  const article = articleOfKey(key);
  if (article === null) {
    const ledger: NegotiationLedgerDoc = doc?.kind === 'ledger' ? doc : { kind: 'ledger', negotiationId, revision: -1, dispositions: [], corrections: [], costings: [] };
    return { ...ledgerEntry(ledger, event), revision: event.revision };
  }
  const facts = articleFacts(event, article);
  const current: ArticleDoc = doc?.kind === 'article' ? doc : { kind: 'article', negotiationId, article, revision: -1, facts: [] };
  if (facts.length === 0) return doc;
  return { ...current, revision: event.revision, facts: withItems(current.facts, facts) };
}

export const articleHistoryProjection: DocumentProjection<ArticleHistoryDoc> = {
  name: 'article-history',
  // v2: an article's facts in pages of ARTICLE_PAGE_REVISIONS revisions.
  version: 2,
  categories: [NEGOTIATION_STREAM_CATEGORY],
  columns: {
    negotiation_id: { type: 'text', value: (doc) => doc.negotiationId },
    article: { type: 'text', value: (doc) => (doc.kind === 'article' ? doc.article : null), index: false },
    kind: { type: 'text', value: (doc) => doc.kind, index: false },
  },
  keys: articleKeys,
  evolve: evolveArticleHistory,
};
