import type { Decider } from '#kernel';
import { classifyNegotiationEvent } from './classify.js';
import type { NegotiationCommand } from './commands.js';
import { decideNegotiation } from './decide.js';
import type { NegotiationEvent } from './events.js';
import { type NegotiationState, evolveNegotiation, initialNegotiationState } from './state.js';
import { negotiationWarnings } from './warnings.js';

export const negotiationDecider: Decider<NegotiationCommand, NegotiationEvent, NegotiationState> = {
  decide: decideNegotiation,
  evolve: evolveNegotiation,
  initialState: initialNegotiationState,
  classify: classifyNegotiationEvent,
  warnings: negotiationWarnings,
};
