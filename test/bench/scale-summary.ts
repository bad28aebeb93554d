/**
 * The README's summary of `npm run bench:scale`: one table per store with a column per record size
 * and the growth between neighbouring sizes, rendered from the JSON the benchmark writes
 * (docs/bench-scale.json). `npm run bench:scale:readme` writes it into README.md between the two
 * markers; test/readme-scale.spec.ts holds the README to the JSON, so the two cannot disagree.
 */

export const README_START = '<!-- bench:scale summary, written by npm run bench:scale:readme from docs/bench-scale.json -->';
export const README_END = '<!-- end of bench:scale summary -->';

/** What the summary reads of a size's result (the benchmark writes more). */
export interface ScaleSizeResult {
  readonly store: 'postgres' | 'pglite';
  readonly size: number;
  readonly record: { readonly events: number; readonly negotiations: number; readonly longNegotiationEvents: number };
  readonly rebuild: { readonly seconds: number };
  readonly api: { readonly readySeconds: number; readonly peakRssBytes: number };
  readonly routes: readonly { readonly route: string; readonly variant: string; readonly samples: number; readonly statuses: string; readonly p50: number; readonly p99: number }[];
  readonly auditFile: { readonly jsonMs: readonly number[]; readonly pdfMs: readonly number[] } | null;
  readonly verify: { readonly eventsPerSecond: number } | null;
  readonly failure: string | null;
  readonly load: { readonly duringRoutes: number };
}

export interface ScaleRun {
  readonly command: string;
  readonly measuredAt: string;
  readonly machine: string;
  readonly results: readonly ScaleSizeResult[];
}

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const msText = (n: number) => (!Number.isFinite(n) ? '–' : n >= 100 ? int(n) : n.toFixed(n >= 10 ? 1 : 2));
const routeName = (r: ScaleSizeResult['routes'][number]) => `${r.route}${r.variant === 'long' ? ' (long)' : ''}`;
const STORE_NAMES = { postgres: 'PostgreSQL', pglite: 'PGlite (embedded)' } as const;

/** A route's p99 at two sizes: how much it grew (null when either is missing). */
function growthOf(a: ScaleSizeResult, b: ScaleSizeResult, name: string): number | null {
  const p = a.routes.find((r) => routeName(r) === name)?.p99;
  const q = b.routes.find((r) => routeName(r) === name)?.p99;
  return p && q ? q / p : null;
}

/** Routes with no sample (a request failed, or the API ended on it): how many, and the first one's reason. */
function failedRoutes(result: ScaleSizeResult): string {
  const failed = result.routes.filter((r) => r.samples === 0);
  return failed.length === 0 ? '0' : `${failed.length} (${routeName(failed[0]!)}…: ${failed.at(-1)!.statuses.slice(0, 90)})`;
}

function slowest(result: ScaleSizeResult): { name: string; p99: number } {
  let worst = { name: '–', p99: Number.NaN };
  for (const r of result.routes) if (!(worst.p99 >= r.p99)) worst = { name: routeName(r), p99: r.p99 };
  return worst;
}

/** The markdown summary of a run (no markers). */
export function renderScaleSummary(run: ScaleRun): string {
  const parts: string[] = [`Measured ${run.measuredAt.slice(0, 16).replace('T', ' ')} UTC on ${run.machine} with \`${run.command}\`. p99 is over the samples of each route (sequential requests).`];
  for (const store of ['postgres', 'pglite'] as const) {
    const sized = run.results.filter((r) => r.store === store).sort((a, b) => a.size - b.size);
    if (sized.length === 0) continue;
    const steps = sized.slice(1).map((b, i) => [sized[i]!, b] as const);
    const header = ['', ...sized.map((r) => `${int(r.size)} events`), ...steps.map(([a, b]) => `growth ${int(a.size)} → ${int(b.size)}`)];
    const row = (label: string, value: (r: ScaleSizeResult) => number, format: (n: number) => string) => [
      label,
      ...sized.map((r) => format(value(r))),
      ...steps.map(([a, b]) => {
        const ratio = value(b) / value(a);
        return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '–';
      }),
    ];
    const route = (name: string) => (r: ScaleSizeResult) => r.routes.find((f) => routeName(f) === name)?.p99 ?? Number.NaN;
    const over = (limit: number) => (r: ScaleSizeResult) => r.routes.filter((f) => f.p99 > limit).length;
    const rows: string[][] = [
      ['negotiations (longest, events)', ...sized.map((r) => `${int(r.record.negotiations)} (${int(r.record.longNegotiationEvents)})`), ...steps.map(() => '')],
      ['slowest GET route, p99 ms', ...sized.map((r) => `${msText(slowest(r).p99)} (${slowest(r).name})`), ...steps.map(() => '')],
      ['GET routes that failed', ...sized.map((r) => failedRoutes(r)), ...steps.map(() => '')],
      [`GET routes with p99 over ${store === 'postgres' ? 100 : 200} ms`, ...sized.map((r) => `${int(over(store === 'postgres' ? 100 : 200)(r))} of ${int(r.routes.length)}`), ...steps.map(() => '')],
      row('timeline of the longest negotiation, p99 ms', route('/negotiations/{negotiationId}/timeline (long)'), msText),
      row('as-of of the longest negotiation, p99 ms', route('/negotiations/{negotiationId}/as-of/{date} (long)'), msText),
      row('its audit file, JSON, ms', (r) => (r.auditFile ? Math.min(...r.auditFile.jsonMs) : Number.NaN), msText),
      row('its audit file, PDF, ms', (r) => (r.auditFile ? Math.min(...r.auditFile.pdfMs) : Number.NaN), msText),
      row('offline verify of that file, events/s', (r) => r.verify?.eventsPerSecond ?? Number.NaN, int),
      row('API ready, s', (r) => r.api.readySeconds, (n) => n.toFixed(2)),
      row('API peak RSS, MB', (r) => r.api.peakRssBytes / 1048576, int),
      row('projection rebuild, s', (r) => r.rebuild.seconds, (n) => n.toFixed(1)),
      ['largest growth of a route’s p99', ...sized.map(() => ''), ...steps.map(([a, b]) => largestGrowth(a, b))],
      ['1-minute load average during the routes', ...sized.map((r) => r.load.duringRoutes.toFixed(1)), ...steps.map(() => '')],
    ];
    const failures = sized.filter((r) => r.failure !== null).map((r) => `- ${int(r.size)} events: ${r.failure}`);
    parts.push(`**${STORE_NAMES[store]}**\n\n${markdownTable(header, rows)}${failures.length > 0 ? `\n\n${failures.join('\n')}` : ''}`);
  }
  return parts.join('\n\n');
}

function largestGrowth(a: ScaleSizeResult, b: ScaleSizeResult): string {
  let worst: { name: string; ratio: number } | null = null;
  for (const r of b.routes) {
    const ratio = growthOf(a, b, routeName(r));
    if (ratio !== null && (worst === null || ratio > worst.ratio)) worst = { name: routeName(r), ratio };
  }
  return worst ? `${worst.ratio.toFixed(2)}× (${worst.name})` : '–';
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/** README's text with the block between the markers replaced by the summary; an error when the markers are missing. */
export function withScaleSummary(readme: string, run: ScaleRun): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md has no bench:scale block (${README_START} … ${README_END})`);
  return `${readme.slice(0, start)}${README_START}\n${renderScaleSummary(run)}\n${readme.slice(end)}`;
}
