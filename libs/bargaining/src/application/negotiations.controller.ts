import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { AccessCtx, type AccessContext } from '#access';
import { CLOCK, type Clock, CommandCtx, type CommandContext, OperationId } from '#platform';
import { calendarDay } from '#kernel';
import {
  AsOfQuery,
  EventParams,
  EventsQuery,
  MAX_EVENTS_PAGE,
  NegotiationParams,
  NoteParams,
  OpenNegotiationDto,
  RecordConfidentialNoteDto,
  RecordCorrectionDto,
} from './dto/requests.dto.js';
import {
  ConfidentialNoteListView,
  ConfidentialNoteView,
  NegotiationEventRecordView,
  NegotiationEventsPageView,
  NegotiationFactRecordedView,
  NegotiationView,
} from './dto/responses.dto.js';
import { confidentialNoteNotFound, eventNotFound } from './errors.js';
import { ReadsRecord, RecordsFact } from './openapi.js';
import { BargainingRecords, shownIn, withheldFrom } from './records.js';
import { NegotiationFactController, knownNegotiation, metadataOf, newId } from './support.js';
import { confidentialNoteViews, correctionsByEvent, eventRecordView, negotiationView } from './views.js';
import { BARGAINING_MESSAGES } from './importable.js';

const NEGOTIATION_RESOURCE = 'GET /negotiations/:negotiationId';
const EVENTS_RESOURCE = 'GET /negotiations/:negotiationId/events';
const EVENT_RESOURCE = 'GET /negotiations/:negotiationId/events/:eventId';
const NOTES_RESOURCE = 'GET /negotiations/:negotiationId/confidential-notes';
const NOTE_RESOURCE = 'GET /negotiations/:negotiationId/confidential-notes/:noteId';
const NOTE_RECORDS: ReadonlySet<string> = new Set(['ConfidentialNoteRecorded']);

/** The index of the first of ascending `revisions` at or after `from` (their length when none is). */
function firstAtOrAfter(revisions: readonly number[], from: number): number {
  let low = 0;
  let high = revisions.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (revisions[mid]! < from) low = mid + 1;
    else high = mid;
  }
  return low;
}

@ApiTags('negotiations')
@Controller('negotiations')
export class NegotiationsController extends NegotiationFactController {
  constructor(
    @Inject(CommandBus) commands: CommandBus,
    @Inject(BargainingRecords) private readonly records: BargainingRecords,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super(commands);
  }

  @Post()
  @OperationId('openNegotiation')
  @RecordsFact(
    'Open a negotiation for a registered unit',
    'The server gives the negotiation its id; the unit is resolved by id (404 UNIT_NOT_REGISTERED) and its statute and expiring term are copied. With demandId, the negotiation is opened on that demand to bargain (404 DEMAND_NOT_RECORDED, 422 DEMAND_OF_ANOTHER_UNIT) and the demand records it.',
  )
  open(@Body() body: OpenNegotiationDto, @CommandCtx() ctx: CommandContext): Promise<NegotiationFactRecordedView> {
    const negotiationId = newId(ctx, 'negotiation');
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.OpenNegotiation({ negotiationId }, body, metadataOf(ctx, body)),
    );
  }

  @Get(':negotiationId')
  @OperationId('getNegotiation')
  @ReadsRecord(
    'The negotiation as it stands: folded from its stream, with the table summary',
    NegotiationView,
    'Folded from the events the caller may see. daysAtTable counts to asOf (default today).',
  )
  async get(@Param() params: NegotiationParams, @Query() query: AsOfQuery, @AccessCtx() access: AccessContext): Promise<NegotiationView> {
    const record = await this.records.negotiation(params.negotiationId, access);
    // Logged: the visible events whose content the folded state carries (a correction's reason); a note adds only a count and a costing nothing.
    await this.records.logReads(record, record.logged, access, NEGOTIATION_RESOURCE);
    return negotiationView(params.negotiationId, record, query.asOf ?? calendarDay(this.clock.now().toISOString()));
  }

  @Get(':negotiationId/events')
  @OperationId('negotiationEvents')
  @ReadsRecord(
    "The negotiation's stream: every record the caller may see, with business and system time, actor, classification and hash",
    NegotiationEventsPageView,
    'In recording order. Records above the caller\'s clearance are left out (their revisions are absent).',
  )
  async events(@Param() params: NegotiationParams, @Query() query: EventsQuery, @AccessCtx() access: AccessContext): Promise<NegotiationEventsPageView> {
    const record = await this.records.negotiation(params.negotiationId, access);
    const corrections = correctionsByEvent(record.held);
    const from = query.fromRevision ?? 0;
    const limit = query.limit ?? MAX_EVENTS_PAGE;
    const first = firstAtOrAfter(record.visible, from);
    const more = record.visible.length - first > limit;
    const shown = await this.records.eventsAt(record, record.visible.slice(first, first + limit), access);
    const withheldForPurpose = withheldFrom(record, null);
    // The records of this page, not the whole screened stream (correctedBy names ids only).
    await this.records.logReads(record, shown, access, EVENTS_RESOURCE);
    return {
      negotiationId: params.negotiationId,
      events: shown.map((event) => eventRecordView(event, (corrections.get(event.eventId) ?? []).map((c) => c.eventId), query.canonical === 'true')),
      nextFromRevision: more ? shown.at(-1)!.revision + 1 : null,
      withheldForPurpose,
    };
  }

  @Get(':negotiationId/events/:eventId')
  @OperationId('negotiationEvent')
  @ReadsRecord('One record of the negotiation, by eventId', NegotiationEventRecordView, '404 EVENT_NOT_FOUND when absent or above the caller\'s clearance.')
  async event(@Param() params: EventParams, @AccessCtx() access: AccessContext): Promise<NegotiationEventRecordView> {
    const eventId = params.eventId.toLowerCase();
    const record = await this.records.negotiation(params.negotiationId, access);
    const event = await this.records.readableEvent(record, eventId, access, EVENT_RESOURCE, () => eventNotFound(eventId));
    const correctedBy = (correctionsByEvent(record.held).get(event.eventId) ?? []).map((c) => c.eventId);
    return eventRecordView(event, correctedBy, true);
  }

  @Post(':negotiationId/corrections')
  @OperationId('correctFact')
  @RecordsFact(
    'Correct a recorded fact: names the corrected event and why; the original stays in every history',
    'The corrected event is found by id in this negotiation (404 CORRECTED_EVENT_NOT_FOUND, also when above the caller\'s clearance). ' +
      'correctedFields may set its data fields or occurredAt (422 CORRECTED_FIELD_UNKNOWN). The correction is classified as the record it corrects. ' +
      'The only write a concluded negotiation accepts.',
  )
  correct(@Param() params: NegotiationParams, @Body() body: RecordCorrectionDto, @CommandCtx() ctx: CommandContext): Promise<NegotiationFactRecordedView> {
    const negotiationId = knownNegotiation(params.negotiationId);
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.RecordCorrection({ negotiationId }, body, metadataOf(ctx, body)),
    );
  }

  @Post(':negotiationId/confidential-notes')
  @OperationId('recordConfidentialNote')
  @RecordsFact(
    'Record a confidential note: strategy, closed-session briefing, costing workbook, or legal advice',
    'Classified confidential (legal advice: privileged, readable only by legal counsel and records officers). The response names the note by noteId.',
  )
  recordNote(@Param() params: NegotiationParams, @Body() body: RecordConfidentialNoteDto, @CommandCtx() ctx: CommandContext): Promise<NegotiationFactRecordedView> {
    const negotiationId = knownNegotiation(params.negotiationId);
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.RecordConfidentialNote({ negotiationId }, body, metadataOf(ctx, body)),
    );
  }

  @Get(':negotiationId/confidential-notes')
  @OperationId('confidentialNotes')
  @ReadsRecord('The confidential notes the caller may see', ConfidentialNoteListView, 'Analysts see none; negotiators and admins no privileged ones.')
  async notes(@Param() params: NegotiationParams, @AccessCtx() access: AccessContext): Promise<ConfidentialNoteListView> {
    const record = await this.records.negotiation(params.negotiationId, access);
    const notes = confidentialNoteViews(record.held);
    const withheldForPurpose = withheldFrom(record, NOTE_RECORDS);
    await this.records.logReads(record, shownIn(record, notes.flatMap((note) => [note.noteId, ...note.corrections.map((c) => c.eventId)])), access, NOTES_RESOURCE);
    return { negotiationId: params.negotiationId, notes, withheldForPurpose };
  }

  @Get(':negotiationId/confidential-notes/:noteId')
  @OperationId('confidentialNote')
  @ReadsRecord('One confidential note, by noteId', ConfidentialNoteView, '404 CONFIDENTIAL_NOTE_NOT_FOUND when absent or above the caller\'s clearance.')
  async note(@Param() params: NoteParams, @AccessCtx() access: AccessContext): Promise<ConfidentialNoteView> {
    const noteId = params.noteId.toLowerCase();
    const record = await this.records.negotiation(params.negotiationId, access);
    await this.records.readableEvent(record, noteId, access, NOTE_RESOURCE, () => confidentialNoteNotFound(params.noteId), (stored) => stored.type === 'ConfidentialNoteRecorded');
    const note = confidentialNoteViews(record.held).find((candidate) => candidate.noteId === noteId);
    if (!note) throw confidentialNoteNotFound(params.noteId);
    // The note itself is logged by assertReadable; its corrections shown beside it are reads too.
    await this.records.logReads(record, shownIn(record, note.corrections.map((c) => c.eventId)), access, NOTE_RESOURCE);
    return note;
  }
}
