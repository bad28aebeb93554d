import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type EventStore, handleCommand } from '#event-store';
import { EVENT_STORE } from '#platform';
import { calendarDay } from '#kernel';
import { informationRequestDecider as decider } from '../domain/decider.js';
import { informationRequestStream as stream } from '../domain/ids.js';
import { BargainingUnits } from './bargaining-units.js';
import {
  AcknowledgeInformationRequestCommand,
  AnswerClarificationCommand,
  CloseInformationRequestCommand,
  ExtendResponseDeadlineCommand,
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
    const { policy, calendar } = await this.policies.inEffectOn(command.data.unitId, calendarDay(command.metadata.occurredAt.at));
    return handleCommand(this.store, stream(command.data.requestId), decider, command.withResponsePolicy(policy, calendar), { newStream: true });
  }
}

@CommandHandler(AcknowledgeInformationRequestCommand)
export class AcknowledgeInformationRequestHandler implements ICommandHandler<AcknowledgeInformationRequestCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  execute(command: AcknowledgeInformationRequestCommand) {
    return handleCommand(this.store, stream(command.data.requestId), decider, command);
  }
}

@CommandHandler(RequestClarificationCommand)
export class RequestClarificationHandler implements ICommandHandler<RequestClarificationCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  execute(command: RequestClarificationCommand) {
    return handleCommand(this.store, stream(command.data.requestId), decider, command);
  }
}

@CommandHandler(AnswerClarificationCommand)
export class AnswerClarificationHandler implements ICommandHandler<AnswerClarificationCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  execute(command: AnswerClarificationCommand) {
    return handleCommand(this.store, stream(command.data.requestId), decider, command);
  }
}

@CommandHandler(ProduceInformationItemCommand)
export class ProduceInformationItemHandler implements ICommandHandler<ProduceInformationItemCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  execute(command: ProduceInformationItemCommand) {
    return handleCommand(this.store, stream(command.data.requestId), decider, command);
  }
}

@CommandHandler(ObjectToInformationItemCommand)
export class ObjectToInformationItemHandler implements ICommandHandler<ObjectToInformationItemCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  execute(command: ObjectToInformationItemCommand) {
    return handleCommand(this.store, stream(command.data.requestId), decider, command);
  }
}

@CommandHandler(ExtendResponseDeadlineCommand)
export class ExtendResponseDeadlineHandler implements ICommandHandler<ExtendResponseDeadlineCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  execute(command: ExtendResponseDeadlineCommand) {
    return handleCommand(this.store, stream(command.data.requestId), decider, command);
  }
}

@CommandHandler(WithdrawInformationRequestCommand)
export class WithdrawInformationRequestHandler implements ICommandHandler<WithdrawInformationRequestCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  execute(command: WithdrawInformationRequestCommand) {
    return handleCommand(this.store, stream(command.data.requestId), decider, command);
  }
}

@CommandHandler(CloseInformationRequestCommand)
export class CloseInformationRequestHandler implements ICommandHandler<CloseInformationRequestCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  execute(command: CloseInformationRequestCommand) {
    return handleCommand(this.store, stream(command.data.requestId), decider, command);
  }
}

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
  ExtendResponseDeadlineHandler,
  WithdrawInformationRequestHandler,
  CloseInformationRequestHandler,
  SetInformationRequestPolicyHandler,
];
