import { Inject, Injectable } from '@nestjs/common';
import { canRead } from '#auth';
import { type EventStore, type RecordedEvent, readStreamOrEmpty } from '#event-store';
import { EVENT_STORE } from '#platform';
import { type Actor, fold } from '#kernel';
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

const visibleTo = (actor: Actor, events: readonly RecordedEvent[]) => events.every((event) => canRead(actor.role, event.classification.level));

const foldRequest = (events: readonly RecordedEvent[]): InformationRequest =>
  fold(decider.evolve, decider.initialState(), events as unknown as InformationRequestEvent[]);

/**
 * Reads information requests straight from their streams. The list folds the whole `inforequest`
 * category on every call: fine for an office's few hundred requests a year, and replaced by a
 * projection (read store) when one exists.
 */
@Injectable()
export class InformationRequestRegister {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ResponsePolicies) private readonly policies: ResponsePolicies,
  ) {}

  /** 404 for an id that cannot exist, a request never received, one the caller may not read, or one not yet received by asOf. */
  async asOf(requestId: string, asOf: IsoDate, actor: Actor): Promise<InformationRequestView> {
    if (!isInformationRequestId(requestId)) throw informationRequestNotFound(requestId);
    const events = await readStreamOrEmpty(this.store, informationRequestStream(requestId));
    if (events.length === 0 || !visibleTo(actor, events)) throw informationRequestNotFound(requestId);
    const state = foldRequest(events);
    if (state.status === 'not-received') throw informationRequestNotFound(requestId);
    const { calendar } = await this.policies.inEffectOn(state.unitId, asOf);
    const view = informationRequestView(state, asOf, calendar, { revision: events.at(-1)!.revision, classification: events[0]!.classification });
    if (view === null) {
      throw missing(InformationRequestErrorCode.INFORMATION_REQUEST_NOT_FOUND, `information request ${requestId} had not been received by ${asOf}`, {
        asOf,
        receivedOn: state.receivedOn,
      });
    }
    return view;
  }

  async page(criteria: ListCriteria, asOf: IsoDate, actor: Actor): Promise<InformationRequestPageView> {
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
    const states = [...streams.values()]
      .filter((events) => visibleTo(actor, events))
      .map((events) => foldRequest(events.sort((a, b) => a.revision - b.revision)));
    return informationRequestPage(states, asOf, criteria);
  }
}
