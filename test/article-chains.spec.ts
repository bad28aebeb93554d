import {
  type ArticleChain,
  type ArticleDoc,
  type NegotiationEvent,
  SIDES,
  articleChain,
  articleHistoryProjection,
  currentPosition,
  evolveNegotiation,
  initialNegotiationState,
  mergeArticlePages,
  rememberedWordDiff,
} from '#bargaining';
import type { RecordedEvent } from '#event-store';
import { fold } from '#kernel';
import { corrected, correctionsByTarget, tableAsOf } from '#legal';
import { type ArticleChainsSection, defaultContentProvider } from '#records';
import { bayviewHistory } from '../libs/bargaining/src/read-models/testing/bayview-history.js';
import { project } from '../libs/bargaining/src/read-models/testing/recorded-history.js';

/*
 * Article chains are built once (#bargaining's article-chain.ts): the article-history route reads
 * them from the projection's documents, the audit file and the table as of a day from the events.
 * On the Bayview history (a conditional package rejected and reverted, a proposal withdrawn, a TA
 * initialed on two days, a late entry and a corrected date) with a TA withdrawn added, the three
 * answers agree, and agree with the negotiation's own fold (the domain's positions).
 */

const bayview = bayviewHistory();
const n = bayview.negotiation;
const ta21 = [{ article: '21', title: 'Article 21', text: 'Evaluations every other year after tenure.' }];
n.record('InitialTentativeAgreement', { taId: 'ta_21', side: 'union', signatory: 'Lee Park', articles: ta21 }, '2025-07-09');
n.record('InitialTentativeAgreement', { taId: 'ta_21', side: 'employer', signatory: 'Dana Ruiz' }, '2025-07-10');
n.record('WithdrawTentativeAgreement', { taId: 'ta_21', withdrawnBy: 'employer', reason: 'Tied to the salary article' }, '2025-07-16');
const events: readonly RecordedEvent[] = n.events;
const NEGOTIATION_ID = n.negotiationId;
const LAST_DAY = '2025-12-31';

/** The article-history route's answer: the projection's documents, each article's pages joined, through articleChain. */
function fromReadModel(): ArticleChain[] {
  const docs = project(articleHistoryProjection, events);
  const pages = [...docs.values()].filter((doc): doc is ArticleDoc => doc.kind === 'article');
  const ledger = docs.get(NEGOTIATION_ID);
  return mergeArticlePages(pages)
    .map((doc) => articleChain(doc, ledger?.kind === 'ledger' ? ledger : null))
    .filter((chain): chain is ArticleChain => chain !== null)
    .sort((a, b) => a.article.localeCompare(b.article, 'en', { numeric: true }));
}

/** The audit file's section over the same (fully disclosed) events. */
async function fromAuditFile(): Promise<ArticleChain[]> {
  const section = (await defaultContentProvider().articleChains!({
    negotiationId: NEGOTIATION_ID,
    kind: 'audit',
    generatedAt: '2026-02-02T17:30:00.000Z',
    streams: new Map([[n.stream, events]]),
    events,
    classificationOf: (event) => event.classification,
    withheldCount: 0,
  })) as ArticleChainsSection;
  return [...section.articles];
}

/** The domain's own positions as of a day: the negotiation folded over its facts (as corrected) dated by then. */
function domainPositions(asOf: string) {
  const correctionsOf = correctionsByTarget(events);
  const facts = events
    .filter((event) => event.type !== 'CorrectionRecorded')
    .map((event) => corrected(event, correctionsOf.get(event.eventId) ?? []))
    .filter((event) => event.occurredAt.at.slice(0, 10) <= asOf)
    .sort((a, b) => (a.occurredAt.at < b.occurredAt.at ? -1 : a.occurredAt.at > b.occurredAt.at ? 1 : a.revision - b.revision));
  return fold(evolveNegotiation, initialNegotiationState(), facts as unknown as NegotiationEvent[]);
}

describe('article chains: one builder, three readers', () => {
  it('the article-history read model and the audit file give the same chains', async () => {
    const readModel = fromReadModel();
    expect(readModel.map((c) => c.article)).toEqual(['10', '15', '21', '23', '24']);
    expect(await fromAuditFile()).toEqual(readModel);
  });

  it('the article-history route’s remembered diffs give the chains the diffs computed afresh give, asked once and again', () => {
    const docs = project(articleHistoryProjection, events);
    const ledger = docs.get(NEGOTIATION_ID);
    const articles = mergeArticlePages([...docs.values()].filter((doc): doc is ArticleDoc => doc.kind === 'article'));
    const remembered = rememberedWordDiff();
    const chains = (reading: Parameters<typeof articleChain>[2]) => articles.map((doc) => articleChain(doc, ledger?.kind === 'ledger' ? ledger : null, reading));
    const afresh = chains({});
    expect(afresh.flatMap((c) => c?.entries ?? []).flatMap((e) => e.positionChanges).filter((p) => p.diff.some((part) => part.op !== 'equal')).length).toBeGreaterThan(3);
    expect(chains({ wordDiff: remembered })).toEqual(afresh);
    expect(chains({ wordDiff: remembered, order: 'recorded' })).toEqual(chains({ order: 'recorded' }));
  });

  it('the chains hold the package reversion, the withdrawals and the TAs', () => {
    const chains = new Map(fromReadModel().map((c) => [c.article, c]));
    expect(chains.get('24')!.entries.map((e) => e.kind)).toEqual(['proposal', 'counterproposal', 'counterproposal', 'package', 'package-reversion']);
    expect(chains.get('24')!.proposed).toMatchObject({ employer: { proposalId: 'd1' }, union: { proposalId: 'u2' } });
    expect(chains.get('15')!.entries.map((e) => e.kind)).toEqual(['proposal', 'proposal', 'withdrawal']);
    expect(chains.get('15')!.proposed).toMatchObject({ employer: { proposalId: 'd0' }, union: null });
    expect(chains.get('21')).toMatchObject({ status: 'open', tentativeAgreement: null, entries: [{ kind: 'tentative-agreement', complete: false }, { kind: 'tentative-agreement-withdrawal' }] });
    expect(chains.get('23')).toMatchObject({ status: 'agreed', tentativeAgreement: { taId: 'ta_23', complete: true } });
  });

  it.each(['2025-04-01', '2025-05-10', '2025-05-20', '2025-06-11', '2025-06-15', '2025-07-12', LAST_DAY])(
    'the table as of %s gives each side the standing proposal of the chain, which is the negotiation’s own',
    (day) => {
      const { table } = tableAsOf({ negotiationId: NEGOTIATION_ID, asOf: day, basis: 'business', negotiation: events, informationRequests: [] });
      const state = domainPositions(day);
      for (const article of table.articles) {
        for (const side of SIDES) {
          expect({ article: article.article, side, position: article.positions[side]?.proposalId ?? null }).toEqual({
            article: article.article,
            side,
            // A complete TA settles the positions beneath it: they are no longer on the table.
            position: article.status === 'agreed' ? null : currentPosition(state, article.article, side),
          });
        }
      }
      if (day === LAST_DAY) {
        const chains = new Map(fromReadModel().map((c) => [c.article, c]));
        for (const article of table.articles) {
          const chain = chains.get(article.article);
          expect(article.status).toBe(chain?.status === 'agreed' ? 'agreed' : 'open');
          expect(article.tentativeAgreement).toBe(chain?.status === 'agreed' ? chain.tentativeAgreement!.taId : null);
          for (const side of SIDES) expect(article.positions[side]?.proposalId ?? null).toBe(chain?.proposed[side]?.proposalId ?? null);
        }
      }
    },
  );
});
