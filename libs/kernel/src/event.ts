/** A domain event: a past-tense fact with a stable type string. Plain data, no classes. */
export type Event<Type extends string = string, Data extends object = Record<string, unknown>> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

/** A domain command: what someone asks the record to hold. Metadata carries time, ids and actor. */
export type Command<Type extends string = string, Data extends object = Record<string, unknown>> = Readonly<{
  type: Type;
  data: Readonly<Data>;
  metadata: CommandMetadata;
}>;

export const ROLES = ['negotiator', 'records-officer', 'legal-counsel', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated principal. Always from the verified token, never from a request body. */
export interface Actor {
  readonly subject: string;
  readonly role: Role;
}

/**
 * How precisely a business time is known. A record often gives only a month ("February 2008"), a
 * year, a range or a bound ("after the 16 April hearing"): it is recorded as given, never as an
 * invented day (see business-time.ts for what each one allows).
 */
export const OCCURRED_AT_PRECISIONS = ['instant', 'day', 'approximate', 'month', 'year', 'on-or-after', 'on-or-before', 'between'] as const;
export type OccurredAtPrecision = (typeof OCCURRED_AT_PRECISIONS)[number];

/** Business time: when it happened at the table, as precisely as the recorder knows it. */
export interface BusinessTime {
  /**
   * ISO 8601, sortable as text: an instant (instant), a date YYYY-MM-DD (day, approximate, and the
   * bound of on-or-after, on-or-before, the first day of between), YYYY-MM (month), YYYY (year).
   */
  readonly at: string;
  readonly precision: OccurredAtPrecision;
  /** The last possible day (YYYY-MM-DD) of a `between`; absent for every other precision. */
  readonly until?: string;
}

export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'privileged'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export interface ClassificationMark {
  readonly level: Classification;
  /** Why the record carries this level (statute, privilege, policy). Set by the domain, never by a client. */
  readonly basis: string;
}

/**
 * Where a fact entered years after it happened came from: the paper or spreadsheet it was
 * transcribed from, who transcribed it and the fact's natural key in that source. An imported fact
 * is a historic record, not a late entry; its actor is still the principal who ran the import.
 */
export interface ImportProvenance {
  /** The source document (a file name, a binder, a scanned record's reference). */
  readonly document: string;
  readonly transcribedBy: string;
  /** The fact's natural key within its source: the same source and key are the same fact. */
  readonly key: string;
}

/**
 * Everything a decision needs besides the command's own data. The domain never reads a clock,
 * the environment or the request: it gets them here.
 */
export interface CommandMetadata {
  /** System time at which the server received the command (becomes recordedAt). ISO instant. */
  readonly now: string;
  readonly occurredAt: BusinessTime;
  readonly actor: Actor;
  /** Idempotency key of the command; stored event ids are derived from it. */
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId?: string;
  /** Present only for a fact imported from a historic source. */
  readonly imported?: ImportProvenance;
}
