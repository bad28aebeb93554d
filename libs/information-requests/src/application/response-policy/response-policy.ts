import { type Command, type Decider, type Event, assertNever, assertOccurredNotInFuture, businessDayOf, ruleBroken } from '#kernel';
import {
  type BusinessCalendar,
  DEFAULT_RESPONSE_POLICY,
  type IsoDate,
  type ResponsePolicy,
  WEEKENDS_ONLY,
  assertBusinessCalendar,
  assertResponsePolicy,
} from '../../domain/due-dates.js';
import { INFORMATION_REQUEST_CLASSIFICATION } from '../../domain/decider.js';
import { InformationRequestApplicationErrorCode as E, assertUnitId } from '../errors.js';

/*
 * A unit's response policy for information requests, kept as events so that every change is
 * auditable and the policy that set a due date can be recovered for any day. Pure: imports only
 * #kernel and this context's domain (it could live in domain/; it sits here because only the
 * application layer resolves it).
 */

export const INFORMATION_REQUEST_POLICY_STREAM_CATEGORY = 'inforequestpolicy';

/** The one function that names a unit's policy stream: `inforequestpolicy-<unitId>`. */
export function informationRequestPolicyStream(unitId: string): string {
  assertUnitId(unitId);
  return `${INFORMATION_REQUEST_POLICY_STREAM_CATEGORY}-${unitId}`;
}

export type InformationRequestPolicySet = Event<'InformationRequestPolicySet', {
  unitId: string;
  policy: ResponsePolicy;
  /** The office's closed days besides weekends; sorted, without duplicates. */
  holidays: readonly IsoDate[];
  /** The business day of the command's occurredAt: requests received on or after it use this policy. */
  effectiveOn: IsoDate;
}>;

export type InformationRequestPolicyEvent = InformationRequestPolicySet;

/** The policy event a recorded one is, when its type is one; read models and other contexts read it through this, typed. */
export function asInformationRequestPolicyEvent(recorded: { readonly type: string; readonly data: Readonly<Record<string, unknown>> }): InformationRequestPolicyEvent | null {
  return recorded.type === 'InformationRequestPolicySet' ? ({ type: recorded.type, data: recorded.data } as unknown as InformationRequestPolicyEvent) : null;
}

export type SetInformationRequestPolicy = Command<'SetInformationRequestPolicy', {
  unitId: string;
  policy: ResponsePolicy;
  holidays: readonly IsoDate[];
}>;

export type InformationRequestPolicyCommand = SetInformationRequestPolicy;

export interface PolicyVersion {
  readonly policy: ResponsePolicy;
  readonly calendar: BusinessCalendar;
  readonly effectiveOn: IsoDate;
}

export interface InformationRequestPolicyState {
  readonly unitId: string | null;
  /** In the order recorded; a version recorded late may carry an earlier effectiveOn. */
  readonly versions: readonly PolicyVersion[];
}

export interface PolicyInEffect {
  readonly policy: ResponsePolicy;
  readonly calendar: BusinessCalendar;
  /** Null for the default. */
  readonly effectiveOn: IsoDate | null;
  readonly basis: 'unit-policy' | 'default';
}

export const DEFAULT_POLICY_IN_EFFECT: PolicyInEffect = Object.freeze({
  policy: DEFAULT_RESPONSE_POLICY,
  calendar: WEEKENDS_ONLY,
  effectiveOn: null,
  basis: 'default',
});

/** The version dated latest on or before the day (the later recorded on a tie), else the default. */
export function policyInEffectOn(state: InformationRequestPolicyState, day: IsoDate): PolicyInEffect {
  let found: PolicyVersion | null = null;
  for (const version of state.versions) {
    if (version.effectiveOn <= day && (found === null || version.effectiveOn >= found.effectiveOn)) found = version;
  }
  return found ? { ...found, basis: 'unit-policy' } : DEFAULT_POLICY_IN_EFFECT;
}

const samePolicy = (a: PolicyInEffect, policy: ResponsePolicy, holidays: readonly IsoDate[]) =>
  a.basis === 'unit-policy' &&
  a.policy.kind === policy.kind &&
  a.policy.days === policy.days &&
  a.calendar.holidays.length === holidays.length &&
  a.calendar.holidays.every((day, index) => day === holidays[index]);

function decide(command: InformationRequestPolicyCommand, state: InformationRequestPolicyState): InformationRequestPolicyEvent[] {
  assertOccurredNotInFuture(command.metadata);
  switch (command.type) {
    case 'SetInformationRequestPolicy': {
      const { unitId, policy } = command.data;
      assertUnitId(unitId);
      if (state.unitId !== null && state.unitId !== unitId) {
        throw ruleBroken(E.UNIT_ID_MISMATCH, `policy for unit ${unitId} decided on the policy stream of unit ${state.unitId}`);
      }
      assertResponsePolicy(policy);
      const calendar = { holidays: command.data.holidays };
      assertBusinessCalendar(calendar);
      const holidays = [...new Set(calendar.holidays)].sort();
      const effectiveOn = businessDayOf(command.metadata.occurredAt);
      // Setting the policy already in effect that day adds no fact.
      if (samePolicy(policyInEffectOn(state, effectiveOn), policy, holidays)) return [];
      return [{ type: 'InformationRequestPolicySet', data: { unitId, policy: { kind: policy.kind, days: policy.days }, holidays, effectiveOn } }];
    }
    default:
      return assertNever(command.type);
  }
}

function evolve(state: InformationRequestPolicyState, event: InformationRequestPolicyEvent): InformationRequestPolicyState {
  switch (event.type) {
    case 'InformationRequestPolicySet': {
      const { unitId, policy, holidays, effectiveOn } = event.data;
      return { unitId, versions: [...state.versions, { policy, calendar: { holidays }, effectiveOn }] };
    }
    default:
      return state;
  }
}

export const informationRequestPolicyDecider: Decider<InformationRequestPolicyCommand, InformationRequestPolicyEvent, InformationRequestPolicyState> = {
  decide,
  evolve,
  initialState: () => ({ unitId: null, versions: [] }),
  classify: () => INFORMATION_REQUEST_CLASSIFICATION,
};
