import { Inject, Injectable } from '@nestjs/common';
import { type AccessContext, NegotiationFiles, ReadPolicy } from '#access';
import { type EventStore, type RecordedEvent, readStreamOrEmpty } from '#event-store';
import { CLOCK, type Clock, EVENT_STORE } from '#platform';
import type { IsoDate } from '../domain/due-dates.js';
import { InformationRequestErrorCode, missing } from '../domain/errors.js';
import { informationRequestStream, isInformationRequestId } from '../domain/ids.js';
import { foldInformationRequest } from '../domain/state.js';
import { InformationRequestRegisterQuery, REGISTER_RESOURCES, type RegisterPageQuery, assertReceiptReadable, requestClassifications } from '../read-models/register.query.js';
import type { InformationRequestPageView, InformationRequestView } from './dto/responses.dto.js';
import { ResponsePolicies } from './response-policy/response-policies.js';
import { informationRequestListEntry, informationRequestView } from './views.js';

export const informationRequestNotFound = (requestId: string) =>
  missing(InformationRequestErrorCode.INFORMATION_REQUEST_NOT_FOUND, `no information request ${requestId} is recorded`);

export const REQUEST_RESOURCE = 'GET /information-requests/:requestId';
export const REQUESTS_RESOURCE = REGISTER_RESOURCES.list;


/**
 * Reads information requests through the one read policy: each record by its classification in
 * effect today (the classification book of the negotiation the request names), a request shown only
 * when its receipt is readable and folded from the records the caller may read, and every
 * confidential or privileged record shown logged. One request is read from its stream, so it is
 * current the moment a command answers; the list is the register (its projection, read by
 * InformationRequestRegisterQuery under the same policy).
 */
@Injectable()
export class InformationRequestRegister {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ResponsePolicies) private readonly policies: ResponsePolicies,
    @Inject(ReadPolicy) private readonly policy: ReadPolicy,
    @Inject(NegotiationFiles) private readonly files: NegotiationFiles,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(InformationRequestRegisterQuery) private readonly register: InformationRequestRegisterQuery,
  ) {}

  /**
   * 404 for an id that cannot exist, a request never received, one the caller may not read (the
   * attempt is logged), or one not yet received by asOf; 422 for privileged content without a purpose.
   */
  async asOf(requestId: string, asOf: IsoDate, access: AccessContext): Promise<InformationRequestView> {
    if (!isInformationRequestId(requestId)) throw informationRequestNotFound(requestId);
    const events = await readStreamOrEmpty(this.store, informationRequestStream(requestId));
    const received = events.find((event) => event.type === 'InformationRequestReceived');
    if (!received) throw informationRequestNotFound(requestId);
    const classificationOf = await requestClassifications(this.files, negotiationOf(received), new Map());
    await assertReceiptReadable(
      this.policy,
      access,
      { eventId: received.eventId, stream: received.stream, classification: classificationOf(received, this.clock.now().toISOString()), resource: REQUEST_RESOURCE, negotiationId: negotiationOf(received) },
      () => informationRequestNotFound(requestId),
    );
    const { readable } = this.policy.screen(access.actor, events, access.purpose, { classificationOf });
    const state = foldInformationRequest(readable);
    if (state.status === 'not-received') throw informationRequestNotFound(requestId);
    const { calendar } = await this.policies.inEffectOn(state.unitId, asOf);
    const view = informationRequestView(state, asOf, calendar, { revision: events.at(-1)!.revision, classification: classificationOf(received, this.clock.now().toISOString()) });
    if (view === null) {
      throw missing(InformationRequestErrorCode.INFORMATION_REQUEST_NOT_FOUND, `information request ${requestId} had not been received by ${asOf}`, {
        asOf,
        receivedOn: state.receivedOn,
      });
    }
    // The receipt was logged by assertReadable; the request's other records shown are reads too.
    await this.policy.recordReads(access.actor, readable.filter((event) => event !== received), access.purpose, { resource: REQUEST_RESOURCE, classificationOf, correlationId: access.correlationId });
    return view;
  }

  async page(criteria: RegisterPageQuery, asOf: IsoDate, access: AccessContext): Promise<InformationRequestPageView> {
    const page = await this.register.page(criteria, asOf, access, REQUESTS_RESOURCE);
    return { asOf: page.asOf, items: page.items.map(informationRequestListEntry), nextCursor: page.nextCursor, withheldForPurpose: page.withheldForPurpose };
  }
}

function negotiationOf(received: RecordedEvent): string | null {
  const negotiationId = received.data['negotiationId'];
  return typeof negotiationId === 'string' ? negotiationId : null;
}
