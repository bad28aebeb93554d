import { Command as NestCommand } from '@nestjs/cqrs';
import type { Handled } from '#event-store';
import type { CommandMetadata } from '#kernel';
import type {
  AcknowledgeInformationRequest,
  AnswerClarification,
  CloseInformationRequest,
  ExtendResponseDeadline,
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
 * The CommandBus messages: each class implements its plain domain command type, so handlers pass
 * it to the decider as it is.
 */

export type InformationRequestHandled = Handled<InformationRequest>;

export class ReceiveInformationRequestCommand extends NestCommand<InformationRequestHandled> implements ReceiveInformationRequest {
  readonly type = 'ReceiveInformationRequest' as const;
  constructor(readonly data: ReceiveInformationRequest['data'], readonly metadata: CommandMetadata) {
    super();
  }

  /** The same command with the unit's response policy and calendar, as the handler resolved them. */
  withResponsePolicy(responsePolicy: ResponsePolicy, calendar: BusinessCalendar): ReceiveInformationRequestCommand {
    return new ReceiveInformationRequestCommand({ ...this.data, responsePolicy, calendar }, this.metadata);
  }
}

export class AcknowledgeInformationRequestCommand extends NestCommand<InformationRequestHandled> implements AcknowledgeInformationRequest {
  readonly type = 'AcknowledgeInformationRequest' as const;
  constructor(readonly data: AcknowledgeInformationRequest['data'], readonly metadata: CommandMetadata) {
    super();
  }
}

export class RequestClarificationCommand extends NestCommand<InformationRequestHandled> implements RequestClarification {
  readonly type = 'RequestClarification' as const;
  constructor(readonly data: RequestClarification['data'], readonly metadata: CommandMetadata) {
    super();
  }
}

export class AnswerClarificationCommand extends NestCommand<InformationRequestHandled> implements AnswerClarification {
  readonly type = 'AnswerClarification' as const;
  constructor(readonly data: AnswerClarification['data'], readonly metadata: CommandMetadata) {
    super();
  }
}

export class ProduceInformationItemCommand extends NestCommand<InformationRequestHandled> implements ProduceInformationItem {
  readonly type = 'ProduceInformationItem' as const;
  constructor(readonly data: ProduceInformationItem['data'], readonly metadata: CommandMetadata) {
    super();
  }
}

export class ObjectToInformationItemCommand extends NestCommand<InformationRequestHandled> implements ObjectToInformationItem {
  readonly type = 'ObjectToInformationItem' as const;
  constructor(readonly data: ObjectToInformationItem['data'], readonly metadata: CommandMetadata) {
    super();
  }
}

export class ExtendResponseDeadlineCommand extends NestCommand<InformationRequestHandled> implements ExtendResponseDeadline {
  readonly type = 'ExtendResponseDeadline' as const;
  constructor(readonly data: ExtendResponseDeadline['data'], readonly metadata: CommandMetadata) {
    super();
  }
}

export class WithdrawInformationRequestCommand extends NestCommand<InformationRequestHandled> implements WithdrawInformationRequest {
  readonly type = 'WithdrawInformationRequest' as const;
  constructor(readonly data: WithdrawInformationRequest['data'], readonly metadata: CommandMetadata) {
    super();
  }
}

export class CloseInformationRequestCommand extends NestCommand<InformationRequestHandled> implements CloseInformationRequest {
  readonly type = 'CloseInformationRequest' as const;
  constructor(readonly data: CloseInformationRequest['data'], readonly metadata: CommandMetadata) {
    super();
  }
}

export class SetInformationRequestPolicyCommand extends NestCommand<Handled<InformationRequestPolicyState>> implements SetInformationRequestPolicy {
  readonly type = 'SetInformationRequestPolicy' as const;
  constructor(readonly data: SetInformationRequestPolicy['data'], readonly metadata: CommandMetadata) {
    super();
  }
}
