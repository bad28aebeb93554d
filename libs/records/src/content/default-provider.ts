import type { RecordedEvent } from '#event-store';
import { CLASSIFICATIONS, type Classification, calendarDay, daysBetween } from '#kernel';
import { type NegotiationEvent, type NegotiationState, articleChainsOf, evolveNegotiation, initialNegotiationState, tableSummary } from '#bargaining';
import {
  type BusinessCalendar,
  type InformationRequest,
  type InformationRequestClocks,
  type InformationRequestEvent,
  WEEKENDS_ONLY,
  evolveInformationRequest,
  informationRequestClocks,
  initialInformationRequest,
} from '#information-requests';
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
const category = (stream: string) => (stream.includes('-') ? stream.slice(0, stream.indexOf('-')) : stream);
const zeroByLevel = (): Record<Classification, number> => Object.fromEntries(CLASSIFICATIONS.map((c) => [c, 0])) as Record<Classification, number>;

/** The negotiation's own stream(s) among the disclosed ones, events in revision order. */
function negotiationEvents(input: BundleContentInput): RecordedEvent[] {
  return [...input.streams.entries()].filter(([stream]) => category(stream) === 'negotiation').flatMap(([, events]) => events);
}

function requestStreams(input: BundleContentInput): [string, readonly RecordedEvent[]][] {
  return [...input.streams.entries()].filter(([stream]) => category(stream) === 'inforequest');
}

function foldNegotiation(events: readonly RecordedEvent[]): NegotiationState {
  let state = initialNegotiationState();
  for (const event of events) {
    try {
      state = evolveNegotiation(state, event as unknown as NegotiationEvent);
    } catch {
      // A partial history (withheld events) may not fold everywhere; the summary is then partial too.
    }
  }
  return state;
}

function foldRequest(events: readonly RecordedEvent[]): InformationRequest {
  let state = initialInformationRequest();
  for (const event of events) {
    try {
      state = evolveInformationRequest(state, event as unknown as InformationRequestEvent);
    } catch {
      // as above
    }
  }
  return state;
}

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
    const moved = fact.effectiveOccurredAt.at !== fact.occurredAt.at || fact.effectiveOccurredAt.precision !== fact.occurredAt.precision;
    return {
      stream: fact.stream,
      revision: fact.revision,
      eventId: fact.eventId,
      type: fact.type,
      summary: summarizeEvent(byId.get(fact.eventId)!),
      occurredAt: fact.effectiveOccurredAt.at,
      precision: fact.effectiveOccurredAt.precision,
      originalOccurredAt: moved ? { at: fact.occurredAt.at, precision: fact.occurredAt.precision } : null,
      recordedAt: fact.recordedAt,
      recorder: fact.recordedBy.subject,
      recorderRole: fact.recordedBy.role,
      classification: fact.classification.level,
      late: fact.lateEntry.late,
      daysLate: fact.lateEntry.gapDays,
      corrects: fact.corrects?.eventId ?? null,
      correctedBy: fact.corrections.map((c) => c.eventId),
    };
  });
  return {
    order: 'business time as corrected (effective occurredAt), then recording time (recordedAt)',
    lateEntryDays,
    lateEntries: entries.filter((e) => e.late).length,
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
  const events = negotiationEvents(input);
  const settled = new Set(events.filter((e) => e.type === 'SettlementReached').flatMap((e) => (data(e)['taIds'] as string[] | undefined) ?? []));
  const byId = new Map<string, { articles: AgreedText[]; signatures: TentativeAgreementEntry['signatures'][number][]; withdrawn: TentativeAgreementEntry['withdrawn'] }>();
  for (const event of events) {
    const d = data(event);
    const taId = str(d['taId']);
    if (taId === null) continue;
    if (event.type === 'TentativeAgreementInitialed') {
      const ta = byId.get(taId) ?? { articles: [], signatures: [], withdrawn: null };
      if (ta.articles.length === 0) ta.articles = ((d['articles'] as AgreedText[] | undefined) ?? []).map((a) => ({ article: a.article, title: a.title ?? null, text: a.text }));
      ta.signatures.push({ ...ref(event), side: String(d['side']), signatory: String(d['signatory'] ?? ''), initialedOn: String(d['initialedOn'] ?? event.occurredAt.at), recordedAt: event.recordedAt });
      byId.set(taId, ta);
    } else if (event.type === 'TentativeAgreementWithdrawn') {
      const ta = byId.get(taId) ?? { articles: [], signatures: [], withdrawn: null };
      ta.withdrawn = { ...ref(event), by: String(d['withdrawnBy']), on: String(d['withdrawnOn'] ?? event.occurredAt.at), reason: str(d['reason']) };
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

function statutoryChecklist(input: BundleContentInput, calendar: BusinessCalendar): StatutoryChecklistSection {
  const events = negotiationEvents(input);
  const asOf = calendarDay(input.generatedAt);
  const opened = events.find((e) => e.type === 'NegotiationOpened');
  const statute = opened ? String(data(opened)['statute']) : null;
  const of = (type: string, where: (d: Data) => boolean = () => true) => events.filter((e) => e.type === type && where(data(e)));
  const dayOf = (event: RecordedEvent, field: string) => String(data(event)[field] ?? calendarDay(event.occurredAt.at));
  const items: ChecklistItem[] = [];
  const item = (i: ChecklistItem) => items.push(i);

  const rules = of('GroundRulesAgreed');
  item({
    id: 'ground-rules',
    requirement: 'Ground rules agreed',
    citation: 'ground rules',
    status: rules.length > 0 ? 'met' : 'pending',
    on: rules[0] ? dayOf(rules[0], 'agreedOn') : null,
    detail: rules[0] ? `TAs ${data(rules[0])['taRule'] === 'closed-once-initialed' ? 'closed once initialed' : 'reopenable until global agreement'}` : 'no ground rules recorded',
    facts: rules.map(ref),
  });

  if (statute === 'EERA' || (statute === null && of('InitialProposalSunshined').length > 0)) {
    const sunshined = (side: string) => of('InitialProposalSunshined', (d) => d['side'] === side);
    const steps: [string, string, string, RecordedEvent[], string][] = [
      ['eera.sunshine.union-initial', "Union's initial proposal presented at a public meeting", 'Gov. Code 3547(a)', sunshined('union'), 'presentedOn'],
      ['eera.sunshine.employer-initial', "Employer's initial proposal presented at a public meeting", 'Gov. Code 3547(a)', sunshined('employer'), 'presentedOn'],
      ['eera.sunshine.public-comment', 'Public heard on the initial proposals', 'Gov. Code 3547(b)', of('PublicCommentHeard'), 'heardOn'],
      ['eera.sunshine.employer-adoption', 'Employer adopted its initial proposal at an open meeting', 'Gov. Code 3547(c)', of('EmployerProposalAdopted'), 'adoptedOn'],
    ];
    const doneOn: (string | null)[] = [];
    for (const [id, requirement, citation, facts, field] of steps) {
      const first = facts.map((e) => dayOf(e, field)).sort()[0] ?? null;
      doneOn.push(first);
      item({ id, requirement, citation, status: first ? 'met' : 'pending', on: first, detail: first ? `on ${first}` : 'not recorded', facts: facts.map(ref) });
    }
    const sessions = of('SessionHeld');
    const sunshineDone = doneOn.every((d) => d !== null) ? (doneOn as string[]).sort().at(-1)! : null;
    const early = sessions.filter((s) => sunshineDone === null || dayOf(s, 'heldOn') < sunshineDone);
    item({
      id: 'eera.session-before-sunshine',
      requirement: 'No negotiating before the initial proposals were presented, the public heard and the employer proposal adopted',
      citation: 'Gov. Code 3547',
      status: sessions.length === 0 ? 'pending' : early.length > 0 ? 'flagged' : 'met',
      on: early[0] ? dayOf(early[0], 'heldOn') : sunshineDone,
      detail:
        early.length > 0
          ? `${early.length} session(s) held before the sunshine steps were complete${sunshineDone ? ` (${sunshineDone})` : ''}: ${early.map((s) => `session ${String(data(s)['number'])} on ${dayOf(s, 'heldOn')}`).join('; ')}`
          : sessions.length === 0
            ? 'no sessions recorded'
            : `first session after the sunshine steps (${sunshineDone})`,
      facts: early.map(ref),
    });
  }

  const issued = of('FactfindingReportIssued')[0];
  const madePublic = of('FactfindingReportMadePublic')[0];
  const ffCitation = statute === 'MMBA' ? 'Gov. Code 3505.5(a)' : statute === 'EERA' ? 'Gov. Code 3548.3(a)' : 'factfinding statute';
  if (issued) {
    const issuedOn = dayOf(issued, 'issuedOn');
    const publicOn = madePublic ? dayOf(madePublic, 'madePublicOn') : null;
    const days = daysBetween(issuedOn, publicOn ?? asOf);
    item({
      id: 'factfinding.report-public-within-10-days',
      requirement: 'Factfinding report made public within 10 days of its issue',
      citation: ffCitation,
      status: publicOn ? (days > 10 ? 'flagged' : 'met') : days > 10 ? 'flagged' : 'pending',
      on: publicOn,
      detail: publicOn ? `issued ${issuedOn}, made public ${publicOn}: ${days} days` : `issued ${issuedOn}, not made public as of ${asOf} (${days} days)`,
      facts: [issued, ...(madePublic ? [madePublic] : [])].map(ref),
    });
  } else {
    item({ id: 'factfinding.report-public-within-10-days', requirement: 'Factfinding report made public within 10 days of its issue', citation: ffCitation, status: 'not-applicable', on: null, detail: 'no factfinding report recorded', facts: [] });
  }

  const settlement = of('SettlementReached')[0];
  const disclosure = of('SettlementCostsDisclosed')[0];
  const approval = of('GoverningBodyApproved')[0];
  if (settlement) {
    const disclosedOn = disclosure ? dayOf(disclosure, 'disclosedOn') : null;
    const approvedOn = approval ? dayOf(approval, 'approvedOn') : null;
    const certifiedBy = disclosure ? ((data(disclosure)['certifiedBy'] as { superintendent?: string | null; chiefBusinessOfficial?: string | null } | undefined) ?? {}) : {};
    const certified = Boolean(certifiedBy.superintendent) && Boolean(certifiedBy.chiefBusinessOfficial);
    const flagged = (approvedOn !== null && (disclosedOn === null || disclosedOn >= approvedOn)) || (disclosure !== undefined && statute === 'EERA' && !certified);
    item({
      id: 'settlement.costs-disclosed-before-approval',
      requirement: 'Major provisions and costs disclosed at a public meeting before the governing body acts, certified by the superintendent and chief business official',
      citation: statute === 'EERA' ? 'Gov. Code 3547.5' : 'public disclosure of costs',
      status: flagged ? 'flagged' : disclosedOn ? 'met' : 'pending',
      on: disclosedOn,
      detail: `${disclosedOn ? `disclosed ${disclosedOn}` : 'no disclosure recorded'}${approvedOn ? `; approved ${approvedOn}` : ''}${disclosure ? (certified ? '; certified' : '; certification incomplete') : ''}`,
      facts: [disclosure, approval].filter((e): e is RecordedEvent => e !== undefined).map(ref),
    });
    const vote = of('RatificationVoteHeld').at(-1);
    item({
      id: 'settlement.ratified',
      requirement: "Ratified by the employee organization's members",
      citation: 'ratification',
      status: vote ? (data(vote)['ratified'] ? 'met' : 'flagged') : 'pending',
      on: vote ? dayOf(vote, 'heldOn') : null,
      detail: vote ? (data(vote)['yes'] == null && data(vote)['no'] == null ? 'ratified; counts not recorded' : `${String(data(vote)['yes'] ?? '?')} yes, ${String(data(vote)['no'] ?? '?')} no`) : 'no vote recorded',
      facts: vote ? [ref(vote)] : [],
    });
    item({
      id: 'settlement.governing-body-approval',
      requirement: 'Approved by the governing body at a public meeting',
      citation: statute === 'MMBA' ? 'Gov. Code 3505.1' : 'open meeting',
      status: approval ? 'met' : 'pending',
      on: approvedOn,
      detail: approval ? `resolution ${String(data(approval)['resolutionNumber'] ?? '?')}` : 'no approval recorded',
      facts: approval ? [ref(approval)] : [],
    });
  }

  const closedRules = rules.some((r) => data(r)['taRule'] === 'closed-once-initialed');
  const taWithdrawals = of('TentativeAgreementWithdrawn');
  item({
    id: 'ground-rules.ta-withdrawn-under-closed-rules',
    requirement: 'No tentative agreement withdrawn when the ground rules close TAs once initialed',
    citation: 'ground rules (bad-faith indicator)',
    status: !closedRules ? 'not-applicable' : taWithdrawals.length > 0 ? 'flagged' : 'met',
    on: taWithdrawals[0] ? dayOf(taWithdrawals[0], 'withdrawnOn') : null,
    detail: !closedRules ? 'TAs reopenable until global agreement (or no ground rules recorded)' : `${taWithdrawals.length} TA withdrawal(s)`,
    facts: closedRules ? taWithdrawals.map(ref) : [],
  });

  const requests = requestClocks(input, calendar);
  if (requests.length === 0) {
    item({ id: 'information-requests.timely', requirement: 'Information requests answered without unexplained delay; objections raised promptly', citation: 'duty to furnish information (PERB)', status: 'not-applicable', on: null, detail: 'no information requests in this bundle', facts: [] });
  }
  for (const { events: requestEvents, clocks } of requests) {
    const problems = [
      ...(clocks.overdue ? [`overdue by ${clocks.daysOverdue} days (due ${clocks.dueOn})`] : []),
      ...clocks.items.filter((i) => i.firstResponseLate).map((i) => `item ${i.number} first answered after the due date`),
      ...clocks.lateObjections.map((o) => `late objection to item ${o.itemNumber} on ${o.objectedOn} (${o.reasons.join(', ')})`),
    ];
    item({
      id: `information-request.${clocks.requestId}`,
      requirement: `Information request ${clocks.requestId} answered without unexplained delay; objections raised promptly`,
      citation: 'duty to furnish information (PERB)',
      status: problems.length > 0 ? 'flagged' : clocks.status === 'open' ? 'pending' : 'met',
      on: clocks.receivedOn,
      detail: problems.length > 0 ? problems.join('; ') : `status ${clocks.status}, ${clocks.daysOutstanding} days outstanding`,
      facts: requestEvents.map(ref),
    });
  }

  return {
    asOf,
    statute,
    source: 'derived from the events in this bundle by the records default provider; the compliance read model (versioned rule sets) supersedes it',
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
      occurredAt: event.occurredAt.at,
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
          date: event.occurredAt.at,
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
    .filter((event) => categories.includes(category(event.stream)))
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
  const accessLogCategories = options.accessLogCategories ?? ['accesslog'];
  return {
    overview,
    chronology: (input) => chronology(input, lateEntryDays),
    tentativeAgreements,
    articleChains,
    informationRequests: (input) => informationRequests(input, calendar),
    statutoryChecklist: (input) => statutoryChecklist(input, calendar),
    classificationRegister,
    privilegeLog,
    accessLog: (input) => accessLog(input, accessLogCategories),
  };
}
