import type { ArticleChain } from '#bargaining';
import type { Classification, OccurredAtPrecision } from '#kernel';

/*
 * The shapes of the sections the default provider writes and the PDF renders as tables. A provider
 * that replaces a known section (from a read model) returns the same shape so the PDF keeps its
 * layout; the JSON bundle accepts any plain JSON.
 */

/** Where a fact is in the record. */
export interface EventRef {
  readonly stream: string;
  readonly revision: number;
  readonly eventId: string;
}

export interface OverviewSection {
  readonly negotiationId: string;
  readonly unit: { readonly unitId: string; readonly name: string; readonly employer: string; readonly employeeOrganization: string; readonly statute: string } | null;
  readonly kind: string | null;
  readonly openedOn: string | null;
  readonly status: string;
  readonly stage: string | null;
  readonly outcome: string | null;
  readonly daysAtTable: number | null;
  readonly articlesInScope: readonly string[];
  readonly expiringAgreementTerm: { readonly start: string; readonly end: string } | null;
  /** The demand to bargain it was opened on; null when none, or it is not disclosed in this bundle. */
  readonly demandToBargain: DemandToBargainOverview | null;
  readonly openArticles: readonly string[];
  readonly agreedArticles: readonly string[];
  readonly streams: readonly { readonly stream: string; readonly events: number }[];
  readonly events: { readonly disclosed: number; readonly withheld: number; readonly byClassification: Readonly<Record<Classification, number>> };
}

export interface ChronologyEntry extends EventRef {
  readonly type: string;
  readonly summary: string;
  /** When it happened, as its corrections leave it: what the chronology is ordered by. */
  readonly occurredAt: string;
  readonly precision: OccurredAtPrecision;
  /** The last possible day, for a date known as a range (precision between). */
  readonly until?: string;
  /** When it happened as the record knows it, in words: "5 March 2025", "February 2008", "on or after 16 April 2010". */
  readonly occurredAtDescription: string;
  /** The business time it was recorded with, when a correction changed it (shown beside it as corrected); null otherwise. */
  readonly originalOccurredAt: { readonly at: string; readonly precision: OccurredAtPrecision; readonly until?: string } | null;
  readonly recordedAt: string;
  readonly recorder: string;
  readonly recorderRole: string;
  readonly classification: Classification;
  /** Recorded more than `lateEntryDays` calendar days after it occurred (as corrected). */
  readonly late: boolean;
  readonly daysLate: number;
  /** A historic fact imported with its provenance (source document, transcriber, key): never a late entry. Null for a fact recorded live. */
  readonly imported: { readonly document: string; readonly transcribedBy: string; readonly key: string } | null;
  /** For a correction: the event it corrects. */
  readonly corrects: string | null;
  /** Corrections recorded against this event, by event id: shown beside it, never replacing it. */
  readonly correctedBy: readonly string[];
}

export interface ChronologySection {
  readonly order: string;
  readonly lateEntryDays: number;
  readonly lateEntries: number;
  /** Facts imported from historic sources (not late entries). */
  readonly importedEntries: number;
  readonly corrections: number;
  readonly entries: readonly ChronologyEntry[];
}

export interface TaSignatureEntry extends EventRef {
  readonly side: string;
  readonly signatory: string;
  readonly initialedOn: string;
  readonly recordedAt: string;
}

export interface TentativeAgreementEntry {
  readonly taId: string;
  readonly articles: readonly { readonly article: string; readonly title: string | null; readonly text: string }[];
  readonly signatures: readonly TaSignatureEntry[];
  readonly complete: boolean;
  readonly withdrawn: ({ readonly by: string; readonly on: string; readonly reason: string | null } & EventRef) | null;
  readonly inSettlement: boolean;
}

export interface TentativeAgreementsSection {
  readonly agreements: readonly TentativeAgreementEntry[];
}

/** Each article's chain as the article-history route gives it (#bargaining's one chain builder). */
export interface ArticleChainsSection {
  readonly articles: readonly ArticleChain[];
}

export interface InformationRequestEntry {
  readonly requestId: string;
  readonly stream: string;
  readonly from: string;
  /** The day the clocks count from: the day of receipt, or its earliest possible day when the record gives less. */
  readonly receivedOn: string;
  /** How the day of receipt is known when not to the day ("February 2025"); its clocks and due date then count from receivedOn. */
  readonly receivedAsKnown?: string;
  readonly originalDueOn: string;
  readonly dueOn: string;
  readonly status: string;
  readonly disposition: string | null;
  readonly acknowledgedOn: string | null;
  readonly firstSubstantiveResponseOn: string | null;
  readonly daysOutstanding: number;
  readonly businessDaysOutstanding: number;
  readonly overdue: boolean;
  readonly daysOverdue: number;
  readonly extensions: number;
  readonly lateObjections: readonly { readonly itemNumber: number; readonly objectedOn: string; readonly reasons: readonly string[] }[];
  readonly items: readonly {
    readonly number: number;
    readonly description: string;
    readonly status: string;
    readonly firstResponseOn: string | null;
    readonly answeredOn: string | null;
    readonly daysOutstanding: number;
    readonly overdue: boolean;
    readonly daysOverdue: number;
    readonly firstResponseLate: boolean;
  }[];
  readonly facts: readonly EventRef[];
}

export interface InformationRequestsSection {
  readonly asOf: string;
  readonly calendar: string;
  readonly requests: readonly InformationRequestEntry[];
}

/** What the rule found in the file's facts: a breach, no breach, or that it lacks the facts to decide. */
export const CHECKLIST_STATUSES = ['flagged', 'not-flagged', 'not-evaluated'] as const;
export type ChecklistStatus = (typeof CHECKLIST_STATUSES)[number];

/** One rule of the rule set, as it judged the file's facts. */
export interface ChecklistItem {
  /** The rule's id, as in GET /negotiations/:id/compliance. */
  readonly id: string;
  readonly requirement: string;
  readonly citation: string;
  readonly status: ChecklistStatus;
  /** The day of its first flag. */
  readonly on: string | null;
  /** The flags' messages, or why it cannot evaluate. */
  readonly detail: string;
  readonly facts: readonly EventRef[];
}

export interface StatutoryChecklistSection {
  readonly asOf: string;
  readonly statute: string | null;
  /** The versioned rule set evaluated (`eera.v1`), null when the statute has none. */
  readonly ruleSet: string | null;
  readonly source: string;
  readonly flagged: number;
  readonly items: readonly ChecklistItem[];
}

export interface ClassificationEntry extends EventRef {
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly level: Classification;
  readonly basis: string;
  /** In effect at the bundle's generation (a record can become public later). */
  readonly effectiveLevel: Classification;
  readonly effectiveBasis: string;
}

export interface ClassificationRegisterSection {
  readonly asOf: string;
  readonly totals: Readonly<Record<Classification, number>>;
  readonly entries: readonly ClassificationEntry[];
}

/** A privilege-log line: date, author, type, privilege claimed, and a description that does not reveal the content. */
export interface PrivilegeLogEntry {
  readonly stream: string;
  readonly revision: number;
  readonly date: string;
  readonly recordedAt: string;
  readonly author: string;
  readonly type: string;
  readonly classification: Classification;
  readonly privilegeClaimed: string;
  readonly description: string;
}

export interface PrivilegeLogSection {
  readonly entries: readonly (PrivilegeLogEntry & { readonly eventId: string })[];
}

export interface AccessLogEntry extends EventRef {
  readonly at: string;
  readonly who: string;
  readonly role: string;
  readonly what: string;
  readonly purpose: string | null;
  readonly outcome: string;
}

export interface AccessLogSection {
  readonly source: string;
  readonly note: string | null;
  readonly entries: readonly AccessLogEntry[];
}

/** Written by the builder: what the bundle withholds and why, without any of its content. */
export interface WithheldLogSection {
  readonly rule: string;
  readonly classificationsAsOf: string;
  readonly totals: { readonly events: number; readonly disclosed: number; readonly withheld: number };
  readonly byClassification: Readonly<Record<Classification, number>>;
  readonly byCategory: readonly { readonly classification: Classification; readonly basis: string; readonly count: number }[];
  readonly entries: readonly PrivilegeLogEntry[];
  /** Disclosed because their classification in effect differs from the one recorded (e.g. made public later). */
  readonly disclosedAfterReclassification: readonly (EventRef & { readonly recorded: Classification; readonly effective: Classification; readonly basis: string })[];
}

/** The demand to bargain the negotiation was opened on, as its disclosed facts leave it. */
export interface DemandToBargainOverview {
  readonly demandId: string;
  readonly unitId: string;
  readonly demandedBy: string;
  readonly decision: { readonly description: string; readonly kind: string; readonly decidedOn: string | null };
  readonly scope: string;
  readonly demandedOn: string;
  readonly status: 'awaiting-answer' | 'answered';
  readonly answer: { readonly answer: string; readonly answeredBy: string; readonly waiverBasis: string | null; readonly answeredOn: string } | null;
  readonly negotiations: readonly { readonly negotiationId: string; readonly kind: string; readonly openedOn: string }[];
  readonly facts: readonly EventRef[];
}
