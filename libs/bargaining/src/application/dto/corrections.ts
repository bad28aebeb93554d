import { Type, plainToInstance } from 'class-transformer';
import { IsDefined, IsIn, ValidateNested, getMetadataStorage, validate } from 'class-validator';
import { BusinessTimeDto, IsCalendarDate, IsRecordId, RequestValidationFailed, Text } from '#platform';
import { SIDES, STATUTES } from '../../domain/common.js';
import { type CorrectableEventType, WORK_STOPPAGE_KINDS } from '../../domain/negotiation/events.js';
import * as D from './requests.dto.js';

/*
 * A correction sets fields of the fact it corrects, so each corrected value must pass the rules
 * the original command's request body passed: the corrected event's schema is its command's DTO
 * (occurredAt included), plus the event's own fields the server filled from that body — the day
 * of the fact (`…On`, a calendar date), ids of other records, and a few copied under another name.
 * A field of the event that no rule covers (one decide derives, such as `ratified`) is not correctable.
 */

type Dto = new () => object;

const SIDE = IsIn(SIDES);
const UNIT_TEXT = Text(200);

/** Event fields whose value came from the body under another name (or from the unit), with that field's rules. */
const COPIED: Partial<Record<CorrectableEventType, Record<string, PropertyDecorator[]>>> = {
  NegotiationOpened: { unitName: [UNIT_TEXT], employer: [UNIT_TEXT], employeeOrganization: [UNIT_TEXT], statute: [IsIn(STATUTES)] },
  ProposalCostingRecorded: { side: [SIDE] },
  ProposalWithdrawn: { side: [SIDE] },
  PackageRejected: { rejectedBy: [SIDE] },
  // The acting side follows from the kind; a correction of the kind corrects the side with it.
  WorkStoppageNoticeGiven: { givenBy: [SIDE] },
  WorkStoppageBegan: { by: [SIDE] },
  WorkStoppageEnded: { kind: [IsIn(WORK_STOPPAGE_KINDS)], by: [SIDE] },
};

/** The costing of a proposal was its command's `costing` part; the fact has a business time of its own. */
class ProposalCostingFactDto extends D.ProposalCostingDto {
  @IsDefined()
  @ValidateNested()
  @Type(() => BusinessTimeDto)
  occurredAt: BusinessTimeDto;
}

const COMMAND_DTO: Record<CorrectableEventType, Dto> = {
  NegotiationOpened: D.OpenNegotiationDto,
  GroundRulesAgreed: D.AgreeGroundRulesDto,
  InitialProposalSunshined: D.SunshineInitialProposalDto,
  PublicCommentHeard: D.HearPublicCommentDto,
  EmployerProposalAdopted: D.AdoptEmployerProposalDto,
  NewSubjectMadePublic: D.MakeNewSubjectPublicDto,
  SessionHeld: D.HoldSessionDto,
  SessionCancelled: D.CancelSessionDto,
  ProposalTabled: D.TableProposalDto,
  CounterproposalTabled: D.TableCounterproposalDto,
  PackageTabled: D.TablePackageDto,
  ProposalCostingRecorded: ProposalCostingFactDto,
  ProposalWithdrawn: D.WithdrawProposalDto,
  PackageRejected: D.RejectPackageDto,
  TentativeAgreementInitialed: D.InitialTentativeAgreementDto,
  TentativeAgreementWithdrawn: D.WithdrawTentativeAgreementDto,
  ImpasseDeclared: D.DeclareImpasseDto,
  PerbImpasseDeterminationRequested: D.RequestPerbImpasseDeterminationDto,
  PerbImpasseDetermined: D.RecordPerbImpasseDeterminationDto,
  MediatorAppointed: D.AppointMediatorDto,
  MediationSessionHeld: D.HoldMediationSessionDto,
  FactfindingCertified: D.CertifyFactfindingDto,
  FactfindingPanelFormed: D.FormFactfindingPanelDto,
  FactfindingHearingHeld: D.HoldFactfindingHearingDto,
  FactfindingReportIssued: D.IssueFactfindingReportDto,
  FactfindingReportMadePublic: D.MakeFactfindingReportPublicDto,
  ImpasseHearingHeld: D.HoldImpasseHearingDto,
  LastBestFinalOfferImposed: D.ImposeLastBestFinalOfferDto,
  SettlementReached: D.ReachSettlementDto,
  SettlementCostsDisclosed: D.DiscloseSettlementCostsDto,
  RatificationVoteHeld: D.HoldRatificationVoteDto,
  GoverningBodyApproved: D.ApproveByGoverningBodyDto,
  AgreementExecuted: D.ExecuteAgreementDto,
  NegotiationConcluded: D.ConcludeNegotiationDto,
  SideLetterExecuted: D.ExecuteSideLetterDto,
  MemorandumOfUnderstandingExecuted: D.ExecuteMemorandumOfUnderstandingDto,
  WorkStoppageNoticeGiven: D.GiveWorkStoppageNoticeDto,
  WorkStoppageBegan: D.BeginWorkStoppageDto,
  WorkStoppageEnded: D.EndWorkStoppageDto,
  ReturnToWorkAgreed: D.AgreeReturnToWorkDto,
  ConfidentialNoteRecorded: D.RecordConfidentialNoteDto,
};


function rulesFor(dto: Dto): Set<string> {
  return new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((m) => m.propertyName));
}

interface CorrectionSchema {
  readonly type: Dto;
  readonly fields: ReadonlySet<string>;
}

const schemas = new Map<string, CorrectionSchema>();

/**
 * The schema a correction of `eventType` is validated against, for the fields `data` (the corrected
 * event's data) has: its command's rules, the day and id rules, the copied fields' rules.
 */
function schemaOf(eventType: CorrectableEventType, data: Readonly<Record<string, unknown>>): CorrectionSchema {
  const key = `${eventType}\n${Object.keys(data).sort().join(',')}`;
  const known = schemas.get(key);
  if (known) return known;
  const base = COMMAND_DTO[eventType];
  const Schema = class extends (base as new () => object) {};
  const fields = new Set(['occurredAt']);
  const has = rulesFor(base);
  for (const field of Object.keys(data)) {
    if (field === 'negotiationId') continue;
    if (has.has(field)) fields.add(field);
    else if (COPIED[eventType]?.[field]) {
      for (const decorate of COPIED[eventType]![field]!) decorate(Schema.prototype, field);
      fields.add(field);
    } else if (/On$/.test(field)) {
      IsCalendarDate()(Schema.prototype, field);
      fields.add(field);
    } else if (/Id$/.test(field)) {
      IsRecordId()(Schema.prototype, field);
      fields.add(field);
    } else if (/Ids$/.test(field)) {
      IsRecordId({ each: true })(Schema.prototype, field);
      fields.add(field);
    }
  }
  const schema = { type: Schema, fields };
  schemas.set(key, schema);
  return schema;
}

/** The fields of the corrected event a correction may set. */
export function correctableFields(eventType: string, data: Readonly<Record<string, unknown>>): string[] {
  if (!Object.hasOwn(COMMAND_DTO, eventType)) return [];
  return [...schemaOf(eventType as CorrectableEventType, data).fields];
}

/**
 * A correction may clear (set to null) a field the fact keeps as text or a number, such as a summary;
 * a list or a group of fields the fact always holds (articles, documents, attendees) is corrected to
 * another value, an empty list to clear it, because every reader of the fact relies on it being there.
 */
function clearedStructures(data: Readonly<Record<string, unknown>>, correctedFields: Readonly<Record<string, unknown>>) {
  return Object.entries(correctedFields)
    .filter(([field, value]) => value === null && typeof data[field] === 'object' && data[field] !== null)
    .map(([field]) => ({
      property: field,
      messages: [`${field} cannot be null: the fact always holds ${Array.isArray(data[field]) ? 'a list here; correct it to an empty list to clear it' : 'a value here'}`],
    }));
}

/**
 * Validates the corrected values field by field with the rules of the fact they correct; throws
 * RequestValidationFailed naming `correctedFields.<field>…` for each value that breaks one.
 */
export async function validateCorrectedFields(eventType: CorrectableEventType, data: Readonly<Record<string, unknown>>, correctedFields: Readonly<Record<string, unknown>>): Promise<void> {
  const { type } = schemaOf(eventType, data);
  const named = new Set(Object.keys(correctedFields));
  const errors = await validate(plainToInstance(type, correctedFields) as object, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  const problems = [...RequestValidationFailed.from(errors.filter((error) => named.has(error.property))).problems, ...clearedStructures(data, correctedFields)];
  if (problems.length > 0) throw new RequestValidationFailed(problems.map((p) => ({ ...p, property: `correctedFields.${p.property}` })));
}
