import type { BusinessTime, CommandMetadata, Warning } from '#kernel';
import { bayviewUnit as bayviewUnitOf } from '#testing';
import {
  type NegotiationCommand,
  type NegotiationCommandType,
  type NegotiationEvent,
  type NegotiationState,
  type UnitSnapshot,
  negotiationDecider,
} from '#bargaining';

/** System time of every test command: the record is written on this instant. */
export const NOW = '2026-06-01T12:00:00.000Z';
export const NEGOTIATION_ID = 'bayview_2025';
export const sha = (char: string) => char.repeat(64);

export function metadata(at: string, precision: BusinessTime['precision'] = 'day'): CommandMetadata {
  return {
    now: NOW,
    occurredAt: { at, precision },
    actor: { subject: 'negotiator-1', role: 'negotiator' },
    commandId: `cmd-${at}`,
    correlationId: 'corr-1',
  };
}

type CommandOf<T extends NegotiationCommandType> = Extract<NegotiationCommand, { type: T }>;

/** A negotiation command on NEGOTIATION_ID, business day `at`. */
export function cmd<T extends NegotiationCommandType>(type: T, data: Omit<CommandOf<T>['data'], 'negotiationId'> & { negotiationId?: string }, at = '2025-03-01'): CommandOf<T> {
  return { type, data: { negotiationId: NEGOTIATION_ID, ...data }, metadata: metadata(at) } as unknown as CommandOf<T>;
}

export const bayviewUnit = (statute: UnitSnapshot['statute'] = 'EERA'): UnitSnapshot => bayviewUnitOf(statute);

export const openCmd = (statute: UnitSnapshot['statute'] = 'EERA', over: Partial<CommandOf<'OpenNegotiation'>['data']> = {}) =>
  cmd('OpenNegotiation', { unit: bayviewUnit(statute), kind: 'successor', articlesInScope: [], ...over }, '2025-01-15');

export const article = (label: string, text = `Article ${label} text`) => ({ article: label, title: `Article ${label}`, changeKind: 'amend' as const, text });

export const tableCmd = (proposalId: string, side: 'employer' | 'union', articles: string[], at = '2025-03-20') =>
  cmd('TableProposal', { proposalId, side, number: `${side === 'employer' ? 'D' : 'U'}-${proposalId}`, articles: articles.map((a) => article(a)) }, at);

export const counterCmd = (proposalId: string, side: 'employer' | 'union', respondsTo: string, articles: string[], at = '2025-03-27') =>
  cmd('TableCounterproposal', { proposalId, side, respondsTo, number: `${side === 'employer' ? 'D' : 'U'}-${proposalId}`, articles: articles.map((a) => article(a, `counter ${a}`)) }, at);

export const packageCmd = (proposalId: string, side: 'employer' | 'union', articles: string[], conditional = true, at = '2025-05-01') =>
  cmd('TablePackage', { proposalId, side, number: `PKG-${proposalId}`, articles: articles.map((a) => article(a, `package ${a}`)), conditional }, at);

export const initialCmd = (taId: string, side: 'employer' | 'union', at = '2025-04-02', articles: string[] | null = ['23']) =>
  cmd('InitialTentativeAgreement', {
    taId,
    side,
    signatory: side === 'employer' ? 'Dana Ruiz, district spokesperson' : 'Lee Park, BTA president',
    ...(articles ? { articles: articles.map((a) => ({ article: a, title: `Article ${a}`, text: `agreed ${a}` })) } : {}),
  }, at);

/** Runs commands through the decider: the events it would store, in order. */
export function history(...commands: NegotiationCommand[]): NegotiationEvent[] {
  return record(commands).events;
}

/** The events of `prior` followed by those the commands add to it. */
export function extend(prior: readonly NegotiationEvent[], ...commands: NegotiationCommand[]): NegotiationEvent[] {
  const state = prior.reduce(negotiationDecider.evolve, negotiationDecider.initialState());
  return record(commands, { state, events: [...prior], warnings: [] }).events;
}

export interface Recorded {
  readonly state: NegotiationState;
  readonly events: NegotiationEvent[];
  readonly warnings: Warning[][];
}

/** Decides and folds each command in turn, keeping the warnings of each decision. */
export function record(commands: readonly NegotiationCommand[], from: Recorded = { state: negotiationDecider.initialState(), events: [], warnings: [] }): Recorded {
  let { state } = from;
  const events = [...from.events];
  const warnings = [...from.warnings];
  for (const command of commands) {
    const decided = negotiationDecider.decide(command, state);
    warnings.push([...(negotiationDecider.warnings?.(command, state, decided) ?? [])]);
    for (const event of decided) state = negotiationDecider.evolve(state, event);
    events.push(...decided);
  }
  return { state, events, warnings };
}

export const warningCodes = (command: NegotiationCommand, given: readonly NegotiationCommand[]) => {
  const before = record(given);
  return record([command], before).warnings.at(-1)!.map((w) => w.code);
};
