/*
 * Shapes of the read answers the web app shows. Where the OpenAPI document describes an answer,
 * the type is taken from it (components['schemas']); the others mirror the read models' answers
 * until the document describes them, and are replaced by generated types then.
 */
import type { components } from './openapi';

export type Schemas = components['schemas'];
export type Side = 'employer' | 'union';
export type Level = 'public' | 'internal' | 'confidential' | 'privileged';
export interface BusinessTime { readonly at: string; readonly precision: 'instant' | 'day' | 'approximate' }
export interface Actor { readonly subject: string; readonly role: string }
export interface ClassificationMark { readonly level: Level; readonly basis: string }
export interface Page<T> { readonly items: readonly T[]; readonly nextCursor: string | null }

export interface LastActivity { readonly recordedAt: string; readonly occurredAt: BusinessTime; readonly eventType: string; readonly eventId: string }

export interface NegotiationSummary {
  readonly negotiationId: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly statute: string;
  readonly kind: string;
  readonly status: 'open' | 'concluded';
  readonly stage: string;
  readonly outcome: string | null;
  readonly openedOn: string;
  readonly concludedOn: string | null;
  readonly groundRules: { readonly taRule: string; readonly agreedOn: string } | null;
  readonly asOf: string;
  readonly daysAtTable: number;
  readonly sessions: { readonly held: number; readonly cancelled: number; readonly lastHeldOn: string | null };
  readonly proposals: { readonly employer: number; readonly union: number; readonly onTable: number };
  readonly openArticles: readonly string[];
  readonly agreedArticles: readonly string[];
  readonly tentativeAgreements: {
    readonly complete: readonly string[];
    readonly awaitingSignature: readonly { readonly taId: string; readonly signedBy: Side; readonly awaiting: Side }[];
    readonly withdrawn: readonly string[];
  };
  readonly settlementSteps: { readonly done: readonly string[]; readonly pending: readonly string[] };
  readonly notes: number;
  readonly corrections: number;
  readonly lastActivity: LastActivity | null;
  readonly clearance: readonly Level[];
}

export interface ActiveNegotiation {
  readonly negotiationId: string;
  readonly kind: string;
  readonly stage: string;
  readonly openedOn: string;
  readonly daysAtTable: number;
  readonly openArticles: number;
  readonly tentativeAgreementsAwaitingSignature: number;
  readonly lastActivity: LastActivity | null;
  readonly sessionsHeld?: number;
  readonly overdueInformationRequests?: number;
  readonly complianceFlags?: number;
}

export interface UnitDashboard {
  readonly unitId: string;
  readonly name: string;
  readonly employer: string;
  readonly employeeOrganization: string;
  readonly statute: string;
  readonly currentAgreementTerm: { readonly start: string; readonly end: string } | null;
  readonly asOf: string;
  readonly activeNegotiations: readonly ActiveNegotiation[];
  readonly concludedNegotiations: number;
  readonly lastActivity: LastActivity | null;
  readonly tentativeAgreementsPending: number;
  readonly daysAtTable: number;
  readonly overdueInformationRequests: number;
}

export interface StandingPosition {
  readonly entryId: string;
  readonly kind: 'proposal' | 'counterproposal' | 'package' | 'tentative-agreement';
  readonly proposalId: string | null;
  readonly number: string | null;
  readonly taId: string | null;
  readonly text: string;
  readonly occurredAt: BusinessTime;
}

export interface WordDiffPart { readonly op: 'equal' | 'insert' | 'delete'; readonly text: string }

export interface ArticleSummary {
  readonly negotiationId: string;
  readonly article: string;
  readonly title: string | null;
  readonly status: 'open' | 'awaiting-signature' | 'agreed';
  readonly current: Readonly<Record<Side, StandingPosition | null>>;
  readonly withdrawn?: readonly Side[];
  readonly tentativeAgreement: { readonly entryId: string; readonly taId: string; readonly complete: boolean; readonly text: string } | null;
  readonly lastOccurredOn: string;
  readonly lastRecordedAt: string;
  readonly entryCount: number;
}

export interface CorrectionShown {
  readonly eventId: string;
  readonly reason: string;
  readonly correctedFields: Readonly<Record<string, unknown>>;
  readonly correctedOn: string;
  readonly recordedAt: string;
  readonly recordedBy: Actor;
}

export interface ChainEntry {
  readonly entryId: string;
  readonly eventId: string;
  readonly revision: number;
  readonly kind: 'proposal' | 'counterproposal' | 'package' | 'withdrawal' | 'package-reversion' | 'package-rejection' | 'tentative-agreement' | 'tentative-agreement-withdrawal';
  readonly side: Side | null;
  readonly occurredAt: BusinessTime;
  readonly effectiveOccurredAt: BusinessTime;
  readonly recordedAt: string;
  readonly recordedBy: Actor;
  readonly classification: ClassificationMark;
  readonly lateByDays: number;
  readonly corrections: readonly CorrectionShown[];
  readonly positionChanges: readonly { readonly side: Side; readonly from: string | null; readonly to: string | null; readonly diff: readonly WordDiffPart[] }[];
  readonly proposalId?: string;
  readonly number?: string;
  readonly title?: string | null;
  readonly changeKind?: string;
  readonly text?: string;
  readonly correctedText?: string | null;
  readonly respondsTo?: string | null;
  readonly conditional?: boolean;
  readonly costing?: { readonly summary: string; readonly costs: readonly { readonly fiscalYear: string; readonly amount: string; readonly description: string | null }[]; readonly classification: ClassificationMark } | null;
  readonly taId?: string;
  readonly initials?: readonly { readonly side: Side; readonly signatory: string; readonly initialedOn: string; readonly lateByDays: number }[];
  readonly complete?: boolean;
  readonly withdrawn?: { readonly by: Side; readonly on: string } | null;
  readonly reason?: string | null;
  readonly rejectedBy?: Side | null;
}

export interface ArticleChain extends Omit<ArticleSummary, 'entryCount'> {
  readonly order: 'occurred' | 'recorded';
  readonly entries: readonly ChainEntry[];
  readonly acrossTheTable?: { readonly from: string; readonly to: string; readonly diff: readonly WordDiffPart[] } | null;
}

export interface TimelineFact {
  readonly eventId: string;
  readonly stream: string;
  readonly revision: number;
  readonly source: string;
  readonly type: string;
  readonly occurredAt: BusinessTime;
  readonly effectiveOccurredAt: BusinessTime;
  readonly recordedAt: string;
  readonly recordedBy: Actor;
  readonly lateEntry: { readonly late: boolean; readonly gapDays: number };
  readonly classification: ClassificationMark;
  readonly articles: readonly string[];
  readonly side: Side | null;
  readonly data: Readonly<Record<string, unknown>>;
  readonly corrections: readonly { readonly eventId: string; readonly reason?: string; readonly recordedAt?: string }[];
  readonly corrects: { readonly eventId: string; readonly type?: string } | string | null;
  readonly hash: string;
  readonly prevHash: string;
}

export interface Timeline {
  readonly negotiationId: string;
  readonly timeBase: 'business' | 'system';
  readonly lateEntryDays: number;
  readonly count: number;
  readonly lateEntries: number;
  readonly corrections: number;
  readonly withheldForPurpose: number;
  readonly facts: readonly TimelineFact[];
}

export interface AsOfPosition { readonly proposalId: string; readonly number: string; readonly form: string; readonly tabledOn: string; readonly status: string; readonly text: string }
export interface AsOfView {
  readonly negotiationId: string;
  readonly asOf: string;
  readonly basis: 'business' | 'system';
  readonly status: string;
  readonly stage: string;
  readonly daysAtTable: number;
  readonly articles: readonly { readonly article: string; readonly status: string; readonly positions: Readonly<Record<Side, AsOfPosition | null>>; readonly tentativeAgreement: string | null }[];
  readonly tentativeAgreements: readonly { readonly taId: string; readonly articles: readonly string[]; readonly status: string; readonly awaiting: Side | null; readonly signatures: Partial<Record<Side, { readonly signatory: string; readonly initialedOn: string }>> }[];
  readonly record: { readonly factsFolded: number; readonly correctionsApplied: number; readonly factsRecordedAfter: number; readonly correctionsRecordedAfter: number };
  readonly withheldForPurpose: number;
}

export interface AccessLogEntry {
  readonly eventId?: string;
  readonly at?: string;
  readonly recordedAt?: string;
  readonly actor?: Actor;
  readonly reader?: Actor;
  readonly negotiationId?: string;
  readonly what?: string;
  readonly resource?: string;
  readonly purpose?: string | null;
  readonly outcome?: string;
  readonly [key: string]: unknown;
}

export interface ProjectionStatus { readonly projection: string; readonly state: string; readonly checkpoint: string | null; readonly events: number; readonly error: string | null; readonly failedEvent: unknown }

/** The folded negotiation (GET /negotiations/{id}: `negotiation`), the parts the pages show. */
export interface NegotiationState {
  readonly status: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly statute: string;
  readonly kind: string;
  readonly articlesInScope: readonly string[];
  readonly sessions: Readonly<Record<string, { readonly sessionId: string; readonly number: number; readonly status: string; readonly on: string; readonly articlesDiscussed?: readonly string[] }>>;
  readonly proposals: Readonly<Record<string, { readonly proposalId: string; readonly side: Side; readonly number: string; readonly form: string; readonly articles: readonly string[]; readonly respondsTo: string | null; readonly status: string; readonly tabledOn: string }>>;
  readonly tentativeAgreements: Readonly<
    Record<string, { readonly taId: string; readonly articles: readonly { readonly article: string; readonly title: string | null; readonly text: string }[]; readonly signatures: Partial<Record<Side, { readonly signatory: string; readonly initialedOn: string }>>; readonly withdrawn: unknown }>
  >;
  readonly settlement: { readonly reachedOn: string; readonly ratification: { readonly yes: number; readonly no: number; readonly heldOn: string } | null; readonly approval: { readonly resolutionNumber: string; readonly approvedOn: string } | null; readonly costsDisclosedOn: string | null; readonly executedOn: string | null } | null;
}
