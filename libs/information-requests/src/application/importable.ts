import { type ImportIds, importable } from '#platform';
import { informationRequestStream } from '../domain/ids.js';
import { unitStream } from '#bargaining';
import {
  AcknowledgeInformationRequestCommand,
  AnswerClarificationCommand,
  CloseInformationRequestCommand,
  ExplainInformationItemCommand,
  ObjectToInformationItemCommand,
  ProduceInformationItemCommand,
  ReceiveInformationRequestCommand,
  RequestClarificationCommand,
  WithdrawInformationRequestCommand,
} from './commands.js';
import {
  AcknowledgeInformationRequestDto,
  AnswerClarificationDto,
  CloseInformationRequestDto,
  ExplainInformationItemDto,
  ObjectToInformationItemDto,
  ProduceInformationItemDto,
  ReceiveInformationRequestDto,
  RequestClarificationDto,
  WithdrawInformationRequestDto,
} from './dto/requests.dto.js';

/*
 * The information-request commands a historic import may carry (see #platform's ImportableCommand):
 * the body each route validates and the message its controller sends.
 */

const nullable = <T>(value: T | null | undefined): T | null => value ?? null;
const requestOf = (ids: ImportIds): string => ids['requestId']!;
const onRequest = (ids: ImportIds) => [informationRequestStream(requestOf(ids))];
const R = ['requestId'] as const;
const ITEM = { requires: ['requestId', 'itemNumber'], numbers: ['itemNumber'] } as const;

export const INFORMATION_REQUEST_IMPORTABLE_COMMANDS = [
  importable({
    command: 'ReceiveInformationRequest',
    route: 'POST /information-requests',
    body: ReceiveInformationRequestDto,
    requires: [],
    creates: 'requestId',
    // The unit is read to decide it: after the fact that registers it.
    streams: (ids, body) => [...onRequest(ids), unitStream(body.unitId)],
    message: (ids, body, metadata) =>
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
  }),
  importable({
    command: 'AcknowledgeInformationRequest',
    route: 'POST /information-requests/:requestId/acknowledgments',
    body: AcknowledgeInformationRequestDto,
    requires: R,
    streams: onRequest,
    message: (ids, _body, metadata) => new AcknowledgeInformationRequestCommand({ requestId: requestOf(ids) }, metadata),
  }),
  importable({
    command: 'RequestClarification',
    route: 'POST /information-requests/:requestId/clarifications',
    body: RequestClarificationDto,
    requires: R,
    streams: onRequest,
    message: (ids, body, metadata) => new RequestClarificationCommand({ requestId: requestOf(ids), itemNumbers: body.itemNumbers ?? [], question: body.question }, metadata),
  }),
  importable({
    command: 'AnswerClarification',
    route: 'POST /information-requests/:requestId/clarifications/:clarificationNumber/answers',
    body: AnswerClarificationDto,
    requires: ['requestId', 'clarificationNumber'],
    numbers: ['clarificationNumber'],
    streams: onRequest,
    message: (ids, body, metadata) => new AnswerClarificationCommand({ requestId: requestOf(ids), clarificationNumber: Number(ids['clarificationNumber']), answer: body.answer }, metadata),
  }),
  importable({
    command: 'ProduceInformationItem',
    route: 'POST /information-requests/:requestId/items/:itemNumber/productions',
    body: ProduceInformationItemDto,
    ...ITEM,
    streams: onRequest,
    message: (ids, body, metadata) =>
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
  }),
  importable({
    command: 'ObjectToInformationItem',
    route: 'POST /information-requests/:requestId/items/:itemNumber/objections',
    body: ObjectToInformationItemDto,
    ...ITEM,
    streams: onRequest,
    message: (ids, body, metadata) =>
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
  }),
  importable({
    command: 'ExplainInformationItem',
    route: 'POST /information-requests/:requestId/items/:itemNumber/explanations',
    body: ExplainInformationItemDto,
    ...ITEM,
    streams: onRequest,
    message: (ids, body, metadata) =>
      new ExplainInformationItemCommand(
        { requestId: requestOf(ids), itemNumber: Number(ids['itemNumber']), reason: body.reason, explanation: nullable(body.explanation), reference: nullable(body.reference) },
        metadata,
      ),
  }),
  importable({
    command: 'WithdrawInformationRequest',
    route: 'POST /information-requests/:requestId/withdrawal',
    body: WithdrawInformationRequestDto,
    requires: R,
    streams: onRequest,
    message: (ids, body, metadata) => new WithdrawInformationRequestCommand({ requestId: requestOf(ids), reason: nullable(body.reason) }, metadata),
  }),
  importable({
    command: 'CloseInformationRequest',
    route: 'POST /information-requests/:requestId/closure',
    body: CloseInformationRequestDto,
    requires: R,
    streams: onRequest,
    message: (ids, body, metadata) => new CloseInformationRequestCommand({ requestId: requestOf(ids), disposition: body.disposition, note: nullable(body.note) }, metadata),
  }),
];

