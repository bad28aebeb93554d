import { Inject, Injectable } from '@nestjs/common';
import { type AccessContext, AccessErrorCode, type AuthorizeRecord, NegotiationFiles, type PolicyRecord, ReadPolicy } from '#access';
import { canRead } from '#auth';
import { type EventStore, readStreamOrEmpty } from '#event-store';
import { CLOCK, type Clock, EVENT_STORE, SQL_CLIENT } from '#platform';
import { type Actor, type ClassificationMark, DomainError } from '#kernel';
import { viewName } from '#read-store';
import type { SqlClient } from '#sql';
import type { BusinessCalendar, IsoDate } from '../domain/due-dates.js';
import { InformationRequestErrorCode, missing } from '../domain/errors.js';
import { informationRequestStream, isInformationRequestId } from '../domain/ids.js';
import { type ReceivedInformationRequest, foldInformationRequest } from '../domain/state.js';
import { UNIT_BUSINESS_CALENDARS, type UnitBusinessCalendars } from './business-calendars.js';
import { INFORMATION_REQUEST_REGISTER, type InformationRequestRegisterDoc, type RegisterRecord } from './register.projection.js';
import {
  type RegisterCriteria,
  type RegisterCursor,
  type RegisterEntry,
  decodeRegisterCursor,
  encodeRegisterCursor,
  overdueCountsByUnit,
  registerEntry,
  registerMatch,
} from './register-views.js';
import type { UnitOverdueRequests } from './unit-overdue-requests.js';

export interface RegisterPageQuery extends RegisterCriteria {
  readonly limit: number;
  readonly cursor?: string;
}

export interface RegisterPage {
  readonly asOf: IsoDate;
  readonly items: readonly RegisterEntry[];
  readonly nextCursor: string | null;
  /** Privileged records of the requests looked at that the caller is cleared for but asked for without a purpose. */
  readonly withheldForPurpose: number;
}

/** The route templates the access log names for reads of the register. */
export const REGISTER_RESOURCES = {
  list: 'GET /information-requests',
  register: 'GET /information-request-register',
  entry: 'GET /information-request-register/:requestId',
} as const;

/** A record of a request as the read policy takes it. */
interface RequestRecord extends PolicyRecord, RegisterRecord {
  readonly eventId: string;
  readonly classification: ClassificationMark;
  readonly stream: string;
  readonly data: { readonly negotiationId: string | null };
}

/** A record's classification on a day (or instant): the read policy's `classificationOf`. */
export type ClassificationOf = (record: { readonly eventId: string; readonly classification: ClassificationMark }, asOf: string) => ClassificationMark;

/**
 * Asking for one request by id is an attempt at its receipt: logged (granted or refused), a receipt
 * the caller may not read answers `notFound()`, a privileged one without a purpose 422.
 */
export async function assertReceiptReadable(policy: ReadPolicy, access: AccessContext, receipt: AuthorizeRecord, notFound: () => Error): Promise<void> {
  try {
    await policy.assertReadable(access.actor, receipt, access.purpose, { correlationId: access.correlationId });
  } catch (error) {
    if (error instanceof DomainError && error.code === AccessErrorCode.RECORD_NOT_FOUND) throw notFound();
    throw error;
  }
}

/**
 * The classification in effect of an information request's records: the book of the negotiation the
 * request names (its classification changes), or the marks recorded when it names none or one never
 * opened. `books` keeps each negotiation's book for the rest of one answer.
 */
export function requestClassifications(files: NegotiationFiles, negotiationId: string | null, books: Map<string, Promise<ClassificationOf>>): Promise<ClassificationOf> {
  if (negotiationId === null) return Promise.resolve((record) => record.classification);
  let book = books.get(negotiationId);
  if (!book) {
    book = files.classificationBook(negotiationId).then(
      (found): ClassificationOf => (record, at) => found.classificationOf(record, at),
      (error: unknown): ClassificationOf => {
        if (error instanceof DomainError && error.code === AccessErrorCode.NEGOTIATION_NOT_FOUND) return (record) => record.classification;
        throw error;
      },
    );
    books.set(negotiationId, book);
  }
  return book;
}

/** What one caller may see of one request: the request folded from the records they may read. */
interface Visible {
  readonly doc: InformationRequestRegisterDoc;
  readonly readable: readonly RequestRecord[];
  readonly withheldForPurpose: number;
  readonly classificationOf: ClassificationOf;
}

const SCAN_BATCH = 200;
const VIEW = viewName(INFORMATION_REQUEST_REGISTER);

const parseDoc = (doc: unknown) => (typeof doc === 'string' ? JSON.parse(doc) : doc) as InformationRequestRegisterDoc;

/** The view appears once the projection's first build has caught up; until then the register is empty. */
const noViewYet = (error: unknown) => (error as { code?: string }).code === '42P01';

export const registerEntryNotFound = (requestId: string) =>
  missing(InformationRequestErrorCode.INFORMATION_REQUEST_NOT_FOUND, `no information request ${requestId} is on the register`);

/**
 * The one information-request register: documents of the register projection (read store), read
 * through the one read policy, with the clocks computed as of the day asked about. Each request is
 * shown when its receipt is readable under the classification in effect (the classification book of
 * the negotiation it names), folded from the records the caller may read (the projected state when
 * that is all of them, else its stream without the others), and every confidential or privileged
 * record shown is logged. Statuses, overdue and clocks depend on the day, so filtering on them
 * happens here, over a keyset scan in the register's order (receivedOn, requestId) narrowed by unit,
 * receipt date and the status after every fact.
 */
@Injectable()
export class InformationRequestRegisterQuery implements UnitOverdueRequests {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(UNIT_BUSINESS_CALENDARS) private readonly calendars: UnitBusinessCalendars,
    @Inject(ReadPolicy) private readonly policy: ReadPolicy,
    @Inject(NegotiationFiles) private readonly files: NegotiationFiles,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * 404 for an id that cannot exist, a request not on the register, one whose receipt the caller may
   * not read (the attempt is logged) or one not received by asOf; 422 for a privileged receipt
   * asked for without a purpose.
   */
  async entry(requestId: string, asOf: IsoDate, access: AccessContext): Promise<RegisterEntry> {
    if (!isInformationRequestId(requestId)) throw registerEntryNotFound(requestId);
    const doc = (await this.select(`key = $1`, [requestId]))[0];
    const receipt = doc && recordsOf(doc).find(isReceipt);
    if (!doc || !receipt) throw registerEntryNotFound(requestId);
    const books = new Map<string, Promise<ClassificationOf>>();
    const classificationOf = await requestClassifications(this.files, doc.negotiationId, books);
    await assertReceiptReadable(this.policy, access, { ...receipt, classification: classificationOf(receipt, this.clock.now().toISOString()), resource: REGISTER_RESOURCES.entry }, () =>
      registerEntryNotFound(requestId),
    );
    const visible = await this.visible(doc, access, books);
    const entry = visible && registerEntry(visible.doc, asOf, await this.calendars.calendarOn(doc.unitId, asOf));
    if (!visible || !entry) throw registerEntryNotFound(requestId);
    // The receipt was logged by assertReadable; the request's other records shown are reads too.
    await this.logReads([{ ...visible, readable: visible.readable.filter((record) => !isReceipt(record)) }], REGISTER_RESOURCES.entry, access);
    return entry;
  }

  /** One page of the register; `resource` names the route in the access log. */
  async page(query: RegisterPageQuery, asOf: IsoDate, access: AccessContext, resource: string = REGISTER_RESOURCES.register): Promise<RegisterPage> {
    const calendarOf = this.calendarMemo(asOf);
    const books = new Map<string, Promise<ClassificationOf>>();
    const receivedBy = query.overdueAsOf !== undefined && query.overdueAsOf < asOf ? query.overdueAsOf : asOf;
    // A status never goes back, and a request folded from fewer records is no further along:
    // closed by asOf means closed now; withdrawn by asOf, withdrawn or closed now.
    const currentStatuses = query.status === 'closed' ? ['closed'] : query.status === 'withdrawn' ? ['withdrawn', 'closed'] : null;
    const shown: Visible[] = [];
    const items: RegisterEntry[] = [];
    let withheldForPurpose = 0;
    let after: RegisterCursor | null = query.cursor === undefined ? null : decodeRegisterCursor(query.cursor);
    let nextCursor: string | null = null;
    scan: for (;;) {
      const params: unknown[] = [receivedBy, query.unitId ?? null, after?.receivedOn ?? null, after?.requestId ?? null, currentStatuses, SCAN_BATCH];
      const docs = await this.select(
        `received_on <= $1::date
           AND ($2::text IS NULL OR unit_id = $2::text)
           AND ($3::date IS NULL OR (received_on, key) > ($3::date, $4::text))
           AND ($5::text[] IS NULL OR status = ANY ($5::text[]))
         ORDER BY received_on, key LIMIT $6`,
        params,
      );
      for (const doc of docs) {
        const visible = await this.visible(doc, access, books);
        if (visible === null) continue;
        withheldForPurpose += visible.withheldForPurpose;
        const entry = registerMatch(visible.doc, asOf, query, await calendarOf(doc.unitId));
        if (entry === null) continue;
        if (items.length === query.limit) {
          const last = items.at(-1)!;
          nextCursor = encodeRegisterCursor({ receivedOn: last.receivedOn, requestId: last.requestId });
          break scan;
        }
        items.push(entry);
        shown.push(visible);
      }
      if (docs.length < SCAN_BATCH) break;
      const last = docs.at(-1)!;
      after = { receivedOn: last.state.receivedOn, requestId: last.requestId };
    }
    await this.logReads(shown, resource, access);
    return { asOf, items, nextCursor, withheldForPurpose };
  }

  /**
   * Overdue requests per unit on asOf. Two call shapes: `(asOf)` counts every unit with requests
   * (UnitOverdueRequests); `(unitIds, asOf, actor)` counts only those units and what the actor may
   * read, answering a Map (the shape the bargaining unit dashboard calls). Counts, no content: the
   * recorded classification decides.
   */
  overdueByUnit(asOf: IsoDate): Promise<Record<string, number>>;
  overdueByUnit(unitIds: readonly string[], asOf: IsoDate, actor: Actor): Promise<ReadonlyMap<string, number>>;
  async overdueByUnit(unitsOrAsOf: IsoDate | readonly string[], asOf?: IsoDate, actor?: Actor): Promise<Record<string, number> | ReadonlyMap<string, number>> {
    if (typeof unitsOrAsOf === 'string') return overdueCountsByUnit(await this.select(`received_on <= $1::date`, [unitsOrAsOf]), unitsOrAsOf);
    if (unitsOrAsOf.length === 0 || asOf === undefined) return new Map();
    const docs = await this.select(`received_on <= $1::date AND unit_id = ANY ($2::text[])`, [asOf, [...unitsOrAsOf]]);
    const visible = actor === undefined ? docs : docs.filter((doc) => canRead(actor.role, doc.classification));
    return new Map(Object.entries(overdueCountsByUnit(visible, asOf)));
  }

  /** The request as this caller may see it, or null when its receipt is not readable to them. */
  private async visible(doc: InformationRequestRegisterDoc, access: AccessContext, books: Map<string, Promise<ClassificationOf>>): Promise<Visible | null> {
    const records = recordsOf(doc);
    const classificationOf = await requestClassifications(this.files, doc.negotiationId, books);
    const screened = this.policy.screen(access.actor, records, access.purpose, { classificationOf });
    const receipt = records.find(isReceipt);
    if (receipt === undefined || !screened.readable.includes(receipt)) return null;
    if (screened.readable.length === records.length) return { doc, readable: screened.readable, withheldForPurpose: 0, classificationOf };
    // Some records are not for this caller: fold the request from its stream without them.
    const readableIds = new Set(screened.readable.map((record) => record.eventId));
    const events = (await readStreamOrEmpty(this.store, informationRequestStream(doc.requestId))).filter((event) => readableIds.has(event.eventId));
    const state = foldInformationRequest(events);
    if (state.status === 'not-received') return null;
    return { doc: { ...doc, state: state as ReceivedInformationRequest }, readable: screened.readable, withheldForPurpose: screened.withheldForPurpose, classificationOf };
  }

  private async logReads(shown: readonly Visible[], resource: string, access: AccessContext): Promise<void> {
    for (const { readable, classificationOf } of shown) {
      await this.policy.recordReads(access.actor, readable, access.purpose, { resource, classificationOf, correlationId: access.correlationId });
    }
  }

  private calendarMemo(asOf: IsoDate): (unitId: string) => Promise<BusinessCalendar> {
    const known = new Map<string, Promise<BusinessCalendar>>();
    return (unitId) => {
      let calendar = known.get(unitId);
      if (!calendar) known.set(unitId, (calendar = this.calendars.calendarOn(unitId, asOf)));
      return calendar;
    };
  }

  private async select(where: string, params: readonly unknown[]): Promise<InformationRequestRegisterDoc[]> {
    try {
      const { rows } = await this.sql.query<{ doc: unknown }>(`SELECT doc FROM ${VIEW} WHERE ${where}`, params);
      return rows.map((row) => parseDoc(row.doc));
    } catch (error) {
      if (noViewYet(error)) return [];
      throw error;
    }
  }
}

const isReceipt = (record: RegisterRecord) => record.type === 'InformationRequestReceived';

/** The request's records as the read policy takes them. */
function recordsOf(doc: InformationRequestRegisterDoc): RequestRecord[] {
  const stream = informationRequestStream(doc.requestId);
  return doc.records.map((record) => ({ ...record, stream, data: { negotiationId: doc.negotiationId } }));
}
