import type { RecordedEvent } from '#event-store';
import { type BusinessTime, type Classification, CLASSIFICATIONS, businessDayOf, businessTimeOf, isCertainToTheDay, isWellFormedBusinessTime, withItem } from '#kernel';
import {
  OUTCOMES,
  PERB_DETERMINATIONS,
  SIDES,
  TA_RULES,
  isIsoDate,
  asNegotiationEvent,
  negotiationBusinessDay,
  negotiationBusinessDayField,
} from '#bargaining';
import {
  type InformationRequestEventType,
  evolveInformationRequest,
  informationRequestBusinessDayField,
  initialInformationRequest,
  asInformationRequestEvent,
} from '#information-requests';
import type {
  CorrectionFact,
  FactRef,
  IsoDate,
  NegotiationComplianceFacts,
  NegotiationFact,
  RequestComplianceFacts,
  RequestFactRef,
  UnitComplianceFacts,
} from './facts.js';

/*
 * Pure gathering of compliance facts from recorded events: what the compliance-facts projection's
 * evolve does. Each document follows one stream, so the last applied revision makes a replay a no-op.
 */

export function higherClassification(a: Classification, b: Classification): Classification {
  return CLASSIFICATIONS.indexOf(a) >= CLASSIFICATIONS.indexOf(b) ? a : b;
}

/** The negotiation event types the rules read, one per NegotiationFact type. */
const GATHERED_TYPES = {
  NegotiationOpened: true,
  GroundRulesAgreed: true,
  InitialProposalSunshined: true,
  PublicCommentHeard: true,
  EmployerProposalAdopted: true,
  NewSubjectMadePublic: true,
  SessionHeld: true,
  ProposalTabled: true,
  CounterproposalTabled: true,
  PackageTabled: true,
  TentativeAgreementInitialed: true,
  TentativeAgreementWithdrawn: true,
  ImpasseDeclared: true,
  PerbImpasseDetermined: true,
  MediatorAppointed: true,
  MediationSessionHeld: true,
  FactfindingCertified: true,
  FactfindingPanelFormed: true,
  FactfindingHearingHeld: true,
  FactfindingReportIssued: true,
  FactfindingReportMadePublic: true,
  ImpasseHearingHeld: true,
  LastBestFinalOfferImposed: true,
  SettlementReached: true,
  SettlementCostsDisclosed: true,
  RatificationVoteHeld: true,
  GoverningBodyApproved: true,
  AgreementExecuted: true,
  NegotiationConcluded: true,
} as const satisfies Record<NegotiationFact['type'], true>;

const GATHERED: ReadonlySet<string> = new Set(Object.keys(GATHERED_TYPES));

/** Negotiation event types the compliance rules read (the rest — cancellations, side letters, confidential notes… — are skipped). */
export const GATHERED_NEGOTIATION_EVENT_TYPES: readonly string[] = [...GATHERED, 'CorrectionRecorded'];

/** The value of the event's business-day field (as its context names it) when a date, else the day of its occurredAt. */
function dayOf(event: RecordedEvent, field: string | null): IsoDate {
  const value = field === null ? undefined : event.data[field];
  return typeof value === 'string' && isIsoDate(value) ? value : businessDayOf(event.occurredAt);
}

/** The business time a rule must weigh when it is not certain to the day; nothing when it is. */
const knownOnlyAs = (time: BusinessTime): { known?: BusinessTime } => (isCertainToTheDay(time) ? {} : { known: businessTimeOf(time) });

function factRef(event: RecordedEvent, on: IsoDate): FactRef {
  return {
    eventId: event.eventId,
    type: event.type,
    revision: event.revision,
    on,
    originallyOn: on,
    ...knownOnlyAs(event.occurredAt),
    recordedAt: event.recordedAt,
    classification: event.classification.level,
    correctedBy: [],
  };
}

/** The negotiation fact of a recorded event, or null for an event the rules do not read. */
export function negotiationFact(event: RecordedEvent): NegotiationFact | null {
  if (!GATHERED.has(event.type)) return null;
  const type = event.type as NegotiationFact['type'];
  const ref = factRef(event, negotiationBusinessDay(event));
  const e = asNegotiationEvent(event);
  if (e === null) return null;
  switch (e.type) {
    case 'NegotiationOpened':
      return { ...ref, type: e.type, negotiationKind: e.data.kind, writtenNoticeGivenOn: e.data.writtenNoticeGivenOn ?? null, ...(e.data.writtenNoticeGivenAsKnown && { writtenNoticeKnown: e.data.writtenNoticeGivenAsKnown }) };
    case 'GroundRulesAgreed':
      return { ...ref, type: e.type, taRule: e.data.taRule };
    case 'InitialProposalSunshined':
    case 'NewSubjectMadePublic':
      return { ...ref, type: e.type, side: e.data.side, articles: [...e.data.articles] };
    case 'SessionHeld':
      return { ...ref, type: e.type, sessionId: e.data.sessionId, number: e.data.number };
    case 'ProposalTabled':
    case 'CounterproposalTabled':
    case 'PackageTabled':
      return { ...ref, type: e.type, proposalId: e.data.proposalId, side: e.data.side, articles: e.data.articles.map((a) => a.article) };
    case 'TentativeAgreementInitialed':
      return { ...ref, type: e.type, taId: e.data.taId, side: e.data.side };
    case 'TentativeAgreementWithdrawn':
      return { ...ref, type: e.type, taId: e.data.taId, withdrawnBy: e.data.withdrawnBy };
    case 'ImpasseDeclared':
      return { ...ref, type: e.type, declaredBy: e.data.declaredBy };
    case 'PerbImpasseDetermined':
      return { ...ref, type: e.type, determination: e.data.determination };
    case 'SettlementReached':
      return { ...ref, type: e.type, taIds: [...e.data.taIds] };
    case 'SettlementCostsDisclosed':
      return {
        ...ref,
        type: e.type,
        atMeeting: e.data.meeting !== null && e.data.meeting !== undefined,
        certified: e.data.certifiedBy?.superintendent != null && e.data.certifiedBy?.chiefBusinessOfficial != null,
      };
    case 'RatificationVoteHeld':
      return { ...ref, type: e.type, ratified: e.data.ratified };
    case 'NegotiationConcluded':
      return { ...ref, type: e.type, outcome: e.data.outcome };
    default:
      return { ...ref, type } as NegotiationFact;
  }
}

// ---- corrections: a correction recorded later changes the gathered fact it names ----

const isSide = (v: unknown) => (SIDES as readonly unknown[]).includes(v);
const isArticleList = (v: unknown) => Array.isArray(v) && v.every((a) => typeof a === 'string' || (typeof (a as { article?: unknown })?.article === 'string'));
const articleLabels = (v: readonly unknown[]) => v.map((a) => (typeof a === 'string' ? a : (a as { article: string }).article));

/** Correctable gathered fields other than the day: the event's field name, a check, and how it lands on the fact. */
const FIELD_CORRECTIONS: Readonly<Record<string, { valid: (v: unknown) => boolean; apply: (fact: NegotiationFact, v: unknown) => NegotiationFact | null }>> = {
  side: { valid: isSide, apply: (f, v) => ('side' in f ? ({ ...f, side: v } as NegotiationFact) : null) },
  withdrawnBy: { valid: isSide, apply: (f, v) => ('withdrawnBy' in f ? ({ ...f, withdrawnBy: v } as NegotiationFact) : null) },
  declaredBy: { valid: (v) => isSide(v) || v === 'joint', apply: (f, v) => ('declaredBy' in f ? ({ ...f, declaredBy: v } as NegotiationFact) : null) },
  articles: { valid: isArticleList, apply: (f, v) => ('articles' in f ? ({ ...f, articles: articleLabels(v as unknown[]) } as NegotiationFact) : null) },
  taRule: { valid: (v) => (TA_RULES as readonly unknown[]).includes(v), apply: (f, v) => ('taRule' in f ? ({ ...f, taRule: v } as NegotiationFact) : null) },
  determination: { valid: (v) => (PERB_DETERMINATIONS as readonly unknown[]).includes(v), apply: (f, v) => ('determination' in f ? ({ ...f, determination: v } as NegotiationFact) : null) },
  outcome: { valid: (v) => (OUTCOMES as readonly unknown[]).includes(v), apply: (f, v) => ('outcome' in f ? ({ ...f, outcome: v } as NegotiationFact) : null) },
  meeting: { valid: (v) => v === null || typeof v === 'string', apply: (f, v) => ('atMeeting' in f ? ({ ...f, atMeeting: v !== null } as NegotiationFact) : null) },
  writtenNoticeGivenOn: { valid: (v) => v === null || isIsoDate(v), apply: (f, v) => ('writtenNoticeGivenOn' in f ? ({ ...f, writtenNoticeGivenOn: v } as NegotiationFact) : null) },
};

/**
 * The corrected business day: the event's own day field (a day, so certain), else a well-formed
 * occurredAt (filed under its day, with how it is known when not to the day).
 */
function correctedDay(fact: NegotiationFact, fields: Readonly<Record<string, unknown>>): { on: IsoDate; known?: BusinessTime } | null {
  const field = negotiationBusinessDayField(fact.type);
  const own = field === null ? undefined : fields[field];
  if (typeof own === 'string' && isIsoDate(own)) return { on: own };
  const occurredAt = fields['occurredAt'];
  if (isWellFormedBusinessTime(occurredAt)) return { on: businessDayOf(occurredAt), ...knownOnlyAs(occurredAt) };
  return null;
}

function applyCorrection(fact: NegotiationFact, correction: RecordedEvent, fields: Readonly<Record<string, unknown>>): { fact: NegotiationFact; applied: string[] } {
  let next = fact;
  const applied: string[] = [];
  const day = correctedDay(fact, fields);
  if (day !== null && (day.on !== next.on || day.known?.precision !== next.known?.precision || day.known?.at !== next.known?.at || day.known?.until !== next.known?.until)) {
    const { known: _previous, ...rest } = next;
    next = { ...rest, ...day } as NegotiationFact;
    applied.push('on');
  }
  for (const [field, value] of Object.entries(fields)) {
    const rule = Object.hasOwn(FIELD_CORRECTIONS, field) ? FIELD_CORRECTIONS[field] : undefined;
    if (!rule || !rule.valid(value)) continue;
    const changed = rule.apply(next, value);
    if (changed !== null) {
      next = changed;
      applied.push(field);
    }
  }
  if (applied.length === 0) return { fact, applied };
  // What the fact now says came (in part) from the correction: it is as restricted as either.
  return { fact: { ...next, correctedBy: [...next.correctedBy, correction.eventId], classification: higherClassification(next.classification, correction.classification.level) }, applied };
}

/** Pure: the negotiation's compliance facts after one recorded event of its stream. */
export function evolveNegotiationFacts(doc: NegotiationComplianceFacts | null, event: RecordedEvent): NegotiationComplianceFacts | null {
  if (doc !== null && event.revision <= doc.revision) return doc;
  if (doc === null) {
    if (event.type !== 'NegotiationOpened') return null;
    const opened = negotiationFact(event)!;
    const d = event.data as { negotiationId: string; unitId: string; unitName: string; statute: NegotiationComplianceFacts['statute'] };
    return {
      kind: 'negotiation',
      negotiationId: d.negotiationId,
      unitId: d.unitId,
      unitName: d.unitName,
      statute: d.statute,
      openedOn: opened.on,
      classification: event.classification.level,
      facts: [opened],
      corrections: [],
      revision: event.revision,
    };
  }
  if (event.type === 'CorrectionRecorded') {
    const d = event.data as { correctedEventId: string; correctedEventType: string; correctedFields: Record<string, unknown>; correctedOn: string };
    const index = doc.facts.findIndex((fact) => fact.eventId === d.correctedEventId);
    const target = index < 0 ? null : doc.facts[index]!;
    const { fact, applied } = target && d.correctedFields && typeof d.correctedFields === 'object' ? applyCorrection(target, event, d.correctedFields) : { fact: null, applied: [] };
    const correction: CorrectionFact = {
      eventId: event.eventId,
      revision: event.revision,
      on: negotiationBusinessDay(event),
      recordedAt: event.recordedAt,
      correctedEventId: d.correctedEventId,
      correctedEventType: d.correctedEventType,
      applied,
    };
    const facts = fact === null || applied.length === 0 ? doc.facts : doc.facts.map((f, i) => (i === index ? fact : f));
    const openedOn = facts[0]?.type === 'NegotiationOpened' ? facts[0].on : doc.openedOn;
    return { ...doc, facts, openedOn, corrections: withItem(doc.corrections, correction), revision: event.revision };
  }
  const fact = event.type === 'NegotiationOpened' ? null : negotiationFact(event);
  return { ...doc, facts: fact === null ? doc.facts : withItem(doc.facts, fact), revision: event.revision };
}

// ---- information requests ----

/** Pure: a request's compliance facts after one recorded event of its stream. */
export function evolveRequestFacts(doc: RequestComplianceFacts | null, event: RecordedEvent): RequestComplianceFacts | null {
  const fact = asInformationRequestEvent(event);
  if (fact === null) return doc;
  if (doc !== null && event.revision <= doc.revision) return doc;
  const state = evolveInformationRequest(doc?.state ?? initialInformationRequest(), fact);
  if (state.status === 'not-received') return doc;
  const itemNumber = typeof event.data['itemNumber'] === 'number' ? (event.data['itemNumber'] as number) : null;
  const ref: RequestFactRef = { ...(factRef(event, dayOf(event, informationRequestBusinessDayField(event.type))) as FactRef<InformationRequestEventType>), itemNumber };
  return {
    kind: 'information-request',
    requestId: state.requestId,
    unitId: state.unitId,
    negotiationId: state.negotiationId,
    state,
    events: withItem(doc?.events ?? [], ref),
    classification: doc === null ? event.classification.level : higherClassification(doc.classification, event.classification.level),
    revision: event.revision,
  };
}

// ---- units: the statute of requests linked to no negotiation ----

export function evolveUnitFacts(doc: UnitComplianceFacts | null, event: RecordedEvent): UnitComplianceFacts | null {
  if (doc !== null && event.revision <= doc.revision) return doc;
  if (event.type === 'UnitRegistered') {
    if (doc !== null) return { ...doc, revision: event.revision };
    const d = event.data as { unitId: string; name: string; statute: UnitComplianceFacts['statute'] };
    return { kind: 'unit', unitId: d.unitId, name: d.name, statute: d.statute, revision: event.revision };
  }
  return doc === null ? null : { ...doc, revision: event.revision };
}

/** A negotiation's compliance facts from its recorded events in revision order; null before its opening. */
export function negotiationFactsOf(events: readonly RecordedEvent[]): NegotiationComplianceFacts | null {
  return events.reduce<NegotiationComplianceFacts | null>(evolveNegotiationFacts, null);
}

/** A request's compliance facts from its recorded events in revision order; null before its receipt. */
export function requestFactsOf(events: readonly RecordedEvent[]): RequestComplianceFacts | null {
  return events.reduce<RequestComplianceFacts | null>(evolveRequestFacts, null);
}
