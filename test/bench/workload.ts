import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { NewEvent } from '#event-store';
import type { Progress } from './progress.js';

/**
 * The workload of issue 2, item 10, independent of any store: W concurrent writers, B events per
 * append, S streams, N events in all. Each writer owns the streams whose index ≡ writer (mod W),
 * so no two writers ever touch one stream and every conflict reported is a real bug, not contention.
 */
export interface Workload {
  readonly events: number;
  readonly writers: number;
  readonly eventsPerAppend: number;
  readonly streams: number;
}

/** What a store under test must do. Versions are counted in events so both stores speak the same unit. */
export interface AppendTarget {
  /**
   * Appends with the exact expectation a command would pass: "no stream" when `eventsBefore` is 0,
   * else "the stream holds exactly `eventsBefore` events". Resolves to the stream's event count
   * after the append as the store reports it; throws `Conflict` on a revision mismatch.
   */
  append(stream: string, events: readonly NewEvent[], eventsBefore: number): Promise<number>;
  /** After a conflict: how many events the stream holds now (a real handler would re-read and re-decide). */
  eventsInStream(stream: string): Promise<number>;
}

export class Conflict extends Error {
  constructor(readonly stream: string) {
    super(`revision conflict on ${stream}`);
  }
}

export interface AppendStats {
  readonly events: number;
  readonly appends: number;
  readonly seconds: number;
  /** Per-append latency, milliseconds, sorted ascending. */
  readonly latenciesMs: Float64Array;
  readonly conflicts: number;
}

export function streamNameOf(index: number): string {
  return `negotiation-${String(index).padStart(5, '0')}`;
}

/**
 * Runs the writers against one store. Appends are planned round-robin over streams (append k goes
 * to stream k mod S), so every stream grows evenly and each writer interleaves its streams the way
 * concurrent negotiations do. The last append may be short so exactly `events` are written.
 */
export async function runWriters(target: AppendTarget, workload: Workload, progress: Progress): Promise<AppendStats> {
  const { events: total, writers, eventsPerAppend, streams } = workload;
  const appendCount = Math.ceil(total / eventsPerAppend);
  const plans: number[][] = Array.from({ length: writers }, () => []);
  for (let k = 0; k < appendCount; k++) plans[(k % streams) % writers]!.push(k);

  const latencies = new Float64Array(appendCount);
  const eventsIn = new Map<number, number>();
  let conflicts = 0;
  let done = 0;

  const writer = async (plan: readonly number[]): Promise<void> => {
    for (const k of plan) {
      const streamIndex = k % streams;
      const stream = streamNameOf(streamIndex);
      const size = Math.min(eventsPerAppend, total - k * eventsPerAppend);
      let before = eventsIn.get(streamIndex) ?? 0;
      // Built inside the loop as a command handler would: fresh ids, real payloads, per append.
      const batch = proposalEvents(streamIndex, before, size);
      const started = performance.now();
      for (let attempt = 1; ; attempt++) {
        try {
          const after = await target.append(stream, batch, before);
          if (after !== before + size) throw new Error(`${stream}: store reports ${after} events, expected ${before + size}`);
          eventsIn.set(streamIndex, after);
          break;
        } catch (error) {
          if (!(error instanceof Conflict) || attempt === 3) throw error;
          conflicts += 1;
          before = await target.eventsInStream(stream);
        }
      }
      latencies[k] = performance.now() - started;
      done += size;
      progress.update(done);
    }
  };

  const started = performance.now();
  await Promise.all(plans.map(writer));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort();
  return { events: done, appends: appendCount, seconds, latenciesMs: latencies, conflicts };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

// ---------------------------------------------------------------------------------------------
// Payloads. Realistic means the size and shape of what negotiators record: a proposal on an
// article of the agreement with a few hundred bytes of contract language. Text is chosen by a
// seeded generator so every store receives byte-for-byte the same data for the same slot.

const ARTICLES: readonly (readonly [string, string])[] = [
  ['7.1', 'Hours of Work'],
  ['9.3', 'Overtime'],
  ['12.2', 'Health Insurance'],
  ['14.4', 'Seniority'],
  ['18.1', 'Grievance Procedure'],
  ['21.5', 'Wages'],
  ['23.2', 'Leaves of Absence'],
  ['27.1', 'Duration of Agreement'],
];

const CLAUSES: readonly string[] = [
  'The normal work week shall consist of five consecutive eight-hour days, Monday through Friday, exclusive of an unpaid meal period of thirty minutes.',
  'Employees required to work in excess of their regularly scheduled hours shall be compensated at one and one-half times their regular rate of pay.',
  'The Employer shall contribute ninety percent of the premium for employee-only coverage and eighty percent for dependent coverage under the base plan.',
  'Seniority shall be defined as continuous service within the bargaining unit from the most recent date of hire, and shall govern layoff and recall.',
  'A grievance not presented within thirty calendar days of the occurrence giving rise to it shall be deemed waived, unless the parties agree in writing.',
  'Effective the first full pay period following ratification, all steps of the salary schedule shall be increased by three and one-quarter percent.',
  'An employee with one year of service may be granted an unpaid leave of absence of up to six months for reasons satisfactory to the department head.',
  'This Agreement shall remain in full force and effect through June 30, and shall renew year to year unless either party gives written notice to reopen.',
  'Nothing in this Article shall be construed to diminish any benefit presently enjoyed by employees under a prior agreement or past practice.',
  'The parties agree that the Union shall be notified in writing no less than fourteen days before any change in the terms of this Article is implemented.',
];

const TYPES = ['ProposalTabled', 'CounterproposalTabled', 'ProposalRevised', 'TentativeAgreementReached'] as const;

/** mulberry32: a tiny deterministic generator; quality is irrelevant, reproducibility is not. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One command's worth of events: `count` proposals on stream `streamIndex`, starting at event number `first`. */
export function proposalEvents(streamIndex: number, first: number, count: number): NewEvent[] {
  const commandId = randomUUID();
  const correlationId = randomUUID();
  const events: NewEvent[] = [];
  for (let i = 0; i < count; i++) {
    const n = first + i;
    const random = seeded(streamIndex * 1_000_003 + n);
    const [number, title] = ARTICLES[Math.floor(random() * ARTICLES.length)]!;
    const sentences = 1 + Math.floor(random() * 3);
    const text = Array.from({ length: sentences }, () => CLAUSES[Math.floor(random() * CLAUSES.length)]!).join(' ');
    const day = `2025-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
    events.push({
      eventId: randomUUID(),
      type: TYPES[n % TYPES.length]!,
      data: {
        negotiationId: streamNameOf(streamIndex),
        proposalId: `P-${streamIndex}-${n}`,
        supersedes: n === 0 ? null : `P-${streamIndex}-${n - 1}`,
        party: n % 2 === 0 ? 'employer' : 'union',
        article: { number, title },
        text,
        tabledAt: day,
      },
      occurredAt: { at: day, precision: 'day' },
      actor: { subject: 'chief.negotiator@bayview.example', role: 'negotiator' },
      correlationId,
      causationId: null,
      commandId,
      classification: { level: 'internal', basis: 'exchanged at the bargaining table' },
    });
  }
  return events;
}
