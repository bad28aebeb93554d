import { RecordSimulator, equivalenceRecord, type SimulatedBatch } from './record-simulator.js';

describe('record simulator', () => {
  // Generated once for the tests below.
  let generated: SimulatedBatch[] | undefined;
  const tenThousand = () => (generated ??= new RecordSimulator(42).generate(10_000));

  it('records the Bayview scenario with every step accepted', () => {
    const simulator = new RecordSimulator(7);
    const batches = simulator.bayview().filter((b) => b.stream === 'negotiation-bayview_2025');
    expect(batches.map((b) => b.events[0]!.type)).toHaveLength(30);
    expect(batches.map((b) => b.events[0]!.type)).toContain('CorrectionRecorded');
    expect(batches.flatMap((b) => b.events).some((e) => e.type === 'RatificationVoteHeld' && e.data.yes === 812)).toBe(true);
  });

  it('generates 10,000 events the deciders accepted, across many streams and event types', () => {
    const batches = tenThousand();
    const events = batches.flatMap((b) => b.events);
    expect(events.length).toBeGreaterThanOrEqual(10_000);
    expect(new Set(batches.map((b) => b.stream)).size).toBeGreaterThan(20);
    const types = new Set(events.map((e) => e.type));
    for (const type of ['NegotiationOpened', 'ProposalTabled', 'CounterproposalTabled', 'SessionHeld', 'TentativeAgreementInitialed', 'PackageRejected', 'InformationRequestReceived', 'InformationItemProduced']) expect(types).toContain(type);
  });

  it('gives the equivalence test a record as covering as 10,000 events: every event type, classification and statute, article histories of three pages', () => {
    const coverage = (batches: readonly SimulatedBatch[]) => {
      const events = batches.flatMap((b) => b.events);
      const revisions = new Map<string, number>();
      for (const b of batches) revisions.set(b.stream, (revisions.get(b.stream) ?? 0) + b.events.length);
      return {
        types: new Set(events.map((e) => e.type)),
        classifications: new Set(events.map((e) => JSON.stringify(e.classification))),
        statutes: new Set(events.filter((e) => e.type === 'UnitRegistered').map((e) => e.data.statute)),
        longestNegotiation: Math.max(...[...revisions].filter(([stream]) => stream.startsWith('negotiation-')).map(([, n]) => n)),
      };
    };
    const large = coverage(tenThousand());
    const small = coverage(equivalenceRecord());
    expect([...large.types].filter((type) => !small.types.has(type))).toEqual([]);
    expect([...large.classifications].filter((c) => !small.classifications.has(c))).toEqual([]);
    expect(small.statutes).toEqual(large.statutes);
    // article-history keeps 64 revisions of a negotiation per page
    expect(small.longestNegotiation).toBeGreaterThan(2 * 64);
  });
});
