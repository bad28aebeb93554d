import { NegotiationFiles } from '#access';
import { type RecordedEvent, verifyChain } from '#event-store';
import { negotiationStream } from '#bargaining';
import { informationRequestStream } from '#information-requests';
import {
  BUNDLE_FORMAT,
  type ArticleChainsSection,
  type Bundle,
  BundleSourceInvalid,
  type ChronologySection,
  type ClassificationRegisterSection,
  type InformationRequestsSection,
  type PrivilegeLogSection,
  type StatutoryChecklistSection,
  type TentativeAgreementsSection,
  type WithheldLogSection,
  buildAuditBundle,
  canonicalJson,
  defaultContentProvider,
  disclosedEventIds,
  isWithheldEntry,
  sectionHash,
  verifyBundle,
} from '#records';
import { legalTimeline } from '#legal';
import { GENERATED_AT, MemoryEventStore, NEGOTIATION_ID, OTHER_REQUEST_ID, RECORDS_OFFICER, REQUEST_ID, SECRET_TEXTS, bayviewInMemory, clone, recordBayview, testSigner } from './fixtures.js';

const NEGOTIATION = negotiationStream(NEGOTIATION_ID);
const REQUEST = informationRequestStream(REQUEST_ID);
const signer = testSigner();
const AUDIT_PURPOSE = 'Annual records audit 2026';

describe('the audit bundle of the Bayview negotiation', () => {
  let streams: Map<string, RecordedEvent[]>;
  let bundle: Bundle;
  const section = <T>(name: string) => bundle.sections[name] as unknown as T;

  beforeAll(async () => {
    streams = await bayviewInMemory();
    bundle = await buildAuditBundle({ streams, negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT, signer, purpose: AUDIT_PURPOSE });
  });

  it('is a signed lrr-bundle/1 that verifies as intact', async () => {
    expect(bundle.format).toBe(BUNDLE_FORMAT);
    expect(bundle.manifest).toMatchObject({
      format: BUNDLE_FORMAT,
      kind: 'audit',
      negotiationId: NEGOTIATION_ID,
      generatedAt: GENERATED_AT,
      generatedBy: RECORDS_OFFICER,
      disclosure: { rule: 'reader-clearance', role: 'records-officer', classifications: ['public', 'internal', 'confidential', 'privileged'], purpose: AUDIT_PURPOSE, classificationsAsOf: GENERATED_AT },
      signature: { algorithm: 'Ed25519', keyId: signer.keyId, publicKey: signer.publicKeyPem },
    });
    expect(bundle.manifest.bundleId).toMatch(/^bayview_2025-audit-20260202T173000Z-[0-9a-f]{8}$/);
    const report = await verifyBundle(bundle, { trustedKeys: [signer.publicKeyPem] });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ intact: true, signature: { valid: true, trusted: true, fingerprint: signer.keyId } });
  });

  it('holds every event of each stream with its canonical text and chain link; the manifest pins counts, heads and every hash', async () => {
    expect(bundle.manifest.streams.map((s) => s.stream)).toEqual([NEGOTIATION, REQUEST]);
    for (const [stream, events] of streams) {
      const entries = bundle.events[stream]!;
      expect(entries).toEqual(events.map((e) => ({ revision: e.revision, eventId: e.eventId, prevHash: e.prevHash, hash: e.hash, canonical: e.canonical })));
      expect(verifyChain(entries.map((e) => ({ ...e, stream }) as never))).toMatchObject({ intact: true, events: events.length, headHash: events.at(-1)!.hash });
      expect(bundle.manifest.streams.find((s) => s.stream === stream)).toEqual({
        stream,
        events: events.length,
        disclosed: events.length,
        withheld: 0,
        firstRevision: 0,
        lastRevision: events.length - 1,
        anchorHash: '0'.repeat(64),
        headHash: events.at(-1)!.hash,
        index: events.map((e) => ({ revision: e.revision, hash: e.hash, eventId: e.eventId })),
      });
    }
  });

  it('records the SHA-256 of every section’s RFC 8785 canonical JSON in the manifest', async () => {
    expect(Object.keys(bundle.sections)).toEqual(['overview', 'chronology', 'tentativeAgreements', 'articleChains', 'informationRequests', 'statutoryChecklist', 'classificationRegister', 'privilegeLog', 'accessLog', 'withheldLog']);
    for (const [name, value] of Object.entries(bundle.sections)) expect(bundle.manifest.sections[name]).toBe(sectionHash(value));
    expect(canonicalJson({ b: 1, a: [2, 'x'] })).toBe('{"a":[2,"x"],"b":1}');
  });

  it('is a pure function of its input apart from the signature (Ed25519 is deterministic, so the whole bundle is)', async () => {
    const again = await buildAuditBundle({ streams, negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT, signer, purpose: AUDIT_PURPOSE });
    expect(JSON.stringify(again)).toBe(JSON.stringify(bundle));
  });

  it('chronology: business time order, recorder, the note entered three weeks late flagged, the correction beside the mis-keyed proposal', async () => {
    const c = section<ChronologySection>('chronology');
    const total = [...streams.values()].reduce((n, s) => n + s.length, 0);
    expect(c.entries).toHaveLength(total);
    const days = c.entries.map((e) => e.occurredAt);
    expect([...days].sort()).toEqual(days);
    const late = c.entries.filter((e) => e.late);
    expect(late.map((e) => [e.type, e.occurredAt, e.daysLate])).toEqual([['ConfidentialNoteRecorded', '2025-06-04', 21]]);
    expect(late[0]).toMatchObject({ recorder: 'dana.ruiz@bayviewusd.example', recorderRole: 'negotiator', recordedAt: '2025-06-25T17:00:00.000Z', classification: 'confidential' });
    const d1 = c.entries.find((e) => e.type === 'CounterproposalTabled' && e.summary.includes('D-1'))!;
    const correction = c.entries.find((e) => e.type === 'CorrectionRecorded')!;
    expect(d1.correctedBy).toEqual([correction.eventId]);
    expect(correction.corrects).toBe(d1.eventId);
  });

  it('chronology: a fact whose date was corrected stands at its corrected date, the mis-keyed one beside it, in the legal timeline’s order', () => {
    const c = section<ChronologySection>('chronology');
    const d1 = c.entries.find((e) => e.type === 'CounterproposalTabled' && e.summary.includes('D-1'))!;
    expect(d1).toMatchObject({ occurredAt: '2025-03-26', precision: 'day', originalOccurredAt: { at: '2025-03-25', precision: 'day' } });
    expect(c.entries.filter((e) => e.originalOccurredAt !== null).map((e) => e.eventId)).toEqual([d1.eventId]);
    // Among the facts of 2025-03-26 (it was tabled at session 3), not before them on the mis-keyed day.
    const index = c.entries.indexOf(d1);
    expect(c.entries[index - 1]!.occurredAt <= '2025-03-26' && c.entries[index + 1]!.occurredAt >= '2025-03-26').toBe(true);
    expect(c.entries.filter((e) => e.occurredAt === '2025-03-25')).toEqual([expect.objectContaining({ type: 'ProposalCostingRecorded' })]);
    const all = [...streams.values()].flat();
    const timeline = legalTimeline(all, { lateEntryDays: 7, now: GENERATED_AT });
    expect(c.entries.map((e) => [e.eventId, e.occurredAt, e.late])).toEqual(timeline.map((f) => [f.eventId, f.effectiveOccurredAt.at, f.lateEntry.late]));
  });

  it('tentative agreements with their signatures: Article 23 initialed by the district on 04-02 and the union on 04-04', async () => {
    const tas = section<TentativeAgreementsSection>('tentativeAgreements').agreements;
    expect(tas.map((t) => [t.taId, t.complete, t.inSettlement])).toEqual([
      ['ta_art23', true, true],
      ['ta_global', true, true],
    ]);
    expect(tas[0]!.signatures.map((s) => [s.side, s.signatory, s.initialedOn])).toEqual([
      ['employer', 'Dana Ruiz, district spokesperson', '2025-04-02'],
      ['union', 'Lee Park, BTA president', '2025-04-04'],
    ]);
    expect(tas[0]!.articles).toEqual([{ article: '23', title: 'Leaves', text: 'Agreed language of Article 23: bereavement leave of five days.' }]);
  });

  it('article chains with full texts: proposals, counterproposals, the rejected package reverting to D-1, and the TA', async () => {
    const chains = section<ArticleChainsSection>('articleChains').articles;
    expect(chains.map((a) => a.article)).toEqual(['10', '15', '21', '23', '24']);
    const art10 = chains.find((a) => a.article === '10')!;
    expect(art10.title).toBe('Hours of Employment');
    const label = (e: (typeof art10.entries)[number]) => ('number' in e ? e.number : e.taId);
    expect(art10.entries.map((e) => [e.effectiveOccurredAt.at, e.kind, e.side, label(e)])).toEqual([
      ['2025-03-19', 'proposal', 'union', 'U-1'],
      ['2025-03-26', 'counterproposal', 'employer', 'D-1'],
      ['2025-04-02', 'counterproposal', 'union', 'U-2'],
      ['2025-05-07', 'package', 'employer', 'D-PKG-1'],
      ['2025-05-14', 'package-reversion', 'employer', 'D-PKG-1'],
      ['2025-12-10', 'tentative-agreement', null, 'ta_global'],
    ]);
    // The complete TA settled D-1 and U-2: they are history in the chain, no longer on the table.
    expect(art10).toMatchObject({ status: 'agreed', proposed: { employer: null, union: null }, current: { employer: { taId: 'ta_global' }, union: { taId: 'ta_global' } } });
    expect(art10.entries[0]).toMatchObject({ text: 'Workday of 7 hours including a 30 minute duty-free lunch.' });
    // U-2 repeats U-1's Article 10 text: no word changed.
    expect(art10.entries[2]!.positionChanges.flatMap((c) => c.diff).every((part) => part.op === 'equal')).toBe(true);
    expect(art10.entries[1]!.corrections).toEqual([expect.objectContaining({ reason: 'Tabled on 2025-03-26, keyed as 2025-03-25' })]);
    expect(art10.entries[1]!.occurredAt.at).toBe('2025-03-25');
  });

  it('information-request register with clocks: due 04-24, late privacy objection, overdue item 2', async () => {
    const r = section<InformationRequestsSection>('informationRequests');
    expect(r.asOf).toBe('2026-02-02');
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]).toMatchObject({ requestId: REQUEST_ID, receivedOn: '2025-04-10', dueOn: '2025-04-24', acknowledgedOn: '2025-04-13', status: 'open', overdue: true });
    expect(r.requests[0]!.lateObjections).toEqual([{ itemNumber: 1, objectedOn: '2025-04-26', reasons: ['after-due-date'] }]);
    expect(r.requests[0]!.items.map((i) => [i.number, i.status, i.overdue])).toEqual([
      [1, 'objected', false],
      [2, 'produced-partial', true],
    ]);
  });

  it('statutory checklist flags the session before sunshine and the factfinding report made public after 12 days', async () => {
    const c = section<StatutoryChecklistSection>('statutoryChecklist');
    const flagged = c.items.filter((i) => i.status === 'flagged').map((i) => i.id);
    expect(c.ruleSet).toBe('eera.v1');
    expect(flagged).toEqual(['eera.session-before-sunshine', 'eera.factfinding-report-public-within-10-days', 'eera.information-request-overdue', 'eera.information-request-late-objection']);
    expect(c.items.find((i) => i.id === 'eera.session-before-sunshine')!.detail).toContain('Session 1 was held on 2025-03-05');
    expect(c.items.find((i) => i.id === 'eera.factfinding-report-public-within-10-days')!.detail).toContain('12 days');
    expect(c.items.find((i) => i.id === 'eera.cost-disclosure-before-approval')!.status).toBe('not-flagged');
  });

  it('classification register and a privilege log generated from classifications, describing without revealing', async () => {
    const register = section<ClassificationRegisterSection>('classificationRegister');
    // Public: two sunshined proposals, public comment, adoption, the report made public, the cost
    // disclosure, the board approval, the executed agreement. Confidential: the closed-session note,
    // the costing of D-1, the strategy note. Privileged: counsel's memorandum.
    expect(register.totals).toEqual({ public: 8, internal: register.entries.length - 12, confidential: 3, privileged: 1 });
    const log = section<PrivilegeLogSection>('privilegeLog').entries;
    expect(log.map((e) => [e.date, e.type, e.classification, e.author])).toEqual([
      ['2025-03-12', 'ConfidentialNoteRecorded', 'confidential', 'Superintendent'],
      ['2025-03-25', 'ProposalCostingRecorded', 'confidential', 'dana.ruiz@bayviewusd.example'],
      ['2025-06-04', 'ConfidentialNoteRecorded', 'confidential', 'Dana Ruiz'],
      ['2025-06-26', 'ConfidentialNoteRecorded', 'privileged', 'Morgan Lee, district counsel'],
    ]);
    const privileged = log.find((e) => e.classification === 'privileged')!;
    expect(privileged).toMatchObject({ date: '2025-06-26', privilegeClaimed: 'attorney-client privilege', description: 'Legal advice (attorney-client communication)' });
    const text = JSON.stringify(log);
    for (const secret of SECRET_TEXTS) expect(text).not.toContain(secret);
    expect(text).not.toContain('Impasse timing memorandum');
  });

  it('nothing withheld from a records officer; the withheld log says so', async () => {
    expect(section<WithheldLogSection>('withheldLog')).toMatchObject({ totals: { withheld: 0 }, entries: [] });
  });

  it('names the records it discloses, for the access log', () => {
    expect(disclosedEventIds(bundle)).toEqual(new Set([...streams.values()].flat().map((e) => e.eventId)));
  });
});

describe('building bundles', () => {
  it('withholds privileged records from a reader cleared for them who states no purpose, as the read policy does', async () => {
    const streams = await bayviewInMemory();
    const bundle = await buildAuditBundle({ streams, negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT, signer });
    expect(bundle.manifest.disclosure).toMatchObject({ classifications: ['public', 'internal', 'confidential'], purpose: null });
    expect(bundle.events[NEGOTIATION]!.filter(isWithheldEntry)).toHaveLength(1);
    expect(JSON.stringify(bundle)).not.toContain(SECRET_TEXTS[1]);
    expect(bundle.sections['withheldLog']).toMatchObject({ rule: expect.stringContaining('privileged records are read for a stated purpose, and none was given'), totals: { withheld: 1 } });
  });

  it('withholds what the generating role may not read: a negotiator’s file keeps the privileged note as a chain link only', async () => {
    const streams = await bayviewInMemory();
    const bundle = await buildAuditBundle({ streams, negotiationId: NEGOTIATION_ID, actor: { subject: 'dana.ruiz@bayviewusd.example', role: 'negotiator' }, now: GENERATED_AT, signer });
    const withheld = bundle.events[NEGOTIATION]!.filter(isWithheldEntry);
    expect(withheld).toHaveLength(1);
    expect(Object.keys(withheld[0]!).sort()).toEqual(['hash', 'prevHash', 'revision', 'withheld']);
    expect(JSON.stringify(bundle)).not.toContain(SECRET_TEXTS[1]);
    expect(bundle.sections['withheldLog']).toMatchObject({ totals: { withheld: 1 }, byCategory: [{ classification: 'privileged', basis: 'attorney-client privilege', count: 1 }] });
    expect((await verifyBundle(bundle)).intact).toBe(true);
  });

  it('lets other read models replace a section and add their own; each is hashed and signed', async () => {
    const streams = await bayviewInMemory();
    const bundle = await buildAuditBundle({
      streams,
      negotiationId: NEGOTIATION_ID,
      actor: RECORDS_OFFICER,
      now: GENERATED_AT,
      signer,
      content: { ...defaultContentProvider(), accessLog: async () => ({ source: 'access-log read model', note: null, entries: [] }), asOf: () => ({ asOf: '2025-06-30', openArticles: ['10', '15', '21', '24'] }) },
    });
    expect(bundle.sections['accessLog']).toEqual({ source: 'access-log read model', note: null, entries: [] });
    expect(Object.keys(bundle.sections).slice(-2)).toEqual(['asOf', 'withheldLog']);
    expect(bundle.manifest.sections['asOf']).toBe(sectionHash(bundle.sections['asOf']!));
    expect((await verifyBundle(bundle)).intact).toBe(true);
  });

  it('names the section whose producer failed; nothing is signed', async () => {
    const streams = await bayviewInMemory();
    const content = { ...defaultContentProvider(), informationRequests: () => { throw new Error('calendar unavailable'); } };
    await expect(buildAuditBundle({ streams, negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT, signer, content })).rejects.toThrow(
      expect.objectContaining({ name: 'SectionFailed', code: 'SECTION_FAILED', section: 'informationRequests', message: 'section informationRequests could not be produced: calendar unavailable' }) as Error,
    );
  });

  it('refuses to sign a record whose stored chain is broken, naming the event', async () => {
    const streams = new Map(await bayviewInMemory());
    const events = clone(streams.get(NEGOTIATION)!);
    const session1 = events.findIndex((e) => e.type === 'SessionHeld');
    events[session1] = { ...events[session1]!, canonical: events[session1]!.canonical.replace('Board Room B', 'Board Room C') };
    streams.set(NEGOTIATION, events);
    await expect(buildAuditBundle({ streams, negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT, signer })).rejects.toThrow(
      expect.objectContaining({ name: 'BundleSourceInvalid', code: 'BUNDLE_SOURCE_INVALID', stream: NEGOTIATION, revision: session1, record: { stream: NEGOTIATION, revision: session1, eventId: events[session1]!.eventId } }) as BundleSourceInvalid,
    );
  });

  it('collects the negotiation stream and only the information requests linked to it', async () => {
    const store = new MemoryEventStore();
    await recordBayview(store);
    const collected = await new NegotiationFiles(store).read(NEGOTIATION_ID);
    expect([...collected.streams.keys()]).toEqual([NEGOTIATION, REQUEST]);
    expect([...collected.streams.keys()]).not.toContain(informationRequestStream(OTHER_REQUEST_ID));
    expect(collected.streams.get(REQUEST)).toHaveLength(4);
  });

  it('includes the negotiation’s access log (accesslog-<id>) and derives the access-log section from it', async () => {
    const store = new MemoryEventStore();
    await recordBayview(store);
    const note = (await store.readStream(NEGOTIATION)).find((e) => e.classification.level === 'privileged')!;
    await store.append(`accesslog-${NEGOTIATION_ID}`, [
      {
        eventId: '00000000-0000-4000-8000-00000000a001',
        type: 'RecordAccessed',
        data: { subject: 'counsel@bayviewusd.example', role: 'legal-counsel', resource: 'GET /negotiations/:id/notes/:eventId', eventId: note.eventId, stream: NEGOTIATION, classification: 'privileged', purpose: 'PERB case SF-CE-0042', outcome: 'granted', reason: 'cleared', entries: null },
        occurredAt: { at: '2026-01-30T16:00:00.000Z', precision: 'instant' },
        recordedAt: '2026-01-30T16:00:00.000Z',
        actor: { subject: 'counsel@bayviewusd.example', role: 'legal-counsel' },
        correlationId: 'c-1',
        classification: { level: 'confidential', basis: 'access log' },
      },
    ], { expectedRevision: 'no_stream' });
    const collected = await new NegotiationFiles(store).read(NEGOTIATION_ID, { accessLog: true });
    expect([...collected.streams.keys()]).toEqual([NEGOTIATION, `accesslog-${NEGOTIATION_ID}`, REQUEST]);
    const bundle = await buildAuditBundle({ streams: collected.streams, negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT, signer });
    expect(bundle.manifest.streams.map((s) => s.stream)).toEqual([NEGOTIATION, `accesslog-${NEGOTIATION_ID}`, REQUEST]);
    expect((bundle.sections['accessLog'] as { entries: unknown[] }).entries).toEqual([
      expect.objectContaining({ who: 'counsel@bayviewusd.example', role: 'legal-counsel', purpose: 'PERB case SF-CE-0042', outcome: 'granted: cleared', what: `GET /negotiations/:id/notes/:eventId; record ${note.eventId} in ${NEGOTIATION}; privileged` }),
    ]);
    expect((await verifyBundle(bundle)).intact).toBe(true);
  });
});
