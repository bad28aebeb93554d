import type { Handled, RecordedEvent } from '#event-store';
import { type Actor, businessTimeOf, daysRecordedAfter } from '#kernel';
import type { ConfidentialNoteRecorded, CorrectionRecorded, NegotiationEvent, ProposalCostingRecorded } from '../domain/negotiation/events.js';
import { type IsoDate, own } from '../domain/common.js';
import { tableSummary } from '../domain/negotiation/summary.js';
import type { NegotiationState } from '../domain/negotiation/state.js';
import type { UnitState } from '../domain/unit.js';
import { type DemandState, type MadeDemand, demandSummary } from '../domain/demand-to-bargain.js';
import type {
  ConfidentialNoteView,
  CorrectionNoteView,
  NegotiationEventRecordView,
  NegotiationFactRecordedView,
  NegotiationView,
  ProposalView,
  RecordedFactView,
  UnitRecordedView,
  DemandToBargainRecordedView,
  DemandToBargainView,
  UnitView,
} from './dto/responses.dto.js';
import type { VisibleNegotiation } from './records.js';

/* Pure mappings from stored events and folded state to what the API answers. No I/O, no clock. */

type Registered = Extract<UnitState, { status: 'registered' }>;
type Typed<T extends NegotiationEvent['type']> = RecordedEvent & { type: T; data: Extract<NegotiationEvent, { type: T }>['data'] };

const isType = <T extends NegotiationEvent['type']>(event: RecordedEvent, type: T): event is Typed<T> => event.type === type;

export function recordedFactView(event: RecordedEvent): RecordedFactView {
  const { eventId, type, revision, position, occurredAt, recordedAt, classification, prevHash, hash } = event;
  return {
    eventId,
    type,
    revision,
    position,
    occurredAt: businessTimeOf(occurredAt),
    recordedAt,
    classification: { level: classification.level, basis: classification.basis },
    prevHash,
    hash,
  };
}

const warningViews = (handled: Handled<unknown>) => handled.warnings.map(({ code, message }) => ({ code, message }));

/** What a negotiation write answers; `created` names the id the server made for a new thing. */
export function negotiationFactRecordedView(
  negotiationId: string,
  handled: Handled<NegotiationState>,
  created: Partial<Pick<NegotiationFactRecordedView, 'proposalId' | 'sessionId' | 'taId' | 'stoppageId'>> = {},
): NegotiationFactRecordedView {
  const note = handled.events.find((event) => event.type === 'ConfidentialNoteRecorded');
  return {
    negotiationId,
    ...created,
    ...(note && { noteId: note.eventId }),
    ...recordedParts(handled),
  };
}

export function unitView(state: Registered, revision: number): UnitView {
  const { unitId, name, employer, employeeOrganization, statute, currentAgreementTerm, description } = state;
  return { unitId, name, employer, employeeOrganization, statute, currentAgreementTerm, description, revision };
}

/** What every command's answer carries: the events it recorded, the stream's next revision, its warnings. */
function recordedParts(handled: Handled<unknown>) {
  return { events: handled.events.map(recordedFactView), nextExpectedRevision: handled.nextExpectedRevision, warnings: warningViews(handled) };
}

export function unitRecordedView(handled: Handled<UnitState>): UnitRecordedView {
  const state = handled.state as Registered;
  return {
    unitId: state.unitId,
    ...recordedParts(handled),
    unit: unitView(state, handled.nextExpectedRevision ?? 0),
  };
}

export function demandToBargainView(state: MadeDemand, revision: number): DemandToBargainView {
  return { ...demandSummary(state), revision };
}

export function demandRecordedView(handled: Handled<DemandState>): DemandToBargainRecordedView {
  const state = handled.state as MadeDemand;
  return {
    demandId: state.demandId,
    ...recordedParts(handled),
    demand: demandToBargainView(state, handled.nextExpectedRevision ?? 0),
  };
}

/** Calendar days from when it happened (its latest possible day) to when it was recorded: a late entry is visible, never hidden. */
export const recordedDaysAfter = (event: Pick<RecordedEvent, 'occurredAt' | 'recordedAt'>): number => daysRecordedAfter(event.occurredAt, event.recordedAt);

/** The corrections among `events`, by the id of the event each corrects. */
export function correctionsByEvent(events: readonly RecordedEvent[]): Map<string, Typed<'CorrectionRecorded'>[]> {
  const byId = new Map<string, Typed<'CorrectionRecorded'>[]>();
  for (const event of events) {
    if (!isType(event, 'CorrectionRecorded')) continue;
    const list = byId.get(event.data.correctedEventId) ?? [];
    list.push(event);
    byId.set(event.data.correctedEventId, list);
  }
  return byId;
}

function correctionNoteViews(corrections: readonly Typed<'CorrectionRecorded'>[] | undefined): CorrectionNoteView[] {
  return (corrections ?? []).map((event) => {
    const d = event.data as CorrectionRecorded['data'];
    return { eventId: event.eventId, reason: d.reason, correctedFields: d.correctedFields as Record<string, unknown>, correctedOn: d.correctedOn, recordedAt: event.recordedAt };
  });
}

export function eventRecordView(event: RecordedEvent, correctedBy: readonly string[], withCanonical: boolean): NegotiationEventRecordView {
  return {
    eventId: event.eventId,
    stream: event.stream,
    type: event.type,
    schemaVersion: event.schemaVersion,
    revision: event.revision,
    position: event.position,
    data: event.data as Record<string, unknown>,
    occurredAt: businessTimeOf(event.occurredAt),
    recordedAt: event.recordedAt,
    recordedDaysAfter: recordedDaysAfter(event),
    actor: { subject: event.actor.subject, role: event.actor.role },
    classification: { level: event.classification.level, basis: event.classification.basis },
    correlationId: event.correlationId,
    causationId: event.causationId,
    commandId: event.commandId,
    correctedBy: [...correctedBy],
    prevHash: event.prevHash,
    hash: event.hash,
    ...(withCanonical && { canonical: event.canonical }),
  };
}

export function negotiationView(negotiationId: string, record: Pick<VisibleNegotiation, 'state' | 'revision'>, asOf: IsoDate): NegotiationView {
  const { state } = record;
  return {
    negotiationId,
    asOf,
    revision: record.revision,
    table: tableSummary(state, asOf) as NegotiationView['table'],
    negotiation: state as unknown as Record<string, unknown>,
  };
}

/**
 * Proposals as the caller may see them: costing only when the caller may read it. `visible` are the
 * visible events in recording order, or those of them that are tablings, costings and corrections
 * (nothing else counts here).
 */
export function proposalViews(state: NegotiationState, visible: readonly RecordedEvent[]): ProposalView[] {
  if (state.status === 'not-opened') return [];
  const corrections = correctionsByEvent(visible);
  const costings = new Map<string, Typed<'ProposalCostingRecorded'>>();
  for (const event of visible) if (isType(event, 'ProposalCostingRecorded')) costings.set(event.data.proposalId, event);
  const views: ProposalView[] = [];
  for (const event of visible) {
    if (event.type !== 'ProposalTabled' && event.type !== 'CounterproposalTabled' && event.type !== 'PackageTabled') continue;
    const tabled = event as Typed<'ProposalTabled' | 'CounterproposalTabled' | 'PackageTabled'>;
    const proposal = own(state.proposals, tabled.data.proposalId);
    if (!proposal) continue;
    const costing = costings.get(proposal.proposalId);
    views.push({
      proposalId: proposal.proposalId,
      eventId: event.eventId,
      form: proposal.form,
      side: proposal.side,
      number: proposal.number,
      status: proposal.status,
      respondsTo: proposal.respondsTo,
      conditional: proposal.conditional,
      tabledOn: proposal.tabledOn,
      occurredAt: businessTimeOf(event.occurredAt),
      recordedAt: event.recordedAt,
      articles: tabled.data.articles.map(({ article, title, changeKind, text }) => ({ article, title, changeKind, text })),
      documents: tabled.data.documents.map(({ name, sha256 }) => ({ name, sha256 })),
      ...(costing && { costing: costingView(costing) }),
      corrections: correctionNoteViews(corrections.get(event.eventId)),
    });
  }
  return views;
}

function costingView(event: Typed<'ProposalCostingRecorded'>) {
  const d = event.data as ProposalCostingRecorded['data'];
  return {
    eventId: event.eventId,
    summary: d.summary,
    costs: d.costs.map(({ fiscalYear, amount, description }) => ({ fiscalYear, amount, description })),
    documents: d.documents.map(({ name, sha256 }) => ({ name, sha256 })),
    classification: { level: event.classification.level, basis: event.classification.basis },
  };
}

/** The confidential notes among the visible events (callers below their clearance see none): the notes and their corrections in recording order suffice. */
export function confidentialNoteViews(visible: readonly RecordedEvent[]): ConfidentialNoteView[] {
  const corrections = correctionsByEvent(visible);
  return visible.filter((event): event is Typed<'ConfidentialNoteRecorded'> => isType(event, 'ConfidentialNoteRecorded')).map((event) => {
    const d = event.data as ConfidentialNoteRecorded['data'];
    const actor: Actor = event.actor;
    return {
      noteId: event.eventId,
      kind: d.kind,
      title: d.title,
      body: d.body,
      author: d.author,
      sessionId: d.sessionId,
      documents: d.documents.map(({ name, sha256 }) => ({ name, sha256 })),
      notedOn: d.notedOn,
      occurredAt: businessTimeOf(event.occurredAt),
      recordedAt: event.recordedAt,
      recordedDaysAfter: recordedDaysAfter(event),
      recordedBy: { subject: actor.subject, role: actor.role },
      classification: { level: event.classification.level, basis: event.classification.basis },
      corrections: correctionNoteViews(corrections.get(event.eventId)),
    };
  });
}
