import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type EventStore, handleCommand } from '#event-store';
import { EVENT_STORE, recordingHandler } from '#platform';
import { businessDayOf } from '#kernel';
import type { InformationRequestCommand } from '../domain/commands.js';
import { informationRequestDecider as decider } from '../domain/decider.js';
import { informationRequestStream as stream } from '../domain/ids.js';
import { BargainingUnits } from './bargaining-units.js';
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
  SetInformationRequestPolicyCommand,
  WithdrawInformationRequestCommand,
} from './commands.js';
import { ResponsePolicies } from './response-policy/response-policies.js';
import { informationRequestPolicyDecider, informationRequestPolicyStream } from './response-policy/response-policy.js';

/**
 * Receipt resolves what the decider needs from outside its stream: the unit must exist, and the
 * policy and calendar in effect on the day of receipt set the due date (an explicit due date in the
 * command overrides them; decide records which).
 */
@CommandHandler(ReceiveInformationRequestCommand)
export class ReceiveInformationRequestHandler implements ICommandHandler<ReceiveInformationRequestCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(BargainingUnits) private readonly units: BargainingUnits,
    @Inject(ResponsePolicies) private readonly policies: ResponsePolicies,
  ) {}

  async execute(command: ReceiveInformationRequestCommand) {
    await this.units.requireRegistered(command.data.unitId);
    const { policy, calendar } = await this.policies.inEffectOn(command.data.unitId, businessDayOf(command.metadata.occurredAt));
    return handleCommand(this.store, stream(command.data.requestId), decider, command.withResponsePolicy(policy, calendar), { newStream: true });
  }
}

/** Every other fact of a request: its stream, the decider, the command. */
const RecordRequestFact = recordingHandler((command: InformationRequestCommand) => stream(command.data.requestId), decider);

@CommandHandler(AcknowledgeInformationRequestCommand) export class AcknowledgeInformationRequestHandler extends RecordRequestFact<AcknowledgeInformationRequestCommand> {}
@CommandHandler(RequestClarificationCommand) export class RequestClarificationHandler extends RecordRequestFact<RequestClarificationCommand> {}
@CommandHandler(AnswerClarificationCommand) export class AnswerClarificationHandler extends RecordRequestFact<AnswerClarificationCommand> {}
@CommandHandler(ProduceInformationItemCommand) export class ProduceInformationItemHandler extends RecordRequestFact<ProduceInformationItemCommand> {}
@CommandHandler(ObjectToInformationItemCommand) export class ObjectToInformationItemHandler extends RecordRequestFact<ObjectToInformationItemCommand> {}
@CommandHandler(ExplainInformationItemCommand) export class ExplainInformationItemHandler extends RecordRequestFact<ExplainInformationItemCommand> {}
@CommandHandler(ExtendResponseDeadlineCommand) export class ExtendResponseDeadlineHandler extends RecordRequestFact<ExtendResponseDeadlineCommand> {}
@CommandHandler(HoldInformationRequestMeetingCommand) export class HoldInformationRequestMeetingHandler extends RecordRequestFact<HoldInformationRequestMeetingCommand> {}
@CommandHandler(CancelInformationRequestMeetingCommand) export class CancelInformationRequestMeetingHandler extends RecordRequestFact<CancelInformationRequestMeetingCommand> {}
@CommandHandler(WithdrawInformationRequestCommand) export class WithdrawInformationRequestHandler extends RecordRequestFact<WithdrawInformationRequestCommand> {}
@CommandHandler(CloseInformationRequestCommand) export class CloseInformationRequestHandler extends RecordRequestFact<CloseInformationRequestCommand> {}

@CommandHandler(SetInformationRequestPolicyCommand)
export class SetInformationRequestPolicyHandler implements ICommandHandler<SetInformationRequestPolicyCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(BargainingUnits) private readonly units: BargainingUnits,
  ) {}

  async execute(command: SetInformationRequestPolicyCommand) {
    await this.units.requireRegistered(command.data.unitId);
    return handleCommand(this.store, informationRequestPolicyStream(command.data.unitId), informationRequestPolicyDecider, command);
  }
}

export const INFORMATION_REQUEST_COMMAND_HANDLERS = [
  ReceiveInformationRequestHandler,
  AcknowledgeInformationRequestHandler,
  RequestClarificationHandler,
  AnswerClarificationHandler,
  ProduceInformationItemHandler,
  ObjectToInformationItemHandler,
  ExplainInformationItemHandler,
  ExtendResponseDeadlineHandler,
  HoldInformationRequestMeetingHandler,
  CancelInformationRequestMeetingHandler,
  WithdrawInformationRequestHandler,
  CloseInformationRequestHandler,
  SetInformationRequestPolicyHandler,
];
