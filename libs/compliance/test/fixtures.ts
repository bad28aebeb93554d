import type { RecordedEvent } from '#event-store';
import type { BusinessTime, CommandMetadata, Decider, Command, Event } from '#kernel';
import {
  type NegotiationCommand,
  type NegotiationCommandType,
  type UnitSnapshot,
  negotiationDecider,
  negotiationStream,
  unitDecider,
  unitStream,
} from '#bargaining';
import {
  type BusinessCalendar,
  type InformationRequestCommand,
  informationRequestDecider,
  informationRequestStream,
} from '#information-requests';
import { bayviewUnit } from '#testing';
import type { NegotiationComplianceFacts, RequestComplianceFacts } from '../src/facts/facts.js';
import { negotiationFactsOf, requestFactsOf } from '../src/facts/gather.js';

/** System time of the test commands unless a step says otherwise: after every business date used. */
export const NOW = '2026-06-01T12:00:00.000Z';
export const NEGOTIATION_ID = 'bayview_2025';
export const UNIT_ID = 'bayview_teachers';
export const REQUEST_ID = 'rfi_2025_007';
export const sha = (char: string) => char.repeat(64);

/** California school district holidays, 2025 (none between 2025-04-10 and 2025-04-24; Memorial Day 2025-05-26). */
export const DISTRICT_CALENDAR_2025: BusinessCalendar = {
  holidays: ['2025-01-01', '2025-01-20', '2025-02-17', '2025-03-31', '2025-05-26', '2025-07-04', '2025-09-01', '2025-11-11', '2025-11-27', '2025-11-28', '2025-12-25', '2026-01-01'],
};

let sequence = 0;

export function metadata(at: string, now = NOW, precision: BusinessTime['precision'] = 'day'): CommandMetadata {
  sequence++;
  return {
    now,
    occurredAt: { at, precision },
    actor: { subject: 'negotiator-1', role: 'negotiator' },
    commandId: `cmd-${sequence}`,
    correlationId: 'corr-1',
  };
}

type CommandOf<T extends NegotiationCommandType> = Extract<NegotiationCommand, { type: T }>;

/** A negotiation command on NEGOTIATION_ID (unless data names another), business day `at`. */
export function n<T extends NegotiationCommandType>(type: T, data: Omit<CommandOf<T>['data'], 'negotiationId'> & { negotiationId?: string }, at: string, now = NOW): CommandOf<T> {
  return { type, data: { negotiationId: NEGOTIATION_ID, ...data }, metadata: metadata(at, now) } as unknown as CommandOf<T>;
}

export const unit = (statute: UnitSnapshot['statute'] = 'EERA', unitId = UNIT_ID): UnitSnapshot => bayviewUnit(statute, unitId);

export const open = (statute: UnitSnapshot['statute'] = 'EERA', at = '2025-01-15', over: Partial<CommandOf<'OpenNegotiation'>['data']> = {}) =>
  n('OpenNegotiation', { unit: unit(statute), kind: 'successor', articlesInScope: [], ...over }, at);

export const article = (label: string) => ({ article: label, title: `Article ${label}`, changeKind: 'amend' as const, text: `Article ${label} text` });

export const sunshine = (side: 'employer' | 'union', articles: string[], at: string) =>
  n('SunshineInitialProposal', { side, boardMeeting: `Board meeting ${at}`, articles }, at);
export const comment = (at: string) => n('HearPublicComment', { boardMeeting: `Board meeting ${at}` }, at);
export const adopt = (at: string) => n('AdoptEmployerProposal', { boardMeeting: `Board meeting ${at}`, resolutionNumber: '24-25/41' }, at);
export const session = (number: number, at: string, now = NOW) =>
  n('HoldSession', { sessionId: `session_${number}`, number, place: 'District office', attendees: { employer: ['Dana Ruiz'], union: ['Lee Park'] }, articlesDiscussed: ['10'] }, at, now);
export const table = (proposalId: string, side: 'employer' | 'union', articles: string[], at: string, costing = false) =>
  n('TableProposal', {
    proposalId,
    side,
    number: proposalId.toUpperCase(),
    articles: articles.map(article),
    ...(costing ? { costing: { summary: 'Cost of the salary schedule', costs: [{ fiscalYear: '2025-26', amount: '1200000' }], documents: [] } } : {}),
  }, at);
export const initial = (taId: string, side: 'employer' | 'union', at: string, articles?: string[]) =>
  n('InitialTentativeAgreement', { taId, side, signatory: side === 'employer' ? 'Dana Ruiz' : 'Lee Park', ...(articles ? { articles: articles.map((a) => ({ article: a, title: null, text: `Agreed ${a}` })) } : {}) }, at);

/** Sunshine done in full before `by`: both proposals presented, comment heard, the employer's adopted. */
export const sunshined = (articles = ['10', '15', '21', '23', '24'], by = '2025-02-12') => [sunshine('union', articles, by), sunshine('employer', articles, by), comment(by), adopt(by)];

// ---- recording: commands through the deciders, stored as RecordedEvents ----

let position = 0;

/** Runs the commands through the decider on one stream and answers the events as the store would have recorded them. */
export function recordStream<C extends Command, E extends Event, S>(stream: string, decider: Decider<C, E, S>, commands: readonly C[], prior: readonly RecordedEvent[] = []): RecordedEvent[] {
  let state = prior.reduce((s, e) => decider.evolve(s, e as unknown as E), decider.initialState());
  const recorded = [...prior];
  for (const command of commands) {
    for (const event of decider.decide(command, state)) {
      const revision = recorded.length;
      recorded.push({
        eventId: `${stream}#${revision}`,
        stream,
        type: event.type,
        schemaVersion: 1,
        data: event.data as Record<string, unknown>,
        occurredAt: command.metadata.occurredAt,
        recordedAt: command.metadata.now,
        actor: command.metadata.actor,
        correlationId: command.metadata.correlationId,
        causationId: null,
        commandId: command.metadata.commandId,
        classification: decider.classify?.(event, state) ?? { level: 'internal', basis: 'test' },
        revision,
        position: `0/${++position}`,
        canonical: '',
        prevHash: '',
        hash: '',
      });
      state = decider.evolve(state, event);
    }
  }
  return recorded;
}

export const recordNegotiation = (commands: readonly NegotiationCommand[], negotiationId = NEGOTIATION_ID, prior: readonly RecordedEvent[] = []) =>
  recordStream(negotiationStream(negotiationId), negotiationDecider, commands, prior);

export const recordRequest = (commands: readonly InformationRequestCommand[], requestId = REQUEST_ID) =>
  recordStream(informationRequestStream(requestId), informationRequestDecider, commands);

export const recordUnit = (statute: UnitSnapshot['statute'] = 'EERA', unitId = UNIT_ID) =>
  recordStream(unitStream(unitId), unitDecider, [{ type: 'RegisterUnit', data: { ...unit(statute, unitId), description: null }, metadata: metadata('2022-07-01') }]);

export const negotiationFacts = (events: readonly RecordedEvent[]): NegotiationComplianceFacts => negotiationFactsOf(events)!;

export const requestFacts = (events: readonly RecordedEvent[]): RequestComplianceFacts => requestFactsOf(events)!;

/** Builds a negotiation's facts from commands (opened first when the list does not open it). */
export const factsOf = (...commands: NegotiationCommand[]) =>
  negotiationFacts(recordNegotiation(commands[0]?.type === 'OpenNegotiation' ? commands : [open(), ...commands]));

// ---- information requests ----

type RequestData<T extends InformationRequestCommand['type']> = Extract<InformationRequestCommand, { type: T }>['data'];

export const ITEMS = [
  { number: 1, description: 'Step-and-column placement of each unit member, by name, 2024-25' },
  { number: 2, description: 'Cost of one step and one column movement on the 2025-26 salary schedule' },
];

export const r = {
  receive: (at: string, data: Partial<RequestData<'ReceiveInformationRequest'>> = {}, requestId = REQUEST_ID): InformationRequestCommand => ({
    type: 'ReceiveInformationRequest',
    data: {
      requestId,
      unitId: UNIT_ID,
      from: { organization: 'Bayview Teachers Association', person: 'R. Alvarez' },
      negotiationId: NEGOTIATION_ID,
      items: ITEMS,
      responsePolicy: { kind: 'business-days', days: 10 },
      calendar: DISTRICT_CALENDAR_2025,
      ...data,
    },
    metadata: metadata(at),
  }),
  acknowledge: (at: string, requestId = REQUEST_ID): InformationRequestCommand => ({ type: 'AcknowledgeInformationRequest', data: { requestId }, metadata: metadata(at) }),
  produce: (at: string, itemNumber: number, completeness: 'partial' | 'complete', requestId = REQUEST_ID): InformationRequestCommand => ({
    type: 'ProduceInformationItem',
    data: { requestId, itemNumber, documents: [{ name: `item-${itemNumber}.xlsx`, sha256: sha('c') }], completeness },
    metadata: metadata(at),
  }),
  object: (at: string, itemNumber: number, requestId = REQUEST_ID): InformationRequestCommand => ({
    type: 'ObjectToInformationItem',
    data: {
      requestId,
      itemNumber,
      grounds: ['third-party-privacy'],
      explanation: 'Placement by name discloses each teacher’s compensation',
      accommodationOffered: true,
      accommodationDescription: 'Placement by anonymized employee number',
    },
    metadata: metadata(at),
  }),
  extend: (at: string, newDueOn: string, requestId = REQUEST_ID): InformationRequestCommand => ({
    type: 'ExtendResponseDeadline',
    data: { requestId, newDueOn, agreedByUnion: true, reason: 'Payroll system migration' },
    metadata: metadata(at),
  }),
};

/** DOMAIN.md's request: step-and-column costs received 2025-04-10, acknowledged 04-13, privacy objection 04-26, partial production 05-22. */
export const bayviewRequestCommands = (): InformationRequestCommand[] => [
  r.receive('2025-04-10'),
  r.acknowledge('2025-04-13'),
  r.object('2025-04-26', 1),
  r.produce('2025-05-22', 2, 'partial'),
];
