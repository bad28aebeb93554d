import { Inject, Injectable, ValidationPipe } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { v5 as uuidv5 } from 'uuid';
import { BARGAINING_IMPORTABLE_COMMANDS } from '#bargaining';
import { type EventStore, type Handled, RehearsableEventStore, eventIdFor, readStreamOrEmpty } from '#event-store';
import { INFORMATION_REQUEST_IMPORTABLE_COMMANDS } from '#information-requests';
import { type Actor, type BusinessTime, type CommandMetadata, DomainError, type ImportProvenance, businessInstant } from '#kernel';
import { CLOCK, type Clock, EVENT_STORE, type ImportIds, type ImportableCommand, RECORD_ID_PATTERN, RequestValidationFailed, requestValidationPipe } from '#platform';
import { type ImportFact, type ImportFile, importFileOf } from './format.js';

/** Every command an import may carry, by the name a fact gives. */
export const IMPORTABLE_COMMANDS: ReadonlyMap<string, ImportableCommand> = new Map(
  [...BARGAINING_IMPORTABLE_COMMANDS, ...INFORMATION_REQUEST_IMPORTABLE_COMMANDS].map((entry) => [entry.command, entry]),
);

/** Command ids of imported facts: the same source document and key are the same command. */
const IMPORT_COMMAND_NAMESPACE = 'a3d6f0c2-58e1-5b7a-9c44-1e2f7b8d6a90';
/** Ids of records an imported fact creates when the file names none. */
const IMPORT_ID_NAMESPACE = 'c91e4b27-6d3a-5f18-8b05-7a2c9e4d1f63';

export type FactOutcome = 'recorded' | 'would-record' | 'already-recorded' | 'refused' | 'invalid';

export interface FactProblem {
  /** A stable code: a domain refusal's (PROPOSAL_NOT_FOUND…), FACT_INVALID for a body or id its route refuses, COMMAND_UNKNOWN, KEY_REPEATED. */
  readonly code: string;
  readonly message: string;
  /** For FACT_INVALID: every property refused, by path in the fact (data.articles.0.text, ids.negotiationId, occurredAt.at). */
  readonly problems?: readonly { readonly property: string; readonly messages: readonly string[] }[];
}

export interface FactReport {
  /** 0-based position in the file. */
  readonly index: number;
  readonly key: string;
  readonly command: string;
  readonly outcome: FactOutcome;
  readonly commandId: string;
  /** The ids the fact used, with the one it created. */
  readonly ids: ImportIds;
  /** Stored (or, in a dry run, that would be stored) event ids; for an already recorded fact, the ones stored then. */
  readonly eventIds: readonly string[];
  readonly problem: FactProblem | null;
  /** What the record would flag on it (statutory rules, odd but lawful moves): recorded, never refused. */
  readonly warnings: readonly { readonly code: string; readonly message: string }[];
}

export interface ImportReport {
  readonly dryRun: boolean;
  readonly source: ImportFile['source'];
  /** False when any fact would be refused or is invalid: a real run then stores nothing. */
  readonly accepted: boolean;
  readonly totals: Readonly<Record<FactOutcome, number>> & { readonly facts: number };
  readonly facts: readonly FactReport[];
  readonly elapsedMs: number;
}

export interface ImportOptions {
  readonly dryRun: boolean;
  /** The importing principal (from the token): the actor of every imported fact. */
  readonly actor: Actor;
  readonly correlationId?: string;
}

/** Facts of different streams are decided and appended side by side, at most this many at once. */
const CONCURRENCY = 16;

interface Prepared {
  readonly fact: ImportFact;
  readonly index: number;
  readonly entry: ImportableCommand | null;
  readonly commandId: string;
  readonly ids: Record<string, string>;
  readonly body: object | null;
  readonly streams: readonly string[];
  readonly problem: FactProblem | null;
}

/**
 * The import of a history that predates the record: one use case for `POST /imports` and
 * `cli import`. Each fact is validated by its route's DTO and sent on the CommandBus as its
 * controller sends it, so the same handlers and deciders decide it; it carries its provenance in
 * the envelope (hashed) and is marked imported, not late. Every run rehearses the whole file: the
 * facts are decided in order against the state earlier facts leave, their events kept in memory.
 * A dry run stops there. A real run stores nothing if any fact would be refused (the report names
 * each); otherwise it stores exactly what the rehearsal decided, one append per stream and batch of
 * events (each expecting the revision the rehearsal decided on). Re-running stores nothing new: a
 * fact's command id derives from its source and key, and a fact already on its stream is skipped,
 * so a crashed run resumes where it stopped.
 */
@Injectable()
export class HistoricImports {
  private readonly validation: ValidationPipe = requestValidationPipe();

  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Validates the file's shape (ImportFileMalformed) and imports or rehearses its facts. */
  async run(input: unknown, options: ImportOptions): Promise<ImportReport> {
    const started = Date.now();
    const file = importFileOf(input);
    if (!(this.store instanceof RehearsableEventStore)) throw new Error('imports need the application event store (a RehearsableEventStore)');
    const store = this.store;
    const prepared = await this.prepare(file);
    const rehearsal = await store.rehearse(() => this.execute(file, prepared, options));
    const accepted = rehearsal.value.every((fact) => fact.outcome !== 'refused' && fact.outcome !== 'invalid');
    let facts = rehearsal.value;
    if (!options.dryRun && accepted) {
      // What the rehearsal decided is what is stored: in one append per stream and batch, not one per fact.
      await store.commit(rehearsal.appended);
      facts = facts.map((fact) => (fact.outcome === 'would-record' ? { ...fact, outcome: 'recorded' } : fact));
    }
    const totals = { facts: facts.length, recorded: 0, 'would-record': 0, 'already-recorded': 0, refused: 0, invalid: 0 };
    for (const fact of facts) totals[fact.outcome] += 1;
    return { dryRun: options.dryRun, source: file.source, accepted, totals, facts, elapsedMs: Date.now() - started };
  }

  /** Every fact's command, ids and validated body; a problem instead where its route would refuse it as input (400). */
  private async prepare(file: ImportFile): Promise<Prepared[]> {
    const seen = new Set<string>();
    const prepared: Prepared[] = [];
    for (const [index, fact] of file.facts.entries()) {
      const key = typeof fact.key === 'string' ? fact.key : '';
      const command = typeof fact.command === 'string' ? fact.command : '';
      const commandId = uuidv5(`${file.source.document}\n${key}`, IMPORT_COMMAND_NAMESPACE);
      const base = { fact, index, commandId };
      const fail = (problem: FactProblem, entry: ImportableCommand | null = null): Prepared => ({ ...base, entry, ids: {}, body: null, streams: [], problem });
      if (!/\S/.test(key) || key.length > 200) {
        prepared.push(fail({ code: 'FACT_INVALID', message: 'key must be a non-blank string of at most 200 characters', problems: [{ property: 'key', messages: ['key must be a non-blank string of at most 200 characters'] }] }));
        continue;
      }
      if (seen.has(key)) {
        prepared.push(fail({ code: 'KEY_REPEATED', message: `key ${JSON.stringify(key)} names an earlier fact of this file: each fact needs its own key` }));
        continue;
      }
      seen.add(key);
      const entry = IMPORTABLE_COMMANDS.get(command);
      if (!entry) {
        prepared.push(fail({ code: 'COMMAND_UNKNOWN', message: `no importable command ${JSON.stringify(command)} (docs/import.md lists them)` }));
        continue;
      }
      const problems: { property: string; messages: string[] }[] = [];
      const unknownFields = Object.keys(fact).filter((k) => !['key', 'command', 'occurredAt', 'ids', 'data', 'corrects'].includes(k));
      if (unknownFields.length > 0) problems.push({ property: unknownFields[0]!, messages: [`unknown properties: ${unknownFields.join(', ')}`] });
      const ids = this.idsOf(fact, entry, commandId, problems);
      let body: object | null = null;
      let data = fact.data ?? {};
      if (fact.corrects !== undefined) {
        const target = prepared.find((earlier) => earlier.fact.key === fact.corrects && earlier.problem === null);
        if (command !== 'RecordCorrection') problems.push({ property: 'corrects', messages: ['only a RecordCorrection corrects a fact'] });
        else if (typeof fact.corrects !== 'string' || !target) problems.push({ property: 'corrects', messages: [`corrects must be the key of a valid earlier fact of this file, got ${JSON.stringify(fact.corrects)}`] });
        else if (typeof data === 'object' && data !== null && !Array.isArray(data)) data = { ...data, correctedEventId: eventIdFor(target.streams[0]!, target.commandId, 0) };
      }
      if (typeof data !== 'object' || data === null || Array.isArray(data)) problems.push({ property: 'data', messages: ['data must be an object (the route\'s body without occurredAt)'] });
      else if ('occurredAt' in data) problems.push({ property: 'data.occurredAt', messages: ['occurredAt belongs to the fact, not its data'] });
      else {
        try {
          body = (await this.validation.transform({ ...data, occurredAt: fact.occurredAt }, { type: 'body', metatype: entry.body })) as object;
        } catch (error) {
          if (!(error instanceof RequestValidationFailed)) throw error;
          for (const problem of error.problems) {
            problems.push({ property: problem.property === 'occurredAt' || problem.property.startsWith('occurredAt.') ? problem.property : `data.${problem.property}`, messages: [...problem.messages] });
          }
        }
      }
      if (problems.length > 0) {
        prepared.push(fail({ code: 'FACT_INVALID', message: problems.map((p) => `${p.property}: ${p.messages.join(', ')}`).join('; '), problems }, entry));
        continue;
      }
      prepared.push({ ...base, entry, ids, body, streams: entry.streams(ids, body!), problem: null });
    }
    return prepared;
  }

  private idsOf(fact: ImportFact, entry: ImportableCommand, commandId: string, problems: { property: string; messages: string[] }[]): Record<string, string> {
    const given = fact.ids ?? {};
    if (typeof given !== 'object' || given === null || Array.isArray(given)) {
      problems.push({ property: 'ids', messages: ['ids must be an object of record ids'] });
      return {};
    }
    const allowed = new Set([...entry.requires, ...(entry.creates ? [entry.creates] : [])]);
    const ids: Record<string, string> = {};
    for (const [name, value] of Object.entries(given)) {
      if (!allowed.has(name)) {
        problems.push({ property: `ids.${name}`, messages: [`${entry.command} takes no ${name}; it takes ${[...allowed].join(', ') || 'no ids'}`] });
        continue;
      }
      const isNumber = entry.numbers?.includes(name) ?? false;
      const text = String(value);
      if (isNumber ? !(Number.isSafeInteger(Number(value)) && Number(value) >= 1) : typeof value !== 'string' || !RECORD_ID_PATTERN.test(value)) {
        problems.push({ property: `ids.${name}`, messages: [isNumber ? `${name} must be a whole number from 1` : `${name} must be a UUID or letters, digits and underscores (at most 100)`] });
        continue;
      }
      ids[name] = isNumber ? String(Number(text)) : text;
    }
    for (const name of entry.requires) if (!(name in ids) && !problems.some((p) => p.property === `ids.${name}`)) problems.push({ property: `ids.${name}`, messages: [`${entry.command} needs ids.${name}`] });
    if (entry.creates && !(entry.creates in ids)) ids[entry.creates] = uuidv5(`${entry.creates}\n${commandId}`, IMPORT_ID_NAMESPACE);
    return ids;
  }

  /**
   * Sends each valid fact on the CommandBus, facts of one stream in file order and a fact after every
   * earlier fact that shares a stream with it; facts of unrelated streams run side by side.
   */
  private async execute(file: ImportFile, prepared: readonly Prepared[], options: ImportOptions): Promise<FactReport[]> {
    const now = this.clock.now().toISOString();
    const correlationId = options.correlationId ?? uuidv5(`${file.source.document}\n${now}`, IMPORT_COMMAND_NAMESPACE);
    const recordedCommands = new Map<string, Promise<Map<string, string[]>>>();
    const tails = new Map<string, Promise<unknown>>();
    const reports: FactReport[] = new Array(prepared.length);
    let running = 0;
    const waiting: (() => void)[] = [];
    const slot = async () => {
      if (running >= CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
      running += 1;
    };
    const release = () => {
      running -= 1;
      waiting.shift()?.();
    };

    const runs: Promise<unknown>[] = [];
    for (const item of prepared) {
      const base = { index: item.index, key: String(item.fact.key ?? ''), command: String(item.fact.command ?? ''), commandId: item.commandId, ids: item.ids };
      if (item.problem || !item.entry || !item.body) {
        reports[item.index] = { ...base, outcome: 'invalid', eventIds: [], problem: item.problem, warnings: [] };
        continue;
      }
      const entry = item.entry;
      const body = item.body;
      const before = Promise.all(item.streams.map((stream) => tails.get(stream)));
      const run = before.then(async () => {
        await slot();
        try {
          const recorded = (await this.commandsOn(item.streams[0]!, recordedCommands)).get(item.commandId);
          if (recorded) {
            reports[item.index] = { ...base, outcome: 'already-recorded', eventIds: recorded, problem: null, warnings: [] };
            return;
          }
          const imported: ImportProvenance = { document: file.source.document, transcribedBy: file.source.transcribedBy, key: base.key };
          const metadata: CommandMetadata = { now, occurredAt: businessTimeOf(body), actor: options.actor, commandId: item.commandId, correlationId, imported };
          try {
            const handled = (await this.commands.execute(entry.message(item.ids, body, metadata))) as Handled<unknown>;
            reports[item.index] = {
              ...base,
              outcome: 'would-record',
              eventIds: handled.events.map((event) => event.eventId),
              problem: null,
              warnings: handled.warnings.map(({ code, message }) => ({ code, message })),
            };
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            reports[item.index] = { ...base, outcome: 'refused', eventIds: [], problem: { code: error.code, message: error.message }, warnings: [] };
          }
        } finally {
          release();
        }
      });
      for (const stream of item.streams) tails.set(stream, run.catch(() => undefined));
      runs.push(run);
    }
    await Promise.all(runs);
    return reports.map((report, index) => (index > 0 && outOfOrder(prepared[index - 1]!.fact, prepared[index]!.fact) ? withOutOfOrderWarning(report) : report));
  }

  /** The command ids already on a stream, with the events each stored: read once per stream per run. */
  private commandsOn(stream: string, cache: Map<string, Promise<Map<string, string[]>>>): Promise<Map<string, string[]>> {
    let found = cache.get(stream);
    if (!found) {
      found = readStreamOrEmpty(this.store, stream).then((events) => {
        const byCommand = new Map<string, string[]>();
        for (const event of events) if (event.commandId) byCommand.set(event.commandId, [...(byCommand.get(event.commandId) ?? []), event.eventId]);
        return byCommand;
      });
      cache.set(stream, found);
    }
    return found;
  }
}

const businessTimeOf = (body: object): BusinessTime => {
  const { at, precision } = (body as { occurredAt: BusinessTime }).occurredAt;
  return { at, precision };
};

function outOfOrder(previous: ImportFact, fact: ImportFact): boolean {
  try {
    return businessInstant(fact.occurredAt).slice(0, 10) < businessInstant(previous.occurredAt).slice(0, 10);
  } catch {
    return false;
  }
}

function withOutOfOrderWarning(report: FactReport): FactReport {
  if (report.outcome === 'invalid') return report;
  return { ...report, warnings: [...report.warnings, { code: 'IMPORT_OUT_OF_BUSINESS_TIME_ORDER', message: 'happened before the fact listed above it: the file is meant to list facts in business-time order' }] };
}
