// The information-requests context: public API. The domain is pure (imports only #kernel).
export {
  type InformationRequestId,
  INFORMATION_REQUEST_STREAM_CATEGORY,
  informationRequestStream,
  isInformationRequestId,
  assertInformationRequestId,
} from './domain/ids.js';
export { InformationRequestErrorCode } from './domain/errors.js';
export {
  type IsoDate,
  type ResponsePolicy,
  type BusinessCalendar,
  type ComputedDueDate,
  DEFAULT_RESPONSE_POLICY,
  WEEKENDS_ONLY,
  MAX_POLICY_DAYS,
  computeDueDate,
  businessDaysBetween,
  isBusinessDay,
  isHoliday,
  isWeekend,
  isIsoDate,
  nextBusinessDayOnOrAfter,
  addCalendarDays,
  assertResponsePolicy,
  assertBusinessCalendar,
} from './domain/due-dates.js';
export * from './domain/events.js';
export * from './domain/commands.js';
export {
  type InformationRequest,
  type ReceivedInformationRequest,
  type RequestRecord,
  type RequestItem,
  type Production,
  type Objection,
  type Explanation,
  type Clarification,
  type DeadlineExtension,
  type RequestMeeting,
  meetingRecordedOn,
  type Withdrawal,
  type Closure,
  initialInformationRequest,
  foldInformationRequest,
  evolve as evolveInformationRequest,
  dueOnAsOf,
  currentDueOn,
} from './domain/state.js';
export { decide as decideInformationRequest } from './domain/decide.js';
export {
  InformationRequestWarningCode,
  warnings as informationRequestWarnings,
} from './domain/warnings.js';
export { type LateObjectionReason, LATE_OBJECTION_REASONS, GROUNDS_CALLING_FOR_ACCOMMODATION } from './domain/rules.js';
export {
  type ItemStatus,
  type ItemClock,
  type LateObjection,
  type InformationRequestClocks,
  ITEM_STATUSES,
  informationRequestClocks,
  informationRequestOverdue,
} from './domain/clocks.js';
export { INFORMATION_REQUEST_CLASSIFICATION, informationRequestDecider } from './domain/decider.js';

// The application layer: HTTP routes, CommandBus commands and handlers, the per-unit response policy.
export { InformationRequestsModule } from './application/information-requests.module.js';
export {
  AcknowledgeInformationRequestCommand,
  AnswerClarificationCommand,
  CloseInformationRequestCommand,
  ExplainInformationItemCommand,
  ExtendResponseDeadlineCommand,
  ObjectToInformationItemCommand,
  ProduceInformationItemCommand,
  ReceiveInformationRequestCommand,
  RequestClarificationCommand,
  SetInformationRequestPolicyCommand,
  WithdrawInformationRequestCommand,
  type InformationRequestHandled,
} from './application/commands.js';
export { InformationRequestApplicationErrorCode } from './application/errors.js';
export {
  type InformationRequestPolicySet,
  type InformationRequestPolicyEvent,
  type SetInformationRequestPolicy,
  type InformationRequestPolicyCommand,
  type InformationRequestPolicyState,
  type PolicyInEffect,
  type PolicyVersion,
  INFORMATION_REQUEST_POLICY_STREAM_CATEGORY,
  DEFAULT_POLICY_IN_EFFECT,
  asInformationRequestPolicyEvent,
  informationRequestPolicyDecider,
  informationRequestPolicyStream,
  policyInEffectOn,
} from './application/response-policy/response-policy.js';

// The read models: the register projection and its query side (GET /information-request-register), overdue counts per unit.
export * from './read-models/index.js';
export { INFORMATION_REQUEST_IMPORTABLE_COMMANDS } from './application/importable.js';
