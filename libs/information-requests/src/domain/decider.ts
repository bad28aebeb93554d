import type { ClassificationMark, Decider } from '#kernel';
import type { InformationRequestCommand } from './commands.js';
import { decide } from './decide.js';
import type { InformationRequestEvent } from './events.js';
import { type InformationRequest, evolve, initialInformationRequest } from './state.js';
import { warnings } from './warnings.js';

/**
 * Internal, not public: a request for information in bargaining arises under the duty to bargain,
 * between the parties; it is not a public-records request and is not disclosed as one.
 */
export const INFORMATION_REQUEST_CLASSIFICATION: ClassificationMark = Object.freeze({
  level: 'internal',
  basis: 'information request under the duty to bargain (not a public-records request)',
});

export const informationRequestDecider: Decider<InformationRequestCommand, InformationRequestEvent, InformationRequest> = {
  decide,
  evolve,
  initialState: initialInformationRequest,
  classify: () => INFORMATION_REQUEST_CLASSIFICATION,
  warnings,
};
