import { RecordSimulator } from './record-simulator.js';

describe('record simulator', () => {
  it('records the Bayview scenario with every step accepted', () => {
    const simulator = new RecordSimulator(7);
    const batches = simulator.bayview().filter((b) => b.stream === 'negotiation-bayview_2025');
    expect(batches.map((b) => b.events[0]!.type)).toHaveLength(28);
    expect(batches.map((b) => b.events[0]!.type)).toContain('CorrectionRecorded');
    expect(batches.flatMap((b) => b.events).some((e) => e.type === 'RatificationVoteHeld' && e.data.yes === 812)).toBe(true);
  });

  it('generates 10,000 events the deciders accepted, across many streams and event types', () => {
    const batches = new RecordSimulator(42).generate(10_000);
    const events = batches.flatMap((b) => b.events);
    expect(events.length).toBeGreaterThanOrEqual(10_000);
    expect(new Set(batches.map((b) => b.stream)).size).toBeGreaterThan(20);
    const types = new Set(events.map((e) => e.type));
    for (const type of ['NegotiationOpened', 'ProposalTabled', 'CounterproposalTabled', 'SessionHeld', 'TentativeAgreementInitialed', 'PackageRejected', 'InformationRequestReceived', 'InformationItemProduced']) expect(types).toContain(type);
  });
});
