import { type RecordedEvent, type Stores, verifyChain } from '#event-store';
import { negotiationStream } from '#bargaining';
import { informationRequestStream } from '#information-requests';
import { NegotiationFiles } from '#access';
import { buildAuditBundle, buildPublicRecordsBundle, renderBundlePdf, verifyBundle } from '#records';
import { GENERATED_AT, MemoryEventStore, NEGOTIATION_ID, RECORDS_OFFICER, REQUEST_ID, readBayview, recordBayview, testSigner } from './fixtures.js';
import { describeMatrix, runDetectionMatrix } from './tampering.js';
import { openEmbeddedStores } from '#testing';

/*
 * The Bayview record written through handleCommand into embedded PGlite (in memory): the bundle is
 * built from what the real store hashed and stored, and every single-event tampering is caught.
 */
describe('bundles from the embedded PGlite store', () => {
  let stores: Stores;
  let streams: ReadonlyMap<string, readonly RecordedEvent[]>;
  const signer = testSigner();

  beforeAll(async () => {
    stores = await openEmbeddedStores();
    await recordBayview(stores.events);
    streams = (await new NegotiationFiles(stores.events).read(NEGOTIATION_ID)).streams;
  }, 180_000);

  afterAll(async () => {
    await stores?.close();
  });

  it('collects the negotiation and its linked information request, each chain intact from genesis', async () => {
    expect([...streams.keys()]).toEqual([negotiationStream(NEGOTIATION_ID), informationRequestStream(REQUEST_ID)]);
    for (const events of streams.values()) expect(verifyChain(events)).toMatchObject({ intact: true, events: events.length });
  });

  it('stores exactly the canonical texts and hashes the memory store of the unit specs computes', async () => {
    const memory = new MemoryEventStore();
    await recordBayview(memory);
    const expected = await readBayview(memory);
    for (const [stream, events] of streams) {
      expect(events.map((e) => [e.revision, e.canonical, e.prevHash, e.hash])).toEqual(expected.get(stream)!.map((e) => [e.revision, e.canonical, e.prevHash, e.hash]));
    }
  });

  it.each(['audit', 'public-records'] as const)('%s bundle: intact, renders, and every single-event modification, deletion and reordering is detected and named', async (kind) => {
    const build = kind === 'audit' ? buildAuditBundle : buildPublicRecordsBundle;
    const bundle = await build({ streams, negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT, signer });
    expect(await verifyBundle(bundle, { trustedKeys: [signer.publicKeyPem] })).toMatchObject({ intact: true, problems: [] });
    expect((await renderBundlePdf(bundle)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const result = await runDetectionMatrix(bundle);
    process.stdout.write(`${describeMatrix(`Detection matrix on PGlite events, ${kind} bundle`, result)}\n`);
    expect(result.failures).toEqual([]);
    expect(result.total.named).toBe(result.total.attempted);
  });
});
