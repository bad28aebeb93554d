import { canRead } from '#auth';
import { type Classification, INTERNAL, type Role } from '#kernel';
import { type ArticleChain, type ArticleChainEntry, articleChain, articleSummary, chainPage, chainPageRecordIds, chainRecordIds } from './article-chain.js';
import { ARTICLE_PAGE_REVISIONS, type ArticleDoc, type ArticleHistoryDoc, type NegotiationLedgerDoc, articleHistoryProjection as projection, mergeArticlePages } from './article-history.js';
import { TEXT, bayviewHistory } from './testing/bayview-history.js';
import { RecordedNegotiation, project } from './testing/recorded-history.js';

const bayview = bayviewHistory();
const { ids } = bayview;
const byId = (id: string) => bayview.events.find((e) => e.eventId === id)!;

/** What a role's clearance lets it read, by the classification each fact was recorded with. */
const cleared = (role: Role) => ({ mayRead: (record: { classification: { level: Classification } }) => canRead(role, record.classification.level) });

function chainOf(events = bayview.events, article: string, role: Role = 'negotiator', order: 'occurred' | 'recorded' = 'occurred', negotiationId = 'bayview_2025') {
  const docs = project(projection, events);
  return articleChain(articleDoc(docs, negotiationId, article), (docs.get(negotiationId) as NegotiationLedgerDoc | undefined) ?? null, { ...cleared(role), order });
}

/** The article's pages, joined as a reader joins them. */
function articleDoc(docs: ReadonlyMap<string, ArticleHistoryDoc>, negotiationId: string, article: string): ArticleDoc {
  const pages = [...docs.entries()].filter(([key, doc]) => key.startsWith(`${negotiationId}:`) && doc.kind === 'article' && doc.article === article).map(([, doc]) => doc as ArticleDoc);
  return mergeArticlePages(pages)[0]!;
}

const brief = (chain: ArticleChain | null) => chain!.entries.map((e) => `${e.kind}:${e.side ?? 'both'}:${e.entryId}`);
const entry = (chain: ArticleChain | null, id: string) => chain!.entries.find((e) => e.entryId === id)! as ArticleChainEntry & Record<string, unknown>;

describe('article-history projection', () => {
  it('is named and versioned, with negotiation and article columns', () => {
    expect(`${projection.name}.v${projection.version}`).toBe('article-history.v2');
    expect(Object.keys(projection.columns!)).toEqual(['negotiation_id', 'article', 'kind']);
  });

  it('keys a tabling and a TA initial by each article they carry, and what names no article by the negotiation’s ledger', () => {
    expect(projection.keys(byId(ids.u1))).toEqual(['bayview_2025:24#000000', 'bayview_2025:10#000000']);
    expect(projection.keys(byId(ids.ta23Union))).toEqual(['bayview_2025:23#000000']);
    for (const id of [ids.d1Costing, ids.pkgRejected, ids.u3Withdrawn, ids.correction]) expect(projection.keys(byId(id))).toEqual(['bayview_2025']);
    expect(projection.keys(bayview.events.find((e) => e.type === 'SessionHeld')!)).toEqual([]);
    expect(projection.keys(bayview.events[0]!)).toEqual([]);
  });

  it('keeps each article’s facts with full text and their records, in recording order', () => {
    const docs = project(projection, bayview.events);
    expect([...docs.keys()].sort()).toEqual(['bayview_2025', 'bayview_2025:10#000000', 'bayview_2025:15#000000', 'bayview_2025:23#000000', 'bayview_2025:24#000000']);
    const doc = articleDoc(docs, 'bayview_2025', '24');
    expect(doc.facts.map((f) => (f.fact === 'tabled' ? f.proposalId : f.taId))).toEqual(['u1', 'd1', 'u2', 'pkg1']);
    expect(doc.facts[0]).toMatchObject({
      fact: 'tabled',
      form: 'proposal',
      side: 'union',
      number: 'U-1',
      title: 'Article 24',
      changeKind: 'amend',
      text: TEXT.u1_24,
      record: { eventId: ids.u1, occurredAt: { at: '2025-03-19', precision: 'day' }, recordedAt: '2025-03-19T20:00:00.000Z', recordedBy: { role: 'negotiator' }, classification: INTERNAL },
    });
    const ledger = docs.get('bayview_2025') as NegotiationLedgerDoc;
    expect(ledger.dispositions.map((d) => d.disposition)).toEqual(['package-rejection', 'withdrawal']);
    expect(ledger.costings).toEqual([expect.objectContaining({ proposalId: 'd1', record: expect.objectContaining({ classification: expect.objectContaining({ level: 'confidential' }) }) })]);
    expect(ledger.corrections).toEqual([expect.objectContaining({ correctedEventId: ids.u2 })]);
  });

  it('changes nothing when events are replayed: twice through the fold gives the same documents', () => {
    const once = project(projection, bayview.events);
    expect(project(projection, bayview.events, once)).toEqual(once);
    let batched = new Map<string, ArticleHistoryDoc>();
    for (let i = 0; i < bayview.events.length; i += 4) batched = project(projection, bayview.events.slice(i, i + 4), batched);
    expect(batched).toEqual(once);
  });

  it('keeps article labels whole, colons included', () => {
    const n = new RecordedNegotiation('labels');
    n.open();
    n.record('TableProposal', { proposalId: 'p1', side: 'union', number: 'U-1', articles: [{ article: 'Art. 5: Leaves', title: null, changeKind: 'new', text: 'Text' }] }, '2025-02-01');
    const docs = project(projection, n.events);
    expect((docs.get('labels:Art. 5: Leaves#000000') as ArticleDoc).article).toBe('Art. 5: Leaves');
    expect(projection.columns!.article!.value(docs.get('labels:Art. 5: Leaves#000000')!)).toBe('Art. 5: Leaves');
  });

  it('keeps an article in pages of the stream’s revisions, which readers join into one chain in recording order', () => {
    const n = new RecordedNegotiation('paged');
    n.open();
    const count = ARTICLE_PAGE_REVISIONS * 2 + 5;
    for (let i = 1; i <= count; i++) {
      n.record('TableProposal', { proposalId: `p${i}`, side: i % 2 ? 'union' : 'employer', number: `N-${i}`, articles: [{ article: '#7', title: null, changeKind: 'amend', text: `Text ${i}` }] }, '2025-02-01');
    }
    const docs = project(projection, n.events);
    const pages = [...docs.keys()].filter((key) => key.startsWith('paged:')).sort();
    expect(pages).toEqual(['paged:#7#000000', 'paged:#7#000001', 'paged:#7#000002']);
    expect(pages.map((key) => (docs.get(key) as ArticleDoc).article)).toEqual(['#7', '#7', '#7']);
    // No page holds more than its revisions' facts: a commit rewrites one page, not the whole article.
    expect(Math.max(...pages.map((key) => (docs.get(key) as ArticleDoc).facts.length))).toBeLessThanOrEqual(ARTICLE_PAGE_REVISIONS);
    const joined = mergeArticlePages(pages.reverse().map((key) => docs.get(key) as ArticleDoc));
    expect(joined).toHaveLength(1);
    expect(joined[0]!.facts.map((f) => (f.fact === 'tabled' ? f.number : null))).toEqual(Array.from({ length: count }, (_, i) => `N-${i + 1}`));
    expect(articleChain(joined[0]!, null, cleared('negotiator'))!.entries).toHaveLength(count);
  });
});

describe('the chain of positions on an article', () => {
  it('runs through proposal, counterproposals, a conditional package and its reversion, in business time', () => {
    const chain = chainOf(undefined, '24');
    expect(brief(chain)).toEqual([
      `proposal:union:${ids.u1}`,
      `counterproposal:employer:${ids.d1}`,
      `counterproposal:union:${ids.u2}`,
      `package:employer:${ids.pkg}`,
      `package-reversion:employer:${ids.pkgRejected}`,
    ]);
    expect(chain).toMatchObject({
      negotiationId: 'bayview_2025',
      article: '24',
      title: 'Article 24',
      status: 'open',
      current: { employer: { entryId: ids.d1, proposalId: 'd1', text: TEXT.d1_24 }, union: { entryId: ids.u2, proposalId: 'u2', text: TEXT.u2_24 } },
      tentativeAgreement: null,
      lastOccurredOn: '2025-05-14',
    });
  });

  it('diffs each position against the same side’s previous one, word by word', () => {
    const chain = chainOf(undefined, '24');
    expect(entry(chain, ids.u1).positionChanges).toEqual([{ side: 'union', from: null, to: ids.u1, diff: [{ op: 'insert', text: TEXT.u1_24 }] }]);
    // The union's second position is compared with its first, not with the district's in between.
    expect(entry(chain, ids.u2).positionChanges).toEqual([
      {
        side: 'union',
        from: ids.u1,
        to: ids.u2,
        diff: [
          { op: 'equal', text: 'Salaries increase by ' },
          { op: 'delete', text: '6' },
          { op: 'insert', text: '4' },
          { op: 'equal', text: '% on July 1, 2025.' },
        ],
      },
    ]);
    expect(entry(chain, ids.pkg).positionChanges[0]!.diff).toEqual([
      { op: 'equal', text: 'Salaries increase by ' },
      { op: 'delete', text: '2' },
      { op: 'insert', text: '3' },
      { op: 'equal', text: '% on July 1, 2025' },
      { op: 'insert', text: ', and 1% on July 1, 2026' },
      { op: 'equal', text: '.' },
    ]);
  });

  it('diffs the two sides’ standing positions against each other: what divides the table', () => {
    const chain = chainOf(undefined, '24');
    const { employer, union } = chain!.current;
    expect(chain!.acrossTheTable).toMatchObject({ from: employer!.entryId, to: union!.entryId });
    expect(chain!.acrossTheTable!.diff.filter((part) => part.op !== 'equal').length).toBeGreaterThan(0);
    // Where only one side holds a position, nothing divides the table word by word.
    expect(chainOf(undefined, '15')!.acrossTheTable).toBeNull();
    // The article list carries no diffs.
    expect(articleSummary(chain!)).not.toHaveProperty('acrossTheTable');
  });

  it('names the sides that withdrew their position on an article and hold none now', () => {
    expect(chainOf(undefined, '15')!.withdrawn).toEqual(['union']);
    expect(chainOf(undefined, '24')!.withdrawn).toEqual([]);
  });

  it('shows a rejected conditional package returning its side to the prior position, with what that undid', () => {
    const reversion = entry(chainOf(undefined, '10'), ids.pkgRejected);
    expect(reversion).toMatchObject({ kind: 'package-reversion', side: 'employer', proposalId: 'pkg1', number: 'D-PKG-1', rejectedBy: 'union', reason: 'Does not address class size' });
    expect(reversion.positionChanges).toEqual([
      {
        side: 'employer',
        from: ids.pkg,
        to: ids.d1,
        diff: [
          { op: 'equal', text: 'Class size shall not exceed ' },
          { op: 'delete', text: '28 ' },
          { op: 'insert', text: '30 ' },
          { op: 'equal', text: 'students.' },
        ],
      },
    ]);
  });

  it('shows a withdrawal leaving its side with no position', () => {
    const chain = chainOf(undefined, '15');
    expect(entry(chain, ids.u3Withdrawn)).toMatchObject({ kind: 'withdrawal', side: 'union', proposalId: 'u3', reason: 'Superseded by the package discussion' });
    expect(entry(chain, ids.u3Withdrawn).positionChanges).toEqual([{ side: 'union', from: ids.u3, to: null, diff: [{ op: 'delete', text: TEXT.u3_15 }] }]);
    expect(chain!.current).toMatchObject({ employer: { proposalId: 'd0' }, union: null });
  });

  it('under a complete TA shows the TA’s text as agreed and no longer lists the positions it settled; one tabled after it stands', () => {
    const n = new RecordedNegotiation('settled');
    n.open('2025-01-15');
    const art = (text: string) => [{ article: '7', title: 'Article 7', changeKind: 'amend' as const, text }];
    n.record('TableProposal', { proposalId: 'u1', side: 'union', number: 'U-1', articles: art('union text') }, '2025-02-01');
    n.record('TableProposal', { proposalId: 'd1', side: 'employer', number: 'D-1', articles: art('district text') }, '2025-02-08');
    n.record('InitialTentativeAgreement', { taId: 'ta7', side: 'employer', signatory: 'D', articles: [{ article: '7', title: 'Article 7', text: 'agreed text' }] }, '2025-03-01');
    // Awaiting the union's initial, the positions are still on the table.
    expect(chainOf(n.events, '7', 'negotiator', 'occurred', 'settled')).toMatchObject({ status: 'awaiting-signature', proposed: { employer: { proposalId: 'd1' }, union: { proposalId: 'u1' } } });
    n.record('InitialTentativeAgreement', { taId: 'ta7', side: 'union', signatory: 'U' }, '2025-03-02');
    expect(chainOf(n.events, '7', 'negotiator', 'occurred', 'settled')).toMatchObject({
      status: 'agreed',
      tentativeAgreement: { taId: 'ta7', complete: true, text: 'agreed text' },
      proposed: { employer: null, union: null },
    });
    n.record('TableProposal', { proposalId: 'u2', side: 'union', number: 'U-2', articles: art('reopened text') }, '2025-04-01');
    expect(chainOf(n.events, '7', 'negotiator', 'occurred', 'settled')!.proposed).toMatchObject({ employer: null, union: { proposalId: 'u2' } });
  });

  it('places a late entry by business time, keeps it visibly late, and lists by system time on request', () => {
    const occurred = chainOf(undefined, '15');
    expect(brief(occurred)).toEqual([`proposal:employer:${ids.d0}`, `proposal:union:${ids.u3}`, `withdrawal:union:${ids.u3Withdrawn}`]);
    expect(entry(occurred, ids.d0)).toMatchObject({ occurredAt: { at: '2025-06-09' }, recordedAt: '2025-06-30T16:00:00.000Z', lateByDays: 21 });
    const recorded = chainOf(undefined, '15', 'negotiator', 'recorded');
    expect(brief(recorded)).toEqual([`proposal:union:${ids.u3}`, `withdrawal:union:${ids.u3Withdrawn}`, `proposal:employer:${ids.d0}`]);
    // Diffs follow business time whichever order the list is shown in.
    expect(entry(recorded, ids.d0).positionChanges).toEqual(entry(occurred, ids.d0).positionChanges);
  });

  it('shows a correction beside what it corrects; the entry keeps its original and sorts by the corrected day', () => {
    const u2 = entry(chainOf(undefined, '24'), ids.u2);
    expect(u2).toMatchObject({ occurredAt: { at: '2025-04-02', precision: 'day' }, effectiveOccurredAt: { at: '2025-04-01', precision: 'day' }, text: TEXT.u2_24, correctedText: null });
    expect(u2.corrections).toEqual([
      expect.objectContaining({
        eventId: ids.correction,
        correctsEventId: ids.u2,
        correctedEventType: 'CounterproposalTabled',
        reason: 'Tabled on 2025-04-01, keyed as 2025-04-02',
        correctedOn: '2025-06-20',
        recordedBy: { subject: 'dana.ruiz@bayviewusd.example', role: 'negotiator' },
      }),
    ]);
  });

  it('moves an entry when its business day is corrected to before another, and diffs by the corrected order', () => {
    const n = new RecordedNegotiation('moved');
    n.open();
    const [a] = n.record('TableProposal', { proposalId: 'a', side: 'union', number: 'U-1', articles: [{ article: '7', title: null, changeKind: 'amend', text: 'one two three' }] }, '2025-02-10');
    const [b] = n.record('TableProposal', { proposalId: 'b', side: 'union', number: 'U-2', articles: [{ article: '7', title: null, changeKind: 'amend', text: 'one two four' }] }, '2025-02-12');
    n.record('RecordCorrection', { correctedEventId: b!.eventId, correctedEventType: 'ProposalTabled', reason: 'mis-keyed', correctedFields: { tabledOn: '2025-02-01' } }, '2025-02-20');
    const chain = chainOf(n.events, '7', 'analyst', 'occurred', 'moved');
    expect(chain!.entries.map((e) => e.entryId)).toEqual([b!.eventId, a!.eventId]);
    expect(chain!.entries[1]!.positionChanges[0]!).toMatchObject({ from: b!.eventId, to: a!.eventId });
    expect(chain!.current.union!.entryId).toBe(a!.eventId);
  });

  it('uses corrected text for the positions and diffs, and shows both texts', () => {
    const n = new RecordedNegotiation('retexted');
    n.open();
    const [a] = n.record('TableProposal', { proposalId: 'a', side: 'employer', number: 'D-1', articles: [{ article: '7', title: null, changeKind: 'amend', text: 'pay 2%' }] }, '2025-02-10');
    n.record('RecordCorrection', { correctedEventId: a!.eventId, correctedEventType: 'ProposalTabled', reason: 'typo', correctedFields: { articles: [{ article: '7', text: 'pay 2.5%' }] } }, '2025-02-11');
    const first = entry(chainOf(n.events, '7', 'analyst', 'occurred', 'retexted'), a!.eventId);
    expect(first).toMatchObject({ text: 'pay 2%', correctedText: 'pay 2.5%' });
    expect(first.positionChanges[0]!.diff).toEqual([{ op: 'insert', text: 'pay 2.5%' }]);
  });

  it('shows a TA as both sides’ position, complete once initialed by both, with each initial’s record', () => {
    const chain = chainOf(undefined, '23');
    const ta = entry(chain, ids.ta23District);
    expect(ta).toMatchObject({
      kind: 'tentative-agreement',
      side: null,
      taId: 'ta_23',
      text: TEXT.ta_23,
      complete: true,
      withdrawn: null,
      initials: [
        expect.objectContaining({ side: 'employer', signatory: 'Dana Ruiz', initialedOn: '2025-04-02', eventId: ids.ta23District }),
        expect.objectContaining({ side: 'union', signatory: 'Lee Park', initialedOn: '2025-04-04', eventId: ids.ta23Union }),
      ],
    });
    expect(ta.positionChanges.map((c) => [c.side, c.from, c.to])).toEqual([
      ['employer', null, ids.ta23District],
      ['union', null, ids.ta23District],
    ]);
    expect(chain).toMatchObject({ status: 'agreed', tentativeAgreement: { taId: 'ta_23', complete: true, text: TEXT.ta_23 } });
  });

  it('shows a TA awaiting a signature, and its withdrawal returning each side to its prior position', () => {
    const n = new RecordedNegotiation('ta_withdrawn');
    n.open();
    n.record('TableProposal', { proposalId: 'p', side: 'union', number: 'U-1', articles: [{ article: '5', title: null, changeKind: 'amend', text: 'union words' }] }, '2025-02-01');
    const [initial] = n.record('InitialTentativeAgreement', { taId: 'ta5', side: 'employer', signatory: 'Dana Ruiz', articles: [{ article: '5', title: null, text: 'agreed words' }] }, '2025-02-05');
    expect(chainOf(n.events, '5', 'analyst', 'occurred', 'ta_withdrawn')).toMatchObject({ status: 'awaiting-signature', tentativeAgreement: { complete: false } });
    const [withdrawal] = n.record('WithdrawTentativeAgreement', { taId: 'ta5', withdrawnBy: 'employer', reason: 'Global package' }, '2025-02-09');
    const chain = chainOf(n.events, '5', 'analyst', 'occurred', 'ta_withdrawn');
    expect(chain).toMatchObject({ status: 'open', tentativeAgreement: null, current: { union: { proposalId: 'p' }, employer: null } });
    expect(entry(chain, initial!.eventId)).toMatchObject({ complete: false, withdrawn: { eventId: withdrawal!.eventId, by: 'employer', on: '2025-02-09' } });
    expect(entry(chain, withdrawal!.eventId)).toMatchObject({ kind: 'tentative-agreement-withdrawal', side: 'employer', reason: 'Global package' });
    expect(entry(chain, withdrawal!.eventId).positionChanges.map((c) => [c.side, c.to])).toEqual([
      ['employer', null],
      ['union', expect.any(String)],
    ]);
  });

  it('gives the costing to those cleared for it, and to an analyst neither costing nor confidential corrections', () => {
    const confidential = { level: 'confidential' as const, basis: 'costing' };
    const n = bayviewHistory('costed').negotiation;
    const [d1] = n.events.filter((e) => e.type === 'CounterproposalTabled' && (e.data as { proposalId: string }).proposalId === 'd1');
    n.record('RecordCorrection', { correctedEventId: d1!.eventId, correctedEventType: 'CounterproposalTabled', correctedEventClassification: confidential, reason: 'cost basis', correctedFields: { number: 'D-1a' } }, '2025-06-21');
    const forNegotiator = entry(chainOf(n.events, '24', 'negotiator', 'occurred', 'costed'), d1!.eventId);
    expect(forNegotiator.costing).toMatchObject({ summary: '2% on the salary schedule: $1.1M a year', costs: [{ fiscalYear: '2025-26', amount: '1100000.00' }], classification: { level: 'confidential' } });
    expect(forNegotiator.corrections).toHaveLength(1);
    const forAnalyst = entry(chainOf(n.events, '24', 'analyst', 'occurred', 'costed'), d1!.eventId);
    expect(forAnalyst).toMatchObject({ costing: null, corrections: [], text: TEXT.d1_24 });
    expect(JSON.stringify(chainOf(n.events, '24', 'analyst', 'occurred', 'costed'))).not.toMatch(/1100000|salary schedule|cost basis/);
  });

  it('leaves out positions a reader may not see, and diffs against the last one it may', () => {
    const n = new RecordedNegotiation('hidden');
    n.open();
    const [a] = n.record('TableProposal', { proposalId: 'a', side: 'union', number: 'U-1', articles: [{ article: '9', title: null, changeKind: 'amend', text: 'alpha beta' }] }, '2025-02-01');
    const [b] = n.record('TableProposal', { proposalId: 'b', side: 'union', number: 'U-2', articles: [{ article: '9', title: null, changeKind: 'amend', text: 'alpha secret' }] }, '2025-02-02');
    const [c] = n.record('TableProposal', { proposalId: 'c', side: 'union', number: 'U-3', articles: [{ article: '9', title: null, changeKind: 'amend', text: 'alpha gamma' }] }, '2025-02-03');
    // As if b had been recorded confidential: the chain an analyst sees skips it entirely.
    const events = n.events.map((e) => (e.eventId === b!.eventId ? { ...e, classification: { level: 'confidential' as const, basis: 'test' } } : e));
    const analyst = chainOf(events, '9', 'analyst', 'occurred', 'hidden');
    expect(analyst!.entries.map((e) => e.entryId)).toEqual([a!.eventId, c!.eventId]);
    expect(entry(analyst, c!.eventId).positionChanges[0]).toMatchObject({ from: a!.eventId, diff: [{ op: 'equal', text: 'alpha ' }, { op: 'delete', text: 'beta' }, { op: 'insert', text: 'gamma' }] });
    expect(JSON.stringify(analyst)).not.toContain('secret');
    expect(chainOf(events, '9', 'negotiator', 'occurred', 'hidden')!.entries).toHaveLength(3);
  });

  it('is null for a reader who may see none of the article’s positions (the route answers 404)', () => {
    const n = new RecordedNegotiation('all_hidden');
    n.open();
    n.record('TableProposal', { proposalId: 'a', side: 'union', number: 'U-1', articles: [{ article: '9', title: null, changeKind: 'amend', text: 'x' }] }, '2025-02-01');
    const events = n.events.map((e) => ({ ...e, classification: { level: 'privileged' as const, basis: 'test' } }));
    expect(chainOf(events, '9', 'negotiator', 'occurred', 'all_hidden')).toBeNull();
    expect(chainOf(events, '9', 'legal-counsel', 'occurred', 'all_hidden')).not.toBeNull();
  });

  it('summarises an article without its entries, for the list of a negotiation’s articles', () => {
    const summary = articleSummary(chainOf(undefined, '24')!);
    expect(summary).toMatchObject({ article: '24', status: 'open', entryCount: 5, current: { employer: { text: TEXT.d1_24 } } });
    expect(summary).not.toHaveProperty('entries');
  });
});

describe('part of a chain: the latest entries, and those before them', () => {
  const chain = chainOf(undefined, '24')!;
  const idsOf = (entries: readonly ArticleChainEntry[]) => entries.map((e) => e.entryId);

  it('answers every entry without a window, counting them, with nothing older', () => {
    expect(chainPage(chain, {})).toEqual({ ...chain, entryCount: 5, olderBefore: null });
  });

  it('answers the latest `limit` entries, then those before each page’s first, until the chain begins; the head is the whole chain’s', () => {
    const latest = chainPage(chain, { limit: 2 })!;
    expect(idsOf(latest.entries)).toEqual([ids.pkg, ids.pkgRejected]);
    expect(latest).toMatchObject({ entryCount: 5, olderBefore: ids.pkg, current: chain.current, proposed: chain.proposed, acrossTheTable: chain.acrossTheTable });
    const middle = chainPage(chain, { limit: 2, before: latest.olderBefore! })!;
    expect(idsOf(middle.entries)).toEqual([ids.d1, ids.u2]);
    expect(middle.olderBefore).toBe(ids.d1);
    const first = chainPage(chain, { limit: 2, before: middle.olderBefore! })!;
    expect(idsOf(first.entries)).toEqual([ids.u1]);
    expect(first.olderBefore).toBeNull();
    expect([...first.entries, ...middle.entries, ...latest.entries]).toEqual(chain.entries);
    // Every entry before one, without a limit.
    expect(idsOf(chainPage(chain, { before: ids.u2 })!.entries)).toEqual([ids.u1, ids.d1]);
  });

  it('is null when `before` is not an entry of the chain as this reader reads it', () => {
    expect(chainPage(chain, { limit: 2, before: 'no-such-entry' })).toBeNull();
    expect(chainPage(chain, { before: ids.d1Costing })).toBeNull();
  });

  it('names as shown the records of its entries, the positions their redlines compare with and the standing positions, not the rest', () => {
    // The whole chain: what chainRecordIds names (the audit's answer before windows existed).
    expect(chainPageRecordIds(chainPage(chain, {})!).sort()).toEqual(chainRecordIds(chain).sort());
    // The package's reversion alone: the package it undid and the counterproposal it returned to, the standing positions.
    expect(chainPageRecordIds(chainPage(chain, { limit: 1 })!).sort()).toEqual([ids.pkgRejected, ids.pkg, ids.d1, ids.u2].sort());
    // Not the costing of a position outside the window.
    expect(chainPageRecordIds(chainPage(chain, { limit: 1 })!)).not.toContain(ids.d1Costing);
    expect(chainPageRecordIds(chainPage(chain, { limit: 4 })!)).toContain(ids.d1Costing);
  });
});
