import type { CommandMetadata } from '#kernel';
import { type ImportIds, importable } from '#platform';
import { informationRequestStream } from '../domain/ids.js';
import { unitStream } from '#bargaining';
import {
  AcknowledgeInformationRequestCommand,
  AnswerClarificationCommand,
  CancelInformationRequestMeetingCommand,
  CloseInformationRequestCommand,
  ExplainInformationItemCommand,
  ExtendResponseDeadlineCommand,
  HoldInformationRequestMeetingCommand,
  ObjectToInformationItemCommand,
  ProduceInformationItemCommand,
  ReceiveInformationRequestCommand,
  RequestClarificationCommand,
  WithdrawInformationRequestCommand,
} from './commands.js';
import {
  AcknowledgeInformationRequestDto,
  AnswerClarificationDto,
  CancelInformationRequestMeetingDto,
  CloseInformationRequestDto,
  ExplainInformationItemDto,
  ExtendResponseDeadlineDto,
  HoldInformationRequestMeetingDto,
  ObjectToInformationItemDto,
  ProduceInformationItemDto,
  ReceiveInformationRequestDto,
  RequestClarificationDto,
  WithdrawInformationRequestDto,
} from './dto/requests.dto.js';

/*
 * What each information-request route sends on the CommandBus for its body
 * (INFORMATION_REQUEST_MESSAGES: the controller builds its commands here), and the commands a
 * historic import may carry (see #platform's ImportableCommand): the body its route validates and
 * the same message.
 */

const nullable = <T>(value: T | null | undefined): T | null => value ?? null;
const requestOf = (ids: ImportIds): string => ids['requestId']!;
const onRequest = (ids: ImportIds) => [informationRequestStream(requestOf(ids))];
const R = ['requestId'] as const;
const ITEM = { requires: ['requestId', 'itemNumber'], numbers: ['itemNumber'] } as const;

export const INFORMATION_REQUEST_MESSAGES = {
  ReceiveInformationRequest: (ids: ImportIds, body: ReceiveInformationRequestDto, metadata: CommandMetadata) =>
    new ReceiveInformationRequestCommand(
      {
        requestId: requestOf(ids),
        unitId: body.unitId,
        from: { organization: body.from.organization, person: body.from.person },
        negotiationId: nullable(body.negotiationId),
        grievanceReference: nullable(body.grievanceReference),
        items: body.items.map(({ number, description }) => ({ number, description })),
        explicitDueOn: nullable(body.explicitDueOn),
      },
      metadata,
    ),
  AcknowledgeInformationRequest: (ids: ImportIds, _body: AcknowledgeInformationRequestDto, metadata: CommandMetadata) => new AcknowledgeInformationRequestCommand({ requestId: requestOf(ids) }, metadata),
  RequestClarification: (ids: ImportIds, body: RequestClarificationDto, metadata: CommandMetadata) => new RequestClarificationCommand({ requestId: requestOf(ids), itemNumbers: body.itemNumbers ?? [], question: body.question }, metadata),
  AnswerClarification: (ids: ImportIds, body: AnswerClarificationDto, metadata: CommandMetadata) => new AnswerClarificationCommand({ requestId: requestOf(ids), clarificationNumber: Number(ids['clarificationNumber']), answer: body.answer }, metadata),
  ProduceInformationItem: (ids: ImportIds, body: ProduceInformationItemDto, metadata: CommandMetadata) =>
    new ProduceInformationItemCommand(
      {
        requestId: requestOf(ids),
        itemNumber: Number(ids['itemNumber']),
        documents: body.documents.map(({ name, sha256 }) => ({ name, sha256 })),
        summary: nullable(body.summary),
        completeness: body.completeness,
      },
      metadata,
    ),
  ObjectToInformationItem: (ids: ImportIds, body: ObjectToInformationItemDto, metadata: CommandMetadata) =>
    new ObjectToInformationItemCommand(
      {
        requestId: requestOf(ids),
        itemNumber: Number(ids['itemNumber']),
        grounds: [...body.grounds],
        explanation: body.explanation,
        accommodationOffered: body.accommodationOffered,
        accommodationDescription: nullable(body.accommodationDescription),
      },
      metadata,
    ),
  ExplainInformationItem: (ids: ImportIds, body: ExplainInformationItemDto, metadata: CommandMetadata) =>
    new ExplainInformationItemCommand(
      { requestId: requestOf(ids), itemNumber: Number(ids['itemNumber']), reason: body.reason, explanation: nullable(body.explanation), reference: nullable(body.reference) },
      metadata,
    ),
  ExtendResponseDeadline: (ids: ImportIds, body: ExtendResponseDeadlineDto, metadata: CommandMetadata) =>
    new ExtendResponseDeadlineCommand({ requestId: requestOf(ids), newDueOn: body.newDueOn, agreedByUnion: body.agreedByUnion, reason: body.reason }, metadata),
  HoldInformationRequestMeeting: (ids: ImportIds, body: HoldInformationRequestMeetingDto, metadata: CommandMetadata) =>
    new HoldInformationRequestMeetingCommand(
      {
        requestId: requestOf(ids),
        meetingId: ids['meetingId']!,
        attendees: body.attendees ? { employer: [...(body.attendees.employer ?? [])], union: [...(body.attendees.union ?? [])] } : null,
        itemNumbers: body.itemNumbers ?? [],
        discussed: nullable(body.discussed),
        outcome: nullable(body.outcome),
      },
      metadata,
    ),
  CancelInformationRequestMeeting: (ids: ImportIds, body: CancelInformationRequestMeetingDto, metadata: CommandMetadata) =>
    new CancelInformationRequestMeetingCommand(
      { requestId: requestOf(ids), meetingId: ids['meetingId']!, scheduledFor: body.scheduledFor, cancelledBy: body.cancelledBy, reason: nullable(body.reason) },
      metadata,
    ),
  WithdrawInformationRequest: (ids: ImportIds, body: WithdrawInformationRequestDto, metadata: CommandMetadata) => new WithdrawInformationRequestCommand({ requestId: requestOf(ids), reason: nullable(body.reason) }, metadata),
  CloseInformationRequest: (ids: ImportIds, body: CloseInformationRequestDto, metadata: CommandMetadata) => new CloseInformationRequestCommand({ requestId: requestOf(ids), disposition: body.disposition, note: nullable(body.note) }, metadata),
};

export const INFORMATION_REQUEST_IMPORTABLE_COMMANDS = [
  importable({
    command: 'ReceiveInformationRequest',
    route: 'POST /information-requests',
    body: ReceiveInformationRequestDto,
    requires: [],
    creates: 'requestId',
    // The unit is read to decide it: after the fact that registers it.
    streams: (ids, body) => [...onRequest(ids), unitStream(body.unitId)],
    message: INFORMATION_REQUEST_MESSAGES.ReceiveInformationRequest,
  }),
  importable({
    command: 'AcknowledgeInformationRequest',
    route: 'POST /information-requests/:requestId/acknowledgments',
    body: AcknowledgeInformationRequestDto,
    requires: R,
    streams: onRequest,
    message: INFORMATION_REQUEST_MESSAGES.AcknowledgeInformationRequest,
  }),
  importable({
    command: 'RequestClarification',
    route: 'POST /information-requests/:requestId/clarifications',
    body: RequestClarificationDto,
    requires: R,
    streams: onRequest,
    message: INFORMATION_REQUEST_MESSAGES.RequestClarification,
  }),
  importable({
    command: 'AnswerClarification',
    route: 'POST /information-requests/:requestId/clarifications/:clarificationNumber/answers',
    body: AnswerClarificationDto,
    requires: ['requestId', 'clarificationNumber'],
    numbers: ['clarificationNumber'],
    streams: onRequest,
    message: INFORMATION_REQUEST_MESSAGES.AnswerClarification,
  }),
  importable({
    command: 'ProduceInformationItem',
    route: 'POST /information-requests/:requestId/items/:itemNumber/productions',
    body: ProduceInformationItemDto,
    ...ITEM,
    streams: onRequest,
    message: INFORMATION_REQUEST_MESSAGES.ProduceInformationItem,
  }),
  importable({
    command: 'ObjectToInformationItem',
    route: 'POST /information-requests/:requestId/items/:itemNumber/objections',
    body: ObjectToInformationItemDto,
    ...ITEM,
    streams: onRequest,
    message: INFORMATION_REQUEST_MESSAGES.ObjectToInformationItem,
  }),
  importable({
    command: 'ExplainInformationItem',
    route: 'POST /information-requests/:requestId/items/:itemNumber/explanations',
    body: ExplainInformationItemDto,
    ...ITEM,
    streams: onRequest,
    message: INFORMATION_REQUEST_MESSAGES.ExplainInformationItem,
  }),
  importable({
    command: 'ExtendResponseDeadline',
    route: 'POST /information-requests/:requestId/deadline-extensions',
    body: ExtendResponseDeadlineDto,
    requires: R,
    streams: onRequest,
    message: INFORMATION_REQUEST_MESSAGES.ExtendResponseDeadline,
  }),
  importable({
    command: 'HoldInformationRequestMeeting',
    route: 'POST /information-requests/:requestId/meetings',
    body: HoldInformationRequestMeetingDto,
    requires: R,
    creates: 'meetingId',
    streams: onRequest,
    message: INFORMATION_REQUEST_MESSAGES.HoldInformationRequestMeeting,
  }),
  importable({
    command: 'CancelInformationRequestMeeting',
    route: 'POST /information-requests/:requestId/cancelled-meetings',
    body: CancelInformationRequestMeetingDto,
    requires: R,
    creates: 'meetingId',
    streams: onRequest,
    message: INFORMATION_REQUEST_MESSAGES.CancelInformationRequestMeeting,
  }),
  importable({
    command: 'WithdrawInformationRequest',
    route: 'POST /information-requests/:requestId/withdrawal',
    body: WithdrawInformationRequestDto,
    requires: R,
    streams: onRequest,
    message: INFORMATION_REQUEST_MESSAGES.WithdrawInformationRequest,
  }),
  importable({
    command: 'CloseInformationRequest',
    route: 'POST /information-requests/:requestId/closure',
    body: CloseInformationRequestDto,
    requires: R,
    streams: onRequest,
    message: INFORMATION_REQUEST_MESSAGES.CloseInformationRequest,
  }),
];
