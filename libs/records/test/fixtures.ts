import { generateKeyPairSync } from 'node:crypto';
import {
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadAllResult,
  type RecordedEvent,
  StreamNotFound,
  WrongExpectedRevision,
  canonicalEnvelope,
  chainHash,
  GENESIS_HASH,
  handleCommand,
  streamCategory,
} from '#event-store';
import { type Actor, type CommandMetadata, INTERNAL } from '#kernel';
import { type NegotiationCommand, type NegotiationCommandType, negotiationDecider, negotiationStream } from '#bargaining';
import { type InformationRequestCommand, informationRequestDecider, informationRequestStream } from '#information-requests';
import { type ChangeClassification, classificationDecider, classificationStream } from '#access';
import { type BundleSigner, signerFromPrivateKey } from '#records';
import { BAYVIEW_UNIT } from '#testing';

/**
 * An event store in memory that stores exactly what the PostgreSQL adapter stores: the RFC 8785
 * canonical envelope (canonicalEnvelope) and the SHA-256 chain (chainHash), per stream. Fast enough
 * for pure specs; the integration spec runs the same scenario on embedded PGlite and compares hashes.
 */
export class MemoryEventStore implements EventStore {
  readonly kind = 'pglite' as const;
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly all: RecordedEvent[] = [];

  async append(stream: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    const existing = this.streams.get(stream) ?? [];
    const actual = existing.length === 0 ? 'no_stream' : existing.length - 1;
    const expected = options.expectedRevision;
    const ok = expected === 'any' || (expected === 'no_stream' ? actual === 'no_stream' : expected === 'stream_exists' ? actual !== 'no_stream' : expected === actual);
    if (!ok) throw new WrongExpectedRevision(stream, expected, actual);
    const stored: RecordedEvent[] = [];
    let prev = existing.at(-1)?.hash ?? GENESIS_HASH;
    for (const event of events) {
      const recordedAt = event.recordedAt ?? new Date().toISOString();
      const canonical = canonicalEnvelope(stream, event, recordedAt);
      const hash = chainHash(prev, canonical);
      const revision = existing.length + stored.length;
      const recorded: RecordedEvent = { ...(JSON.parse(canonical) as Omit<RecordedEvent, 'revision' | 'position' | 'canonical' | 'prevHash' | 'hash'>), revision, position: `0/${this.all.length + stored.length + 1}`, canonical, prevHash: prev, hash };
      stored.push(recorded);
      prev = hash;
    }
    this.streams.set(stream, [...existing, ...stored]);
    this.all.push(...stored);
    return { nextExpectedRevision: existing.length + stored.length - 1, position: stored.at(-1)?.position ?? '0/0', events: stored };
  }

  async readStream(stream: string): Promise<RecordedEvent[]> {
    const events = this.streams.get(stream);
    if (!events || events.length === 0) throw new StreamNotFound(stream);
    return [...events];
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const start = options.after ? Number(options.after.split('/')[1]) : 0;
    const events = this.all.filter((e, i) => i >= start && (!options.category || streamCategory(e.stream) === options.category)).slice(0, options.maxCount ?? 1000);
    return { events, checkpoint: events.at(-1)?.position ?? options.after ?? null };
  }

  subscribe(): never {
    throw new Error('not supported in the memory store');
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}

export const NEGOTIATION_ID = 'bayview_2025';
export const REQUEST_ID = 'rfi_2025_007';
export const OTHER_REQUEST_ID = 'rfi_2025_011';
export const RECORDS_OFFICER: Actor = { subject: 'records@bayviewusd.example', role: 'records-officer' };
export const GENERATED_AT = '2026-02-02T17:30:00.000Z';

/** Text that appears only in confidential or privileged records: none of it may reach a public export. */
export const SECRET_TEXTS = [
  'Hold on Article 24 until costing returns',
  'Counsel advises that declaring impasse before the June board meeting strengthens the district position',
  'Board authorizes up to 3.5 percent on the salary schedule',
  'Step movement costs 1.2M in 2025-26',
];

export function testSigner(): BundleSigner {
  return signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
}

let commandCounter = 0;

/** Recorded on the business day it happened (evening, UTC) unless `recordedAt` says otherwise. */
function meta(at: string, recordedAt?: string): CommandMetadata {
  commandCounter += 1;
  return {
    now: recordedAt ?? `${at}T23:00:00.000Z`,
    occurredAt: { at, precision: 'day' },
    actor: { subject: 'dana.ruiz@bayviewusd.example', role: 'negotiator' },
    commandId: `bayview-cmd-${commandCounter}`,
    correlationId: `bayview-corr-${commandCounter}`,
  };
}

type CommandOf<T extends NegotiationCommandType> = Extract<NegotiationCommand, { type: T }>;
const n = <T extends NegotiationCommandType>(type: T, data: Omit<CommandOf<T>['data'], 'negotiationId'>, at: string, recordedAt?: string): NegotiationCommand =>
  ({ type, data: { negotiationId: NEGOTIATION_ID, ...data }, metadata: meta(at, recordedAt) }) as unknown as NegotiationCommand;

const art = (label: string, text: string, changeKind: 'new' | 'amend' | 'delete' | 'current-language' = 'amend') => ({ article: label, title: ARTICLE_TITLES[label] ?? `Article ${label}`, changeKind, text });
const ARTICLE_TITLES: Readonly<Record<string, string>> = { '10': 'Hours of Employment', '15': 'Class Size', '21': 'Evaluation', '23': 'Leaves', '24': 'Salaries' };
const session = (number: number, at: string) =>
  n('HoldSession', { sessionId: `session_${number}`, number, place: 'District office, Board Room B', attendees: { employer: ['Dana Ruiz', 'R. Kim'], union: ['Lee Park', 'Sam Ode'] }, articlesDiscussed: ['10', '15', '21', '24'] }, at);
const initial = (taId: string, side: 'employer' | 'union', at: string, articles?: string[]) =>
  n('InitialTentativeAgreement', { taId, side, signatory: side === 'employer' ? 'Dana Ruiz, district spokesperson' : 'Lee Park, BTA president', ...(articles ? { articles: articles.map((a) => ({ article: a, title: ARTICLE_TITLES[a] ?? null, text: `Agreed language of Article ${a}: ${a === '23' ? 'bereavement leave of five days' : 'as initialed at the table'}.` })) } : {}) }, at);

const UNIT = BAYVIEW_UNIT;

/**
 * DOMAIN.md's Bayview scenario as recorded through the command handler: the negotiation stream
 * (sunshine, sessions 1–12, proposal chains on Articles 10, 15, 21, 24 with a confidential costing,
 * the Article 23 TA, the rejected package, confidential and privileged notes, a note entered three
 * weeks late, a mis-keyed date corrected, impasse through a public factfinding report, settlement),
 * the step-and-column information request linked to it, and one request of another negotiation.
 */
export async function recordBayview(store: EventStore): Promise<void> {
  commandCounter = 0;
  const stream = negotiationStream(NEGOTIATION_ID);
  const run = async (...commands: NegotiationCommand[]) => {
    const stored: RecordedEvent[] = [];
    for (const command of commands) stored.push(...(await handleCommand(store, stream, negotiationDecider, command)).events);
    return stored;
  };
  const request = async (id: string, command: Omit<InformationRequestCommand, 'metadata'>, at: string) =>
    handleCommand(store, informationRequestStream(id), informationRequestDecider, { ...command, metadata: meta(at) } as InformationRequestCommand);

  await run(
    n('OpenNegotiation', { unit: UNIT, kind: 'successor', articlesInScope: [] }, '2025-01-15'),
    n('AgreeGroundRules', { taRule: 'reopenable-until-global', terms: 'Wednesdays 4–7 pm; caucus on request; TAs reopenable until global agreement' }, '2025-01-29'),
    n('SunshineInitialProposal', { side: 'union', boardMeeting: 'Regular board meeting 2025-02-12', articles: ['10', '15', '21', '24'], summary: 'BTA initial proposal: workload, class size, evaluation, salaries', documents: [{ name: 'BTA initial proposal.pdf', sha256: '1'.repeat(64) }] }, '2025-02-12'),
    n('SunshineInitialProposal', { side: 'employer', boardMeeting: 'Regular board meeting 2025-02-12', articles: ['10', '15', '21', '23', '24'], summary: 'District initial proposal' }, '2025-02-12'),
    n('HearPublicComment', { boardMeeting: 'Regular board meeting 2025-02-26', summary: 'Four speakers on class size' }, '2025-02-26'),
    session(1, '2025-03-05'),
    n('AdoptEmployerProposal', { boardMeeting: 'Regular board meeting 2025-03-12', resolutionNumber: '24-25/41' }, '2025-03-12'),
    n('RecordConfidentialNote', { kind: 'closed-session', title: 'Closed session briefing 2025-03-12', body: 'Board authorizes up to 3.5 percent on the salary schedule', author: 'Superintendent', sessionId: null }, '2025-03-12'),
    n('TableProposal', { proposalId: 'u1', side: 'union', number: 'U-1', articles: [art('10', 'Workday of 7 hours including a 30 minute duty-free lunch.'), art('15', 'No class above 28 students in grades 4-8.'), art('21', 'Evaluations every other year for permanent teachers.'), art('24', 'Salary schedule increased by 6 percent.')] }, '2025-03-19'),
    session(2, '2025-03-19'),
  );
  // The district's counterproposal, keyed as 2025-03-25 though tabled on 2025-03-26 (corrected later).
  const [d1] = await run(
    n('TableCounterproposal', {
      proposalId: 'd1',
      side: 'employer',
      number: 'D-1',
      respondsTo: 'u1',
      articles: [art('10', 'Workday of 7.5 hours including a 30 minute duty-free lunch.'), art('15', 'No class above 31 students in grades 4-8.'), art('21', 'Evaluations every year for the first two years, then every third year.'), art('24', 'Salary schedule increased by 2 percent.')],
      costing: { summary: 'Step movement costs 1.2M in 2025-26', costs: [{ fiscalYear: '2025-26', amount: '1200000.00', description: 'step and column' }] },
    }, '2025-03-25'),
  );
  await run(
    session(3, '2025-03-26'),
    n('TableCounterproposal', { proposalId: 'u2', side: 'union', number: 'U-2', respondsTo: 'd1', articles: [art('10', 'Workday of 7 hours including a 30 minute duty-free lunch.'), art('24', 'Salary schedule increased by 5 percent.')] }, '2025-04-02'),
    session(4, '2025-04-02'),
    initial('ta_art23', 'employer', '2025-04-02', ['23']),
    initial('ta_art23', 'union', '2025-04-04'),
    session(5, '2025-04-09'),
  );

  await request(REQUEST_ID, {
    type: 'ReceiveInformationRequest',
    data: {
      requestId: REQUEST_ID,
      unitId: 'bayview_teachers',
      from: { organization: 'Bayview Teachers Association', person: 'R. Alvarez' },
      negotiationId: NEGOTIATION_ID,
      items: [
        { number: 1, description: 'Step-and-column placement of each unit member, by name, 2024-25' },
        { number: 2, description: 'Cost of one step and one column movement on the 2025-26 salary schedule' },
      ],
      responsePolicy: { kind: 'business-days', days: 10 },
    },
  }, '2025-04-10');
  await request(REQUEST_ID, { type: 'AcknowledgeInformationRequest', data: { requestId: REQUEST_ID } }, '2025-04-13');
  await request(OTHER_REQUEST_ID, {
    type: 'ReceiveInformationRequest',
    data: { requestId: OTHER_REQUEST_ID, unitId: 'bayview_classified', from: { organization: 'Bayview Classified Employees', person: 'J. Soto' }, negotiationId: 'classified_2025', items: [{ number: 1, description: 'Bus routes' }] },
  }, '2025-04-14');

  await run(session(6, '2025-04-16'), session(7, '2025-04-23'));
  await request(REQUEST_ID, {
    type: 'ObjectToInformationItem',
    data: { requestId: REQUEST_ID, itemNumber: 1, grounds: ['third-party-privacy'], explanation: 'Placement by name discloses each teacher’s compensation', accommodationOffered: true, accommodationDescription: 'Placement by anonymized employee number' },
  }, '2025-04-26');
  await run(
    session(8, '2025-04-30'),
    n('TablePackage', { proposalId: 'd_pkg1', side: 'employer', number: 'D-PKG-1', conditional: true, articles: [art('10', 'Package: 7.25 hour workday.'), art('15', 'Package: class size 30 in grades 4-8.'), art('21', 'Package: evaluations every other year after tenure.')] }, '2025-05-07'),
    session(9, '2025-05-07'),
    n('RejectPackage', { proposalId: 'd_pkg1', reason: 'Does not address class size' }, '2025-05-14'),
    session(10, '2025-05-14'),
    session(11, '2025-05-21'),
  );
  await request(REQUEST_ID, { type: 'ProduceInformationItem', data: { requestId: REQUEST_ID, itemNumber: 2, documents: [{ name: 'step-column-costing-draft.xlsx', sha256: 'c0ffee'.padEnd(64, '0') }], completeness: 'partial' } }, '2025-05-22');
  await run(
    session(12, '2025-06-04'),
    n('RecordCorrection', { correctedEventId: d1!.eventId, correctedEventType: 'CounterproposalTabled', correctedEventClassification: INTERNAL, reason: 'Tabled on 2025-03-26, keyed as 2025-03-25', correctedFields: { occurredAt: { at: '2025-03-26', precision: 'day' }, tabledOn: '2025-03-26' } }, '2025-06-10'),
    n('DeclareImpasse', { declaredBy: 'union', form: 'written', statement: 'The parties are at impasse on Articles 10, 15, 21 and 24.' }, '2025-06-18'),
    // Entered three weeks late.
    n('RecordConfidentialNote', { kind: 'strategy', title: 'Session 12 caucus notes', body: 'Hold on Article 24 until costing returns', author: 'Dana Ruiz', sessionId: 'session_12' }, '2025-06-04', '2025-06-25T17:00:00.000Z'),
    n('RecordConfidentialNote', { kind: 'legal-advice', title: 'Impasse timing memorandum', body: 'Counsel advises that declaring impasse before the June board meeting strengthens the district position', author: 'Morgan Lee, district counsel', sessionId: null }, '2025-06-26'),
    n('RecordPerbImpasseDetermination', { determination: 'impasse-exists', caseNumber: 'SF-IM-0001-E' }, '2025-06-30'),
    n('AppointMediator', { mediator: 'State mediator', appointedBy: 'PERB' }, '2025-07-02'),
    n('HoldMediationSession', { place: 'District office' }, '2025-08-12'),
    n('CertifyFactfinding', {}, '2025-09-05'),
    n('FormFactfindingPanel', { chair: 'Neutral chair', employerMember: 'District member', unionMember: 'BTA member' }, '2025-09-20'),
    n('HoldFactfindingHearing', {}, '2025-10-14'),
    n('IssueFactfindingReport', { summary: 'Recommends 4 percent and class size 29', documents: [{ name: 'Factfinding report.pdf', sha256: 'f'.repeat(64) }] }, '2025-11-03'),
    n('MakeFactfindingReportPublic', { how: 'Posted with the board agenda' }, '2025-11-15'),
    initial('ta_global', 'employer', '2025-12-10', ['10', '15', '21', '24']),
    initial('ta_global', 'union', '2025-12-10'),
    n('ReachSettlement', { taIds: ['ta_art23', 'ta_global'], term: { start: '2025-07-01', end: '2028-06-30' }, summary: 'Three-year successor agreement', costs: [{ fiscalYear: '2025-26', amount: '3400000.00' }] }, '2025-12-10'),
    n('HoldRatificationVote', { yes: 812, no: 143 }, '2025-12-15'),
    n('DiscloseSettlementCosts', { meeting: 'Regular board meeting 2026-01-07', summary: 'AB 1200 public disclosure of the agreement', costs: [{ fiscalYear: '2025-26', amount: '3400000.00' }, { fiscalYear: '2026-27', amount: '3550000.00' }], certifiedBy: { superintendent: 'Superintendent', chiefBusinessOfficial: 'CBO' } }, '2026-01-07'),
    n('ApproveByGoverningBody', { governingBody: 'Bayview USD Board of Education', resolutionNumber: '25-26/22' }, '2026-01-14'),
    n('ExecuteAgreement', { signatories: { employer: ['Superintendent'], union: ['BTA President'] }, documents: [{ name: 'Agreement 2025-2028.pdf', sha256: 'e'.repeat(64) }] }, '2026-01-20'),
    n('ConcludeNegotiation', { outcome: 'settled' }, '2026-01-20'),
  );
}

/** The basis of the public-records release in reclassifyBayview. */
export const RELEASE_BASIS = 'Released under public records request PRR-2026-014';

/**
 * Classification changes recorded after the fact, in `classification-<id>` (what a records officer
 * records through POST /negotiations/:id/classification-changes): the district's counterproposal
 * D-1 released to the public; session 1 made confidential (pending litigation); the session-12
 * strategy note downgraded to internal. Returns the changed records' event ids.
 */
export async function reclassifyBayview(store: EventStore): Promise<{ d1: string; session1: string; strategyNote: string }> {
  const negotiation = await store.readStream(negotiationStream(NEGOTIATION_ID));
  const d1 = negotiation.find((e) => e.type === 'CounterproposalTabled' && e.data['number'] === 'D-1')!;
  const session1 = negotiation.find((e) => e.type === 'SessionHeld' && e.data['number'] === 1)!;
  const strategyNote = negotiation.find((e) => e.type === 'ConfidentialNoteRecorded' && e.data['kind'] === 'strategy')!;
  const changes: [RecordedEvent, { level: 'public' | 'internal' | 'confidential'; basis: string }, string, string][] = [
    [d1, { level: 'public', basis: RELEASE_BASIS }, '2026-01-20', 'Requested by the Bayview Gazette; no exemption applies'],
    [session1, { level: 'confidential', basis: 'pending litigation (PERB SF-CE-0042)' }, '2026-01-22', 'Subject of an unfair practice charge'],
    [strategyNote, { level: 'internal', basis: 'bargaining concluded' }, '2026-01-25', 'Strategy superseded by the executed agreement'],
  ];
  for (const [index, [target, to, effectiveOn, reason]] of changes.entries()) {
    const command: ChangeClassification = {
      type: 'ChangeClassification',
      data: { negotiationId: NEGOTIATION_ID, target: { eventId: target.eventId, stream: target.stream, type: target.type, classification: target.classification }, to, effectiveOn, reason },
      metadata: { now: `${effectiveOn}T10:00:00.000Z`, occurredAt: { at: effectiveOn, precision: 'day' }, actor: RECORDS_OFFICER, commandId: `bayview-classification-${index}`, correlationId: `bayview-classification-${index}` },
    };
    await handleCommand(store, classificationStream(NEGOTIATION_ID), classificationDecider, command);
  }
  return { d1: d1.eventId, session1: session1.eventId, strategyNote: strategyNote.eventId };
}

/** The Bayview record read back per stream, as an export collects it. */
export async function readBayview(store: EventStore): Promise<Map<string, RecordedEvent[]>> {
  return new Map([
    [negotiationStream(NEGOTIATION_ID), await store.readStream(negotiationStream(NEGOTIATION_ID))],
    [informationRequestStream(REQUEST_ID), await store.readStream(informationRequestStream(REQUEST_ID))],
  ]);
}

let cached: Promise<Map<string, RecordedEvent[]>> | null = null;

/** The Bayview record in a memory store (built once per test file). */
export function bayviewInMemory(): Promise<Map<string, RecordedEvent[]>> {
  cached ??= (async () => {
    const store = new MemoryEventStore();
    await recordBayview(store);
    return readBayview(store);
  })();
  return cached;
}

/** A deep copy a test may tamper with. */
export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
