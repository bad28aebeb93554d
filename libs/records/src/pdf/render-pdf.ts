import type { Bundle, JsonValue } from '../bundle/format.js';
import { SECTION_NAMES } from '../bundle/format.js';
import { PdfRenderingFailed } from '../bundle/errors.js';
import { bundleJsonBytes } from '../bundle/canonical.js';
import { type VerificationReport, verifyBundle } from '#bundle-verifier';
import { type BusinessTime, businessTimeText, describeBusinessTime, isWrittenAsADate } from '#kernel';
import type {
  AccessLogSection,
  ArticleChainsSection,
  ChronologySection,
  ClassificationRegisterSection,
  InformationRequestsSection,
  OverviewSection,
  PrivilegeLogSection,
  StatutoryChecklistSection,
  TentativeAgreementsSection,
  WithheldLogSection,
} from '../content/sections.js';
import { humanizeType } from '../content/describe.js';
import { standaloneVerifiers } from '../export/standalone-verifiers.js';
import { PdfWriter } from './layout.js';

export interface RenderPdfOptions {
  /** The verification shown in the summary; default: the bundle verified as it is rendered (no trusted key). */
  readonly verification?: VerificationReport;
  /** The IANA time zone in which times are shown, and named (the office's OFFICE_TIME_ZONE); default UTC. */
  readonly timeZone?: string;
}

const TITLES: Readonly<Record<string, string>> = {
  overview: 'Overview',
  chronology: 'Chronology',
  tentativeAgreements: 'Tentative agreements and signatures',
  articleChains: 'Article chains with full texts',
  informationRequests: 'Information-request register',
  statutoryChecklist: 'Statutory checklist',
  classificationRegister: 'Classification register',
  privilegeLog: 'Privilege log',
  accessLog: 'Access log',
  withheldLog: 'Withheld records',
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (v: unknown, key: string): boolean => isObj(v) && Array.isArray(v[key]);
const dash = (v: unknown) => (v === null || v === undefined || v === '' ? '–' : String(v));
const day = (iso: string) => iso.slice(0, 10);


/** How people read the record: times in the office's zone, and labels (TA 1, Request 1, proposal U-1) in place of ids. */
interface Labels {
  /** An instant as "2025-03-25 16:00 PDT" in the office's time zone; a date (day precision) as it is. */
  readonly at: (iso: string) => string;
  /** A business time: an instant or a day as `at` gives it, a month, year, range or bound in words ("February 2008"). */
  readonly occurred: (time: BusinessTime) => string;
  readonly ta: (taId: string) => string;
  readonly request: (requestId: string) => string;
  readonly proposal: (proposalId: string) => string;
  /** A summary with the ids of TAs, requests and proposals it names replaced by their labels. */
  readonly text: (summary: string) => string;
}

function instantFormatter(timeZone: string): (iso: string) => string {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
  return (iso) => {
    if (iso.length <= 10) return iso;
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    const part = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
    return `${part['year']}-${part['month']}-${part['day']} ${part['hour']}:${part['minute']} ${part['timeZoneName']}`;
  };
}

/** The zone's name for people: "Pacific Time (America/Los_Angeles)". */
function zoneName(timeZone: string, at: Date): string {
  const long = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longGeneric' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
  return long && long !== timeZone ? `${long} (${timeZone})` : timeZone;
}

function numbering(ids: readonly string[]): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const id of ids) if (!numbers.has(id)) numbers.set(id, numbers.size + 1);
  return numbers;
}

function labelsOf(bundle: Bundle, timeZone: string): Labels {
  const tas = isObj(bundle.sections['tentativeAgreements']) && has(bundle.sections['tentativeAgreements'], 'agreements') ? (bundle.sections['tentativeAgreements'] as unknown as TentativeAgreementsSection).agreements.map((a) => a.taId) : [];
  const chains = has(bundle.sections['articleChains'], 'articles') ? (bundle.sections['articleChains'] as unknown as ArticleChainsSection).articles.flatMap((a) => a.entries) : [];
  const taNumbers = numbering([...tas, ...chains.flatMap((e) => ('taId' in e ? [e.taId] : []))]);
  const requests = numbering(has(bundle.sections['informationRequests'], 'requests') ? (bundle.sections['informationRequests'] as unknown as InformationRequestsSection).requests.map((r) => r.requestId) : []);
  const proposals = new Map(chains.flatMap((e) => ('proposalId' in e && 'number' in e ? [[e.proposalId, e.number] as const] : [])));
  const escape = (id: string) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const replacements: Replacement[] = [
    ...[...taNumbers].map(([id, n]): Replacement => [id, `\\bTA ${escape(id)}\\b`, `TA ${n}`]),
    ...[...requests].map(([id, n]): Replacement => [id, `\\b(request )?${escape(id)}\\b`, `request ${n}`]),
    ...[...proposals].map(([id, number]): Replacement => [id, `\\b(Package|Proposal|proposal|package) ${escape(id)}\\b`, `$1 ${number}`]),
  ];
  return {
    text: replacing(replacements),
    at: instantFormatter(timeZone),
    occurred: (time) => (isWrittenAsADate(time) ? instantFormatter(timeZone)(time.at) : describeBusinessTime(time)),
    ta: (id) => `TA ${taNumbers.get(id) ?? id}`,
    request: (id) => `Request ${requests.get(id) ?? id}`,
    proposal: (id) => `proposal ${proposals.get(id) ?? id}`,
  };
}

/** An identifier, the pattern (source) that finds it in a summary, and the label put in its place. */
export type Replacement = readonly [id: string, pattern: string, label: string];

/** Identifiers of word characters and single hyphens between them (ids, UUIDs): found in a summary by its words. */
const WORDS_ID = /^\w+(?:-\w+)*$/;
const WORDS_RUN = /\w+(?:-\w+)*/g;

/**
 * A summary with each replacement applied in turn (`summary.replace(pattern, label)` for each, in
 * order), trying only those whose identifier the summary holds: a pattern bounded by \b can match
 * an identifier of words only where the summary has it as consecutive words of one hyphenated run.
 * After a replacement changes the summary, what it holds is found again.
 */
export function replacing(replacements: readonly Replacement[]): (summary: string) => string {
  const byId = new Map<string, number[]>();
  const others: number[] = [];
  replacements.forEach(([id], i) => {
    if (!WORDS_ID.test(id)) others.push(i);
    else byId.set(id, [...(byId.get(id) ?? []), i]);
  });
  const patterns = new Map<number, RegExp>();
  const pattern = (i: number) => patterns.get(i) ?? patterns.set(i, new RegExp(replacements[i]![1], 'g')).get(i)!;
  /** The replacements after `after`, in order, whose identifier `text` may hold. */
  const candidates = (text: string, after: number): number[] => {
    const found = new Set<number>();
    for (const run of text.match(WORDS_RUN) ?? []) {
      const parts = run.split('-');
      for (let i = 0; i < parts.length; i++) {
        let id = '';
        for (let j = i; j < parts.length; j++) {
          id = j === i ? parts[i]! : `${id}-${parts[j]!}`;
          for (const k of byId.get(id) ?? []) if (k > after) found.add(k);
        }
      }
    }
    for (const k of others) if (k > after && text.includes(replacements[k]![0])) found.add(k);
    return [...found].sort((a, b) => a - b);
  };
  return (summary) => {
    let text = summary;
    let queue = candidates(text, -1);
    for (let q = 0; q < queue.length; q++) {
      const i = queue[q]!;
      const next = text.replace(pattern(i), replacements[i]![2]);
      if (next !== text) {
        text = next;
        queue = candidates(text, i);
        q = -1;
      }
    }
    return text;
  };
}

/**
 * Renders a bundle for people: a title page, a verification summary (streams, event counts, head
 * hashes, key fingerprint, how to verify), then each section with headings and tables; "page N of M"
 * in every footer. Everything comes from the bundle itself, so anyone holding the JSON can re-render it.
 */
export async function renderBundlePdf(bundle: Bundle, options: RenderPdfOptions = {}): Promise<Buffer> {
  let at: string | null = null;
  try {
    return await render(bundle, options, (name) => (at = name));
  } catch (error) {
    throw error instanceof PdfRenderingFailed ? error : new PdfRenderingFailed(at, error);
  }
}

async function render(bundle: Bundle, options: RenderPdfOptions, rendering: (section: string | null) => void): Promise<Buffer> {
  const m = bundle.manifest;
  const verification = options.verification ?? (await verifyBundle(bundle));
  const overview = isObj(bundle.sections['overview']) ? (bundle.sections['overview'] as unknown as OverviewSection) : null;
  const isPublic = m.kind === 'public-records';
  const title = isPublic ? 'Public-records export' : 'Audit-ready file';
  const timeZone = options.timeZone ?? 'UTC';
  const labels = labelsOf(bundle, timeZone);
  const unitName = overview?.unit?.name ?? null;
  const w = new PdfWriter({ title: `${title}: ${unitName ?? `negotiation ${m.negotiationId}`}`, author: m.generatedBy.subject, subject: `bundle ${m.bundleId}`, creationDate: new Date(m.generatedAt) });
  const doc = w.doc;
  const contents: { title: string; page: number }[] = [];
  const page = () => doc.bufferedPageRange().start + doc.bufferedPageRange().count;
  const section = (heading: string) => {
    w.heading(heading, 1);
    contents.push({ title: heading, page: page() });
  };

  // Title block, contents and the verification summary share the first page.
  w.write('Labor relations record', { size: 10, color: '#555555' }, undefined, undefined, { align: 'center' });
  doc.moveDown(0.3);
  w.write(title, { role: 'bold', size: 22 }, undefined, undefined, { align: 'center' });
  doc.moveDown(0.2);
  if (overview?.unit) {
    w.write(`${overview.unit.name} — ${overview.unit.employer} and ${overview.unit.employeeOrganization} (${overview.unit.statute})`, { size: 12 }, undefined, undefined, { align: 'center' });
    doc.moveDown(0.2);
  }
  w.write(`Negotiation ${overview?.kind ? `(${overview.kind}) ` : ''}opened ${overview?.openedOn ?? '–'}`, { size: 10 }, undefined, undefined, { align: 'center' });
  doc.moveDown(1);
  w.keyValues([
    ['Kind of file', isPublic ? 'public-records export: public records only, with a withheld log' : `audit file: records readable by the ${m.disclosure.role ?? '?'} role`],
    ['Generated', `${labels.at(m.generatedAt)} by ${m.generatedBy.subject} (${m.generatedBy.role})`],
    ['Times shown in', zoneName(timeZone, new Date(m.generatedAt))],
    ['Integrity', verification.intact ? 'INTACT when rendered: signature, sections and every stream chain check out' : `NOT INTACT when rendered: ${verification.problems.length} problem(s)`],
    ['Bundle file', `${m.bundleId}.json (format ${m.format}); identifiers and hashes are in the appendix`],
  ]);
  if (!verification.intact) for (const p of verification.problems.slice(0, 20)) w.paragraph(`- ${p.message}`, { size: 8, color: '#a00000' });
  const contentsTop = doc.y + 4;
  const sectionNames = [...SECTION_NAMES.filter((n) => Object.hasOwn(bundle.sections, n)), ...Object.keys(bundle.sections).filter((n) => !(SECTION_NAMES as readonly string[]).includes(n))];
  doc.y = contentsTop + 20 + 12 * Math.ceil((sectionNames.length + 1) / 2);

  // Sections, one after another.
  for (const name of sectionNames) {
    const value = bundle.sections[name]!;
    rendering(name);
    section(TITLES[name] ?? name);
    renderSection(w, name, value, isPublic, labels);
  }
  rendering(null);

  // Appendix: the integrity data and the identifiers behind every label.
  section('Appendix: verification and identifiers');
  w.paragraph(
    `This document renders the signed JSON bundle ${m.bundleId}.json. The JSON file, not this PDF, carries the proof of integrity: every recorded event with its SHA-256 hash chain, and a manifest signed with Ed25519.`,
    { size: 8.5 },
  );
  w.heading('How to verify', 2);
  w.paragraph(
    'In a web browser, with nothing to install: save verify.html, which is attached to this PDF beside the signed bundle (see the attachments or paperclip panel of your PDF reader), open it in a current browser and drop this PDF on it. It checks the signature and every event on your computer, sending nothing anywhere, and shows Intact, or NOT intact with the first problem.',
    { size: 8 },
  );
  w.paragraph('Or on the command line, with no database and no network (exit status 0: intact; 1: not intact, each modified, removed, inserted or reordered event, altered section or failed signature named):', { gap: 0.15, size: 8 });
  w.paragraph(`npm run cli -- verify ${m.bundleId}.json --trusted-key office-key.pem`, { mono: true, size: 7, indent: 12 });
  w.paragraph(`Either way, check that the signing key's fingerprint is the one the records office publishes through a separate channel: ${m.signature.keyId}.`, { size: 8 });
  w.paragraph(
    "How it works: each event is stored as RFC 8785 canonical JSON, hashed with SHA-256 over the previous event's hash, a newline and that text, so each hash seals everything before it. The signed manifest lists every event's hash and id, each stream's head hash and each section's hash.",
    { size: 8 },
  );
  if (m.streams.some((s) => s.withheld > 0)) {
    w.paragraph(
      'Withheld records keep their place in the chain: the file gives their revision, previous hash and hash but not their content. A verifier checks that the links around them hold and sees exactly where something was withheld; it cannot check a withheld record\u2019s content, which is not in the file.',
      { size: 8 },
    );
  }
  w.keyValues(
    [
      ['Negotiation id', m.negotiationId],
      ['Unit id', overview?.unit?.unitId ?? (isPublic ? 'not a public record' : 'not in this bundle')],
      ['Bundle id', m.bundleId],
      ['Signature', `${m.signature.algorithm} over the canonical manifest (RFC 8785)`],
      ['Key fingerprint', m.signature.keyId],
      ['Public key (SPKI, base64 of the PEM body)', m.signature.publicKey.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '')],
      ['Classifications as of', m.disclosure.classificationsAsOf],
      ['Disclosed', m.disclosure.classifications.join(', ')],
    ],
    { mono: ['Negotiation id', 'Unit id', 'Bundle id', 'Key fingerprint', 'Public key (SPKI, base64 of the PEM body)'] },
  );
  w.heading('Streams', 2);
  w.table(
    [
      { header: 'Stream', weight: 2.6 },
      { header: 'Events', weight: 0.6, align: 'right' },
      { header: 'Withheld', weight: 0.75, align: 'right' },
      { header: 'Revisions', weight: 0.8 },
      { header: 'Head hash (SHA-256)', weight: 5.3, mono: true },
    ],
    m.streams.map((s) => [s.stream, String(s.events), String(s.withheld), `${s.firstRevision}–${s.lastRevision}`, s.headHash]),
    { size: 6.5 },
  );
  w.heading('Sections', 2);
  const sectionHashes = Object.entries(m.sections).map(([name, hash]) => [TITLES[name] ?? name, hash]);
  const halfOfSections = Math.ceil(sectionHashes.length / 2);
  w.table(
    [
      { header: 'Section', weight: 1.6 },
      { header: 'SHA-256 of its canonical JSON', weight: 3.4, mono: true },
      { header: 'Section', weight: 1.6 },
      { header: 'SHA-256 of its canonical JSON', weight: 3.4, mono: true },
    ],
    Array.from({ length: halfOfSections }, (_, i) => [...sectionHashes[i]!, ...(sectionHashes[i + halfOfSections] ?? ['', ''])]),
    { size: 5.4 },
  );
  const ids = identifierRows(bundle, labels);
  if (ids.length > 0) {
    w.heading('Labels and identifiers', 2);
    w.table(
      [
        { header: 'Label', weight: 1.2 },
        { header: 'Identifier', weight: 3, mono: true },
      ],
      ids,
      { size: 6.5 },
    );
  }
  const chronology = has(bundle.sections['chronology'], 'entries') ? (bundle.sections['chronology'] as unknown as ChronologySection).entries : [];
  if (chronology.length > 0) {
    w.heading('Chronology entries: where each is in the record', 2);
    const cell = (i: number) => {
      const e = chronology[i];
      return e ? [String(i + 1), `${e.stream} @ ${e.revision}  ${e.eventId}`] : ['', ''];
    };
    const half = Math.ceil(chronology.length / 2);
    w.table(
      [
        { header: '#', weight: 0.25, align: 'right' },
        { header: 'Stream @ revision, event id', weight: 3, mono: true },
        { header: '#', weight: 0.25, align: 'right' },
        { header: 'Stream @ revision, event id', weight: 3, mono: true },
      ],
      Array.from({ length: half }, (_, i) => [...cell(i), ...cell(i + half)]),
      { size: 5.4 },
    );
  }

  // Contents on the first page, now that page numbers are known.
  doc.switchToPage(0);
  w.write('Contents', { role: 'bold', size: 10.5 }, w.left, contentsTop);
  const half = Math.ceil(contents.length / 2);
  const column = (w.width - 20) / 2;
  contents.forEach((entry, i) => {
    const x = w.left + (i < half ? 0 : column + 20);
    const y = contentsTop + 16 + 12 * (i % half);
    w.write(entry.title, { size: 8.5 }, x + 8, y, { width: column - 50, lineBreak: false, ellipsis: true });
    w.write(`page ${entry.page}`, { size: 8.5 }, x, y, { width: column, align: 'right', lineBreak: false });
  });
  // One file carries both: the signed JSON bundle rides inside the PDF as its source, the very bytes of its JSON file.
  w.attach(bundleJsonBytes(bundle), `${m.bundleId}.json`, 'application/json', 'The signed JSON bundle this PDF renders; verify it, not the PDF');
  // And the page that verifies it in a browser, so the PDF alone is enough for a stranger to check.
  w.attach(Buffer.from(standaloneVerifiers()['verify.html'], 'utf8'), 'verify.html', 'text/html', 'A page that verifies this PDF: open it in a web browser and drop this PDF on it', 'Unspecified');
  w.finishPages(`${m.bundleId} · generated ${labels.at(m.generatedAt)}`, `${title} · ${unitName ?? `negotiation ${m.negotiationId}`}`);
  return w.toBuffer();
}

/** The appendix's table from each label the PDF shows to the identifier it stands for. */
function identifierRows(bundle: Bundle, labels: Labels): string[][] {
  const rows: string[][] = [];
  const tas = has(bundle.sections['tentativeAgreements'], 'agreements') ? (bundle.sections['tentativeAgreements'] as unknown as TentativeAgreementsSection).agreements : [];
  for (const ta of tas) rows.push([labels.ta(ta.taId), ta.taId]);
  const requests = has(bundle.sections['informationRequests'], 'requests') ? (bundle.sections['informationRequests'] as unknown as InformationRequestsSection).requests : [];
  for (const r of requests) rows.push([labels.request(r.requestId), r.requestId]);
  const seen = new Set<string>();
  const chains = has(bundle.sections['articleChains'], 'articles') ? (bundle.sections['articleChains'] as unknown as ArticleChainsSection).articles.flatMap((a) => a.entries) : [];
  for (const e of chains) {
    if ('proposalId' in e && !seen.has(e.proposalId)) {
      seen.add(e.proposalId);
      rows.push([labels.proposal(e.proposalId), e.proposalId]);
    }
  }
  return rows;
}

function renderSection(w: PdfWriter, name: string, value: JsonValue, isPublic: boolean, labels: Labels): void {
  switch (name) {
    case 'overview':
      if (isObj(value) && 'negotiationId' in value) return overviewSection(w, value as unknown as OverviewSection);
      break;
    case 'chronology':
      if (has(value, 'entries')) return chronologySection(w, value as unknown as ChronologySection, labels);
      break;
    case 'tentativeAgreements':
      if (has(value, 'agreements')) return tentativeAgreementsSection(w, value as unknown as TentativeAgreementsSection, labels);
      break;
    case 'articleChains':
      if (has(value, 'articles')) return articleChainsSection(w, value as unknown as ArticleChainsSection, labels);
      break;
    case 'informationRequests':
      if (has(value, 'requests')) return informationRequestsSection(w, value as unknown as InformationRequestsSection, labels);
      break;
    case 'statutoryChecklist':
      if (has(value, 'items')) return checklistSection(w, value as unknown as StatutoryChecklistSection);
      break;
    case 'classificationRegister':
      if (has(value, 'entries')) return classificationSection(w, value as unknown as ClassificationRegisterSection);
      break;
    case 'privilegeLog':
      if (has(value, 'entries')) return privilegeLogSection(w, value as unknown as PrivilegeLogSection);
      break;
    case 'accessLog':
      if (has(value, 'entries')) return accessLogSection(w, value as unknown as AccessLogSection, labels);
      break;
    case 'withheldLog':
      if (has(value, 'entries')) return withheldLogSection(w, value as unknown as WithheldLogSection, isPublic);
      break;
    default:
      break;
  }
  w.paragraph('This section is shown as recorded in the bundle (JSON):', { size: 8.5 });
  w.paragraph(JSON.stringify(value, null, 2), { size: 6.5, mono: true });
}

const empty = (w: PdfWriter, text: string) => w.paragraph(text, { size: 9, color: '#555555' });

function overviewSection(w: PdfWriter, o: OverviewSection): void {
  w.keyValues([
    ['Unit', o.unit ? `${o.unit.name}: ${o.unit.employer} and ${o.unit.employeeOrganization} (${o.unit.statute})` : 'not in this bundle'],
    ['Negotiation', `${o.kind ?? '–'}, opened ${o.openedOn ?? '–'}; ${o.status}${o.outcome ? ` (${o.outcome})` : ''}${o.stage ? `, stage: ${o.stage}` : ''}${o.daysAtTable !== null ? `; ${o.daysAtTable} days at the table` : ''}`],
    ['Expiring agreement', o.expiringAgreementTerm ? `${o.expiringAgreementTerm.start} to ${o.expiringAgreementTerm.end}` : null],
    ...(o.demandToBargain ? [['Demand to bargain', demandLine(o.demandToBargain)] as const] : []),
    ['Articles', `in scope: ${o.articlesInScope.length > 0 ? o.articlesInScope.join(', ') : 'the whole agreement'}; open: ${o.openArticles.join(', ') || '–'}; agreed: ${o.agreedArticles.join(', ') || '–'}`],
    ['Records in this file', `${o.events.disclosed} disclosed, ${o.events.withheld} withheld; ${Object.entries(o.events.byClassification).map(([k, v]) => `${v} ${k}`).join(', ')}`],
  ]);
}

function demandLine(d: NonNullable<OverviewSection['demandToBargain']>): string {
  const answer = d.answer === null ? 'not answered' : `answered ${d.answer.answer} by the ${d.answer.answeredBy} on ${d.answer.answeredOn}${d.answer.waiverBasis ? ` (${d.answer.waiverBasis})` : ''}`;
  return `by the ${d.demandedBy} on ${d.demandedOn}, ${d.scope} of: ${d.decision.description} (${d.decision.kind}); ${answer}`;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function chronologySection(w: PdfWriter, c: ChronologySection, labels: Labels): void {
  w.paragraph(
    `${c.entries.length} facts in ${c.order}. A fact whose date was corrected stands at its corrected date, with the date it was recorded with beside it. ` +
      `A fact recorded more than ${c.lateEntryDays} days after it occurred is a late entry (${c.lateEntries} here); a fact imported from a historic source is marked imported, with its source, and is not a late entry (${c.importedEntries} here); corrections (${c.corrections}) are shown beside what they correct. ` +
      'The # column leads to the record in the appendix.',
    { size: 8.5 },
  );
  if (c.entries.length === 0) return empty(w, 'No facts in this bundle.');
  const number = new Map(c.entries.map((e, i) => [e.eventId, i + 1]));
  // One office's accounts share a domain: named once here, each row keeps the name before it.
  const domains = new Set(c.entries.map((e) => (e.recorder.includes('@') ? e.recorder.slice(e.recorder.lastIndexOf('@')) : '')));
  const domain = domains.size === 1 ? [...domains][0]! : '';
  if (domain !== '') w.paragraph(`Recorded by: accounts of ${domain.slice(1)}.`, { size: 8 });
  const by = (recorder: string) => (domain !== '' ? recorder.slice(0, -domain.length) : recorder);
  const ref = (eventId: string) => (number.has(eventId) ? `#${number.get(eventId)}` : 'a record not in this file');
  w.table(
    [
      { header: '#', weight: 0.35, align: 'right' },
      { header: 'Occurred', weight: 1.0 },
      { header: 'Recorded', weight: 1.5 },
      { header: 'By', weight: 0.95 },
      { header: 'Fact', weight: 5.3 },
      { header: 'Class', weight: 0.9 },
    ],
    c.entries.map((e, i) => [
      String(i + 1),
      `${isWrittenAsADate(e) ? labels.at(e.occurredAt) : (e.occurredAtDescription ?? e.occurredAt)}${e.precision === 'approximate' ? ' (approx.)' : ''}${e.originalOccurredAt ? `\nrecorded as ${labels.occurred(e.originalOccurredAt)} (corrected)` : ''}`,
      `${labels.at(e.recordedAt)}${e.late ? `\nLATE: ${e.daysLate} days` : ''}${e.imported ? `\nIMPORTED from ${e.imported.document} (${e.imported.key}), transcribed by ${e.imported.transcribedBy}` : ''}`,
      by(e.recorder),
      `${labels.text(e.summary).replace(UUID, (id) => (number.has(id) ? `#${number.get(id)}` : id))}${e.corrects ? ` [corrects ${ref(e.corrects)}]` : ''}${e.correctedBy.length > 0 ? ` [corrected by ${e.correctedBy.map(ref).join(', ')}]` : ''}`,
      e.classification,
    ]),
    { size: 6.6 },
  );
}

function tentativeAgreementsSection(w: PdfWriter, t: TentativeAgreementsSection, labels: Labels): void {
  if (t.agreements.length === 0) return empty(w, 'No tentative agreements in this bundle.');
  for (const ta of t.agreements) {
    const state = ta.withdrawn ? `withdrawn by the ${ta.withdrawn.by} on ${ta.withdrawn.on}` : ta.complete ? 'complete (initialed by both sides)' : 'awaiting a signature';
    w.heading(`${labels.ta(ta.taId)}: ${state}${ta.inSettlement ? '; included in the settlement' : ''}`, 2);
    w.table(
      [
        { header: 'Side', weight: 0.8 },
        { header: 'Signatory', weight: 2 },
        { header: 'Initialed on', weight: 1 },
        { header: 'Recorded at', weight: 1.3 },
      ],
      ta.signatures.map((s) => [s.side, s.signatory, s.initialedOn, labels.at(s.recordedAt)]),
    );
    for (const a of ta.articles) {
      w.paragraph(`Article ${a.article}${a.title ? ` — ${a.title}` : ''}`, { bold: true, size: 9 });
      w.paragraph(a.text, { size: 9, indent: 12 });
    }
    if (ta.withdrawn?.reason) w.paragraph(`Reason for withdrawal: ${ta.withdrawn.reason}`, { size: 8.5 });
  }
}

type ChainEntry = ArticleChainsSection['articles'][number]['entries'][number];

function chainEntryLine(e: ChainEntry, labels: Labels): string {
  switch (e.kind) {
    case 'proposal':
    case 'counterproposal':
    case 'package':
      return `${e.side}: ${e.kind} ${dash(e.number)} (${e.changeKind})${e.respondsTo ? ` answering ${labels.proposal(e.respondsTo)}` : ''}${e.conditional ? ', conditional' : ''}`;
    case 'withdrawal':
      return `${e.side}: proposal ${dash(e.number)} withdrawn`;
    case 'package-reversion':
      return `${e.side}: package ${dash(e.number)} rejected by the ${dash(e.rejectedBy)}; the ${e.side} returns to its prior positions`;
    case 'package-rejection':
      return `${e.side}: package ${dash(e.number)} rejected by the ${dash(e.rejectedBy)}; positions stand`;
    case 'tentative-agreement':
      return `${labels.ta(e.taId)}: ${e.initials.map((i) => `${i.side} initialed ${i.initialedOn} (${i.signatory})`).join('; ')}${e.withdrawn ? `; withdrawn by the ${e.withdrawn.by} on ${e.withdrawn.on}` : e.complete ? '; complete' : '; awaiting a signature'}`;
    case 'tentative-agreement-withdrawal':
      return `${e.side}: ${labels.ta(e.taId)} withdrawn`;
  }
}

/** The words a position change added and removed, shortened for print. */
function changedWords(e: ChainEntry): string | null {
  const parts = e.positionChanges.flatMap((change) =>
    change.diff.filter((part) => part.op !== 'equal').map((part) => `${change.side} ${part.op === 'insert' ? '+' : '-'}"${part.text.trim()}"`),
  );
  if (parts.length === 0) return null;
  const text = parts.join('  ');
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

function articleChainsSection(w: PdfWriter, c: ArticleChainsSection, labels: Labels): void {
  if (c.articles.length === 0) return empty(w, 'No proposals or tentative agreements in this bundle.');
  for (const article of c.articles) {
    w.heading(`Article ${article.article}${article.title ? ` — ${article.title}` : ''} (${article.status})`, 2);
    for (const e of article.entries) {
      const on = e.effectiveOccurredAt.at;
      const corrected = on !== e.occurredAt.at ? ` (recorded as ${businessTimeText(e.occurredAt)}; corrected)` : '';
      w.paragraph(`${labels.occurred(e.effectiveOccurredAt)}${corrected}  ${chainEntryLine(e, labels)}  · recorded ${labels.at(e.recordedAt)}`, { bold: true, size: 8, gap: 0.1 });
      if ('text' in e) {
        w.paragraph(e.correctedText ?? e.text, { size: 8.5, indent: 12, gap: 0.15 });
        if (e.correctedText !== null) w.paragraph(`As recorded before its correction: ${e.text}`, { size: 8, indent: 12, color: '#7a4a00', gap: 0.15 });
      }
      if ('costing' in e && e.costing) w.paragraph(`Costing (${e.costing.classification.level}): ${e.costing.summary}`, { size: 8.5, indent: 12, gap: 0.15 });
      if ('reason' in e && e.reason) w.paragraph(`Reason: ${e.reason}`, { size: 8.5, indent: 12, gap: 0.15 });
      const changes = changedWords(e);
      if (changes) w.paragraph(`Changed from the previous position: ${changes}`, { size: 7, indent: 12, color: '#444444', gap: 0.15 });
      for (const k of e.corrections) w.paragraph(`Corrected on ${k.correctedOn}: ${k.reason} (${JSON.stringify(k.correctedFields)})`, { size: 8, indent: 12, color: '#7a4a00', gap: 0.15 });
    }
  }
}

function informationRequestsSection(w: PdfWriter, r: InformationRequestsSection, labels: Labels): void {
  w.paragraph(`Clocks as of ${r.asOf}; business days counted on ${r.calendar}.`);
  if (r.requests.length === 0) return empty(w, 'No information requests in this bundle.');
  for (const q of r.requests) {
    w.heading(`${labels.request(q.requestId)}${q.from ? ` from ${q.from}` : ''}`, 2);
    w.keyValues([
      ['Received', q.receivedAsKnown ? `${q.receivedAsKnown} (clocks count from its earliest possible day, ${q.receivedOn})` : q.receivedOn],
      ['Response due', `${q.dueOn === q.originalDueOn ? q.dueOn : `${q.dueOn} (originally ${q.originalDueOn}; ${q.extensions} extension(s))`}${q.receivedAsKnown ? ' at the earliest' : ''}`],
      ['Status', `${q.status}${q.disposition ? ` (${q.disposition})` : ''}`],
      ['Acknowledged', q.acknowledgedOn],
      ['First substantive response', q.firstSubstantiveResponseOn],
      ['Outstanding', `${q.daysOutstanding} days (${q.businessDaysOutstanding} business days)`],
      ['Overdue', q.overdue ? `yes, by ${q.daysOverdue} days` : 'no'],
      ['Late objections', q.lateObjections.length === 0 ? 'none' : q.lateObjections.map((o) => `item ${o.itemNumber} on ${o.objectedOn} (${o.reasons.join(', ')})`).join('; ')],
    ]);
    w.table(
      [
        { header: '#', weight: 0.35, align: 'right' },
        { header: 'Item', weight: 3.4 },
        { header: 'Status', weight: 1.2 },
        { header: 'First response', weight: 1 },
        { header: 'Answered', weight: 1 },
        { header: 'Days out', weight: 0.7, align: 'right' },
        { header: 'Overdue', weight: 0.8 },
      ],
      q.items.map((i) => [String(i.number), i.description, `${i.status}${i.firstResponseLate ? ' (late)' : ''}`, dash(i.firstResponseOn), dash(i.answeredOn), String(i.daysOutstanding), i.overdue ? `${i.daysOverdue} days` : 'no']),
    );
  }
}

function checklistSection(w: PdfWriter, c: StatutoryChecklistSection): void {
  w.paragraph(`As of ${c.asOf}${c.statute ? ` under ${c.statute}` : ''}: ${c.flagged} flag(s). Source: ${c.source}.`);
  const open = c.items.filter((i) => i.status !== 'not-flagged');
  if (open.length > 0) w.table(
    [
      { header: 'Requirement', weight: 3 },
      { header: 'Citation', weight: 1.3 },
      { header: 'Status', weight: 0.9 },
      { header: 'Date', weight: 0.9 },
      { header: 'Detail', weight: 3.2 },
    ],
    open.map((i) => [i.requirement, i.citation, i.status === 'flagged' ? 'FLAGGED' : i.status, dash(i.on), i.detail]),
  );
  // Rules the facts of this file do not breach share one paragraph rather than a table row each.
  const clear = c.items.filter((i) => i.status === 'not-flagged');
  if (clear.length > 0) w.paragraph(`No breach in the facts of this file: ${clear.map((i) => `${i.requirement} (${i.citation})`).join('; ')}.`, { size: 8.5 });
}

function classificationSection(w: PdfWriter, c: ClassificationRegisterSection): void {
  w.paragraph(`Classification of every record in this file, as recorded and as in effect on ${c.asOf}: ${Object.entries(c.totals).map(([k, v]) => `${v} ${k}`).join(', ')}. Records of one type with the same classification and basis share a row, with each one's date.`, { size: 8.5 });
  if (c.entries.length === 0) return empty(w, 'No records.');
  const rows = new Map<string, { type: string; level: string; effective: string; basis: string; dates: string[] }>();
  for (const e of c.entries) {
    const basis = e.effectiveLevel === e.level ? e.basis : `${e.effectiveBasis} (recorded: ${e.basis})`;
    const key = JSON.stringify([e.type, e.level, e.effectiveLevel, basis]);
    const row = rows.get(key) ?? { type: humanizeType(e.type), level: e.level, effective: e.effectiveLevel, basis, dates: [] };
    row.dates.push(day(e.occurredAt));
    rows.set(key, row);
  }
  w.table(
    [
      { header: 'Record', weight: 2.2 },
      { header: 'n', weight: 0.3, align: 'right' },
      { header: 'Occurred', weight: 2.2 },
      { header: 'Recorded', weight: 0.9 },
      { header: 'In effect', weight: 0.9 },
      { header: 'Basis', weight: 3 },
    ],
    [...rows.values()].map((r) => [r.type, String(r.dates.length), r.dates.join(', '), r.level, r.effective, r.basis]),
  );
}

const privilegeColumns = [
  { header: 'Date', weight: 0.9 },
  { header: 'Author', weight: 1.5 },
  { header: 'Type', weight: 1.6 },
  { header: 'Class', weight: 0.9 },
  { header: 'Privilege or basis claimed', weight: 2.4 },
  { header: 'Description', weight: 2.4 },
];

function privilegeLogSection(w: PdfWriter, p: PrivilegeLogSection): void {
  w.paragraph('Confidential and privileged records in this file: date, author, type, the privilege or basis claimed, and a description that does not reveal the content.');
  if (p.entries.length === 0) return empty(w, 'No confidential or privileged records.');
  w.table(privilegeColumns, p.entries.map((e) => [day(e.date), e.author, humanizeType(e.type), e.classification, e.privilegeClaimed, e.description]));
}

function accessLogSection(w: PdfWriter, a: AccessLogSection, labels: Labels): void {
  w.paragraph(`Source: ${a.source}.`);
  if (a.entries.length === 0) return empty(w, a.note ?? 'No access-log entries.');
  w.table(
    [
      { header: 'At', weight: 1.2 },
      { header: 'Who', weight: 1.6 },
      { header: 'Role', weight: 1 },
      { header: 'What', weight: 2.4 },
      { header: 'Purpose', weight: 1.6 },
      { header: 'Outcome', weight: 0.9 },
    ],
    a.entries.map((e) => [labels.at(e.at), e.who, e.role, e.what, dash(e.purpose), e.outcome]),
  );
}

function withheldLogSection(w: PdfWriter, l: WithheldLogSection, isPublic: boolean): void {
  w.paragraph(`Rule: ${l.rule}; classifications as of ${l.classificationsAsOf}. ${l.totals.events} records, ${l.totals.disclosed} disclosed, ${l.totals.withheld} withheld.`);
  if (isPublic) w.paragraph('Each withheld record is listed with its date, author, type, classification and basis (the privilege log); its content is not in this file. Its hash stays in the chain, so the links around it can be verified.', { size: 8.5 });
  if (l.totals.withheld === 0) empty(w, 'Nothing is withheld.');
  else {
    w.heading('By category and basis', 2);
    w.table(
      [
        { header: 'Classification', weight: 1 },
        { header: 'Basis', weight: 5 },
        { header: 'Records', weight: 0.8, align: 'right' },
      ],
      l.byCategory.map((c) => [c.classification, c.basis, String(c.count)]),
    );
    w.heading('Withheld records', 2);
    w.table(privilegeColumns, l.entries.map((e) => [day(e.date), e.author, humanizeType(e.type), e.classification, e.privilegeClaimed, e.description]));
  }
  if (l.disclosedAfterReclassification.length > 0) {
    w.heading('Disclosed after reclassification', 2);
    w.table(
      [
        { header: 'Record', weight: 3 },
        { header: 'Recorded as', weight: 1 },
        { header: 'In effect', weight: 1 },
        { header: 'Basis', weight: 3 },
      ],
      l.disclosedAfterReclassification.map((r) => [`${r.stream} @ ${r.revision}`, r.recorded, r.effective, r.basis]),
    );
  }
}
