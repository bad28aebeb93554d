import { type AsOfBasis, type TableAsOf, isTableFact, tableAsOf } from '#legal';
import { TEXT, recordBayview } from './bayview-file.js';

const file = recordBayview();
const id = (label: string) => file.ids.get(label)!;

const asOf = (date: string, basis: AsOfBasis) =>
  tableAsOf({ negotiationId: 'bayview_2025', asOf: date, basis, negotiation: file.negotiation, informationRequests: [file.request] });
const table = (date: string, basis: AsOfBasis) => asOf(date, basis).table;

/** The answer keyed for comparison: articles by label, TAs by id, open requests by id. */
function comparable(t: TableAsOf): Record<string, unknown> {
  return {
    status: t.status,
    stage: t.stage,
    articles: Object.fromEntries(t.articles.map((a) => [a.article, a])),
    tentativeAgreements: Object.fromEntries(t.tentativeAgreements.map((ta) => [ta.taId, ta])),
    requests: Object.fromEntries(t.informationRequests.open.map((r) => [r.requestId, r])),
  };
}

function diffPaths(a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return [path];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((key) => diffPaths((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key));
}

/** Where business and system answers differ: an article's side, a whole article, or a request. */
function differences(date: string): string[] {
  const paths = diffPaths(comparable(table(date, 'business')), comparable(table(date, 'system')));
  const areas = paths.map((path) => {
    const parts = path.split('.');
    return parts[0] === 'articles' ? parts.slice(0, 4).join('.') : parts.slice(0, 2).join('.');
  });
  return [...new Set(areas)].sort();
}

describe('the table as of a day, folded from the events', () => {
  it('differs between "as it happened" and "as the record stood" exactly where a late entry or a later correction falls', () => {
    expect({
      '2025-03-31': differences('2025-03-31'),
      // U-2 was tabled on 04-01 (as corrected) but recorded on 04-02.
      '2025-04-01': differences('2025-04-01'),
      // Both know U-2 now; only the business answer has its corrected date.
      '2025-04-02': differences('2025-04-02'),
      '2025-04-04': differences('2025-04-04'),
      // The privacy objection of 04-26 was recorded on 05-20.
      '2025-05-01': differences('2025-05-01'),
      '2025-05-10': differences('2025-05-10'),
      '2025-05-20': differences('2025-05-20'),
      // D-0 on Article 15 was tabled 06-09 and recorded 06-30; the correction of U-2 was recorded 06-20.
      '2025-06-15': differences('2025-06-15'),
      '2025-06-20': differences('2025-06-20'),
      '2025-06-30': differences('2025-06-30'),
      '2026-02-01': differences('2026-02-01'),
    }).toEqual({
      '2025-03-31': [],
      '2025-04-01': ['articles.24.positions.union'],
      '2025-04-02': ['articles.24.positions.union'],
      '2025-04-04': ['articles.24.positions.union'],
      '2025-05-01': ['articles.24.positions.union', 'requests.rfi_2025_007'],
      '2025-05-10': ['articles.24.positions.union', 'requests.rfi_2025_007'],
      '2025-05-20': ['articles.24.positions.union'],
      '2025-06-15': ['articles.15', 'articles.24.positions.union'],
      '2025-06-20': ['articles.15'],
      '2025-06-30': [],
      '2026-02-01': [],
    });
  });

  it('on 2025-04-01: U-2 is the union position on Article 24 as it happened, not yet as the record stood', () => {
    const business = table('2025-04-01', 'business');
    const system = table('2025-04-01', 'system');
    const union24 = (t: TableAsOf) => t.articles.find((a) => a.article === '24')!.positions.union;
    expect(union24(business)).toMatchObject({ proposalId: 'u2', number: 'U-2', form: 'counterproposal', tabledOn: '2025-04-01', text: TEXT.u2_24, eventId: id('u2') });
    expect(union24(system)).toMatchObject({ proposalId: 'u1', tabledOn: '2025-03-19', text: TEXT.u1_24 });
    expect(business.articles.find((a) => a.article === '10')!.positions).toMatchObject({ union: { proposalId: 'u1', text: TEXT.u1_10 }, employer: { proposalId: 'd1', text: TEXT.d1_10 } });
  });

  it('on 2025-04-02 and 04-04: the Article 23 TA awaits the union, then is complete, in both time bases', () => {
    for (const basis of ['business', 'system'] as const) {
      expect(table('2025-04-03', basis).tentativeAgreements).toEqual([
        { taId: 'ta_23', articles: ['23'], signatures: { employer: { signatory: 'Dana Ruiz', initialedOn: '2025-04-02' }, union: null }, status: 'awaiting-signature', awaiting: 'union' },
      ]);
      const t = table('2025-04-04', basis);
      expect(t.tentativeAgreements[0]).toMatchObject({ status: 'complete', awaiting: null });
      expect(t.articles.find((a) => a.article === '23')).toMatchObject({ status: 'agreed', tentativeAgreement: 'ta_23', agreedText: expect.any(String), positions: { employer: null, union: null } });
    }
    expect(table('2025-04-03', 'business').articles.find((a) => a.article === '23')).toMatchObject({ status: 'open', agreedText: null });
    expect(table('2025-04-02', 'system').articles.find((a) => a.article === '24')!.positions.union).toMatchObject({ proposalId: 'u2', tabledOn: '2025-04-02' });
  });

  it('on 2025-05-01: the open request’s clocks count the late-recorded objection only as it happened', () => {
    const business = table('2025-05-01', 'business').informationRequests.open[0]!;
    const system = table('2025-05-01', 'system').informationRequests.open[0]!;
    expect(business.clocks.items.map((i) => i.status)).toEqual(['objected', 'open']);
    expect(system.clocks.items.map((i) => i.status)).toEqual(['open', 'open']);
    expect(business.clocks.firstSubstantiveResponseOn).toBe('2025-04-26');
    expect(system.clocks.firstSubstantiveResponseOn).toBeNull();
    expect(business.clocks).toMatchObject({ receivedOn: '2025-04-10', acknowledgedOn: '2025-04-13', overdue: true });
    expect(system.clocks).toMatchObject({ receivedOn: '2025-04-10', acknowledgedOn: '2025-04-13', overdue: true, noSubstantiveResponsePastDue: true });
  });

  it('follows the package and its rejection: the district reverts to D-1', () => {
    const during = table('2025-05-10', 'business').articles.find((a) => a.article === '10')!;
    expect(during.positions.employer).toMatchObject({ proposalId: 'pkg1', form: 'package', text: TEXT.pkg_10 });
    const after = table('2025-05-14', 'system').articles.find((a) => a.article === '10')!;
    expect(after.positions.employer).toMatchObject({ proposalId: 'd1', text: TEXT.d1_10 });
  });

  it('on 2025-06-15: the proposal entered three weeks late is on the table as it happened only', () => {
    const business = asOf('2025-06-15', 'business').table;
    const system = asOf('2025-06-15', 'system').table;
    expect(business.articles.find((a) => a.article === '15')!.positions.employer).toMatchObject({ proposalId: 'd0', text: TEXT.d0_15, tabledOn: '2025-06-09' });
    expect(system.articles.find((a) => a.article === '15')).toBeUndefined();
    expect(business.record).toMatchObject({ factsRecordedAfter: 1, correctionsRecordedAfter: 1, correctionsApplied: 1, recordedThrough: null });
    expect(system.record).toMatchObject({ factsRecordedAfter: 0, correctionsRecordedAfter: 0, correctionsApplied: 0, recordedThrough: '2025-06-15' });
  });

  it('before the opening there is no table; the days at the table count from the opening', () => {
    expect(table('2025-01-14', 'business')).toMatchObject({ status: 'not-opened', articles: [], tentativeAgreements: [] });
    expect(table('2025-04-04', 'business')).toMatchObject({ status: 'open', stage: 'at-table', openedOn: '2025-01-15', daysAtTable: 79 });
  });

  it('rests on the table facts alone: confidential costings and notes are never read', () => {
    const { used } = asOf('2026-02-01', 'business');
    expect(used.has(id('d1Costing'))).toBe(false);
    expect(used.has(id('strategyNote'))).toBe(false);
    expect(used.has(id('legalAdvice'))).toBe(false);
    expect(used.has(id('correction'))).toBe(true);
    expect(file.negotiation.filter(isTableFact).every((e) => used.has(e.eventId))).toBe(true);
    expect(asOf('2025-04-01', 'system').used.has(id('u2'))).toBe(false);
  });

  it('folds only what it is given: a reader who may not see a record gets the table without it', () => {
    const withoutPackage = tableAsOf({
      negotiationId: 'bayview_2025',
      asOf: '2025-05-10',
      basis: 'business',
      negotiation: file.negotiation.filter((e) => e.eventId !== id('pkg')),
      informationRequests: [],
    }).table;
    expect(withoutPackage.articles.find((a) => a.article === '10')!.positions.employer).toMatchObject({ proposalId: 'd1' });
    expect(withoutPackage.informationRequests.open).toEqual([]);
  });
});
