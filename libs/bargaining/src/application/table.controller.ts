import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { AccessCtx, type AccessContext } from '#access';
import { CommandCtx, type CommandContext, OperationId } from '#platform';
import {
  AdoptEmployerProposalDto,
  AgreeGroundRulesDto,
  CancelSessionDto,
  CountersignTentativeAgreementDto,
  HearPublicCommentDto,
  HoldSessionDto,
  InitialTentativeAgreementDto,
  MakeNewSubjectPublicDto,
  NegotiationParams,
  ProposalParams,
  ProposalsQuery,
  DEFAULT_PROPOSALS_PAGE,
  RejectPackageDto,
  SunshineInitialProposalDto,
  TableCounterproposalDto,
  TablePackageDto,
  TableProposalDto,
  TentativeAgreementParams,
  WithdrawProposalDto,
  WithdrawTentativeAgreementDto,
} from './dto/requests.dto.js';
import { type NegotiationFactRecordedView, ProposalListView, ProposalView } from './dto/responses.dto.js';
import { proposalNotFound } from './errors.js';
import { ReadsRecord, RecordsFact } from './openapi.js';
import { BargainingRecords, type ShownRecord, inRecordingOrder, shownIn, shownRecord, withheldFrom } from './records.js';
import {
  NegotiationFactController,
  knownNegotiation,
  knownProposal,
  knownTentativeAgreement,
  metadataOf,
  newId,
} from './support.js';
import { proposalViews } from './views.js';
import { BARGAINING_MESSAGES } from './importable.js';

const PROPOSALS_RESOURCE = 'GET /negotiations/:negotiationId/proposals';
const PROPOSAL_RESOURCE = 'GET /negotiations/:negotiationId/proposals/:proposalId';
/** What the list of proposals shows: the tablings and their costings (and corrections of them). */
const PROPOSAL_RECORDS: ReadonlySet<string> = new Set(['ProposalTabled', 'CounterproposalTabled', 'PackageTabled', 'ProposalCostingRecorded']);

/** Tablings read at once for the list. */
const TABLINGS_READ = 500;

/** The records whose content a proposal view carries: its tabling, its costing, its corrections. */
const proposalEventIds = (view: ProposalView): string[] => [view.eventId, ...(view.costing ? [view.costing.eventId] : []), ...view.corrections.map((c) => c.eventId)];

/** At the table: ground rules, sunshine, sessions, proposals and tentative agreements. */
@ApiTags('negotiations: at the table')
@Controller('negotiations')
export class NegotiationTableController extends NegotiationFactController {
  constructor(
    @Inject(CommandBus) commands: CommandBus,
    @Inject(BargainingRecords) private readonly records: BargainingRecords,
  ) {
    super(commands);
  }

  @Post(':negotiationId/ground-rules')
  @RecordsFact('Record the ground rules agreed, notably whether tentative agreements stay open until global agreement')
  agreeGroundRules(@Param() p: NegotiationParams, @Body() body: AgreeGroundRulesDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(negotiationId, BARGAINING_MESSAGES.AgreeGroundRules({ negotiationId }, body, metadataOf(ctx, body)));
  }

  // ---- sunshine (EERA, Gov. Code 3547) ----

  @Post(':negotiationId/sunshine/initial-proposals')
  @OperationId('presentInitialProposal')
  @RecordsFact("Record a side's initial proposal presented at a public meeting of the governing board (Gov. Code 3547(a))", 'Public record from the meeting.')
  sunshine(@Param() p: NegotiationParams, @Body() body: SunshineInitialProposalDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.SunshineInitialProposal({ negotiationId }, body, metadataOf(ctx, body)),
    );
  }

  @Post(':negotiationId/sunshine/public-comments')
  @RecordsFact('Record that the public was heard on the initial proposals (Gov. Code 3547(b))')
  hearPublicComment(@Param() p: NegotiationParams, @Body() body: HearPublicCommentDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(negotiationId, BARGAINING_MESSAGES.HearPublicComment({ negotiationId }, body, metadataOf(ctx, body)));
  }

  @Post(':negotiationId/sunshine/employer-adoption')
  @RecordsFact('Record that the employer adopted its initial proposal at an open meeting (Gov. Code 3547(c))')
  adoptEmployerProposal(@Param() p: NegotiationParams, @Body() body: AdoptEmployerProposalDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.AdoptEmployerProposal({ negotiationId }, body, metadataOf(ctx, body)),
    );
  }

  @Post(':negotiationId/sunshine/new-subjects')
  @RecordsFact('Record a new subject made public after the initial proposals (Gov. Code 3547(d): within 24 hours)')
  makeNewSubjectPublic(@Param() p: NegotiationParams, @Body() body: MakeNewSubjectPublicDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(negotiationId, BARGAINING_MESSAGES.MakeNewSubjectPublic({ negotiationId }, body, metadataOf(ctx, body)));
  }

  // ---- sessions ----

  @Post(':negotiationId/sessions')
  @RecordsFact(
    'Record a bargaining session held: date (occurredAt), place, who attended for each side, articles discussed',
    'The server gives the session its id. A session before the sunshine steps is recorded and flagged eera.session-before-sunshine (EERA).',
  )
  holdSession(@Param() p: NegotiationParams, @Body() body: HoldSessionDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    const sessionId = newId(ctx, 'session');
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.HoldSession({ negotiationId, sessionId }, body, metadataOf(ctx, body)),
      { sessionId },
    );
  }

  @Post(':negotiationId/cancelled-sessions')
  @RecordsFact('Record a session cancelled: who cancelled, when notice was given (occurredAt) and why', 'The server gives the session its id.')
  cancelSession(@Param() p: NegotiationParams, @Body() body: CancelSessionDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    const sessionId = newId(ctx, 'session');
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.CancelSession({ negotiationId, sessionId }, body, metadataOf(ctx, body)),
      { sessionId },
    );
  }

  // ---- proposals ----

  @Post(':negotiationId/proposals')
  @RecordsFact(
    'Record a proposal passed across the table, with full article text, documents and, confidentially, its costing',
    'The server gives the proposal its id. With costing, two events are stored: the proposal (internal) and ProposalCostingRecorded (confidential).',
  )
  tableProposal(@Param() p: NegotiationParams, @Body() body: TableProposalDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    const proposalId = newId(ctx, 'proposal');
    return this.record(negotiationId, BARGAINING_MESSAGES.TableProposal({ negotiationId, proposalId }, body, metadataOf(ctx, body)), { proposalId });
  }

  @Post(':negotiationId/counterproposals')
  @RecordsFact(
    "Record a counterproposal: a proposal answering a named proposal of the other side",
    '404 PROPOSAL_NOT_FOUND for a proposal unknown in this negotiation; 422 COUNTER_TO_OWN_PROPOSAL for the same side\'s own.',
  )
  tableCounterproposal(@Param() p: NegotiationParams, @Body() body: TableCounterproposalDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    const proposalId = newId(ctx, 'proposal');
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.TableCounterproposal({ negotiationId, proposalId }, body, metadataOf(ctx, body)),
      { proposalId },
    );
  }

  @Post(':negotiationId/packages')
  @RecordsFact('Record a package: a proposal over several articles, conditional or not', '422 PACKAGE_NEEDS_SEVERAL_ARTICLES for one article.')
  tablePackage(@Param() p: NegotiationParams, @Body() body: TablePackageDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    const proposalId = newId(ctx, 'proposal');
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.TablePackage({ negotiationId, proposalId }, body, metadataOf(ctx, body)),
      { proposalId },
    );
  }

  @Post(':negotiationId/packages/:proposalId/rejection')
  @RecordsFact('Record that the other side rejected a package; a conditional package returns its proposer to its prior positions')
  rejectPackage(@Param() p: ProposalParams, @Body() body: RejectPackageDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    const proposalId = knownProposal(p.proposalId);
    return this.record(negotiationId, BARGAINING_MESSAGES.RejectPackage({ negotiationId, proposalId }, body, metadataOf(ctx, body)));
  }

  @Post(':negotiationId/proposals/:proposalId/withdrawal')
  @RecordsFact('Record a proposal, counterproposal or package withdrawn; the response names the positions it returns to')
  withdrawProposal(@Param() p: ProposalParams, @Body() body: WithdrawProposalDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    const proposalId = knownProposal(p.proposalId);
    return this.record(negotiationId, BARGAINING_MESSAGES.WithdrawProposal({ negotiationId, proposalId }, body, metadataOf(ctx, body)));
  }

  @Get(':negotiationId/proposals')
  @ReadsRecord('Every proposal, counterproposal and package, with full text, status and corrections', ProposalListView, 'Costing appears only for callers who may read confidential records.')
  async proposals(@Param() p: NegotiationParams, @Query() query: ProposalsQuery, @AccessCtx() access: AccessContext): Promise<ProposalListView> {
    const record = await this.records.negotiation(p.negotiationId, access);
    const proposals: ProposalView[] = [];
    const shown = new Map<string, ShownRecord>();
    // A page: the tablings after the cursor (a stream revision), in recording order.
    const after = query.cursor === undefined ? -1 : Number(query.cursor);
    let start = 0;
    while (start < record.tablings.length && record.tablings[start]! <= after) start++;
    const page = record.tablings.slice(start, start + (query.limit ?? DEFAULT_PROPOSALS_PAGE));
    // The tablings a batch at a time: a long page's do not all sit in memory at once.
    for (let i = 0; i < page.length; i += TABLINGS_READ) {
      const tablings = await this.records.eventsAt(record, page.slice(i, i + TABLINGS_READ), access);
      const views = proposalViews(record.state, inRecordingOrder(tablings, record.held));
      proposals.push(...views);
      for (const event of shownIn(record, views.flatMap(proposalEventIds), tablings)) shown.set(event.eventId, shownRecord(event));
    }
    const withheldForPurpose = withheldFrom(record, PROPOSAL_RECORDS);
    await this.records.logReads(record, [...shown.values()].sort((a, b) => a.revision - b.revision), access, PROPOSALS_RESOURCE);
    const more = start + page.length < record.tablings.length;
    return { negotiationId: p.negotiationId, proposals, total: record.tablings.length, nextCursor: more ? String(page.at(-1)) : null, withheldForPurpose };
  }

  @Get(':negotiationId/proposals/:proposalId')
  @ReadsRecord('One proposal, by id', ProposalView, 'Costing appears only for callers who may read confidential records.')
  async proposal(@Param() p: ProposalParams, @AccessCtx() access: AccessContext): Promise<ProposalView> {
    const record = await this.records.negotiation(p.negotiationId, access);
    const tabled = await this.records.readableTabling(record, p.proposalId, access, PROPOSAL_RESOURCE, () => proposalNotFound(p.proposalId));
    // The first tabling of the id is visible (assertReadable let it through): the one the list shows for it.
    const found = proposalViews(record.state, inRecordingOrder([tabled], record.held)).find((view) => view.proposalId === p.proposalId);
    if (!found) throw proposalNotFound(p.proposalId);
    // The tabling itself is logged by assertReadable; the costing and corrections shown beside it are reads too.
    await this.records.logReads(record, shownIn(record, proposalEventIds(found).filter((id) => id !== found.eventId)), access, PROPOSAL_RESOURCE);
    return found;
  }

  // ---- tentative agreements ----

  @Post(':negotiationId/tentative-agreements')
  @RecordsFact('Record a tentative agreement initialed by one side: the agreed text, dated, with the signatory', 'The server gives the TA its id; it is complete when the other side initials it.')
  initialTentativeAgreement(@Param() p: NegotiationParams, @Body() body: InitialTentativeAgreementDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    const taId = newId(ctx, 'tentative-agreement');
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.InitialTentativeAgreement({ negotiationId, taId }, body, metadataOf(ctx, body)),
      { taId },
    );
  }

  @Post(':negotiationId/tentative-agreements/:taId/initials')
  @RecordsFact(
    "Record the other side's initial on a tentative agreement, completing it",
    '404 TENTATIVE_AGREEMENT_NOT_FOUND; 422 TA_ALREADY_SIGNED_BY_SIDE for a second initial by the same side, TA_TEXT_MISMATCH for other text, TA_WITHDRAWN.',
  )
  countersignTentativeAgreement(@Param() p: TentativeAgreementParams, @Body() body: CountersignTentativeAgreementDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    const taId = knownTentativeAgreement(p.taId);
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.CountersignTentativeAgreement({ negotiationId, taId }, body, metadataOf(ctx, body)),
    );
  }

  @Post(':negotiationId/tentative-agreements/:taId/withdrawal')
  @RecordsFact(
    'Record a tentative agreement withdrawn',
    'Lawful under "nothing is agreed until everything is agreed"; under ground rules that close TAs it is recorded and flagged TA_WITHDRAWN_UNDER_CLOSED_RULES.',
  )
  withdrawTentativeAgreement(@Param() p: TentativeAgreementParams, @Body() body: WithdrawTentativeAgreementDto, @CommandCtx() ctx: CommandContext): Promise<NegotiationFactRecordedView> {
    const negotiationId = knownNegotiation(p.negotiationId);
    const taId = knownTentativeAgreement(p.taId);
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.WithdrawTentativeAgreement({ negotiationId, taId }, body, metadataOf(ctx, body)),
    );
  }
}
