import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { BusinessTimeDto, IsCalendarDate, IsRecordId, PageLimit, Text } from '#platform';
import { SIDES, STATUTES, type Side, type Statute } from '../../domain/common.js';
import {
  CHANGE_KINDS,
  type ChangeKind,
  IMPASSE_DECLARERS,
  IMPASSE_FORMS,
  type ImpasseDeclarer,
  type ImpasseForm,
  NEGOTIATION_KINDS,
  NOTE_KINDS,
  type NegotiationKind,
  type NoteKind,
  OUTCOMES,
  type Outcome,
  PERB_DETERMINATIONS,
  type PerbDetermination,
  TA_RULES,
  type TaRule,
  WORK_STOPPAGE_KINDS,
  type WorkStoppageKind,
} from '../../domain/negotiation/events.js';
import {
  DEMANDED_DECISION_KINDS,
  DEMAND_ANSWERS,
  DEMAND_SCOPES,
  type DemandAnswer,
  type DemandScope,
  type DemandedDecisionKind,
} from '../../domain/demand-to-bargain.js';
import { ID_PATTERN_SOURCE, IsCorrectedFields } from './validation.js';

/*
 * Request bodies. Each names what the client states about a fact; the server adds the ids of new
 * things, the actor (from the token), recordedAt (its clock), the classification and the hashes.
 * Unknown properties (actor, classification, recordedAt, revision, hash, …) are refused with 400.
 */

export const MAX_ARTICLES = 200;
export const MAX_DOCUMENTS = 100;
export const MAX_NAMES = 100;
export const MAX_COST_LINES = 50;
export const MAX_TAS_IN_SETTLEMENT = 500;
/** Full contract language of one article, or a note's body. */
export const MAX_FULL_TEXT = 200_000;
const ARTICLE_LABEL = 50;
const SUMMARY = 20_000;

const articleLabels = (example: string[], description: string) =>
  ApiPropertyOptional({ type: [String], example, maxItems: MAX_ARTICLES, uniqueItems: true, description });

/** A list of article labels ("10", "Art. 23", "Appendix C"), each once. */
function ArticleLabels({ required }: { required: boolean }): PropertyDecorator {
  return (target, key) => {
    if (!required) IsOptional()(target, key);
    IsArray()(target, key);
    if (required) ArrayMinSize(1)(target, key);
    ArrayMaxSize(MAX_ARTICLES)(target, key);
    ArrayUnique(undefined, { message: '$property must name each article once' })(target, key);
    Text(ARTICLE_LABEL, { each: true })(target, key);
  };
}

function Documents(): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: () => [DocumentDto], maxItems: MAX_DOCUMENTS, description: 'Documents by SHA-256; the bytes are kept elsewhere' })(target, key);
    IsOptional()(target, key);
    IsArray()(target, key);
    ArrayMaxSize(MAX_DOCUMENTS)(target, key);
    ValidateNested({ each: true })(target, key);
    Type(() => DocumentDto)(target, key);
  };
}

function CostLines(): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: () => [CostLineDto], maxItems: MAX_COST_LINES })(target, key);
    IsOptional()(target, key);
    IsArray()(target, key);
    ArrayMaxSize(MAX_COST_LINES)(target, key);
    ValidateNested({ each: true })(target, key);
    Type(() => CostLineDto)(target, key);
  };
}

function Nested(type: () => new () => object, { optional }: { optional: boolean }): PropertyDecorator {
  return (target, key) => {
    if (optional) IsOptional()(target, key);
    else IsDefined()(target, key);
    ValidateNested()(target, key);
    Type(type)(target, key);
  };
}

const OptionalText = (max: number, example: string, description?: string): PropertyDecorator => (target, key) => {
  ApiPropertyOptional({ type: String, nullable: true, maxLength: max, example, ...(description && { description }) })(target, key);
  IsOptional()(target, key);
  Text(max)(target, key);
};

// ---- shared parts ----

/** Every recorded fact says when it happened (business time); the server adds when it was recorded. */
export class RecordFactDto {
  @ApiProperty({
    type: BusinessTimeDto,
    example: { at: '2025-03-05', precision: 'day' },
    description: 'When it happened at the table (business time). Its calendar day is the day of the fact; a time after the server clock is refused (422 OCCURRED_AT_IN_FUTURE).',
  })
  @Nested(() => BusinessTimeDto, { optional: false })
  occurredAt: BusinessTimeDto;
}

export class DocumentDto {
  @ApiProperty({ example: 'BTA initial proposal 2025.pdf', maxLength: 300 })
  @Text(300)
  name: string;

  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', pattern: '^[0-9a-fA-F]{64}$', description: "SHA-256 of the document's bytes (stored lowercase)" })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/i, { message: 'sha256 must be 64 hexadecimal characters (a SHA-256 digest)' })
  sha256: string;
}

export class CostLineDto {
  @ApiProperty({ example: '2025-26', pattern: '^\\d{4}(-\\d{2}|-\\d{4})?$' })
  @IsString()
  @Matches(/^\d{4}(-\d{2}|-\d{4})?$/, { message: 'fiscalYear must look like 2025-26, 2025-2026 or 2025' })
  fiscalYear: string;

  @ApiProperty({ example: '1200000.00', description: 'Money as a decimal string (hashed JSON keeps numbers exact)', pattern: '^-?\\d{1,15}(\\.\\d{1,4})?$' })
  @IsString()
  @Matches(/^-?\d{1,15}(\.\d{1,4})?$/, { message: 'amount must be a decimal number written as a string, such as 1200000.00' })
  amount: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, example: 'One step on the salary schedule' })
  @IsOptional()
  @Text(500)
  description?: string | null;
}

export class AgreementTermDto {
  @ApiProperty({ type: String, format: 'date', example: '2025-07-01' })
  @IsCalendarDate()
  start: string;

  @ApiProperty({ type: String, format: 'date', example: '2028-06-30', description: 'Last day, inclusive; not before start (422 AGREEMENT_TERM_INVALID)' })
  @IsCalendarDate()
  end: string;
}

export class AttendeesDto {
  @ApiProperty({ type: [String], example: ['Dana Ruiz, Assistant Superintendent HR', 'R. Kim'], maxItems: MAX_NAMES })
  @IsArray()
  @ArrayMaxSize(MAX_NAMES)
  @Text(200, { each: true })
  employer: string[];

  @ApiProperty({ type: [String], example: ['Lee Park, BTA President', 'Sam Ode'], maxItems: MAX_NAMES })
  @IsArray()
  @ArrayMaxSize(MAX_NAMES)
  @Text(200, { each: true })
  union: string[];
}

export const MAX_CAUCUSES = 50;

export class CaucusDto {
  @ApiProperty({ enum: SIDES, example: 'union', description: 'The side that caucused' })
  @IsIn(SIDES)
  side: Side;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 40, minimum: 1, maximum: 1440, description: 'Its length in minutes, when known' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  minutes?: number | null;
}

// ---- units ----

export class RegisterUnitDto extends RecordFactDto {
  @ApiProperty({ example: 'Bayview certificated unit', maxLength: 200 })
  @Text(200)
  name: string;

  @ApiProperty({ example: 'Bayview Unified School District', maxLength: 200 })
  @Text(200)
  employer: string;

  @ApiProperty({ example: 'Bayview Teachers Association', maxLength: 200, description: 'The exclusive representative' })
  @Text(200)
  employeeOrganization: string;

  @ApiProperty({ enum: STATUTES, example: 'EERA' })
  @IsIn(STATUTES)
  statute: Statute;

  @ApiPropertyOptional({ type: () => AgreementTermDto, nullable: true, description: "The current agreement's term" })
  @Nested(() => AgreementTermDto, { optional: true })
  currentAgreementTerm?: AgreementTermDto | null;

  @OptionalText(2000, 'Classroom teachers, counselors, librarians and nurses')
  description?: string | null;
}

export class RecordUnitAgreementTermDto extends RecordFactDto {
  @ApiProperty({ type: () => AgreementTermDto })
  @Nested(() => AgreementTermDto, { optional: false })
  term: AgreementTermDto;

  @ApiPropertyOptional({ type: String, nullable: true, pattern: ID_PATTERN_SOURCE, description: 'The negotiation that produced the agreement' })
  @IsOptional()
  @IsRecordId()
  negotiationId?: string | null;
}

// ---- opening and ground rules ----

export class OpenNegotiationDto extends RecordFactDto {
  @ApiProperty({ example: '0c5f7a0e-3c55-5b8e-9a57-8a1d4f2b6c11', pattern: ID_PATTERN_SOURCE, description: 'A registered unit (404 UNIT_NOT_REGISTERED otherwise)' })
  @IsRecordId()
  unitId: string;

  @ApiProperty({ enum: NEGOTIATION_KINDS, example: 'successor' })
  @IsIn(NEGOTIATION_KINDS)
  kind: NegotiationKind;

  @articleLabels(['10', '15', '21', '24'], 'For a reopener, the reopened articles; empty or absent: the whole agreement')
  @ArticleLabels({ required: false })
  articlesInScope?: string[];

  @ApiPropertyOptional({ type: () => AgreementTermDto, nullable: true, description: "Absent: the unit's current agreement term; null: none" })
  @Nested(() => AgreementTermDto, { optional: true })
  expiringAgreementTerm?: AgreementTermDto | null;

  @OptionalText(4000, 'Proposed rule on parking fees at district sites', 'For meet-and-confer or mid-term: the proposed rule or change')
  subject?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2025-01-06', description: 'MMBA 3504.5: written notice of a proposed rule on scope matters' })
  @IsOptional()
  @IsCalendarDate()
  writtenNoticeGivenOn?: string | null;

  @ApiPropertyOptional({ type: () => BusinessTimeDto, nullable: true, description: 'Instead of writtenNoticeGivenOn, when the record gives the day of notice less precisely (a month, a year, a bound or a range)' })
  @Nested(() => BusinessTimeDto, { optional: true })
  writtenNoticeGiven?: BusinessTimeDto | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    pattern: ID_PATTERN_SOURCE,
    description: 'The demand to bargain this negotiation (mid-term or effects bargaining, typically) was opened on: a recorded demand of the same unit (404 DEMAND_NOT_RECORDED, 422 DEMAND_OF_ANOTHER_UNIT)',
  })
  @IsOptional()
  @IsRecordId()
  demandId?: string | null;
}

export class AgreeGroundRulesDto extends RecordFactDto {
  @ApiProperty({ enum: TA_RULES, example: 'reopenable-until-global', description: '"Nothing is agreed until everything is agreed", or tentative agreements closed once initialed' })
  @IsIn(TA_RULES)
  taRule: TaRule;

  @OptionalText(SUMMARY, 'Sessions on Wednesdays 4–7 pm; caucus on request; no press statements during sessions')
  terms?: string | null;
}

// ---- sunshine (Gov. Code 3547) ----

export class SunshineInitialProposalDto extends RecordFactDto {
  @ApiProperty({ enum: SIDES, example: 'union' })
  @IsIn(SIDES)
  side: Side;

  @ApiProperty({ example: 'Regular board meeting 2025-02-12', maxLength: 300 })
  @Text(300)
  boardMeeting: string;

  @articleLabels(['10', '15', '21', '24'], 'The subjects (articles) the initial proposal opens')
  @ArticleLabels({ required: false })
  articles?: string[];

  @OptionalText(SUMMARY, 'Salary, class size, evaluation and leaves')
  summary?: string | null;

  @Documents()
  documents?: DocumentDto[];
}

export class HearPublicCommentDto extends RecordFactDto {
  @ApiProperty({ example: 'Regular board meeting 2025-02-26', maxLength: 300 })
  @Text(300)
  boardMeeting: string;

  @OptionalText(SUMMARY, 'Four speakers; two on class size')
  summary?: string | null;
}

export class AdoptEmployerProposalDto extends RecordFactDto {
  @ApiProperty({ example: 'Regular board meeting 2025-03-12', maxLength: 300 })
  @Text(300)
  boardMeeting: string;

  @OptionalText(100, '24-25/41')
  resolutionNumber?: string | null;
}

export class MakeNewSubjectPublicDto extends RecordFactDto {
  @ApiProperty({ enum: SIDES, example: 'employer' })
  @IsIn(SIDES)
  side: Side;

  @ApiProperty({ type: [String], example: ['30'], minItems: 1, maxItems: MAX_ARTICLES, uniqueItems: true })
  @ArticleLabels({ required: true })
  articles: string[];

  @ApiProperty({ example: 'Posted on the district website and emailed to the board', maxLength: 1000 })
  @Text(1000)
  how: string;
}

// ---- sessions ----

export class HoldSessionDto extends RecordFactDto {
  @ApiProperty({ example: 3, minimum: 1, maximum: 9999, description: 'The session number in the minutes; two held sessions cannot share one (422 SESSION_NUMBER_TAKEN)' })
  @IsInt()
  @Min(1)
  @Max(9999)
  number: number;

  @ApiProperty({ example: 'District office, Board Room B', maxLength: 300 })
  @Text(300)
  place: string;

  @ApiProperty({ type: () => AttendeesDto })
  @Nested(() => AttendeesDto, { optional: false })
  attendees: AttendeesDto;

  @articleLabels(['10', '24'], 'The articles discussed')
  @ArticleLabels({ required: false })
  articlesDiscussed?: string[];

  @OptionalText(SUMMARY, 'District presented its counter on Article 10; union caucused 40 minutes')
  summary?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '16:00', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'Local start time (HH:MM)' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/)
  startTime?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '19:30', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'Local end time (HH:MM); with the start, the hours are derived' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/)
  endTime?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 3.5, minimum: 0.25, maximum: 24, description: 'The length in hours, when the times are not known' })
  @IsOptional()
  @IsNumber()
  @Min(0.25)
  @Max(24)
  hours?: number | null;

  @ApiPropertyOptional({ type: () => [CaucusDto], maxItems: MAX_CAUCUSES, description: 'Caucuses called during the session, in order; a caucus longer than the session is refused' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CAUCUSES)
  @ValidateNested({ each: true })
  @Type(() => CaucusDto)
  caucuses?: CaucusDto[];
}

export class CancelSessionDto extends RecordFactDto {
  @ApiPropertyOptional({ type: Number, nullable: true, example: 5, minimum: 1, maximum: 9999, description: 'The number the session would have had' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9999)
  number?: number | null;

  @ApiProperty({ type: String, format: 'date', example: '2025-04-09' })
  @IsCalendarDate()
  scheduledFor: string;

  @ApiProperty({ enum: SIDES, example: 'employer' })
  @IsIn(SIDES)
  cancelledBy: Side;

  @ApiProperty({ example: 'Board workshop on the budget', maxLength: 2000 })
  @Text(2000)
  reason: string;
}

// ---- proposals ----

const TEXT_REQUIRED_FOR: readonly ChangeKind[] = ['new', 'amend'];

export class ProposedArticleDto {
  @ApiProperty({ example: '24', maxLength: ARTICLE_LABEL })
  @Text(ARTICLE_LABEL)
  article: string;

  @OptionalText(300, 'Salaries')
  title?: string | null;

  @ApiProperty({ enum: CHANGE_KINDS, example: 'amend' })
  @IsIn(CHANGE_KINDS)
  changeKind: ChangeKind;

  @ApiProperty({ example: 'Increase all cells of the certificated salary schedule by 3.0% effective July 1, 2025.', maxLength: MAX_FULL_TEXT, description: 'The full proposed text; may be empty only for delete or current-language' })
  @IsString()
  @MaxLength(MAX_FULL_TEXT)
  @ValidateBy({
    name: 'textForChange',
    validator: {
      validate: (value, args) => !TEXT_REQUIRED_FOR.includes((args?.object as ProposedArticleDto).changeKind) || /\S/.test(String(value)),
      defaultMessage: () => 'text must not be blank for a new or amended article',
    },
  })
  text: string;
}

export class ProposalCostingDto {
  @ApiProperty({ example: '3.0% on the schedule costs $3.4M in 2025-26 with statutory benefits', maxLength: 4000 })
  @Text(4000)
  summary: string;

  @CostLines()
  costs?: CostLineDto[];

  @Documents()
  documents?: DocumentDto[];
}

export class TableProposalDto extends RecordFactDto {
  @ApiProperty({ enum: SIDES, example: 'union' })
  @IsIn(SIDES)
  side: Side;

  @ApiProperty({ example: 'U-3', maxLength: 50, description: "The side's own number or label" })
  @Text(50)
  number: string;

  @ApiProperty({ type: () => [ProposedArticleDto], minItems: 1, maxItems: MAX_ARTICLES, description: 'Each article once, with its full text and the kind of change' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ARTICLES)
  @ArrayUnique((a: ProposedArticleDto | null) => a?.article, { message: 'articles must name each article once' })
  @ValidateNested({ each: true })
  @Type(() => ProposedArticleDto)
  articles: ProposedArticleDto[];

  @Documents()
  documents?: DocumentDto[];

  @ApiPropertyOptional({
    type: () => ProposalCostingDto,
    nullable: true,
    description: 'Recorded as a separate ProposalCostingRecorded event, classified confidential; the proposal itself stays internal',
  })
  @Nested(() => ProposalCostingDto, { optional: true })
  costing?: ProposalCostingDto | null;
}

export class TableCounterproposalDto extends TableProposalDto {
  @ApiProperty({ example: '5b0a7c1e-2f4d-5e6a-8b9c-0d1e2f3a4b5c', pattern: ID_PATTERN_SOURCE, description: "The other side's proposal it answers (404 PROPOSAL_NOT_FOUND; 422 COUNTER_TO_OWN_PROPOSAL)" })
  @IsRecordId()
  respondsTo: string;
}

export class TablePackageDto extends TableProposalDto {
  @ApiProperty({ example: true, description: 'Conditional: if rejected, the proposer returns to its prior positions' })
  @IsBoolean()
  conditional: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, pattern: ID_PATTERN_SOURCE, description: "The other side's proposal it answers, if any" })
  @IsOptional()
  @IsRecordId()
  respondsTo?: string | null;
}

export class WithdrawProposalDto extends RecordFactDto {
  @OptionalText(2000, 'Replaced by D-5')
  reason?: string | null;
}

export class RejectPackageDto extends RecordFactDto {
  @OptionalText(2000, 'Does not address class size')
  reason?: string | null;
}

// ---- tentative agreements ----

export class AgreedArticleDto {
  @ApiProperty({ example: '23', maxLength: ARTICLE_LABEL })
  @Text(ARTICLE_LABEL)
  article: string;

  @OptionalText(300, 'Evaluation')
  title?: string | null;

  @ApiProperty({ example: 'Article 23 as amended: evaluations every other year for permanent unit members.', maxLength: MAX_FULL_TEXT })
  @Text(MAX_FULL_TEXT)
  text: string;
}

export class InitialTentativeAgreementDto extends RecordFactDto {
  @ApiProperty({ enum: SIDES, example: 'employer', description: 'The side whose spokesperson initials first' })
  @IsIn(SIDES)
  side: Side;

  @ApiProperty({ example: 'Dana Ruiz, district spokesperson', maxLength: 200 })
  @Text(200)
  signatory: string;

  @ApiProperty({ type: () => [AgreedArticleDto], minItems: 1, maxItems: MAX_ARTICLES, description: 'The agreed text, article by article' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ARTICLES)
  @ArrayUnique((a: AgreedArticleDto | null) => a?.article, { message: 'articles must name each article once' })
  @ValidateNested({ each: true })
  @Type(() => AgreedArticleDto)
  articles: AgreedArticleDto[];
}

export class CountersignTentativeAgreementDto extends RecordFactDto {
  @ApiProperty({ enum: SIDES, example: 'union', description: 'The other side (422 TA_ALREADY_SIGNED_BY_SIDE for the same side)' })
  @IsIn(SIDES)
  side: Side;

  @ApiProperty({ example: 'Lee Park, BTA President', maxLength: 200 })
  @Text(200)
  signatory: string;

  @ApiPropertyOptional({ type: () => [AgreedArticleDto], minItems: 1, maxItems: MAX_ARTICLES, description: 'Absent, or the same articles and text as the first initial (422 TA_TEXT_MISMATCH)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ARTICLES)
  @ArrayUnique((a: AgreedArticleDto | null) => a?.article, { message: 'articles must name each article once' })
  @ValidateNested({ each: true })
  @Type(() => AgreedArticleDto)
  articles?: AgreedArticleDto[];
}

export class WithdrawTentativeAgreementDto extends RecordFactDto {
  @ApiProperty({ enum: SIDES, example: 'union' })
  @IsIn(SIDES)
  withdrawnBy: Side;

  @OptionalText(2000, 'Nothing is agreed until everything is agreed: Article 23 reopened with Article 24')
  reason?: string | null;
}

// ---- impasse ----

export class DeclareImpasseDto extends RecordFactDto {
  @ApiProperty({ enum: IMPASSE_DECLARERS, example: 'union', description: 'One side, or both together (joint)' })
  @IsIn(IMPASSE_DECLARERS)
  declaredBy: ImpasseDeclarer;

  @ApiProperty({ enum: IMPASSE_FORMS, example: 'written' })
  @IsIn(IMPASSE_FORMS)
  form: ImpasseForm;

  @OptionalText(SUMMARY, 'Letter to PERB requesting a determination of impasse')
  statement?: string | null;
}

export class RequestPerbImpasseDeterminationDto extends RecordFactDto {
  @ApiProperty({ enum: IMPASSE_DECLARERS, example: 'union', description: 'Who asked PERB: one side, or both together (joint)' })
  @IsIn(IMPASSE_DECLARERS)
  requestedBy: ImpasseDeclarer;

  @OptionalText(100, 'SF-IM-3301-E')
  caseNumber?: string | null;

  @OptionalText(SUMMARY, 'Request for determination of impasse under PERB Reg. 32792')
  statement?: string | null;

  @Documents()
  documents?: DocumentDto[];
}

export class RecordPerbImpasseDeterminationDto extends RecordFactDto {
  @ApiProperty({ enum: PERB_DETERMINATIONS, example: 'impasse-exists' })
  @IsIn(PERB_DETERMINATIONS)
  determination: PerbDetermination;

  @OptionalText(100, 'SF-IM-3301-E')
  caseNumber?: string | null;
}

export class AppointMediatorDto extends RecordFactDto {
  @ApiProperty({ example: 'M. Chen, State Mediation and Conciliation Service', maxLength: 200 })
  @Text(200)
  mediator: string;

  @OptionalText(200, 'PERB')
  appointedBy?: string | null;
}

export class HoldMediationSessionDto extends RecordFactDto {
  @OptionalText(200, 'M. Chen')
  mediator?: string | null;

  @OptionalText(300, 'PERB Oakland regional office')
  place?: string | null;

  @OptionalText(SUMMARY, 'Separate caucuses; movement on Article 15')
  summary?: string | null;
}

export class CertifyFactfindingDto extends RecordFactDto {
  @OptionalText(100, 'SF-IM-3301-E')
  caseNumber?: string | null;
}

export class FormFactfindingPanelDto extends RecordFactDto {
  @ApiProperty({ example: 'J. Ortiz, neutral chair', maxLength: 200 })
  @Text(200)
  chair: string;

  @OptionalText(200, 'District panel member')
  employerMember?: string | null;

  @OptionalText(200, 'BTA panel member')
  unionMember?: string | null;
}

export class HoldFactfindingHearingDto extends RecordFactDto {
  @OptionalText(300, 'District office, Board Room B')
  place?: string | null;

  @OptionalText(SUMMARY, 'Comparability data presented by both sides')
  summary?: string | null;
}

export class IssueFactfindingReportDto extends RecordFactDto {
  @OptionalText(SUMMARY, 'Recommends 3% in 2025-26 and 2.5% in 2026-27')
  summary?: string | null;

  @Documents()
  documents?: DocumentDto[];
}

export class MakeFactfindingReportPublicDto extends RecordFactDto {
  @OptionalText(1000, 'Posted with the board agenda and on the district website')
  how?: string | null;

  @Documents()
  documents?: DocumentDto[];
}

export class HoldImpasseHearingDto extends RecordFactDto {
  @ApiProperty({ example: 'City Council', maxLength: 200 })
  @Text(200)
  governingBody: string;

  @OptionalText(SUMMARY, 'Public hearing on the impasse (MMBA 3505.7)')
  summary?: string | null;
}

export class ImposeLastBestFinalOfferDto extends RecordFactDto {
  @ApiProperty({ example: 'City Council', maxLength: 200 })
  @Text(200)
  governingBody: string;

  @OptionalText(100, 'Res. 2025-117')
  resolutionNumber?: string | null;

  @articleLabels(['24'], 'The articles the imposed terms cover')
  @ArticleLabels({ required: false })
  articles?: string[];

  @ApiProperty({ example: 'Last, best and final offer of 2025-10-01 imposed', maxLength: SUMMARY })
  @Text(SUMMARY)
  summary: string;

  @Documents()
  documents?: DocumentDto[];
}

// ---- settlement ----

export class ReachSettlementDto extends RecordFactDto {
  @ApiProperty({ type: [String], example: ['7d3e1f0a-9b2c-5d4e-8f6a-1b2c3d4e5f60'], maxItems: MAX_TAS_IN_SETTLEMENT, description: 'The tentative agreements it includes (404 for an unknown one; 422 SETTLEMENT_WITHOUT_TA when none)' })
  @IsArray()
  @ArrayMaxSize(MAX_TAS_IN_SETTLEMENT)
  @ArrayUnique()
  @IsRecordId({ each: true })
  taIds: string[];

  @ApiProperty({ type: () => AgreementTermDto })
  @Nested(() => AgreementTermDto, { optional: false })
  term: AgreementTermDto;

  @ApiProperty({ example: 'Three-year successor agreement: 3%, 2.5%, 2%; class size caps in grades 4–5', maxLength: SUMMARY })
  @Text(SUMMARY)
  summary: string;

  @CostLines()
  costs?: CostLineDto[];
}

export class CertifiedByDto {
  @OptionalText(200, 'Superintendent A. Rivera')
  superintendent?: string | null;

  @OptionalText(200, 'Chief Business Official T. Nguyen')
  chiefBusinessOfficial?: string | null;
}

export class DiscloseSettlementCostsDto extends RecordFactDto {
  @OptionalText(300, 'Regular board meeting 2026-01-07')
  meeting?: string | null;

  @ApiProperty({ example: 'AB 1200 public disclosure of collective bargaining agreement', maxLength: SUMMARY })
  @Text(SUMMARY)
  summary: string;

  @CostLines()
  costs?: CostLineDto[];

  @ApiPropertyOptional({ type: () => CertifiedByDto, nullable: true, description: 'EERA 3547.5: certified by the superintendent and the chief business official' })
  @Nested(() => CertifiedByDto, { optional: true })
  certifiedBy?: CertifiedByDto | null;

  @Documents()
  documents?: DocumentDto[];
}

function OptionalVoteCount(example: number, description: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: 'integer', example, minimum: 0, maximum: 10_000_000, nullable: true, description })(target, key);
    IsOptional()(target, key);
    IsInt()(target, key);
    Min(0)(target, key);
    Max(10_000_000)(target, key);
  };
}

export class HoldRatificationVoteDto extends RecordFactDto {
  @OptionalVoteCount(812, 'Votes for; absent when never published')
  yes?: number | null;

  @OptionalVoteCount(143, 'Votes against; absent when never published')
  no?: number | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, example: true, description: 'The outcome; required without both counts, and must agree with them when both are given' })
  @IsOptional()
  @IsBoolean()
  ratified?: boolean | null;
}

export class GoverningBodyVoteDto {
  @OptionalVoteCount(4, 'Ayes')
  ayes?: number | null;

  @OptionalVoteCount(1, 'Noes')
  noes?: number | null;

  @OptionalVoteCount(0, 'Abstentions')
  abstentions?: number | null;

  @OptionalVoteCount(2, 'Absent')
  absent?: number | null;
}

export class ApproveByGoverningBodyDto extends RecordFactDto {
  @ApiProperty({ example: 'Bayview USD Board of Education', maxLength: 200 })
  @Text(200)
  governingBody: string;

  @OptionalText(100, '25-26/22')
  resolutionNumber?: string | null;

  @OptionalText(300, 'Regular board meeting 2026-01-14')
  meeting?: string | null;

  @ApiPropertyOptional({ type: () => GoverningBodyVoteDto, nullable: true, description: 'The roll call, each count optional' })
  @Nested(() => GoverningBodyVoteDto, { optional: true })
  vote?: GoverningBodyVoteDto | null;
}

export class ExecuteAgreementDto extends RecordFactDto {
  @ApiPropertyOptional({ type: () => AgreementTermDto, nullable: true, description: "Absent: the settlement's term" })
  @Nested(() => AgreementTermDto, { optional: true })
  term?: AgreementTermDto | null;

  @ApiProperty({ type: () => AttendeesDto })
  @Nested(() => AttendeesDto, { optional: false })
  signatories: AttendeesDto;

  @Documents()
  documents?: DocumentDto[];
}

export class ConcludeNegotiationDto extends RecordFactDto {
  @ApiProperty({ enum: OUTCOMES, example: 'settled', description: 'settled needs a settlement, imposed an imposition (422 CONCLUSION_INCONSISTENT)' })
  @IsIn(OUTCOMES)
  outcome: Outcome;

  @OptionalText(SUMMARY, 'Successor agreement 2025–2028 executed')
  summary?: string | null;
}

export class AgreementInstrumentDto extends RecordFactDto {
  @ApiProperty({ example: 'Side letter on elementary prep time', maxLength: 300 })
  @Text(300)
  title: string;

  @articleLabels(['10'], 'The articles of the agreement it concerns')
  @ArticleLabels({ required: false })
  articles?: string[];

  @ApiProperty({ example: 'The parties agree that elementary preparation time will be scheduled in blocks of at least 30 minutes.', maxLength: MAX_FULL_TEXT })
  @Text(MAX_FULL_TEXT)
  text: string;

  @ApiProperty({ example: false, description: 'Whether it sets a precedent beyond its own facts' })
  @IsBoolean()
  precedential: boolean;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-06-30' })
  @IsOptional()
  @IsCalendarDate()
  expiresOn?: string | null;

  @ApiProperty({ type: () => AttendeesDto })
  @Nested(() => AttendeesDto, { optional: false })
  signatories: AttendeesDto;

  @Documents()
  documents?: DocumentDto[];
}

export class ExecuteSideLetterDto extends AgreementInstrumentDto {}
export class ExecuteMemorandumOfUnderstandingDto extends AgreementInstrumentDto {}

// ---- work stoppages ----

function OptionalParticipants(example: number): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: 'integer', example, minimum: 0, maximum: 10_000_000, nullable: true, description: 'Employees taking part, as estimated; absent when not known' })(target, key);
    IsOptional()(target, key);
    IsInt()(target, key);
    Min(0)(target, key);
    Max(10_000_000)(target, key);
  };
}

const STOPPAGE_KIND_DESCRIPTION = 'A strike or sick-out is the union\'s act, a lockout the employer\'s: the side is recorded from the kind';

export class GiveWorkStoppageNoticeDto extends RecordFactDto {
  @ApiProperty({ enum: WORK_STOPPAGE_KINDS, example: 'strike', description: STOPPAGE_KIND_DESCRIPTION })
  @IsIn(WORK_STOPPAGE_KINDS)
  kind: WorkStoppageKind;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-03-02', description: 'The day the stoppage is to begin, as the notice gives it' })
  @IsOptional()
  @IsCalendarDate()
  plannedStartOn?: string | null;

  @OptionalParticipants(1400)
  estimatedParticipants?: number | null;

  @OptionalText(SUMMARY, 'Ten days\' notice of a strike beginning March 2, delivered to the superintendent')
  statement?: string | null;

  @Documents()
  documents?: DocumentDto[];
}

export class BeginWorkStoppageDto extends RecordFactDto {
  @ApiProperty({ enum: WORK_STOPPAGE_KINDS, example: 'strike', description: STOPPAGE_KIND_DESCRIPTION })
  @IsIn(WORK_STOPPAGE_KINDS)
  kind: WorkStoppageKind;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    pattern: ID_PATTERN_SOURCE,
    description: 'The stoppage a recorded notice announced (422 WORK_STOPPAGE_NOT_RECORDED, WORK_STOPPAGE_ALREADY_BEGAN); absent for a stoppage without a recorded notice',
  })
  @IsOptional()
  @IsRecordId()
  stoppageId?: string | null;

  @OptionalParticipants(1250)
  estimatedParticipants?: number | null;

  @OptionalText(SUMMARY, 'Picket lines at all 18 schools; schools open with substitutes')
  summary?: string | null;
}

export class EndWorkStoppageDto extends RecordFactDto {
  @OptionalParticipants(1100)
  estimatedParticipants?: number | null;

  @OptionalText(SUMMARY, 'Union members returned to work on the morning of March 9')
  summary?: string | null;
}

export class AgreeReturnToWorkDto extends RecordFactDto {
  @ApiPropertyOptional({ type: String, nullable: true, pattern: ID_PATTERN_SOURCE, description: 'The recorded stoppage the agreement ends (422 WORK_STOPPAGE_NOT_RECORDED)' })
  @IsOptional()
  @IsRecordId()
  stoppageId?: string | null;

  @ApiProperty({ example: 'No reprisals; strike days made up on June 15-19; pay docked for days not worked', maxLength: SUMMARY })
  @Text(SUMMARY)
  terms: string;

  @Documents()
  documents?: DocumentDto[];
}

// ---- demands to bargain ----

export class DemandedDecisionDto {
  @ApiProperty({ example: 'Closure of Harbor View and Lincoln elementary schools at the end of the 2025-26 school year', maxLength: SUMMARY })
  @Text(SUMMARY)
  description: string;

  @ApiProperty({ enum: DEMANDED_DECISION_KINDS, example: 'school-closure' })
  @IsIn(DEMANDED_DECISION_KINDS)
  kind: DemandedDecisionKind;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2025-10-08', description: 'The day the decision was made or announced, when known' })
  @IsOptional()
  @IsCalendarDate()
  decidedOn?: string | null;

  @ApiPropertyOptional({ type: () => BusinessTimeDto, nullable: true, description: 'Instead of decidedOn, when the record gives the day less precisely (a month, a year, a bound or a range)' })
  @Nested(() => BusinessTimeDto, { optional: true })
  decided?: BusinessTimeDto | null;
}

export class MakeDemandToBargainDto extends RecordFactDto {
  @ApiProperty({ enum: SIDES, example: 'union', description: 'The side demanding (usually the union, of the employer); the other side answers' })
  @IsIn(SIDES)
  demandedBy: Side;

  @ApiProperty({ type: () => DemandedDecisionDto })
  @Nested(() => DemandedDecisionDto, { optional: false })
  decision: DemandedDecisionDto;

  @ApiProperty({ enum: DEMAND_SCOPES, example: 'both', description: 'Bargaining over the decision itself, over its effects only, or both' })
  @IsIn(DEMAND_SCOPES)
  scope: DemandScope;

  @OptionalText(SUMMARY, 'The Association demands to bargain the decision to close the two schools and its effects on unit members')
  statement?: string | null;

  @Documents()
  documents?: DocumentDto[];
}

export class AnswerDemandToBargainDto extends RecordFactDto {
  @ApiProperty({ enum: DEMAND_ANSWERS, example: 'effects-only', description: 'Agrees to bargain as demanded, offers effects bargaining only, refuses, or claims the right to bargain was waived' })
  @IsIn(DEMAND_ANSWERS)
  answer: DemandAnswer;

  @OptionalText(SUMMARY, 'Article 3 (management rights) reserves school closures to the District', 'What a waiver claim rests on: required with claims-waiver, refused with any other answer')
  waiverBasis?: string | null;

  @OptionalText(SUMMARY, 'The District will meet to bargain the effects of the closures on transfers and seniority')
  statement?: string | null;

  @Documents()
  documents?: DocumentDto[];
}

// ---- confidential notes and corrections ----

export class RecordConfidentialNoteDto extends RecordFactDto {
  @ApiProperty({ enum: NOTE_KINDS, example: 'strategy', description: 'legal-advice is privileged (legal counsel and records officers only); the others confidential' })
  @IsIn(NOTE_KINDS)
  kind: NoteKind;

  @ApiProperty({ example: 'Session 12 caucus notes', maxLength: 300 })
  @Text(300)
  title: string;

  @ApiProperty({ example: 'Hold on Article 24 until the costing returns.', maxLength: MAX_FULL_TEXT })
  @Text(MAX_FULL_TEXT)
  body: string;

  @OptionalText(200, 'Dana Ruiz')
  author?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, pattern: ID_PATTERN_SOURCE, description: 'A recorded session the note is about (404 SESSION_NOT_FOUND)' })
  @IsOptional()
  @IsRecordId()
  sessionId?: string | null;

  @Documents()
  documents?: DocumentDto[];
}

export class RecordCorrectionDto extends RecordFactDto {
  @ApiProperty({ format: 'uuid', example: '6a0d2c1e-5b7f-5c3d-9e8f-0a1b2c3d4e5f', description: "An event of this negotiation's stream, by eventId (404 CORRECTED_EVENT_NOT_FOUND)" })
  @IsUUID()
  correctedEventId: string;

  @ApiProperty({ example: 'Tabled on 2025-03-26 (session 3), keyed as 2025-03-25', maxLength: 4000 })
  @Text(4000)
  reason: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { occurredAt: { at: '2025-03-26', precision: 'day' }, tabledOn: '2025-03-26' },
    description: "The corrected values, by field of the corrected event's data, or occurredAt (422 CORRECTED_FIELD_UNKNOWN for another name)",
  })
  @IsCorrectedFields()
  correctedFields: Record<string, unknown>;
}

// ---- path and query parameters ----

export class DemandParams {
  @ApiProperty({ example: '5b2e8c1d-7f3a-5e9b-8c4d-1a2b3c4d5e6f', description: 'The id the server gave the demand when it was recorded' })
  @IsString()
  demandId: string;
}

export class UnitParams {
  @ApiProperty({ example: '0c5f7a0e-3c55-5b8e-9a57-8a1d4f2b6c11' })
  @IsString()
  unitId: string;
}

export class NegotiationParams {
  @ApiProperty({ example: '3f0c9a52-6a51-5b6e-9d0e-8f7a2c1b4d37', description: 'The id the server gave the negotiation when it was opened' })
  @IsString()
  negotiationId: string;
}

export class ProposalParams extends NegotiationParams {
  @ApiProperty({ example: '5b0a7c1e-2f4d-5e6a-8b9c-0d1e2f3a4b5c' })
  @IsString()
  proposalId: string;
}

export class WorkStoppageParams extends NegotiationParams {
  @ApiProperty({ example: '9c4d2e1f-0a3b-5c6d-8e7f-2a3b4c5d6e7f', description: 'The id the server gave the stoppage when its notice or beginning was recorded' })
  @IsString()
  stoppageId: string;
}

export class TentativeAgreementParams extends NegotiationParams {
  @ApiProperty({ example: '7d3e1f0a-9b2c-5d4e-8f6a-1b2c3d4e5f60' })
  @IsString()
  taId: string;
}

export class EventParams extends NegotiationParams {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  eventId: string;
}

export class NoteParams extends NegotiationParams {
  @ApiProperty({ format: 'uuid', description: 'The eventId of the note' })
  @IsString()
  noteId: string;
}

export class AsOfQuery {
  @ApiPropertyOptional({ type: String, format: 'date', example: '2025-12-10', description: 'The day daysAtTable counts to. Default: today' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export const MAX_EVENTS_PAGE = 1000;

export class EventsQuery {
  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'First stream revision to return' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  fromRevision?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_EVENTS_PAGE, default: MAX_EVENTS_PAGE, description: 'Most events to return (of those the caller may see)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_EVENTS_PAGE)
  limit?: number;

  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'Include the RFC 8785 canonical text each hash was computed over, to verify the chain independently' })
  @IsOptional()
  @IsIn(['true', 'false'])
  canonical?: 'true' | 'false';
}

/** The most proposals one page of GET /negotiations/:id/proposals carries, and how many without a limit. */
export const MAX_PROPOSALS_PAGE = 500;
export const DEFAULT_PROPOSALS_PAGE = 100;

export class ProposalsQuery {
  @PageLimit(MAX_PROPOSALS_PAGE, DEFAULT_PROPOSALS_PAGE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page: answer the proposals tabled after it, in recording order' })
  @IsOptional()
  @Matches(/^(0|[1-9][0-9]{0,14})$/, { message: 'cursor must be the nextCursor of an earlier page' })
  cursor?: string;
}
