import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BusinessTimeDto } from '#platform';
import { CLASSIFICATIONS, ROLES, type Classification, type Role } from '#kernel';
import { STATUTES, SIDES, type Side, type Statute } from '../../domain/common.js';
import { CHANGE_KINDS, type ChangeKind, NEGOTIATION_KINDS, NOTE_KINDS, type NegotiationKind, type NoteKind } from '../../domain/negotiation/events.js';
import type { ProposalForm } from '../../domain/negotiation/state.js';
import {
  DEMANDED_DECISION_KINDS,
  DEMAND_ANSWERS,
  DEMAND_SCOPES,
  type DemandAnswer,
  type DemandScope,
  type DemandedDecisionKind,
} from '../../domain/demand-to-bargain.js';

/*
 * Response shapes. The classes document the API (OpenAPI) and type what the views return; instances
 * are never made. Names carry their context, since OpenAPI schema names are global to the document.
 */

export class ClassificationMarkView {
  @ApiProperty({ enum: CLASSIFICATIONS, example: 'internal' })
  level: Classification;
  @ApiProperty({ example: 'exchanged at the bargaining table', description: 'Set by the domain, never by a client' })
  basis: string;
}

export class RecordingActorView {
  @ApiProperty({ example: 'dana.ruiz@bayviewusd.example' })
  subject: string;
  @ApiProperty({ enum: ROLES, example: 'negotiator' })
  role: Role;
}

/** One event a command stored. */
export class RecordedFactView {
  @ApiProperty({ format: 'uuid' })
  eventId: string;
  @ApiProperty({ example: 'CounterproposalTabled' })
  type: string;
  @ApiProperty({ example: 7, description: "0-based revision in the negotiation's (or unit's) stream" })
  revision: number;
  @ApiProperty({ example: '743/12', description: 'Opaque position in the store' })
  position: string;
  @ApiProperty({ type: BusinessTimeDto })
  occurredAt: BusinessTimeDto;
  @ApiProperty({ format: 'date-time', description: 'System time of recording, set by the server' })
  recordedAt: string;
  @ApiProperty({ type: ClassificationMarkView })
  classification: ClassificationMarkView;
  @ApiProperty({ example: '0'.repeat(64), description: 'Hash of the previous event of the stream (zeros for the first)' })
  prevHash: string;
  @ApiProperty({ example: '3b5d…', description: 'SHA-256 over prevHash and the canonical envelope' })
  hash: string;
}

export class FactWarningView {
  @ApiProperty({ example: 'eera.session-before-sunshine', description: 'The id of the compliance rule that raised it (as compliance flags name it), or a bargaining warning code such as PROPOSAL_NUMBER_REUSED' })
  code: string;
  @ApiProperty({ example: "Gov. Code 3547(a)-(c): Session 1 was held on 2025-03-05, before the sunshine steps were complete. Missing on that day: the employer's initial proposal adopted at an open meeting (recorded later, on 2025-03-12)." })
  message: string;
}

/** What every negotiation write answers: the events stored, the ids the server made, the breaches it was recorded with. */
export class NegotiationFactRecordedView {
  @ApiProperty({ example: '3f0c9a52-6a51-5b6e-9d0e-8f7a2c1b4d37' })
  negotiationId: string;
  @ApiPropertyOptional({ description: 'The id the server gave a new proposal, counterproposal or package' })
  proposalId?: string;
  @ApiPropertyOptional({ description: 'The id the server gave a new session (held or cancelled)' })
  sessionId?: string;
  @ApiPropertyOptional({ description: 'The id the server gave a new tentative agreement' })
  taId?: string;
  @ApiPropertyOptional({ description: 'The id of the work stoppage a notice, beginning or end is about (made by the server for a new one)' })
  stoppageId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'A confidential note: its eventId' })
  noteId?: string;
  @ApiProperty({ type: [RecordedFactView], description: 'In stream order; a proposal with costing stores two (the costing confidential)' })
  events: RecordedFactView[];
  @ApiProperty({ type: Number, nullable: true, example: 8 })
  nextExpectedRevision: number | null;
  @ApiProperty({ type: [FactWarningView], description: 'Breaches of statute or ground rules the current rules see: recorded, never refused, never stored' })
  warnings: FactWarningView[];
}

export class AgreementTermView {
  @ApiProperty({ format: 'date', example: '2022-07-01' })
  start: string;
  @ApiProperty({ format: 'date', example: '2025-06-30' })
  end: string;
}

export class UnitView {
  @ApiProperty({ example: '0c5f7a0e-3c55-5b8e-9a57-8a1d4f2b6c11' })
  unitId: string;
  @ApiProperty({ example: 'Bayview certificated unit' })
  name: string;
  @ApiProperty({ example: 'Bayview Unified School District' })
  employer: string;
  @ApiProperty({ example: 'Bayview Teachers Association' })
  employeeOrganization: string;
  @ApiProperty({ enum: STATUTES, example: 'EERA' })
  statute: Statute;
  @ApiProperty({ type: AgreementTermView, nullable: true })
  currentAgreementTerm: AgreementTermView | null;
  @ApiProperty({ type: String, nullable: true })
  description: string | null;
  @ApiProperty({ example: 0, description: "The unit stream's last revision" })
  revision: number;
}

export class UnitRecordedView {
  @ApiProperty({ example: '0c5f7a0e-3c55-5b8e-9a57-8a1d4f2b6c11' })
  unitId: string;
  @ApiProperty({ type: [RecordedFactView] })
  events: RecordedFactView[];
  @ApiProperty({ type: Number, nullable: true })
  nextExpectedRevision: number | null;
  @ApiProperty({ type: [FactWarningView] })
  warnings: FactWarningView[];
  @ApiProperty({ type: UnitView })
  unit: UnitView;
}

export class DemandedDecisionView {
  @ApiProperty({ example: 'Closure of Harbor View and Lincoln elementary schools at the end of the 2025-26 school year' })
  description: string;
  @ApiProperty({ enum: DEMANDED_DECISION_KINDS })
  kind: DemandedDecisionKind;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'The day, or its earliest possible day when decidedAsKnown says the record gives it less precisely' })
  decidedOn: string | null;
  @ApiPropertyOptional({ type: BusinessTimeDto, description: 'How the day is known when the record gives less than a day (a month, a year, a bound or a range)' })
  decidedAsKnown?: BusinessTimeDto;
}

export class DemandAnswerView {
  @ApiProperty({ enum: DEMAND_ANSWERS })
  answer: DemandAnswer;
  @ApiProperty({ enum: SIDES, description: 'The side the demand was made of' })
  answeredBy: Side;
  @ApiProperty({ type: String, nullable: true, description: 'What a claimed waiver rests on' })
  waiverBasis: string | null;
  @ApiProperty({ format: 'date' })
  answeredOn: string;
}

export class NegotiationOnDemandView {
  @ApiProperty()
  negotiationId: string;
  @ApiProperty({ enum: NEGOTIATION_KINDS })
  kind: NegotiationKind;
  @ApiProperty({ format: 'date' })
  openedOn: string;
}

/** A demand to bargain as it stands: the decision, the scope, the answer and the bargaining that followed. */
export class DemandToBargainView {
  @ApiProperty()
  demandId: string;
  @ApiProperty()
  unitId: string;
  @ApiProperty({ enum: SIDES })
  demandedBy: Side;
  @ApiProperty({ type: DemandedDecisionView })
  decision: DemandedDecisionView;
  @ApiProperty({ enum: DEMAND_SCOPES })
  scope: DemandScope;
  @ApiProperty({ format: 'date' })
  demandedOn: string;
  @ApiProperty({ enum: ['awaiting-answer', 'answered'] })
  status: 'awaiting-answer' | 'answered';
  @ApiProperty({ type: DemandAnswerView, nullable: true })
  answer: DemandAnswerView | null;
  @ApiProperty({ type: [NegotiationOnDemandView], description: 'The negotiations opened on the demand, in recording order' })
  negotiations: NegotiationOnDemandView[];
  @ApiProperty({ example: 2, description: "The demand stream's last revision" })
  revision: number;
}

export class DemandToBargainRecordedView {
  @ApiProperty()
  demandId: string;
  @ApiProperty({ type: [RecordedFactView] })
  events: RecordedFactView[];
  @ApiProperty({ type: Number, nullable: true })
  nextExpectedRevision: number | null;
  @ApiProperty({ type: [FactWarningView] })
  warnings: FactWarningView[];
  @ApiProperty({ type: DemandToBargainView })
  demand: DemandToBargainView;
}

/** One stored event as a reader may see it: the whole envelope and its link in the hash chain. */
export class NegotiationEventRecordView {
  @ApiProperty({ format: 'uuid' })
  eventId: string;
  @ApiProperty({ example: 'negotiation-3f0c9a52-6a51-5b6e-9d0e-8f7a2c1b4d37' })
  stream: string;
  @ApiProperty({ example: 'SessionHeld' })
  type: string;
  @ApiProperty({ example: 1 })
  schemaVersion: number;
  @ApiProperty({ example: 4, description: 'Revisions of records above the caller\'s clearance are absent from the list' })
  revision: number;
  @ApiProperty({ example: '743/12' })
  position: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The fact, as recorded' })
  data: Record<string, unknown>;
  @ApiProperty({ type: BusinessTimeDto, description: 'When it happened (business time)' })
  occurredAt: BusinessTimeDto;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded (system time)' })
  recordedAt: string;
  @ApiProperty({ example: 21, description: 'Calendar days from occurredAt to recordedAt: a late entry shows here' })
  recordedDaysAfter: number;
  @ApiProperty({ type: RecordingActorView })
  actor: RecordingActorView;
  @ApiProperty({ type: ClassificationMarkView })
  classification: ClassificationMarkView;
  @ApiProperty({ format: 'uuid' })
  correlationId: string;
  @ApiProperty({ type: String, nullable: true })
  causationId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The command (idempotency key) that stored it' })
  commandId: string | null;
  @ApiProperty({ type: [String], description: 'eventIds of the corrections (visible to the caller) that name this event' })
  correctedBy: string[];
  @ApiProperty()
  prevHash: string;
  @ApiProperty()
  hash: string;
  @ApiPropertyOptional({ description: 'RFC 8785 canonical JSON the hash was computed over (with ?canonical=true)' })
  canonical?: string;
}

export class NegotiationEventsPageView {
  @ApiProperty()
  negotiationId: string;
  @ApiProperty({ type: [NegotiationEventRecordView], description: 'In recording (stream) order, only those the caller may see' })
  events: NegotiationEventRecordView[];
  @ApiProperty({ type: Number, nullable: true, description: 'Pass as fromRevision for the next page; null after the last' })
  nextFromRevision: number | null;
  @ApiProperty({ description: 'Privileged records the caller is cleared for but left out: they are read only with X-Access-Purpose' })
  withheldForPurpose: number;
}

export class TaAwaitingView {
  @ApiProperty()
  taId: string;
  @ApiProperty({ enum: SIDES })
  signedBy: Side;
  @ApiProperty({ enum: SIDES })
  awaiting: Side;
}

export class TableSummaryView {
  @ApiProperty({ enum: ['not-opened', 'open', 'concluded'], example: 'open' })
  status: string;
  @ApiProperty({ example: 'factfinding-report-public' })
  stage: string;
  @ApiProperty({ type: String, nullable: true })
  negotiationId: string | null;
  @ApiProperty({ type: String, nullable: true })
  unitId: string | null;
  @ApiProperty({ enum: STATUTES, nullable: true })
  statute: Statute | null;
  @ApiProperty({ enum: NEGOTIATION_KINDS, nullable: true })
  kind: NegotiationKind | null;
  @ApiProperty({ type: String, nullable: true, enum: ['settled', 'imposed', 'withdrawn'] })
  outcome: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  openedOn: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 329 })
  daysAtTable: number | null;
  @ApiProperty({ type: [String], example: ['10', '15', '21', '24'] })
  openArticles: string[];
  @ApiProperty({ type: [String], example: ['23'] })
  agreedArticles: string[];
  @ApiProperty({ type: 'object', properties: { complete: { type: 'array', items: { type: 'string' } }, awaitingSignature: { type: 'array', items: { type: 'object' } }, withdrawn: { type: 'array', items: { type: 'string' } } } })
  tentativeAgreements: { complete: string[]; awaitingSignature: TaAwaitingView[]; withdrawn: string[] };
  @ApiProperty({ type: 'object', additionalProperties: true, example: { employer: 4, union: 5, onTable: 7 } })
  proposals: { employer: number; union: number; onTable: number };
  @ApiProperty({ type: 'object', additionalProperties: true, example: { held: 13, cancelled: 0 } })
  sessions: { held: number; cancelled: number };
  @ApiProperty({ type: 'object', additionalProperties: true, example: { done: ['settlement-reached'], pending: ['costs-disclosed', 'ratified', 'governing-body-approved', 'agreement-executed'] } })
  settlementSteps: { done: string[]; pending: string[] };
}

export class NegotiationView {
  @ApiProperty()
  negotiationId: string;
  @ApiProperty({ format: 'date', description: 'The day daysAtTable counts to' })
  asOf: string;
  @ApiProperty({ example: 57, description: "The stream's last revision" })
  revision: number;
  @ApiProperty({ type: TableSummaryView })
  table: TableSummaryView;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The negotiation folded from the events the caller may see (sessions, proposals, positions by article, tentative agreements, impasse, settlement, corrections): nothing above the caller\'s clearance shapes it.',
  })
  negotiation: Record<string, unknown>;
}

export class ProposedArticleView {
  @ApiProperty({ example: '24' })
  article: string;
  @ApiProperty({ type: String, nullable: true })
  title: string | null;
  @ApiProperty({ enum: CHANGE_KINDS })
  changeKind: ChangeKind;
  @ApiProperty()
  text: string;
}

export class DocumentView {
  @ApiProperty()
  name: string;
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' })
  sha256: string;
}

export class CostLineView {
  @ApiProperty({ example: '2025-26' })
  fiscalYear: string;
  @ApiProperty({ example: '3400000.00' })
  amount: string;
  @ApiProperty({ type: String, nullable: true })
  description: string | null;
}

export class ProposalCostingView {
  @ApiProperty({ format: 'uuid' })
  eventId: string;
  @ApiProperty()
  summary: string;
  @ApiProperty({ type: [CostLineView] })
  costs: CostLineView[];
  @ApiProperty({ type: [DocumentView] })
  documents: DocumentView[];
  @ApiProperty({ type: ClassificationMarkView })
  classification: ClassificationMarkView;
}

export class CorrectionNoteView {
  @ApiProperty({ format: 'uuid' })
  eventId: string;
  @ApiProperty()
  reason: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  correctedFields: Record<string, unknown>;
  @ApiProperty({ format: 'date' })
  correctedOn: string;
  @ApiProperty({ format: 'date-time' })
  recordedAt: string;
}

export class ProposalView {
  @ApiProperty()
  proposalId: string;
  @ApiProperty({ format: 'uuid', description: 'The event that tabled it' })
  eventId: string;
  @ApiProperty({ enum: ['proposal', 'counterproposal', 'package'] })
  form: ProposalForm;
  @ApiProperty({ enum: SIDES })
  side: Side;
  @ApiProperty({ example: 'U-3' })
  number: string;
  @ApiProperty({ enum: ['on-table', 'withdrawn', 'rejected'] })
  status: string;
  @ApiProperty({ type: String, nullable: true })
  respondsTo: string | null;
  @ApiProperty()
  conditional: boolean;
  @ApiProperty({ format: 'date' })
  tabledOn: string;
  @ApiProperty({ type: BusinessTimeDto })
  occurredAt: BusinessTimeDto;
  @ApiProperty({ format: 'date-time' })
  recordedAt: string;
  @ApiProperty({ type: [ProposedArticleView] })
  articles: ProposedArticleView[];
  @ApiProperty({ type: [DocumentView] })
  documents: DocumentView[];
  @ApiPropertyOptional({ type: ProposalCostingView, description: 'Present only when the proposal was costed and the caller may read confidential records' })
  costing?: ProposalCostingView;
  @ApiProperty({ type: [CorrectionNoteView], description: 'Corrections of the tabling event, beside it (the original stays as recorded)' })
  corrections: CorrectionNoteView[];
}

export class ProposalListView {
  @ApiProperty()
  negotiationId: string;
  @ApiProperty({ type: [ProposalView], description: 'A page of them, in recording order' })
  proposals: ProposalView[];
  @ApiProperty({ description: 'How many proposals the caller may see in all (every page)' })
  total: number;
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' })
  nextCursor: string | null;
  @ApiProperty({ description: 'Privileged records the caller is cleared for but left out: they are read only with X-Access-Purpose' })
  withheldForPurpose: number;
}

export class ConfidentialNoteView {
  @ApiProperty({ format: 'uuid', description: 'The eventId of the note' })
  noteId: string;
  @ApiProperty({ enum: NOTE_KINDS })
  kind: NoteKind;
  @ApiProperty()
  title: string;
  @ApiProperty()
  body: string;
  @ApiProperty({ type: String, nullable: true })
  author: string | null;
  @ApiProperty({ type: String, nullable: true })
  sessionId: string | null;
  @ApiProperty({ type: [DocumentView] })
  documents: DocumentView[];
  @ApiProperty({ format: 'date' })
  notedOn: string;
  @ApiProperty({ type: BusinessTimeDto })
  occurredAt: BusinessTimeDto;
  @ApiProperty({ format: 'date-time' })
  recordedAt: string;
  @ApiProperty({ example: 21, description: 'Calendar days from occurredAt to recordedAt' })
  recordedDaysAfter: number;
  @ApiProperty({ type: RecordingActorView })
  recordedBy: RecordingActorView;
  @ApiProperty({ type: ClassificationMarkView })
  classification: ClassificationMarkView;
  @ApiProperty({ type: [CorrectionNoteView] })
  corrections: CorrectionNoteView[];
}

export class ConfidentialNoteListView {
  @ApiProperty()
  negotiationId: string;
  @ApiProperty({ type: [ConfidentialNoteView], description: 'Only the notes the caller may see, in recording order' })
  notes: ConfidentialNoteView[];
  @ApiProperty({ description: 'Privileged records the caller is cleared for but left out: they are read only with X-Access-Purpose' })
  withheldForPurpose: number;
}
