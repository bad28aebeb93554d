import { type ImportIds, importable } from '#platform';
import { demandStream, negotiationStream, unitStream } from '../domain/ids.js';
import {
  AdoptEmployerProposalCommand,
  AgreeGroundRulesCommand,
  AppointMediatorCommand,
  ApproveByGoverningBodyCommand,
  CancelSessionCommand,
  ConcludeNegotiationCommand,
  CountersignTentativeAgreementCommand,
  DeclareImpasseCommand,
  DiscloseSettlementCostsCommand,
  HearPublicCommentCommand,
  HoldMediationSessionCommand,
  HoldRatificationVoteCommand,
  HoldSessionCommand,
  InitialTentativeAgreementCommand,
  IssueFactfindingReportCommand,
  MakeFactfindingReportPublicCommand,
  MakeNewSubjectPublicCommand,
  OpenNegotiationCommand,
  ReachSettlementCommand,
  RecordConfidentialNoteCommand,
  RecordCorrectionCommand,
  RegisterUnitCommand,
  RejectPackageCommand,
  SunshineInitialProposalCommand,
  TableCounterproposalCommand,
  TablePackageCommand,
  TableProposalCommand,
  WithdrawProposalCommand,
  WithdrawTentativeAgreementCommand,
} from './commands.js';
import {
  AdoptEmployerProposalDto,
  AgreeGroundRulesDto,
  AppointMediatorDto,
  ApproveByGoverningBodyDto,
  CancelSessionDto,
  ConcludeNegotiationDto,
  CountersignTentativeAgreementDto,
  DeclareImpasseDto,
  DiscloseSettlementCostsDto,
  HearPublicCommentDto,
  HoldMediationSessionDto,
  HoldRatificationVoteDto,
  HoldSessionDto,
  InitialTentativeAgreementDto,
  IssueFactfindingReportDto,
  MakeFactfindingReportPublicDto,
  MakeNewSubjectPublicDto,
  OpenNegotiationDto,
  ReachSettlementDto,
  RecordConfidentialNoteDto,
  RecordCorrectionDto,
  RegisterUnitDto,
  RejectPackageDto,
  SunshineInitialProposalDto,
  TableCounterproposalDto,
  TablePackageDto,
  TableProposalDto,
  WithdrawProposalDto,
  WithdrawTentativeAgreementDto,
} from './dto/requests.dto.js';
import { attendees, costLines, documentRefs, labels, nullable, optionalTerm, term } from './support.js';
import { agreedArticles, tabling } from './table.controller.js';

/*
 * The bargaining commands a historic import may carry (see #platform's ImportableCommand): each one
 * the body its route validates and the message its controller sends, so an imported fact is decided
 * by the same handler and decider as one recorded live.
 */

const id = (ids: ImportIds, name: string): string => ids[name]!;
const onNegotiation = (ids: ImportIds) => [negotiationStream(id(ids, 'negotiationId'))];
const N = ['negotiationId'] as const;

export const BARGAINING_IMPORTABLE_COMMANDS = [
  importable({
    command: 'RegisterUnit',
    route: 'POST /units',
    body: RegisterUnitDto,
    requires: [],
    creates: 'unitId',
    streams: (ids) => [unitStream(id(ids, 'unitId'))],
    message: (ids, body, metadata) =>
      new RegisterUnitCommand(
        {
          unitId: id(ids, 'unitId'),
          name: body.name,
          employer: body.employer,
          employeeOrganization: body.employeeOrganization,
          statute: body.statute,
          currentAgreementTerm: optionalTerm(body.currentAgreementTerm) ?? null,
          description: nullable(body.description),
        },
        metadata,
      ),
  }),
  importable({
    command: 'OpenNegotiation',
    route: 'POST /negotiations',
    body: OpenNegotiationDto,
    requires: [],
    creates: 'negotiationId',
    streams: (ids, body) => [...onNegotiation(ids), unitStream(body.unitId), ...(body.demandId ? [demandStream(body.demandId)] : [])],
    message: (ids, body, metadata) =>
      new OpenNegotiationCommand(
        {
          negotiationId: id(ids, 'negotiationId'),
          unitId: body.unitId,
          kind: body.kind,
          articlesInScope: labels(body.articlesInScope),
          expiringAgreementTerm: optionalTerm(body.expiringAgreementTerm),
          subject: nullable(body.subject),
          writtenNoticeGivenOn: nullable(body.writtenNoticeGivenOn),
          demandId: nullable(body.demandId),
        },
        metadata,
      ),
  }),
  importable({
    command: 'AgreeGroundRules',
    route: 'POST /negotiations/:negotiationId/ground-rules',
    body: AgreeGroundRulesDto,
    requires: N,
    streams: onNegotiation,
    message: (ids, body, metadata) => new AgreeGroundRulesCommand({ negotiationId: id(ids, 'negotiationId'), taRule: body.taRule, terms: nullable(body.terms) }, metadata),
  }),
  importable({
    command: 'SunshineInitialProposal',
    route: 'POST /negotiations/:negotiationId/sunshine/initial-proposals',
    body: SunshineInitialProposalDto,
    requires: N,
    streams: onNegotiation,
    message: (ids, body, metadata) =>
      new SunshineInitialProposalCommand(
        { negotiationId: id(ids, 'negotiationId'), side: body.side, boardMeeting: body.boardMeeting, articles: labels(body.articles), summary: nullable(body.summary), documents: documentRefs(body.documents) },
        metadata,
      ),
  }),
  importable({
    command: 'HearPublicComment',
    route: 'POST /negotiations/:negotiationId/sunshine/public-comments',
    body: HearPublicCommentDto,
    requires: N,
    streams: onNegotiation,
    message: (ids, body, metadata) => new HearPublicCommentCommand({ negotiationId: id(ids, 'negotiationId'), boardMeeting: body.boardMeeting, summary: nullable(body.summary) }, metadata),
  }),
  importable({
    command: 'AdoptEmployerProposal',
    route: 'POST /negotiations/:negotiationId/sunshine/employer-adoption',
    body: AdoptEmployerProposalDto,
    requires: N,
    streams: onNegotiation,
    message: (ids, body, metadata) =>
      new AdoptEmployerProposalCommand({ negotiationId: id(ids, 'negotiationId'), boardMeeting: body.boardMeeting, resolutionNumber: nullable(body.resolutionNumber) }, metadata),
  }),
  importable({
    command: 'MakeNewSubjectPublic',
    route: 'POST /negotiations/:negotiationId/sunshine/new-subjects',
    body: MakeNewSubjectPublicDto,
    requires: N,
    streams: onNegotiation,
    message: (ids, body, metadata) => new MakeNewSubjectPublicCommand({ negotiationId: id(ids, 'negotiationId'), side: body.side, articles: labels(body.articles), how: body.how }, metadata),
  }),
  importable({
    command: 'HoldSession',
    route: 'POST /negotiations/:negotiationId/sessions',
    body: HoldSessionDto,
    requires: N,
    creates: 'sessionId',
    streams: onNegotiation,
    message: (ids, body, metadata) =>
      new HoldSessionCommand(
        {
          negotiationId: id(ids, 'negotiationId'),
          sessionId: id(ids, 'sessionId'),
          number: body.number,
          place: body.place,
          attendees: attendees(body.attendees),
          articlesDiscussed: labels(body.articlesDiscussed),
          summary: nullable(body.summary),
          startTime: nullable(body.startTime),
          endTime: nullable(body.endTime),
          hours: nullable(body.hours),
        },
        metadata,
      ),
  }),
  importable({
    command: 'CancelSession',
    route: 'POST /negotiations/:negotiationId/cancelled-sessions',
    body: CancelSessionDto,
    requires: N,
    creates: 'sessionId',
    streams: onNegotiation,
    message: (ids, body, metadata) =>
      new CancelSessionCommand(
        { negotiationId: id(ids, 'negotiationId'), sessionId: id(ids, 'sessionId'), number: nullable(body.number), scheduledFor: body.scheduledFor, cancelledBy: body.cancelledBy, reason: body.reason },
        metadata,
      ),
  }),
  importable({
    command: 'TableProposal',
    route: 'POST /negotiations/:negotiationId/proposals',
    body: TableProposalDto,
    requires: N,
    creates: 'proposalId',
    streams: onNegotiation,
    message: (ids, body, metadata) => new TableProposalCommand({ negotiationId: id(ids, 'negotiationId'), proposalId: id(ids, 'proposalId'), ...tabling(body) }, metadata),
  }),
  importable({
    command: 'TableCounterproposal',
    route: 'POST /negotiations/:negotiationId/counterproposals',
    body: TableCounterproposalDto,
    requires: N,
    creates: 'proposalId',
    streams: onNegotiation,
    message: (ids, body, metadata) =>
      new TableCounterproposalCommand({ negotiationId: id(ids, 'negotiationId'), proposalId: id(ids, 'proposalId'), ...tabling(body), respondsTo: body.respondsTo }, metadata),
  }),
  importable({
    command: 'TablePackage',
    route: 'POST /negotiations/:negotiationId/packages',
    body: TablePackageDto,
    requires: N,
    creates: 'proposalId',
    streams: onNegotiation,
    message: (ids, body, metadata) =>
      new TablePackageCommand(
        { negotiationId: id(ids, 'negotiationId'), proposalId: id(ids, 'proposalId'), ...tabling(body), conditional: body.conditional, respondsTo: nullable(body.respondsTo) },
        metadata,
      ),
  }),
  importable({
    command: 'RejectPackage',
    route: 'POST /negotiations/:negotiationId/packages/:proposalId/rejection',
    body: RejectPackageDto,
    requires: ['negotiationId', 'proposalId'],
    streams: onNegotiation,
    message: (ids, body, metadata) => new RejectPackageCommand({ negotiationId: id(ids, 'negotiationId'), proposalId: id(ids, 'proposalId'), reason: nullable(body.reason) }, metadata),
  }),
  importable({
    command: 'WithdrawProposal',
    route: 'POST /negotiations/:negotiationId/proposals/:proposalId/withdrawal',
    body: WithdrawProposalDto,
    requires: ['negotiationId', 'proposalId'],
    streams: onNegotiation,
    message: (ids, body, metadata) => new WithdrawProposalCommand({ negotiationId: id(ids, 'negotiationId'), proposalId: id(ids, 'proposalId'), reason: nullable(body.reason) }, metadata),
  }),
  importable({
    command: 'InitialTentativeAgreement',
    route: 'POST /negotiations/:negotiationId/tentative-agreements',
    body: InitialTentativeAgreementDto,
    requires: N,
    creates: 'taId',
    streams: onNegotiation,
    message: (ids, body, metadata) =>
      new InitialTentativeAgreementCommand(
        { negotiationId: id(ids, 'negotiationId'), taId: id(ids, 'taId'), side: body.side, signatory: body.signatory, articles: agreedArticles(body.articles) },
        metadata,
      ),
  }),
  importable({
    command: 'CountersignTentativeAgreement',
    route: 'POST /negotiations/:negotiationId/tentative-agreements/:taId/initials',
    body: CountersignTentativeAgreementDto,
    requires: ['negotiationId', 'taId'],
    streams: onNegotiation,
    message: (ids, body, metadata) =>
      new CountersignTentativeAgreementCommand(
        { negotiationId: id(ids, 'negotiationId'), taId: id(ids, 'taId'), side: body.side, signatory: body.signatory, ...(body.articles && { articles: agreedArticles(body.articles) }) },
        metadata,
      ),
  }),
  importable({
    command: 'WithdrawTentativeAgreement',
    route: 'POST /negotiations/:negotiationId/tentative-agreements/:taId/withdrawal',
    body: WithdrawTentativeAgreementDto,
    requires: ['negotiationId', 'taId'],
    streams: onNegotiation,
    message: (ids, body, metadata) =>
      new WithdrawTentativeAgreementCommand({ negotiationId: id(ids, 'negotiationId'), taId: id(ids, 'taId'), withdrawnBy: body.withdrawnBy, reason: nullable(body.reason) }, metadata),
  }),
  importable({
    command: 'DeclareImpasse',
    route: 'POST /negotiations/:negotiationId/impasse',
    body: DeclareImpasseDto,
    requires: N,
    streams: onNegotiation,
    message: (ids, body, metadata) => new DeclareImpasseCommand({ negotiationId: id(ids, 'negotiationId'), declaredBy: body.declaredBy, form: body.form, statement: nullable(body.statement) }, metadata),
  }),
  importable({
    command: 'AppointMediator',
    route: 'POST /negotiations/:negotiationId/impasse/mediators',
    body: AppointMediatorDto,
    requires: N,
    streams: onNegotiation,
    message: (ids, body, metadata) => new AppointMediatorCommand({ negotiationId: id(ids, 'negotiationId'), mediator: body.mediator, appointedBy: nullable(body.appointedBy) }, metadata),
  }),
  importable({
    command: 'HoldMediationSession',
    route: 'POST /negotiations/:negotiationId/impasse/mediation-sessions',
    body: HoldMediationSessionDto,
    requires: N,
    streams: onNegotiation,
    message: (ids, body, metadata) =>
      new HoldMediationSessionCommand({ negotiationId: id(ids, 'negotiationId'), mediator: nullable(body.mediator), place: nullable(body.place), summary: nullable(body.summary) }, metadata),
  }),
  importable({
    command: 'IssueFactfindingReport',
    route: 'POST /negotiations/:negotiationId/impasse/factfinding/report',
    body: IssueFactfindingReportDto,
    requires: N,
    streams: onNegotiation,
    message: (ids, body, metadata) => new IssueFactfindingReportCommand({ negotiationId: id(ids, 'negotiationId'), summary: nullable(body.summary), documents: documentRefs(body.documents) }, metadata),
  }),
  importable({
    command: 'MakeFactfindingReportPublic',
    route: 'POST /negotiations/:negotiationId/impasse/factfinding/report/publication',
    body: MakeFactfindingReportPublicDto,
    requires: N,
    streams: onNegotiation,
    message: (ids, body, metadata) => new MakeFactfindingReportPublicCommand({ negotiationId: id(ids, 'negotiationId'), how: nullable(body.how), documents: documentRefs(body.documents) }, metadata),
  }),
  importable({
    command: 'ReachSettlement',
    route: 'POST /negotiations/:negotiationId/settlement',
    body: ReachSettlementDto,
    requires: N,
    streams: onNegotiation,
    message: (ids, body, metadata) =>
      new ReachSettlementCommand({ negotiationId: id(ids, 'negotiationId'), taIds: [...body.taIds], term: term(body.term), summary: body.summary, costs: costLines(body.costs) }, metadata),
  }),
  importable({
    command: 'DiscloseSettlementCosts',
    route: 'POST /negotiations/:negotiationId/settlement/cost-disclosure',
    body: DiscloseSettlementCostsDto,
    requires: N,
    streams: onNegotiation,
    message: (ids, body, metadata) =>
      new DiscloseSettlementCostsCommand(
        {
          negotiationId: id(ids, 'negotiationId'),
          meeting: nullable(body.meeting),
          summary: body.summary,
          costs: costLines(body.costs),
          certifiedBy: body.certifiedBy ? { superintendent: nullable(body.certifiedBy.superintendent), chiefBusinessOfficial: nullable(body.certifiedBy.chiefBusinessOfficial) } : null,
          documents: documentRefs(body.documents),
        },
        metadata,
      ),
  }),
  importable({
    command: 'HoldRatificationVote',
    route: 'POST /negotiations/:negotiationId/settlement/ratification-vote',
    body: HoldRatificationVoteDto,
    requires: N,
    streams: onNegotiation,
    message: (ids, body, metadata) => new HoldRatificationVoteCommand({ negotiationId: id(ids, 'negotiationId'), yes: body.yes ?? null, no: body.no ?? null, ratified: body.ratified ?? null }, metadata),
  }),
  importable({
    command: 'ApproveByGoverningBody',
    route: 'POST /negotiations/:negotiationId/settlement/governing-body-approval',
    body: ApproveByGoverningBodyDto,
    requires: N,
    streams: onNegotiation,
    message: (ids, body, metadata) =>
      new ApproveByGoverningBodyCommand(
        { negotiationId: id(ids, 'negotiationId'), governingBody: body.governingBody, resolutionNumber: nullable(body.resolutionNumber), meeting: nullable(body.meeting), vote: body.vote ?? null },
        metadata,
      ),
  }),
  importable({
    command: 'ConcludeNegotiation',
    route: 'POST /negotiations/:negotiationId/conclusion',
    body: ConcludeNegotiationDto,
    requires: N,
    streams: onNegotiation,
    message: (ids, body, metadata) => new ConcludeNegotiationCommand({ negotiationId: id(ids, 'negotiationId'), outcome: body.outcome, summary: nullable(body.summary) }, metadata),
  }),
  importable({
    command: 'RecordConfidentialNote',
    route: 'POST /negotiations/:negotiationId/confidential-notes',
    body: RecordConfidentialNoteDto,
    requires: N,
    streams: onNegotiation,
    message: (ids, body, metadata) =>
      new RecordConfidentialNoteCommand(
        {
          negotiationId: id(ids, 'negotiationId'),
          kind: body.kind,
          title: body.title,
          body: body.body,
          author: nullable(body.author),
          sessionId: nullable(body.sessionId),
          documents: documentRefs(body.documents),
        },
        metadata,
      ),
  }),
  importable({
    command: 'RecordCorrection',
    route: 'POST /negotiations/:negotiationId/corrections',
    body: RecordCorrectionDto,
    requires: N,
    streams: onNegotiation,
    message: (ids, body, metadata) =>
      new RecordCorrectionCommand(
        {
          negotiationId: id(ids, 'negotiationId'),
          correctedEventId: body.correctedEventId.toLowerCase(),
          reason: body.reason,
          correctedFields: JSON.parse(JSON.stringify(body.correctedFields)) as Record<string, unknown>,
        },
        metadata,
      ),
  }),
];
