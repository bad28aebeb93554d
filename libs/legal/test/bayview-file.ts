import { type NegotiationCommand, negotiationDecider, negotiationStream } from '#bargaining';
import type { RecordedEvent } from '#event-store';
import { type InformationRequestCommand, informationRequestDecider, informationRequestStream } from '#information-requests';
import type { Actor, CommandMetadata } from '#kernel';
import { BAYVIEW_NEGOTIATOR, BAYVIEW_TEXT, BAYVIEW_UNIT } from '#testing';

/*
 * A Bayview-like file (DOMAIN.md) for the legal specs and the e2e test: proposal chains on Articles
 * 10 and 24 with a costed district counterproposal, the Article 23 TA initialed on two days, a
 * conditional district package rejected (positions revert), an information request with a privacy
 * objection entered 24 days late, a strategy note entered three weeks late, legal advice
 * (privileged), a district proposal on Article 15 tabled 2025-06-09 but recorded 2025-06-30, and the
 * union's counterproposal U-2 keyed as 2025-04-02 but tabled on 2025-04-01, corrected on 2025-06-20.
 */

export const NEGOTIATOR: Actor = BAYVIEW_NEGOTIATOR;
export const COUNSEL: Actor = { subject: 'counsel@bayviewusd.example', role: 'legal-counsel' };

export { BAYVIEW_UNIT };

export const TEXT = BAYVIEW_TEXT;

const HASH = (c: string) => c.repeat(64);
const articles = (...pairs: [string, string][]) => pairs.map(([article, text]) => ({ article, title: `Article ${article}`, changeKind: 'amend' as const, text }));

export type StepStream = 'negotiation' | 'request';

export interface Step {
  readonly label: string;
  readonly stream: StepStream;
  /** Business day (or instant) it happened. */
  readonly at: string;
  /** System time of recording. */
  readonly recordedAt: string;
  readonly actor?: Actor;
  /** Built when it is recorded: a correction names the event id of an earlier step. */
  readonly command: (ids: ReadonlyMap<string, string>, metadata: CommandMetadata) => NegotiationCommand | InformationRequestCommand;
}

/** Recorded the same evening unless said otherwise. */
const evening = (day: string) => `${day}T20:00:00.000Z`;

export function bayviewSteps(negotiationId: string, requestId: string): Step[] {
  const n = (label: string, at: string, type: NegotiationCommand['type'], data: Record<string, unknown> | ((ids: ReadonlyMap<string, string>) => Record<string, unknown>), recordedAt = evening(at), actor?: Actor): Step => ({
    label,
    stream: 'negotiation',
    at,
    recordedAt,
    ...(actor && { actor }),
    command: (ids, metadata) => ({ type, data: { negotiationId, ...(typeof data === 'function' ? data(ids) : data) }, metadata }) as unknown as NegotiationCommand,
  });
  const r = (label: string, at: string, type: InformationRequestCommand['type'], data: Record<string, unknown>, recordedAt = evening(at)): Step => ({
    label,
    stream: 'request',
    at,
    recordedAt,
    command: (_ids, metadata) => ({ type, data: { requestId, ...data }, metadata }) as unknown as InformationRequestCommand,
  });
  const attendees = { employer: ['Dana Ruiz'], union: ['Lee Park'] };
  return [
    n('open', '2025-01-15', 'OpenNegotiation', { unit: BAYVIEW_UNIT, kind: 'successor', articlesInScope: [] }),
    n('groundRules', '2025-01-29', 'AgreeGroundRules', { taRule: 'reopenable-until-global', terms: null }),
    n('sunshine', '2025-02-12', 'SunshineInitialProposal', { side: 'union', boardMeeting: 'Board meeting 2025-02-12', articles: ['10', '15', '21', '24'] }),
    n('session1', '2025-03-05', 'HoldSession', { sessionId: 'session_1', number: 1, place: 'District office', attendees, articlesDiscussed: ['10', '24'] }),
    n('u1', '2025-03-19', 'TableProposal', { proposalId: 'u1', side: 'union', number: 'U-1', articles: articles(['24', TEXT.u1_24], ['10', TEXT.u1_10]) }),
    n('d1', '2025-03-26', 'TableCounterproposal', {
      proposalId: 'd1',
      side: 'employer',
      number: 'D-1',
      respondsTo: 'u1',
      articles: articles(['24', TEXT.d1_24], ['10', TEXT.d1_10]),
      costing: { summary: '2% on the salary schedule: $1.1M a year', costs: [{ fiscalYear: '2025-26', amount: '1100000.00' }] },
    }),
    // Mis-keyed: tabled on 2025-04-01, entered as 2025-04-02 (corrected below).
    n('u2', '2025-04-02', 'TableCounterproposal', { proposalId: 'u2', side: 'union', number: 'U-2', respondsTo: 'd1', articles: articles(['24', TEXT.u2_24]) }),
    n('ta23District', '2025-04-02', 'InitialTentativeAgreement', { taId: 'ta_23', side: 'employer', signatory: 'Dana Ruiz', articles: [{ article: '23', title: 'Article 23', text: TEXT.ta_23 }] }),
    n('ta23Union', '2025-04-04', 'InitialTentativeAgreement', { taId: 'ta_23', side: 'union', signatory: 'Lee Park' }),
    r('received', '2025-04-10', 'ReceiveInformationRequest', {
      unitId: BAYVIEW_UNIT.unitId,
      from: { organization: 'Bayview Teachers Association', person: 'R. Alvarez' },
      negotiationId,
      items: [
        { number: 1, description: 'Step-and-column placement of each unit member, by name' },
        { number: 2, description: 'Cost of one step and one column movement for 2025-26' },
      ],
    }),
    r('acknowledged', '2025-04-13', 'AcknowledgeInformationRequest', {}),
    // The privacy objection of 2025-04-26, entered on 2025-05-20 (24 days late).
    r('objected', '2025-04-26', 'ObjectToInformationItem', { itemNumber: 1, grounds: ['third-party-privacy'], explanation: 'Names of unit members', accommodationOffered: true, accommodationDescription: 'Anonymized placement' }, '2025-05-20T16:00:00.000Z'),
    n('pkg', '2025-05-07', 'TablePackage', { proposalId: 'pkg1', side: 'employer', number: 'D-PKG-1', conditional: true, articles: articles(['10', TEXT.pkg_10], ['24', TEXT.pkg_24]) }),
    n('pkgRejected', '2025-05-14', 'RejectPackage', { proposalId: 'pkg1', reason: 'Does not address class size' }),
    r('produced', '2025-05-22', 'ProduceInformationItem', { itemNumber: 2, documents: [{ name: 'step-and-column costs.xlsx', sha256: HASH('b') }], summary: null, completeness: 'partial' }),
    // A strategy note entered three weeks late.
    n('strategyNote', '2025-06-04', 'RecordConfidentialNote', { kind: 'strategy', title: 'Caucus notes', body: 'Hold on Article 24 until costing returns' }, '2025-06-25T17:00:00.000Z'),
    n('legalAdvice', '2025-06-05', 'RecordConfidentialNote', { kind: 'legal-advice', title: 'Advice on Article 15', body: 'Preparation time is within scope' }, evening('2025-06-05'), COUNSEL),
    n('correction', '2025-06-20', 'RecordCorrection', (ids) => ({
      correctedEventId: ids.get('u2'),
      correctedEventType: 'CounterproposalTabled',
      correctedEventClassification: { level: 'internal', basis: 'exchanged at the bargaining table' },
      reason: 'Tabled on 2025-04-01, keyed as 2025-04-02',
      correctedFields: { occurredAt: { at: '2025-04-01', precision: 'day' } },
    })),
    // Tabled 2025-06-09, entered 2025-06-30: three weeks late.
    n('d0', '2025-06-09', 'TableProposal', { proposalId: 'd0', side: 'employer', number: 'D-0', articles: articles(['15', TEXT.d0_15]) }, '2025-06-30T16:00:00.000Z'),
  ];
}

export function stepMetadata(step: Step, index: number): CommandMetadata {
  return {
    now: step.recordedAt,
    occurredAt: { at: step.at, precision: step.at.length > 10 ? 'instant' : 'day' },
    actor: step.actor ?? NEGOTIATOR,
    commandId: `bayview-${index}-${step.label}`,
    correlationId: `corr-${step.label}`,
  };
}

export interface RecordedFile {
  /** Every event, in recording order, across the negotiation's and the request's streams. */
  readonly events: readonly RecordedEvent[];
  readonly negotiation: readonly RecordedEvent[];
  readonly request: readonly RecordedEvent[];
  /** Event id of each step's first event; `d1Costing` for the costing recorded with d1. */
  readonly ids: ReadonlyMap<string, string>;
}

/** Decides each step with the real deciders and wraps each event as the store would (positions in recording order). */
export function recordBayview(negotiationId = 'bayview_2025', requestId = 'rfi_2025_007'): RecordedFile {
  const streams = { negotiation: negotiationStream(negotiationId), request: informationRequestStream(requestId) };
  let negotiationState = negotiationDecider.initialState();
  let requestState = informationRequestDecider.initialState();
  const byStream: Record<StepStream, RecordedEvent[]> = { negotiation: [], request: [] };
  const events: RecordedEvent[] = [];
  const ids = new Map<string, string>();
  bayviewSteps(negotiationId, requestId).forEach((step, index) => {
    const metadata = stepMetadata(step, index);
    const command = step.command(ids, metadata);
    const list = byStream[step.stream];
    const decided =
      step.stream === 'negotiation'
        ? negotiationDecider.decide(command as NegotiationCommand, negotiationState).map((event) => ({ event, mark: negotiationDecider.classify!(event, negotiationState) }))
        : informationRequestDecider.decide(command as InformationRequestCommand, requestState).map((event) => ({ event, mark: informationRequestDecider.classify!(event, requestState) }));
    decided.forEach(({ event, mark }, i) => {
      const revision = list.length;
      const stream = streams[step.stream];
      const recorded: RecordedEvent = {
        eventId: `${stream}@${revision}`,
        stream,
        type: event.type,
        schemaVersion: 1,
        data: event.data as Record<string, unknown>,
        occurredAt: metadata.occurredAt,
        recordedAt: metadata.now,
        actor: metadata.actor,
        correlationId: metadata.correlationId,
        causationId: null,
        commandId: metadata.commandId,
        classification: mark,
        revision,
        position: `1/${events.length + 1}`,
        canonical: '',
        prevHash: revision === 0 ? '0'.repeat(64) : list[revision - 1]!.hash,
        hash: HASH(String((events.length % 9) + 1)),
      };
      list.push(recorded);
      events.push(recorded);
      if (i === 0) ids.set(step.label, recorded.eventId);
      if (event.type === 'ProposalCostingRecorded') ids.set(`${step.label}Costing`, recorded.eventId);
      if (step.stream === 'negotiation') negotiationState = negotiationDecider.evolve(negotiationState, event as never);
      else requestState = informationRequestDecider.evolve(requestState, event as never);
    });
  });
  return { events, negotiation: byStream.negotiation, request: byStream.request, ids };
}
