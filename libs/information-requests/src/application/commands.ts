import type { Handled } from '#event-store';
import { commandMessages } from '#platform';
import type {
  InformationRequestCommand,
  AcknowledgeInformationRequest,
  AnswerClarification,
  CancelInformationRequestMeeting,
  CloseInformationRequest,
  ExplainInformationItem,
  ExtendResponseDeadline,
  HoldInformationRequestMeeting,
  ObjectToInformationItem,
  ProduceInformationItem,
  ReceiveInformationRequest,
  RequestClarification,
  WithdrawInformationRequest,
} from '../domain/commands.js';
import type { BusinessCalendar, ResponsePolicy } from '../domain/due-dates.js';
import type { InformationRequest } from '../domain/state.js';
import type { InformationRequestPolicyState, SetInformationRequestPolicy } from './response-policy/response-policy.js';

/*
 * The CommandBus messages (#platform commandMessages): each class implements its plain domain
 * command type, so handlers pass it to the decider as it is.
 */

export type InformationRequestHandled = Handled<InformationRequest>;

const informationRequestCommand = commandMessages<InformationRequestCommand, InformationRequestHandled>();
const policyCommand = commandMessages<SetInformationRequestPolicy, Handled<InformationRequestPolicyState>>();

export class ReceiveInformationRequestCommand extends informationRequestCommand('ReceiveInformationRequest') implements ReceiveInformationRequest {
  /** The same command with the unit's response policy and calendar, as the handler resolved them. */
  withResponsePolicy(responsePolicy: ResponsePolicy, calendar: BusinessCalendar): ReceiveInformationRequestCommand {
    return new ReceiveInformationRequestCommand({ ...this.data, responsePolicy, calendar }, this.metadata);
  }
}

export class AcknowledgeInformationRequestCommand extends informationRequestCommand('AcknowledgeInformationRequest') implements AcknowledgeInformationRequest {}

export class RequestClarificationCommand extends informationRequestCommand('RequestClarification') implements RequestClarification {}

export class AnswerClarificationCommand extends informationRequestCommand('AnswerClarification') implements AnswerClarification {}

export class ProduceInformationItemCommand extends informationRequestCommand('ProduceInformationItem') implements ProduceInformationItem {}

export class ObjectToInformationItemCommand extends informationRequestCommand('ObjectToInformationItem') implements ObjectToInformationItem {}

export class ExplainInformationItemCommand extends informationRequestCommand('ExplainInformationItem') implements ExplainInformationItem {}

export class ExtendResponseDeadlineCommand extends informationRequestCommand('ExtendResponseDeadline') implements ExtendResponseDeadline {}

export class HoldInformationRequestMeetingCommand extends informationRequestCommand('HoldInformationRequestMeeting') implements HoldInformationRequestMeeting {}

export class CancelInformationRequestMeetingCommand extends informationRequestCommand('CancelInformationRequestMeeting') implements CancelInformationRequestMeeting {}

export class WithdrawInformationRequestCommand extends informationRequestCommand('WithdrawInformationRequest') implements WithdrawInformationRequest {}

export class CloseInformationRequestCommand extends informationRequestCommand('CloseInformationRequest') implements CloseInformationRequest {}

export class SetInformationRequestPolicyCommand extends policyCommand('SetInformationRequestPolicy') implements SetInformationRequestPolicy {}
