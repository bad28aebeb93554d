import type { CpuUse } from './cpu.js';
import { type AppendStats, percentile } from './workload.js';

export interface RunResult {
  readonly key: 'postgres' | 'emmett' | 'sql' | 'pglite';
  /** Short name for tables. */
  readonly name: string;
  readonly append: AppendStats;
  readonly appendCpu: CpuUse;
  readonly replay: { readonly events: number; readonly seconds: number };
  readonly replayCpu: CpuUse;
  readonly openSeconds: number;
  readonly peakRssBytes: number;
}

export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
export const ms = (n: number): string => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));
export const mb = (bytes: number): string => `${Math.round(bytes / (1024 * 1024)).toLocaleString('en-US')} MB`;
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

export const appendRate = (r: RunResult): number => r.append.events / r.append.seconds;
export const appendsRate = (r: RunResult): number => r.append.appends / r.append.seconds;
export const replayRate = (r: RunResult): number => r.replay.events / r.replay.seconds;

/** CPU per event, client + server, in microseconds; the server part is absent for in-process PGlite. */
export function cpuPerEvent(cpu: CpuUse, events: number, inProcess: boolean): string {
  const client = int(cpu.clientMicros / events);
  if (inProcess) return `${client} (in-process)`;
  return cpu.serverMicros === null ? `${client} + ?` : `${client} + ${int(cpu.serverMicros / events)}`;
}

/** The lines printed as soon as one store is done. */
export function describeRun(r: RunResult, replayBatch: number): string {
  const lat = r.append.latenciesMs;
  const lines = [
    `  append   ${int(r.append.events)} events in ${r.append.seconds.toFixed(1)} s: ${int(appendRate(r))} events/s, ${int(appendsRate(r))} appends/s; ` +
      `latency p50 ${ms(percentile(lat, 50))} ms, p99 ${ms(percentile(lat, 99))} ms, max ${ms(percentile(lat, 100))} ms; conflicts ${r.append.conflicts}`,
    `  replay   ${int(r.replay.events)} events in ${r.replay.seconds.toFixed(1)} s: ${int(replayRate(r))} events/s (batches of ${int(replayBatch)})`,
    `  CPU      µs per event, client + server backends: append ${cpuPerEvent(r.appendCpu, r.append.events, r.key === 'pglite')}, ` +
      `replay ${cpuPerEvent(r.replayCpu, Math.max(1, r.replay.events), r.key === 'pglite')}`,
    `  open ${r.openSeconds.toFixed(1)} s (untimed); peak RSS during the run ${mb(r.peakRssBytes)}`,
  ];
  if (r.replay.events !== r.append.events) {
    lines.push(`  !! replay returned ${int(r.replay.events)} events but ${int(r.append.events)} were appended`);
  }
  return lines.join('\n');
}

function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: (column: number) => boolean): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const cell = (text: string, c: number) => (rightAligned(c) ? text.padStart(widths[c]!) : text.padEnd(widths[c]!));
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (rightAligned(c) ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** The Markdown results table, with ours ÷ Emmett and ours ÷ plain SQL rows when those runs are present. */
export function resultsTable(results: readonly RunResult[]): string {
  const order: RunResult['key'][] = ['postgres', 'emmett', 'sql', 'pglite'];
  const sorted = [...results].sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  const rows = sorted.map((r) => [
    r.name,
    int(r.append.events),
    int(appendRate(r)),
    int(appendsRate(r)),
    ms(percentile(r.append.latenciesMs, 50)),
    ms(percentile(r.append.latenciesMs, 99)),
    int(replayRate(r)),
    cpuPerEvent(r.appendCpu, r.append.events, r.key === 'pglite'),
    String(r.append.conflicts),
    mb(r.peakRssBytes),
  ]);
  const ours = results.find((r) => r.key === 'postgres');
  const versus = (ours: RunResult, theirs: RunResult, label: string) => {
    rows.splice(rows.findIndex((row) => row[0] === theirs.name) + 1, 0, [
      label,
      '',
      ratio(appendRate(ours), appendRate(theirs)),
      ratio(appendsRate(ours), appendsRate(theirs)),
      ratio(percentile(ours.append.latenciesMs, 50), percentile(theirs.append.latenciesMs, 50)),
      ratio(percentile(ours.append.latenciesMs, 99), percentile(theirs.append.latenciesMs, 99)),
      ratio(replayRate(ours), replayRate(theirs)),
      '',
      '',
      '',
    ]);
  };
  const emmett = results.find((r) => r.key === 'emmett');
  const plain = results.find((r) => r.key === 'sql');
  if (ours && emmett) versus(ours, emmett, 'PostgreSQL: ours ÷ Emmett');
  if (ours && plain) versus(ours, plain, 'PostgreSQL: ours ÷ plain SQL');
  return table(['Store', 'Events', 'Append events/s', 'Appends/s', 'p50 ms', 'p99 ms', 'Replay events/s', 'Append CPU µs/event', 'Conflicts', 'Peak RSS'], rows, (c) => c > 0);
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean;
}

/** The targets of issue 2, item 10, for whichever stores ran. */
export function checkTargets(results: readonly RunResult[]): TargetCheck[] {
  const ours = results.find((r) => r.key === 'postgres');
  const theirs = results.find((r) => r.key === 'emmett');
  const lite = results.find((r) => r.key === 'pglite');
  const checks: TargetCheck[] = [];
  if (ours) {
    checks.push({ target: 'PostgreSQL append ≥ 8,000 events/s', measured: `${int(appendRate(ours))} events/s`, pass: appendRate(ours) >= 8000 });
    if (theirs) {
      checks.push({
        target: "PostgreSQL append ≥ Emmett's rate",
        measured: `${int(appendRate(ours))} vs ${int(appendRate(theirs))} events/s (${ratio(appendRate(ours), appendRate(theirs))})`,
        pass: appendRate(ours) >= appendRate(theirs),
      });
    }
    checks.push({ target: 'PostgreSQL replay ≥ 40,000 events/s', measured: `${int(replayRate(ours))} events/s`, pass: replayRate(ours) >= 40_000 });
  }
  if (lite) {
    checks.push({ target: 'PGlite append ≥ 2,000 events/s', measured: `${int(appendRate(lite))} events/s`, pass: appendRate(lite) >= 2000 });
    checks.push({ target: 'PGlite replay ≥ 40,000 events/s', measured: `${int(replayRate(lite))} events/s`, pass: replayRate(lite) >= 40_000 });
  }
  for (const r of results.filter((x) => x.key !== 'emmett')) {
    checks.push({ target: `${r.name}: 0 conflicts, replay returns every event`, measured: `${r.append.conflicts} conflicts, ${int(r.replay.events)}/${int(r.append.events)} replayed`, pass: r.append.conflicts === 0 && r.replay.events === r.append.events });
  }
  return checks;
}

export function targetsTable(checks: readonly TargetCheck[]): string {
  return table(['Target', 'Measured', 'Result'], checks.map((c) => [c.target, c.measured, c.pass ? 'PASS' : 'MISS']), () => false);
}

/** The end of every benchmark: the targets table, the failures, and the exit code (--strict: a miss fails). */
export function conclude(checks: readonly TargetCheck[], failures: readonly string[], strict: boolean): number {
  if (checks.length > 0) console.log(targetsTable(checks));
  for (const failure of failures) console.error(`\nFAILED ${failure}`);
  if (failures.length > 0) return 1;
  return strict && checks.some((c) => !c.pass) ? 1 : 0;
}

/** Runs a benchmark's main and exits with its code; an unexpected error prints its stack and exits 1. */
export function runBench(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    },
  );
}
