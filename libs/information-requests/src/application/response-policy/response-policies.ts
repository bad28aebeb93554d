import { Inject, Injectable } from '@nestjs/common';
import { type EventStore, type RecordedEvent, currentState, readStreamOrEmpty } from '#event-store';
import { EVENT_STORE } from '#platform';
import { fold } from '#kernel';
import type { IsoDate } from '../../domain/due-dates.js';
import {
  type InformationRequestPolicyEvent,
  type InformationRequestPolicyState,
  type PolicyInEffect,
  informationRequestPolicyDecider as decider,
  informationRequestPolicyStream,
  policyInEffectOn,
} from './response-policy.js';

export interface RecordedPolicy {
  readonly state: InformationRequestPolicyState;
  /** The stored events, for the audit trail: who set which policy, when. */
  readonly events: readonly RecordedEvent[];
}

/** Reads a unit's response policy from its stream. */
@Injectable()
export class ResponsePolicies {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async recorded(unitId: string): Promise<RecordedPolicy> {
    const events = await readStreamOrEmpty(this.store, informationRequestPolicyStream(unitId));
    return { state: fold(decider.evolve, decider.initialState(), events as unknown as InformationRequestPolicyEvent[]), events };
  }

  /** From the folded policy the commands share, caught up with the store (one read of what is new). */
  async inEffectOn(unitId: string, day: IsoDate): Promise<PolicyInEffect> {
    const { state } = await currentState(this.store, informationRequestPolicyStream(unitId), decider.evolve, decider.initialState);
    return policyInEffectOn(state, day);
  }
}
