/**
 * Shared by bench:api and bench:projections: the API as a child process (RSS sampled from
 * /proc/<pid>/status), tokens from the CLI, an HTTP set-up of one unit and N negotiations, and the
 * autocannon load of mixed record commands.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';

const run = promisify(execFile);
const API_MAIN = resolve('dist/apps/api/src/main.js');
const PROJECTOR_MAIN = resolve('dist/apps/projector/src/main.js');

/**
 * The node flags an npm script gives its program (`start`: the API's heap ceiling; `cli`: the
 * rebuild's young generation), so a benchmark runs the code as users do.
 */
export function scriptNodeFlags(script: string, main: string): string[] {
  const scripts = (JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const words = (scripts[script] ?? '').split(/\s+/);
  const node = words.lastIndexOf('node', words.indexOf(main));
  return node < 0 ? [] : words.slice(node + 1, words.indexOf(main)).filter((arg) => arg.startsWith('--'));
}
const CLI_MAIN = resolve('dist/apps/cli/src/main.js');

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

/** A development token for the embedded key in dataDir, minted by the CLI exactly as an operator would. */
export async function mintToken(dataDir: string, role: string, sub: string): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI_MAIN, 'token', '--role', role, '--sub', sub], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' } });
  return stdout.trim();
}

export interface RunningApi {
  readonly url: string;
  readonly pid: number;
  /** Highest VmRSS seen since start (or since resetPeakRss). */
  peakRssBytes(): number;
  resetPeakRss(): void;
  /** Null while it runs; once it has ended, how (exit code or signal, the last lines it wrote to stderr). */
  ended(): string | null;
  stop(): Promise<void>;
}

function vmRss(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Starts `node dist/apps/api/src/main.js` and resolves once it prints that it is listening. */
export async function startApi(env: { dataDir: string; databaseUrl?: string; runProjector: boolean; process?: 'api' | 'projector' }): Promise<RunningApi> {
  const port = await freePort();
  // BENCH_API_NODE_ARGS passes flags to the API's node (for example --cpu-prof --cpu-prof-dir=/tmp/prof).
  // Each process with the flags its npm script gives it (`start` for the API, `projector` for the projector).
  const main = env.process === 'projector' ? PROJECTOR_MAIN : API_MAIN;
  const scriptFlags = env.process === 'projector' ? scriptNodeFlags('projector', 'dist/apps/projector/src/main.js') : scriptNodeFlags('start', 'dist/apps/api/src/main.js');
  const nodeArgs = [...scriptFlags, ...(process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, main], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: env.dataDir,
      DATABASE_URL: env.databaseUrl ?? '',
      RUN_PROJECTOR: String(env.runProjector),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // BENCH_API_OUTPUT=<file> keeps the API's output there (with --trace-gc in BENCH_API_NODE_ARGS, its collections).
  if (process.env.BENCH_API_OUTPUT) {
    const output = createWriteStream(process.env.BENCH_API_OUTPUT, { flags: 'a' });
    child.stdout!.pipe(output);
    child.stderr!.pipe(output);
  }
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, vmRss(child.pid!));
  }, 200);
  sampler.unref();
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`API did not start within 90 s; stderr: ${stderr}`)), 90_000);
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('listening') || stdout.includes('Projector running')) {
        clearTimeout(timer);
        ok();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`API exited with ${code} before listening; stderr: ${stderr}`));
    });
  });
  child.stdout!.resume();
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    peakRssBytes: () => Math.max(peak, vmRss(child.pid!)),
    resetPeakRss: () => {
      peak = vmRss(child.pid!);
    },
    ended: () => {
      if (child.exitCode === null && child.signalCode === null) return null;
      // The fatal line (V8's "heap out of memory", an uncaught error) rather than the native stack after it.
      const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line.length > 0 && !line.startsWith('{'));
      const cause = lines.find((line) => /FATAL ERROR|Error\b/.test(line)) ?? lines.at(-1);
      return `exited ${child.signalCode ? `on ${child.signalCode}` : `with ${child.exitCode}`}${cause ? `: ${cause.slice(0, 200)}` : ''}`;
    },
    async stop() {
      clearInterval(sampler);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

export interface Tokens {
  readonly admin: string;
  readonly negotiator: string;
}

const day = (at: string) => ({ at, precision: 'day' as const });
const ATTENDEES = { employer: ['Dana Ruiz, Assistant Superintendent HR'], union: ['Lee Park, BTA President'] };
const ARTICLES = ['5', '10', '12', '15', '21', '24'];
const articles = (labels: string[], label: string) => labels.map((article) => ({ article, title: `Article ${article}`, changeKind: 'amend', text: `${label}: proposed language of Article ${article}. The district shall provide each unit member with the salary schedule in Appendix A.` }));

export interface LoadTarget {
  readonly unitId: string;
  readonly negotiations: readonly { id: string; union: string; employer: string }[];
  /** Events the set-up stored (summed from the 2xx answers). */
  readonly setupEvents: number;
}

async function post(base: string, path: string, token: string, body: object): Promise<{ events: unknown[]; [k: string]: unknown }> {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const text = await response.text();
  if (response.status !== 201 && response.status !== 200) throw new Error(`set-up POST ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as { events: unknown[] };
}

/** One unit, `count` negotiations with ground rules and one proposal from each side (to counter). */
export async function setUp(base: string, tokens: Tokens, count: number): Promise<LoadTarget> {
  let setupEvents = 0;
  const unit = await post(base, '/units', tokens.admin, {
    occurredAt: day('2025-01-10'),
    name: 'Bench certificated unit',
    employer: 'Bench Unified School District',
    employeeOrganization: 'Bench Teachers Association',
    statute: 'EERA',
    currentAgreementTerm: { start: '2022-07-01', end: '2025-06-30' },
    description: 'bench:api',
  });
  setupEvents += unit.events.length;
  const unitId = unit.unitId as string;
  const negotiations: { id: string; union: string; employer: string }[] = [];
  for (let i = 0; i < count; i++) {
    const opened = await post(base, '/negotiations', tokens.negotiator, { occurredAt: day('2025-01-15'), unitId, kind: 'successor' });
    const id = opened.negotiationId as string;
    const rules = await post(base, `/negotiations/${id}/ground-rules`, tokens.negotiator, { occurredAt: day('2025-01-20'), taRule: 'reopenable-until-global', terms: 'Wednesdays 4–7 pm; caucus on request' });
    const union = await post(base, `/negotiations/${id}/proposals`, tokens.negotiator, { occurredAt: day('2025-02-05'), side: 'union', number: 'U-0', articles: articles(ARTICLES.slice(0, 3), 'U-0') });
    const employer = await post(base, `/negotiations/${id}/proposals`, tokens.negotiator, { occurredAt: day('2025-02-05'), side: 'employer', number: 'D-0', articles: articles(ARTICLES.slice(3), 'D-0') });
    setupEvents += opened.events.length + rules.events.length + union.events.length + employer.events.length;
    negotiations.push({ id, union: union.proposalId as string, employer: employer.proposalId as string });
  }
  return { unitId, negotiations, setupEvents };
}

export const COMMAND_KINDS = ['proposal', 'counterproposal', 'session', 'information-request'] as const;

/**
 * What a negotiator reads between commands, in turn: the negotiation, its proposals, its latest
 * events, its confidential notes. All answered from the event store, as the benchmark's API on
 * PostgreSQL runs without a projector (read models would answer from an empty table).
 */
const READS = [
  (id: string) => `/negotiations/${id}`,
  (id: string) => `/negotiations/${id}/proposals`,
  (id: string) => `/negotiations/${id}/events?limit=20`,
  (id: string) => `/negotiations/${id}/confidential-notes`,
] as const;

/** What a connection's autocannon context holds about its request in flight. */
interface InFlight {
  read?: boolean;
  sentAt?: number;
}

/** Latencies (ms, ascending) and 2xx count of one class of request. */
export interface ClassFigures {
  readonly sent: number;
  readonly ok: number;
  readonly latenciesMs: readonly number[];
}

export interface LoadResult {
  readonly result: autocannon.Result;
  readonly seconds: number;
  /** Events named in the 2xx answers' bodies. */
  readonly eventsAnswered: number;
  /** Their event ids, to look up in the store. */
  readonly eventIds: readonly string[];
  /** Requests sent but not answered when autocannon stopped at the deadline (the server may still record them). */
  readonly inFlightAtStop: number;
  readonly byKind: Record<(typeof COMMAND_KINDS)[number] | 'read', number>;
  /** Commands and reads apart (a read stores nothing; latencies measured from when the request was built). */
  readonly commands: ClassFigures;
  readonly reads: ClassFigures;
  /** The sequence number the next load should start at, so that it repeats no proposal or session number. */
  readonly nextSeq: number;
}

/**
 * `connections` clients for `seconds`, each request a different record command, round-robin over
 * the negotiations (so concurrent writers rarely share a stream) and over the four kinds: tabling a
 * proposal (unique number), a counterproposal to the other side's set-up proposal, a session (unique
 * number), an information request received. Every one stores exactly one event.
 */
export async function runLoad(
  base: string,
  tokens: Tokens,
  target: LoadTarget,
  options: {
    seconds: number;
    connections: number;
    /** Send exactly this many requests (and read every answer) instead of stopping at the deadline. */ amount?: number;
    firstSeq?: number;
    /** Share of requests that are reads (GET), spread evenly among the commands; default none. */
    readShare?: number;
  },
): Promise<LoadResult> {
  let seq = options.firstSeq ?? 0;
  let requestNumber = 0;
  let readNumber = 0;
  const readShare = options.readShare ?? 0;
  let eventsAnswered = 0;
  const eventIds: string[] = [];
  const byKind = { proposal: 0, counterproposal: 0, session: 0, 'information-request': 0, read: 0 };
  const commands = { sent: 0, ok: 0, latenciesMs: [] as number[] };
  const reads = { sent: 0, ok: 0, latenciesMs: [] as number[] };
  const readHeaders = { authorization: `Bearer ${tokens.negotiator}` };
  const n = target.negotiations.length;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${tokens.negotiator}` };
  const dayOf = (i: number) => `2025-${String(3 + (i % 9)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
  const started = performance.now();
  const result = await autocannon({
    url: base,
    connections: options.connections,
    ...(options.amount === undefined ? { duration: options.seconds } : { amount: options.amount }),
    requests: [
      {
        method: 'POST',
        // One request at a time per connection, so the connection's context holds the request in flight.
        setupRequest: (req, ctx) => {
          const context = ctx as InFlight;
          const k = requestNumber++;
          context.sentAt = performance.now();
          context.read = readShare > 0 && Math.floor((k + 1) * readShare) > Math.floor(k * readShare);
          if (context.read) {
            const r = readNumber++;
            byKind.read += 1;
            reads.sent += 1;
            const read = READS[r % READS.length]!;
            return { ...req, method: 'GET', path: read(target.negotiations[Math.floor(r / READS.length) % n]!.id), headers: readHeaders, body: undefined };
          }
          commands.sent += 1;
          const i = seq++;
          const negotiation = target.negotiations[i % n]!;
          const kind = COMMAND_KINDS[Math.floor(i / n) % COMMAND_KINDS.length]!;
          byKind[kind] += 1;
          const occurredAt = day(dayOf(i));
          let path: string;
          let body: object;
          switch (kind) {
            case 'proposal': {
              const side = i % 2 === 0 ? 'union' : 'employer';
              path = `/negotiations/${negotiation.id}/proposals`;
              body = { occurredAt, side, number: `${side === 'union' ? 'U' : 'D'}-P${i}`, articles: articles([ARTICLES[i % ARTICLES.length]!, ARTICLES[(i + 1) % ARTICLES.length]!], `P${i}`) };
              break;
            }
            case 'counterproposal': {
              const side = i % 2 === 0 ? 'employer' : 'union';
              path = `/negotiations/${negotiation.id}/counterproposals`;
              body = { occurredAt, side, number: `${side === 'union' ? 'U' : 'D'}-C${i}`, respondsTo: side === 'employer' ? negotiation.union : negotiation.employer, articles: articles([ARTICLES[i % ARTICLES.length]!], `C${i}`) };
              break;
            }
            case 'session':
              path = `/negotiations/${negotiation.id}/sessions`;
              // Unique within the negotiation (i ↦ (i mod n, ⌊i / n⌋) is one-to-one) and within the DTO's 1–9999.
              body = { occurredAt, number: Math.floor(i / n) + 1, place: 'District office, Board Room B', attendees: ATTENDEES, articlesDiscussed: [ARTICLES[i % ARTICLES.length]!], summary: `Session ${i + 1}` };
              break;
            default:
              path = '/information-requests';
              body = {
                occurredAt,
                unitId: target.unitId,
                negotiationId: negotiation.id,
                from: { organization: 'Bench Teachers Association', person: 'R. Alvarez' },
                items: [
                  { number: 1, description: `Step-and-column placement of each unit member, 2024-25 (request ${i})` },
                  { number: 2, description: 'Cost of one step and one column movement on the 2025-26 salary schedule' },
                ],
              };
          }
          return { ...req, method: 'POST', path, headers, body: JSON.stringify(body) };
        },
        onResponse: (status, body, ctx) => {
          const context = ctx as InFlight;
          const figures = context.read ? reads : commands;
          figures.latenciesMs.push(performance.now() - (context.sentAt ?? performance.now()));
          if (status >= 200 && status < 300) figures.ok += 1;
          if (status >= 200 && status < 300 && !context.read) {
            try {
              const events = (JSON.parse(body) as { events?: { eventId: string }[] }).events ?? [];
              eventsAnswered += events.length;
              for (const event of events) eventIds.push(event.eventId);
            } catch {
              /* counted as a 2xx without events */
            }
          }
        },
      },
    ],
  });
  const answered = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  const inFlightAtStop = Math.max(0, result.requests.sent - answered - result.errors);
  commands.latenciesMs.sort((a, b) => a - b);
  reads.latenciesMs.sort((a, b) => a - b);
  return { result, seconds: (performance.now() - started) / 1000, eventsAnswered, eventIds, inFlightAtStop, byKind, commands, reads, nextSeq: seq };
}

/** Counts of answers by status class and code, from autocannon's result. */
export function statusSummary(result: autocannon.Result): { ok: number; non2xx: number; errors: number; timeouts: number; codes: string } {
  const stats = (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const codes = Object.entries(stats)
    .map(([code, { count }]) => `${code}×${count}`)
    .join(', ');
  return { ok: result['2xx'], non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, codes };
}
