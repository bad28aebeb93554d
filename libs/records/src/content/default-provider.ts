import { ACCESS_LOG_STREAM_CATEGORY } from '#access';
import { type RecordedEvent, streamCategory } from '#event-store';
import { CLASSIFICATIONS, type Classification, businessTimeOf, businessTimeText, calendarDay, describeBusinessTime, isCertainToTheDay, transiently } from '#kernel';
import { DEMAND_STREAM_CATEGORY, NEGOTIATION_STREAM_CATEGORY, type NegotiationState, demandSummary, foldDemand, articleChainsOf, asNegotiationEvent, evolveNegotiation, initialNegotiationState, tableSummary } from '#bargaining';
import {
  type BusinessCalendar,
  type InformationRequest,
  type InformationRequestClocks,
  INFORMATION_REQUEST_STREAM_CATEGORY,
  asInformationRequestEvent,
  WEEKENDS_ONLY,
  evolveInformationRequest,
  informationRequestClocks,
  initialInformationRequest,
} from '#information-requests';
import { currentRuleSetFor, evaluateCompliance, findingsByRule, negotiationFactsOf, requestFactsOf } from '#compliance';
import { legalTimeline } from '#legal';
import { authorOf, describeWithoutContent, summarizeEvent } from './describe.js';
import type { BundleContentInput, BundleContentProvider } from './provider.js';
import type {
  AccessLogSection,
  ArticleChainsSection,
  ChecklistItem,
  ChronologyEntry,
  ChronologySection,
  ClassificationRegisterSection,
  DemandToBargainOverview,
  EventRef,
  InformationRequestEntry,
  InformationRequestsSection,
  OverviewSection,
  PrivilegeLogSection,
  StatutoryChecklistSection,
  TentativeAgreementEntry,
  TentativeAgreementsSection,
} from './sections.js';

export interface DefaultContentOptions {
  /** A record made more than this many calendar days after the fact is a late entry (LATE_ENTRY_DAYS). Default 7. */
  readonly lateEntryDays?: number;
  /** The office's business calendar for information-request clocks; the record does not hold it. Default: weekends only. */
  readonly businessCalendar?: BusinessCalendar;
  /** Stream categories whose events are access-log entries. Default: accesslog. */
  readonly accessLogCategories?: readonly string[];
}

type Data = Readonly<Record<string, unknown>>;

const ref = (event: RecordedEvent): EventRef => ({ stream: event.stream, revision: event.revision, eventId: event.eventId });
const data = (event: RecordedEvent) => event.data as Data;
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const zeroByLevel = (): Record<Classification, number> => Object.fromEntries(CLASSIFICATIONS.map((c) => [c, 0])) as Record<Classification, number>;

/** The negotiation's own stream(s) among the disclosed ones, events in revision order. */
function negotiationEvents(input: BundleContentInput): RecordedEvent[] {
  return [...input.streams.entries()].filter(([stream]) => streamCategory(stream) === NEGOTIATION_STREAM_CATEGORY).flatMap(([, events]) => events);
}

function requestStreams(input: BundleContentInput): [string, readonly RecordedEvent[]][] {
  return [...input.streams.entries()].filter(([stream]) => streamCategory(stream) === INFORMATION_REQUEST_STREAM_CATEGORY);
}

/**
 * The state after the recorded events that are facts of one kind (`as` gives the fact, or null),
 * folded as kernel folds are (see transiently). A partial history (withheld events) may not fold
 * everywhere: an event its evolve refuses is left out, and the summary is then partial too.
 */
function foldFacts<F, S>(events: readonly RecordedEvent[], as: (event: RecordedEvent) => F | null, evolve: (state: S, fact: F) => S, initial: S): S {
  return transiently(() => {
    let state = initial;
    for (const event of events) {
      const fact = as(event);
      if (fact === null) continue;
      try {
        state = evolve(state, fact);
      } catch {
        // left out, as said above
      }
    }
    return state;
  });
}

const foldNegotiation = (events: readonly RecordedEvent[]): NegotiationState => foldFacts(events, asNegotiationEvent, evolveNegotiation, initialNegotiationState());

const foldRequest = (events: readonly RecordedEvent[]): InformationRequest => foldFacts(events, asInformationRequestEvent, evolveInformationRequest, initialInformationRequest());

function requestClocks(input: BundleContentInput, calendar: BusinessCalendar): { stream: string; events: readonly RecordedEvent[]; clocks: InformationRequestClocks }[] {
  const asOf = calendarDay(input.generatedAt);
  const found = [];
  for (const [stream, events] of requestStreams(input)) {
    let clocks: InformationRequestClocks | null = null;
    try {
      clocks = informationRequestClocks(foldRequest(events), asOf, calendar);
    } catch {
      clocks = null;
    }
    if (clocks) found.push({ stream, events, clocks });
  }
  return found;
}

/** The demand to bargain the negotiation was opened on, from its disclosed stream (one demand at most); null when none is disclosed. */
function demandToBargain(input: BundleContentInput): DemandToBargainOverview | null {
  const events = [...input.streams.entries()].filter(([stream]) => streamCategory(stream) === DEMAND_STREAM_CATEGORY).flatMap(([, list]) => list);
  const state = foldDemand(events);
  if (state.status !== 'made') return null;
  return { ...demandSummary(state), facts: events.map(ref) };
}

// ---------------------------------------------------------------------------------------------

function overview(input: BundleContentInput): OverviewSection {
  const events = negotiationEvents(input);
  const opened = events.find((e) => e.type === 'NegotiationOpened');
  const state = foldNegotiation(events);
  const summary = tableSummary(state, calendarDay(input.generatedAt));
  const byClassification = zeroByLevel();
  for (const event of input.events) byClassification[input.classificationOf(event).level] += 1;
  const d = opened ? data(opened) : null;
  return {
    negotiationId: input.negotiationId,
    unit: d
      ? { unitId: String(d['unitId'] ?? ''), name: String(d['unitName'] ?? ''), employer: String(d['employer'] ?? ''), employeeOrganization: String(d['employeeOrganization'] ?? ''), statute: String(d['statute'] ?? '') }
      : null,
    kind: summary.kind,
    openedOn: summary.openedOn,
    status: opened ? summary.status : 'not disclosed in this bundle',
    stage: opened ? summary.stage : null,
    outcome: summary.outcome,
    daysAtTable: summary.daysAtTable,
    articlesInScope: d && Array.isArray(d['articlesInScope']) ? (d['articlesInScope'] as string[]) : [],
    expiringAgreementTerm: (d?.['expiringAgreementTerm'] as OverviewSection['expiringAgreementTerm']) ?? null,
    demandToBargain: demandToBargain(input),
    openArticles: summary.openArticles,
    agreedArticles: summary.agreedArticles,
    streams: [...input.streams.entries()].map(([stream, list]) => ({ stream, events: list.length })),
    events: { disclosed: input.events.length, withheld: input.withheldCount, byClassification },
  };
}

/**
 * The chronology is the legal timeline of the disclosed facts (#legal): each fact at its effective
 * business time, as its corrections leave it, with the date it was recorded with beside it when a
 * correction changed it; late entries measured from the corrected day. One answer with
 * GET /negotiations/:id/timeline.
 */
function chronology(input: BundleContentInput, lateEntryDays: number): ChronologySection {
  const byId = new Map(input.events.map((event) => [event.eventId, event]));
  const facts = legalTimeline(input.events, { lateEntryDays, now: input.generatedAt, classificationOf: (event) => input.classificationOf(event) });
  const entries: ChronologyEntry[] = facts.map((fact) => {
    const moved = fact.effectiveOccurredAt.at !== fact.occurredAt.at || fact.effectiveOccurredAt.precision !== fact.occurredAt.precision || fact.effectiveOccurredAt.until !== fact.occurredAt.until;
    return {
      stream: fact.stream,
      revision: fact.revision,
      eventId: fact.eventId,
      type: fact.type,
      summary: summarizeEvent(byId.get(fact.eventId)!),
      occurredAt: fact.effectiveOccurredAt.at,
      precision: fact.effectiveOccurredAt.precision,
      ...(fact.effectiveOccurredAt.until !== undefined ? { until: fact.effectiveOccurredAt.until } : {}),
      occurredAtDescription: fact.occurredAtDescription,
      originalOccurredAt: moved ? businessTimeOf(fact.occurredAt) : null,
      recordedAt: fact.recordedAt,
      recorder: fact.recordedBy.subject,
      recorderRole: fact.recordedBy.role,
      classification: fact.classification.level,
      late: fact.lateEntry.late,
      daysLate: fact.lateEntry.gapDays,
      imported: fact.imported,
      corrects: fact.corrects?.eventId ?? null,
      correctedBy: fact.corrections.map((c) => c.eventId),
    };
  });
  return {
    order: 'business time as corrected (effective occurredAt), then recording time (recordedAt)',
    lateEntryDays,
    lateEntries: entries.filter((e) => e.late).length,
    importedEntries: entries.filter((e) => e.imported !== null).length,
    corrections: entries.filter((e) => e.corrects !== null).length,
    entries,
  };
}

interface AgreedText {
  readonly article: string;
  readonly title: string | null;
  readonly text: string;
}

function tentativeAgreements(input: BundleContentInput): TentativeAgreementsSection {
  const facts = negotiationEvents(input).flatMap((event) => {
    const fact = asNegotiationEvent(event);
    return fact === null ? [] : [{ event, fact }];
  });
  const settled = new Set(facts.flatMap(({ fact }) => (fact.type === 'SettlementReached' ? fact.data.taIds : [])));
  const byId = new Map<string, { articles: AgreedText[]; signatures: TentativeAgreementEntry['signatures'][number][]; withdrawn: TentativeAgreementEntry['withdrawn'] }>();
  const agreement = (taId: string) => byId.get(taId) ?? { articles: [], signatures: [], withdrawn: null };
  for (const { event, fact } of facts) {
    if (fact.type === 'TentativeAgreementInitialed') {
      const { taId, articles, side, signatory, initialedOn } = fact.data;
      const ta = agreement(taId);
      if (ta.articles.length === 0) ta.articles = articles.map((a) => ({ article: a.article, title: a.title ?? null, text: a.text }));
      ta.signatures.push({ ...ref(event), side, signatory, initialedOn, recordedAt: event.recordedAt });
      byId.set(taId, ta);
    } else if (fact.type === 'TentativeAgreementWithdrawn') {
      const { taId, withdrawnBy, withdrawnOn, reason } = fact.data;
      const ta = agreement(taId);
      ta.withdrawn = { ...ref(event), by: withdrawnBy, on: withdrawnOn, reason };
      byId.set(taId, ta);
    }
  }
  return {
    agreements: [...byId.entries()].map(([taId, ta]) => ({
      taId,
      articles: ta.articles,
      signatures: ta.signatures,
      complete: new Set(ta.signatures.map((s) => s.side)).size === 2,
      withdrawn: ta.withdrawn,
      inSettlement: settled.has(taId),
    })),
  };
}

/** Every article's chain, from the one chain builder (#bargaining), over the disclosed negotiation facts. */
function articleChains(input: BundleContentInput): ArticleChainsSection {
  const events = negotiationEvents(input);
  const byId = new Map(events.map((event) => [event.eventId, event]));
  const articles = articleChainsOf(events, { classificationOf: (record) => input.classificationOf(byId.get(record.eventId)!) });
  return { articles };
}

function informationRequests(input: BundleContentInput, calendar: BusinessCalendar): InformationRequestsSection {
  const requests: InformationRequestEntry[] = requestClocks(input, calendar).map(({ stream, events, clocks }) => {
    const received = events.find((e) => e.type === 'InformationRequestReceived');
    const from = received ? (data(received)['from'] as { organization?: string; person?: string } | undefined) : undefined;
    return {
      requestId: clocks.requestId,
      stream,
      from: from ? [from.organization, from.person].filter(Boolean).join(', ') : '',
      receivedOn: clocks.receivedOn,
      ...(received && !isCertainToTheDay(received.occurredAt) ? { receivedAsKnown: describeBusinessTime(received.occurredAt) } : {}),
      originalDueOn: clocks.originalDueOn,
      dueOn: clocks.dueOn,
      status: clocks.status,
      disposition: clocks.disposition,
      acknowledgedOn: clocks.acknowledgedOn,
      firstSubstantiveResponseOn: clocks.firstSubstantiveResponseOn,
      daysOutstanding: clocks.daysOutstanding,
      businessDaysOutstanding: clocks.businessDaysOutstanding,
      overdue: clocks.overdue,
      daysOverdue: clocks.daysOverdue,
      extensions: clocks.extensionsGranted,
      lateObjections: clocks.lateObjections.map((o) => ({ itemNumber: o.itemNumber, objectedOn: o.objectedOn, reasons: [...o.reasons] })),
      items: clocks.items.map((i) => ({
        number: i.number,
        description: i.description,
        status: i.status,
        firstResponseOn: i.firstResponseOn,
        answeredOn: i.answeredOn,
        daysOutstanding: i.daysOutstanding,
        overdue: i.overdue,
        daysOverdue: i.daysOverdue,
        firstResponseLate: i.firstResponseLate,
      })),
      facts: events.map(ref),
    };
  });
  return {
    asOf: calendarDay(input.generatedAt),
    calendar: calendar === WEEKENDS_ONLY || calendar.holidays.length === 0 ? 'weekends only (the office holiday calendar is not part of the record)' : `weekends and ${calendar.holidays.length} holidays`,
    requests,
  };
}

/**
 * The negotiation's rule set (#compliance) evaluated over the facts this file discloses: one item per
 * rule, with the same flags and texts as GET /negotiations/:id/compliance gives on the same facts.
 */
function statutoryChecklist(input: BundleContentInput): StatutoryChecklistSection {
  const asOf = calendarDay(input.generatedAt);
  const negotiation = negotiationFactsOf(negotiationEvents(input));
  const ruleSet = negotiation === null ? undefined : currentRuleSetFor(negotiation.statute);
  const statute = negotiation?.statute ?? null;
  if (negotiation === null || ruleSet === undefined) {
    const source = negotiation === null ? 'the opening of the negotiation is not disclosed in this file' : `no rule set for ${negotiation.statute}`;
    return { asOf, statute, ruleSet: null, source, flagged: 0, items: [] };
  }
  const requests = requestStreams(input).flatMap(([, events]) => requestFactsOf(events) ?? []);
  const evaluation = evaluateCompliance(ruleSet, { unitId: negotiation.unitId, negotiation, requests }, asOf);
  const byId = new Map(input.events.map((event) => [event.eventId, event]));
  const items: ChecklistItem[] = findingsByRule(ruleSet, evaluation).map(({ rule, status, flags, notEvaluated }) => ({
    id: rule.id,
    requirement: rule.requirement,
    citation: rule.citation,
    status,
    on: flags[0]?.raisedOn ?? null,
    detail: status === 'flagged' ? flags.map((f) => f.message).join(' ') : status === 'not-evaluated' ? notEvaluated.join('; ') : 'no breach in the facts of this file',
    facts: [...new Set(flags.flatMap((f) => f.facts.map((fact) => fact.eventId)))].flatMap((id) => {
      const event = byId.get(id);
      return event ? [ref(event)] : [];
    }),
  }));
  return {
    asOf,
    statute,
    ruleSet: ruleSet.id,
    source: `rule set ${ruleSet.id} (#compliance) over the events in this file`,
    flagged: items.filter((i) => i.status === 'flagged').length,
    items,
  };
}

function classificationRegister(input: BundleContentInput): ClassificationRegisterSection {
  const totals = zeroByLevel();
  const entries = input.events.map((event) => {
    const effective = input.classificationOf(event);
    totals[effective.level] += 1;
    return {
      ...ref(event),
      type: event.type,
      occurredAt: businessTimeText(event.occurredAt),
      recordedAt: event.recordedAt,
      level: event.classification.level,
      basis: event.classification.basis,
      effectiveLevel: effective.level,
      effectiveBasis: effective.basis,
    };
  });
  return { asOf: input.generatedAt, totals, entries };
}

function privilegeLog(input: BundleContentInput): PrivilegeLogSection {
  return {
    entries: input.events
      .filter((event) => ['confidential', 'privileged'].includes(input.classificationOf(event).level))
      .map((event) => {
        const mark = input.classificationOf(event);
        return {
          stream: event.stream,
          revision: event.revision,
          eventId: event.eventId,
          date: businessTimeText(event.occurredAt),
          recordedAt: event.recordedAt,
          author: authorOf(event),
          type: event.type,
          classification: mark.level,
          privilegeClaimed: mark.basis,
          description: describeWithoutContent(event),
        };
      }),
  };
}

function accessLog(input: BundleContentInput, categories: readonly string[]): AccessLogSection {
  const entries = input.events
    .filter((event) => categories.includes(streamCategory(event.stream)))
    .map((event) => {
      const d = data(event);
      const who = (d['actor'] as { subject?: string; role?: string } | undefined) ?? null;
      return {
        ...ref(event),
        at: event.occurredAt.at,
        who: str(d['subject']) ?? who?.subject ?? event.actor.subject,
        role: str(d['role']) ?? who?.role ?? event.actor.role,
        what: str(d['what']) ?? ([str(d['resource']), str(d['eventId']) ? `record ${String(d['eventId'])}${str(d['stream']) ? ` in ${String(d['stream'])}` : ''}` : null, str(d['classification'])].filter(Boolean).join('; ') || event.type),
        purpose: str(d['purpose']),
        outcome: [str(d['outcome']) ?? event.type, str(d['reason'])].filter(Boolean).join(': '),
      };
    });
  return {
    source: `events of the stream categories ${categories.join(', ')} included in this bundle`,
    note: entries.length === 0 ? 'No access-log events are included in this bundle.' : null,
    entries,
  };
}

/**
 * The sections the record can give from the events alone, so a bundle is useful before the read
 * models behind some of them exist. Each can be replaced by name (see BundleContentProvider).
 */
export function defaultContentProvider(options: DefaultContentOptions = {}): BundleContentProvider {
  const lateEntryDays = options.lateEntryDays ?? 7;
  const calendar = options.businessCalendar ?? WEEKENDS_ONLY;
  const accessLogCategories = options.accessLogCategories ?? [ACCESS_LOG_STREAM_CATEGORY];
  return {
    overview,
    chronology: (input) => chronology(input, lateEntryDays),
    tentativeAgreements,
    articleChains,
    informationRequests: (input) => informationRequests(input, calendar),
    statutoryChecklist,
    classificationRegister,
    privilegeLog,
    accessLog: (input) => accessLog(input, accessLogCategories),
  };
}
