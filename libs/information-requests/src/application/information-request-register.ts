import { Inject, Injectable } from '@nestjs/common';
import { AccessErrorCode, type AccessContext, NegotiationFiles, ReadPolicy } from '#access';
import { type EventStore, type RecordedEvent, readStreamOrEmpty } from '#event-store';
import { CLOCK, type Clock, EVENT_STORE } from '#platform';
import { type ClassificationMark, DomainError, fold } from '#kernel';
import { informationRequestDecider as decider } from '../domain/decider.js';
import type { IsoDate } from '../domain/due-dates.js';
import { InformationRequestErrorCode, missing } from '../domain/errors.js';
import type { InformationRequestEvent } from '../domain/events.js';
import { INFORMATION_REQUEST_STREAM_CATEGORY, informationRequestStream, isInformationRequestId } from '../domain/ids.js';
import type { InformationRequest } from '../domain/state.js';
import type { InformationRequestPageView, InformationRequestView } from './dto/responses.dto.js';
import { ResponsePolicies } from './response-policy/response-policies.js';
import { type ListCriteria, informationRequestPage, informationRequestView } from './views.js';

const READ_PAGE = 1000;

export const informationRequestNotFound = (requestId: string) =>
  missing(InformationRequestErrorCode.INFORMATION_REQUEST_NOT_FOUND, `no information request ${requestId} is recorded`);

export const REQUEST_RESOURCE = 'GET /information-requests/:requestId';
export const REQUESTS_RESOURCE = 'GET /information-requests';

type ClassificationOf = (event: RecordedEvent, asOf: string) => ClassificationMark;

const foldRequest = (events: readonly RecordedEvent[]): InformationRequest =>
  fold(decider.evolve, decider.initialState(), events as unknown as InformationRequestEvent[]);

/**
 * Reads information requests straight from their streams, through the one read policy: each record
 * by its classification in effect today (the classification book of the negotiation the request
 * names), a request shown only when its receipt is readable and folded from the records the caller
 * may read, and every confidential or privileged record shown logged. The list folds the whole
 * `inforequest` category on every call: fine for an office's few hundred requests a year, and
 * replaced by a projection (read store) when one exists.
 */
@Injectable()
export class InformationRequestRegister {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ResponsePolicies) private readonly policies: ResponsePolicies,
    @Inject(ReadPolicy) private readonly policy: ReadPolicy,
    @Inject(NegotiationFiles) private readonly files: NegotiationFiles,
    @Inject(CLOCK) private readonly clock: Clock,
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
    const classificationOf = await this.classificationsOf(received, new Map());
    try {
      await this.policy.assertReadable(
        access.actor,
        { eventId: received.eventId, stream: received.stream, classification: classificationOf(received, this.clock.now().toISOString()), resource: REQUEST_RESOURCE, negotiationId: negotiationOf(received) },
        access.purpose,
        { correlationId: access.correlationId },
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === AccessErrorCode.RECORD_NOT_FOUND) throw informationRequestNotFound(requestId);
      throw error;
    }
    const { readable } = this.policy.screen(access.actor, events, access.purpose, { classificationOf });
    const state = foldRequest(readable);
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

  async page(criteria: ListCriteria, asOf: IsoDate, access: AccessContext): Promise<InformationRequestPageView> {
    const streams = new Map<string, RecordedEvent[]>();
    for (let after: string | null = null; ; ) {
      const { events, checkpoint } = await this.store.readAll({ category: INFORMATION_REQUEST_STREAM_CATEGORY, after, maxCount: READ_PAGE });
      if (events.length === 0) break;
      for (const event of events) {
        const stream = streams.get(event.stream);
        if (stream) stream.push(event);
        else streams.set(event.stream, [event]);
      }
      after = checkpoint;
    }
    const books = new Map<string, Promise<ClassificationOf>>();
    const readable = new Map<string, RecordedEvent[]>();
    const classifications = new Map<string, ClassificationOf>();
    let withheldForPurpose = 0;
    for (const [stream, events] of streams) {
      events.sort((a, b) => a.revision - b.revision);
      const received = events.find((event) => event.type === 'InformationRequestReceived');
      if (!received) continue;
      const classificationOf = await this.classificationsOf(received, books);
      const screened = this.policy.screen(access.actor, events, access.purpose, { classificationOf });
      withheldForPurpose += screened.withheldForPurpose;
      // A request is listed when its receipt is readable; it is folded from what the caller may read.
      if (!screened.readable.includes(received)) continue;
      readable.set(stream, screened.readable);
      classifications.set(stream, classificationOf);
    }
    const states = [...readable.values()].map(foldRequest);
    const page = informationRequestPage(states, asOf, criteria);
    const shown = new Set(page.items.map((item) => informationRequestStream(item.requestId)));
    for (const stream of shown) {
      await this.policy.recordReads(access.actor, readable.get(stream) ?? [], access.purpose, {
        resource: REQUESTS_RESOURCE,
        classificationOf: classifications.get(stream)!,
        correlationId: access.correlationId,
      });
    }
    return { ...page, withheldForPurpose };
  }

  /**
   * Each record's classification in effect: the book of the negotiation the request names (its
   * classification changes), or the marks recorded when it names none or one never opened.
   */
  private classificationsOf(received: RecordedEvent, books: Map<string, Promise<ClassificationOf>>): Promise<ClassificationOf> {
    const negotiationId = negotiationOf(received);
    if (negotiationId === null) return Promise.resolve((event) => event.classification);
    let book = books.get(negotiationId);
    if (!book) {
      book = this.files.classificationBook(negotiationId).then(
        (found): ClassificationOf => (event, at) => found.classificationOf(event, at),
        (error: unknown): ClassificationOf => {
          if (error instanceof DomainError && error.code === AccessErrorCode.NEGOTIATION_NOT_FOUND) return (event) => event.classification;
          throw error;
        },
      );
      books.set(negotiationId, book);
    }
    return book;
  }
}

function negotiationOf(received: RecordedEvent): string | null {
  const negotiationId = received.data['negotiationId'];
  return typeof negotiationId === 'string' ? negotiationId : null;
}
