import type { RecordedEvent } from '#event-store';
import { demandStream, negotiationStream, unitStream } from '../../domain/ids.js';
import { type DemandCommand, type DemandState, demandDecider } from '../../domain/demand-to-bargain.js';
import type { Actor, CommandMetadata } from '#kernel';
import { BAYVIEW_NEGOTIATOR, BAYVIEW_UNIT } from '#testing';
import type { NegotiationCommand, NegotiationCommandType } from '../../domain/negotiation/commands.js';
import { negotiationDecider } from '../../domain/negotiation/decider.js';
import type { NegotiationState } from '../../domain/negotiation/state.js';
import type { UnitSnapshot } from '../../domain/unit.js';
import { unitDecider, type UnitCommand } from '../../domain/unit.js';

/*
 * Test support for the read-model specs: decides commands with the real deciders and wraps each
 * event in the envelope the store would give it (revision, position, classification, recordedAt),
 * so the projections are fed what the projector feeds them.
 */

export const NEGOTIATOR: Actor = BAYVIEW_NEGOTIATOR;

export const bayviewUnit: UnitSnapshot = BAYVIEW_UNIT;

type CommandOf<T extends NegotiationCommandType> = Extract<NegotiationCommand, { type: T }>;

export interface RecordOptions {
  /** System time of recording; default: noon UTC of the business day (recorded the same day). */
  readonly recordedAt?: string;
  readonly actor?: Actor;
}

let positions = 0;

/** A negotiation's stream, recorded command by command. */
export class RecordedNegotiation {
  readonly events: RecordedEvent[] = [];
  private state: NegotiationState = negotiationDecider.initialState();
  private commandCount = 0;

  constructor(readonly negotiationId = 'bayview_2025') {}

  get stream(): string {
    return negotiationStream(this.negotiationId);
  }

  record<T extends NegotiationCommandType>(
    type: T,
    data: Omit<CommandOf<T>['data'], 'negotiationId'>,
    at: string,
    options: RecordOptions = {},
  ): RecordedEvent[] {
    const metadata = this.metadata(at, options);
    const command = { type, data: { negotiationId: this.negotiationId, ...data }, metadata } as unknown as NegotiationCommand;
    const decided = negotiationDecider.decide(command, this.state);
    // As handleCommand does: every event of one decision is classified against the state before it.
    const before = this.state;
    const recorded = decided.map((event, index) => {
      this.state = negotiationDecider.evolve(this.state, event);
      return envelope(this.stream, this.events.length + index, event, negotiationDecider.classify!(event, before), metadata);
    });
    this.events.push(...recorded);
    return recorded;
  }

  open(at = '2025-01-15', over: Partial<CommandOf<'OpenNegotiation'>['data']> = {}): RecordedEvent[] {
    return this.record('OpenNegotiation', { unit: bayviewUnit, kind: 'successor', articlesInScope: [], ...over }, at);
  }

  private metadata(at: string, options: RecordOptions): CommandMetadata {
    return {
      now: options.recordedAt ?? `${at.slice(0, 10)}T20:00:00.000Z`,
      occurredAt: { at, precision: at.length > 10 ? 'instant' : 'day' },
      actor: options.actor ?? NEGOTIATOR,
      commandId: `${this.negotiationId}-cmd-${++this.commandCount}`,
      correlationId: 'corr',
    };
  }
}

export function recordedUnit(unit: UnitSnapshot = bayviewUnit, at = '2022-07-01'): RecordedEvent[] {
  const metadata: CommandMetadata = { now: `${at}T20:00:00.000Z`, occurredAt: { at, precision: 'day' }, actor: { subject: 'admin', role: 'admin' }, commandId: 'unit', correlationId: 'corr' };
  const command: UnitCommand = { type: 'RegisterUnit', data: { ...unit, description: null }, metadata };
  const state = unitDecider.initialState();
  return unitDecider.decide(command, state).map((event, i) => envelope(unitStream(unit.unitId), i, event, unitDecider.classify!(event, state), metadata));
}

/** A demand to bargain's stream (`demand-<id>`), recorded command by command with the demand decider. */
export function recordedDemand(demandId: string, commands: readonly { type: DemandCommand['type']; data: Record<string, unknown>; at: string }[]): RecordedEvent[] {
  let state: DemandState = demandDecider.initialState();
  const events: RecordedEvent[] = [];
  commands.forEach(({ type, data, at }, i) => {
    const metadata: CommandMetadata = { now: `${at}T20:00:00.000Z`, occurredAt: { at, precision: 'day' }, actor: NEGOTIATOR, commandId: `${demandId}-${i}`, correlationId: 'corr' };
    const command = { type, data: { demandId, ...data }, metadata } as unknown as DemandCommand;
    for (const event of demandDecider.decide(command, state)) {
      events.push(envelope(demandStream(demandId), events.length, event, demandDecider.classify!(event, state), metadata));
      state = demandDecider.evolve(state, event);
    }
  });
  return events;
}

function envelope(stream: string, revision: number, event: { type: string; data: object }, classification: RecordedEvent['classification'], metadata: CommandMetadata): RecordedEvent {
  positions++;
  return {
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
    classification,
    revision,
    position: `1/${positions}`,
    canonical: '',
    prevHash: '',
    hash: '',
  };
}

/**
 * What the read store does for one projection: route each event to its keys and evolve, in order;
 * each document goes through JSON (jsonb) after every step, so a spec sees what a query would.
 */
export function project<Doc>(
  projection: { keys(event: RecordedEvent): readonly string[]; evolve(doc: Doc | null, event: RecordedEvent, key: string): Doc | null },
  events: readonly RecordedEvent[],
  from: ReadonlyMap<string, Doc> = new Map(),
): Map<string, Doc> {
  const docs = new Map(from);
  for (const event of events) {
    for (const key of projection.keys(event)) {
      const next = projection.evolve(docs.get(key) ?? null, event, key);
      if (next === null) docs.delete(key);
      else docs.set(key, throughJson(next));
    }
  }
  return docs;
}

/** Documents as the read store keeps them: through JSON (jsonb), so a spec sees what a query sees. */
export const throughJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
