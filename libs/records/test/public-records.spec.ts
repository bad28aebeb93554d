import type { RecordedEvent } from '#event-store';
import { negotiationStream } from '#bargaining';
import { informationRequestStream } from '#information-requests';
import {
  type Bundle,
  type ChronologySection,
  type WithheldLogSection,
  WithheldContentInSection,
  buildPublicRecordsBundle,
  defaultContentProvider,
  isWithheldEntry,
  verifyBundle,
} from '#records';
import { GENERATED_AT, NEGOTIATION_ID, RECORDS_OFFICER, REQUEST_ID, SECRET_TEXTS, bayviewInMemory, testSigner } from './fixtures.js';

const NEGOTIATION = negotiationStream(NEGOTIATION_ID);
const REQUEST = informationRequestStream(REQUEST_ID);
const signer = testSigner();

/** String leaves of a record's data, except its named author (a privilege log lists the author by design). */
function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* strings(v);
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (k !== 'author') yield* strings(v);
}

describe('the public-records export of the Bayview negotiation', () => {
  let streams: Map<string, RecordedEvent[]>;
  let bundle: Bundle;
  let json: string;
  let all: RecordedEvent[];
  let withheld: RecordedEvent[];
  let disclosed: RecordedEvent[];

  beforeAll(async () => {
    streams = await bayviewInMemory();
    bundle = await buildPublicRecordsBundle({ streams, negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT, signer });
    json = JSON.stringify(bundle);
    all = [...streams.values()].flat();
    withheld = all.filter((e) => e.classification.level !== 'public');
    disclosed = all.filter((e) => e.classification.level === 'public');
  });

  it('discloses exactly the public records, with their canonical text, and verifies as intact', async () => {
    expect(bundle.manifest).toMatchObject({ kind: 'public-records', disclosure: { rule: 'public-only', role: null, classifications: ['public'] } });
    const entries = Object.values(bundle.events).flat();
    const shown = entries.filter((e) => !isWithheldEntry(e)) as { canonical: string }[];
    expect(shown.map((e) => JSON.parse(e.canonical).type)).toEqual(
      disclosed.filter((e) => e.stream === NEGOTIATION).map((e) => e.type),
    );
    expect(shown.every((e) => JSON.parse(e.canonical).classification.level === 'public')).toBe(true);
    expect(disclosed.map((e) => e.type)).toEqual([
      'InitialProposalSunshined',
      'InitialProposalSunshined',
      'PublicCommentHeard',
      'EmployerProposalAdopted',
      'FactfindingReportMadePublic',
      'SettlementCostsDisclosed',
      'GoverningBodyApproved',
      'AgreementExecuted',
    ]);
    expect(await verifyBundle(bundle, { trustedKeys: [signer.publicKeyPem] })).toMatchObject({ intact: true, problems: [] });
  });

  it('keeps every withheld event as a chain link only: revision, prevHash and hash, so the links between disclosed events still verify', async () => {
    for (const [stream, events] of streams) {
      const entries = bundle.events[stream]!;
      expect(entries).toHaveLength(events.length);
      entries.forEach((entry, i) => {
        expect(entry.hash).toBe(events[i]!.hash);
        expect(entry.prevHash).toBe(events[i]!.prevHash);
        if (isWithheldEntry(entry)) expect(Object.keys(entry).sort()).toEqual(['hash', 'prevHash', 'revision', 'withheld']);
      });
    }
    expect(bundle.events[REQUEST]!.every(isWithheldEntry)).toBe(true);
    expect((await verifyBundle(bundle)).streams.map((s) => [s.stream, s.chain.intact, s.withheld])).toEqual([
      [NEGOTIATION, true, streams.get(NEGOTIATION)!.length - 8],
      [REQUEST, true, 4],
    ]);
  });

  it('contains no withheld content anywhere in the file', async () => {
    for (const event of withheld) {
      expect(json).not.toContain(event.canonical);
      expect(json).not.toContain(JSON.stringify(event.canonical).slice(1, -1));
      expect(json).not.toContain(event.eventId);
    }
    for (const secret of SECRET_TEXTS) expect(json).not.toContain(secret);
    // Every string of a withheld record's data that no disclosed record also carries (dates, numbers
    // and labels under 12 characters aside: the withheld log gives each withheld record's date).
    // Stream names are disclosed by the manifest: the chain of each stream is in the file.
    const disclosedText = [...disclosed.map((e) => e.canonical), ...streams.keys()].join('\n');
    // The withheld log lists each withheld record's type and classification basis by design.
    const checked = new Set<string>(withheld.flatMap((e) => [e.type, e.classification.basis]));
    let tested = 0;
    for (const event of withheld) {
      for (const text of strings(event.data)) {
        if (text.length < 12 || disclosedText.includes(text) || checked.has(text)) continue;
        checked.add(text);
        tested += 1;
        expect({ text, found: json.includes(text) }).toEqual({ text, found: false });
      }
    }
    expect(tested).toBeGreaterThan(40);
  });

  it('has a withheld log by category and basis whose counts match the withheld events, with no content', async () => {
    const log = bundle.sections['withheldLog'] as unknown as WithheldLogSection;
    const byLevel = (level: string) => withheld.filter((e) => e.classification.level === level).length;
    expect(log.totals).toEqual({ events: all.length, disclosed: disclosed.length, withheld: withheld.length });
    expect(log.byClassification).toEqual({ public: 0, internal: byLevel('internal'), confidential: byLevel('confidential'), privileged: byLevel('privileged') });
    expect(log.byCategory.reduce((n, c) => n + c.count, 0)).toBe(withheld.length);
    for (const category of log.byCategory) {
      expect(category.count).toBe(withheld.filter((e) => e.classification.level === category.classification && e.classification.basis === category.basis).length);
    }
    expect(log.byCategory).toContainEqual({ classification: 'privileged', basis: 'attorney-client privilege', count: 1 });
    expect(log.entries).toHaveLength(withheld.length);
    expect(log.entries.map((e) => `${e.stream}@${e.revision}`)).toEqual(withheld.map((e) => `${e.stream}@${e.revision}`));
    const bundleWithheld = Object.entries(bundle.events).flatMap(([stream, list]) => list.filter(isWithheldEntry).map((e) => `${stream}@${e.revision}`));
    expect(new Set(log.entries.map((e) => `${e.stream}@${e.revision}`))).toEqual(new Set(bundleWithheld));
    expect(log.entries.find((e) => e.classification === 'privileged')).toEqual({
      stream: NEGOTIATION,
      revision: expect.any(Number),
      date: '2025-06-26',
      recordedAt: '2025-06-26T23:00:00.000Z',
      author: 'Morgan Lee, district counsel',
      type: 'ConfidentialNoteRecorded',
      classification: 'privileged',
      privilegeClaimed: 'attorney-client privilege',
      description: 'Legal advice (attorney-client communication)',
    });
  });

  it('carries no privilege log or access log of its own, and its sections speak only of public records', async () => {
    expect(Object.keys(bundle.sections)).toEqual(['overview', 'chronology', 'tentativeAgreements', 'articleChains', 'informationRequests', 'statutoryChecklist', 'classificationRegister', 'withheldLog']);
    const chronology = bundle.sections['chronology'] as unknown as ChronologySection;
    expect(chronology.entries.map((e) => e.classification)).toEqual(Array(8).fill('public'));
    expect(bundle.sections['overview']).toMatchObject({ unit: null, events: { disclosed: 8, withheld: withheld.length } });
  });

  it('follows the classification in effect on the export date: a factfinding report reclassified public when published is disclosed', async () => {
    const asOfSeen: string[] = [];
    const reclassified = await buildPublicRecordsBundle({
      streams,
      negotiationId: NEGOTIATION_ID,
      actor: RECORDS_OFFICER,
      now: GENERATED_AT,
      signer,
      classificationOf: (event, asOf) => {
        asOfSeen.push(asOf);
        return event.type === 'FactfindingReportIssued' && asOf >= '2025-11-15' ? { level: 'public', basis: 'Gov. Code 3548.3 factfinding report made public' } : event.classification;
      },
    });
    expect(new Set(asOfSeen)).toEqual(new Set([GENERATED_AT]));
    const report = streams.get(NEGOTIATION)!.find((e) => e.type === 'FactfindingReportIssued')!;
    expect(reclassified.events[NEGOTIATION]![report.revision]).toMatchObject({ canonical: report.canonical });
    expect((reclassified.sections['withheldLog'] as unknown as WithheldLogSection).disclosedAfterReclassification).toEqual([
      { stream: NEGOTIATION, revision: report.revision, eventId: report.eventId, recorded: 'internal', effective: 'public', basis: 'Gov. Code 3548.3 factfinding report made public' },
    ]);
    expect((await verifyBundle(reclassified)).intact).toBe(true);
  });

  it('refuses a section producer that leaks withheld text into a public-records export', async () => {
    await expect(
      buildPublicRecordsBundle({
        streams,
        negotiationId: NEGOTIATION_ID,
        actor: RECORDS_OFFICER,
        now: GENERATED_AT,
        signer,
        content: { ...defaultContentProvider(), notes: () => ({ text: `Summary: ${SECRET_TEXTS[0]}` }) },
      }),
    ).rejects.toThrow(WithheldContentInSection);
  });
});
