/**
 * `npm run bench:web`: the web app in headless Chromium against the API (a real process on the
 * embedded store) holding one negotiation of 2,000 events.
 *
 * - Initial JavaScript: the scripts index.html loads before any page, gzipped (target ≤ 250 KB).
 * - Article board and article page: from navigation (a fresh browser context each time: no cache,
 *   no session) to the page being interactive — its content rendered and the first control enabled —
 *   timed inside the page (performance.now() since navigation start), in alternating rounds; the
 *   medians are reported (target ≤ 1.0 s each). The time includes loading the app, the development
 *   sign-in and the API's answers.
 *
 * Options: --rounds N (default 7), --events N (default 2000), --keep (leave the data directory).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig } from '#config';
import { openStores } from '#event-store';
import { RecordSimulator, appendSimulated } from '../harness/record-simulator.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const WEB = join(ROOT, 'dist', 'web');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TARGET_MS = 1_000;
const TARGET_JS_KB = 250;

const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const ROUNDS = option('rounds', 7);
const EVENTS = option('events', 2_000);

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** The scripts the page loads before any route: index.html's module script and its modulepreloads. */
function initialJavaScript(): { files: string[]; gzipBytes: number; rawBytes: number } {
  const html = readFileSync(join(WEB, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => (m[1] ?? m[2])!);
  let gzipBytes = 0;
  let rawBytes = 0;
  for (const file of files) {
    const bytes = readFileSync(join(WEB, file));
    rawBytes += bytes.length;
    gzipBytes += gzipSync(bytes, { level: 9 }).length;
  }
  return { files, gzipBytes, rawBytes };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

async function waitFor<T>(what: string, attempt: () => Promise<T | null>, timeoutMs = 180_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);
  if (!existsSync(join(WEB, 'index.html'))) throw new Error('dist/web is not built (npm run build:web)');
  const js = initialJavaScript();
  console.log(`Initial JavaScript: ${js.files.join(', ')}: ${(js.rawBytes / 1024).toFixed(1)} KB, ${(js.gzipBytes / 1024).toFixed(1)} KB gzipped`);

  const dataDir = await mkdtemp(join(tmpdir(), 'lrr-bench-web-'));
  let api: ChildProcess | null = null;
  let browser: Browser | null = null;
  try {
    const simulator = new RecordSimulator(13);
    const negotiationId = simulator.busyNegotiation(EVENTS);
    const stores = await openStores(loadConfig({ DATA_DIR: dataDir }).storage);
    await appendSimulated(stores.events, simulator.batches);
    await stores.close();
    console.log(`Recorded negotiation ${negotiationId}: ${simulator.events} events (RecordSimulator seed 13, embedded store)`);

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    api = spawn(process.execPath, ['--max-old-space-size=512', join(ROOT, 'dist/apps/api/src/main.js')], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', DATABASE_URL: '', EVENTSTORE_CONNECTION_STRING: '', AUTH_ISSUER: '', AUTH_AUDIENCE: '', AUTH_JWKS_URL: '' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const token = await waitFor('the API', async () => {
      const response = await fetch(`${url}/auth/development-tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'admin', subject: 'bench@example.org' }) });
      return response.ok ? ((await response.json()) as { token: string }).token : null;
    });
    // The projector catches up in the API process: wait until the board answers every article.
    const articles = await waitFor('the article-history projection', async () => {
      const status = (await (await fetch(`${url}/projections`, { headers: { authorization: `Bearer ${token}` } })).json()) as { projections: { state: string; events: number }[] };
      if (!status.projections.every((p) => p.state === 'live')) return null;
      const board = (await (await fetch(`${url}/negotiations/${negotiationId}/articles`, { headers: { authorization: `Bearer ${token}` } })).json()) as { articles?: { article: string; entryCount: number }[] };
      return board.articles && board.articles.length > 0 ? board.articles : null;
    });
    const article = [...articles].sort((a, b) => b.entryCount - a.entryCount)[0]!;
    const timeApi = async (path: string) => {
      const started = performance.now();
      const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const bytes = (await response.arrayBuffer()).byteLength;
      return `${path} ${response.status} in ${(performance.now() - started).toFixed(0)} ms (${(bytes / 1024).toFixed(0)} KB)`;
    };
    // The whole chain, then the page the article page asks for (the latest 50 positions).
    const history = `/negotiations/${negotiationId}/articles/${encodeURIComponent(article.article)}/history`;
    for (const path of [`/negotiations/${negotiationId}/articles`, history, `${history}?limit=50`]) console.log(`API: ${await timeApi(path)}`);
    console.log(`API at ${url}; the board lists ${articles.length} articles; the article page shows article ${article.article} (${article.entryCount} entries, the longest chain)`);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const pages = {
      board: { path: `/negotiation/${negotiationId}/articles`, ready: '[data-testid="article-board"] tbody tr', control: '#board-filter' },
      article: { path: `/negotiation/${negotiationId}/article/${encodeURIComponent(article.article)}`, ready: '.lrr-chain > li', control: 'details > summary' },
    } as const;
    const times: Record<keyof typeof pages, number[]> = { board: [], article: [] };
    const measure = async (name: keyof typeof pages): Promise<number> => {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
      // The development sign-in as a returning person has it: the page signs in again on load.
      await context.addInitScript({ content: `sessionStorage.setItem('lrr.development-sign-in', ${JSON.stringify(JSON.stringify({ role: 'negotiator', subject: 'bench@example.org' }))});` });
      const page = await context.newPage();
      const { path, ready, control } = pages[name];
      await page.goto(`${url}${path}`, { waitUntil: 'commit' });
      // Functions, not strings: the page's Content-Security-Policy forbids evaluating strings.
      type Dom = { document: { querySelector(selector: string): { disabled?: boolean } | null }; performance: { now(): number } };
      const failures: string[] = [];
      page.on('console', (m) => m.type() === 'error' && failures.push(m.text()));
      page.on('pageerror', (e) => failures.push(e.message));
      await page.waitForFunction(
        ([r, c]) => {
          const { document } = globalThis as unknown as Dom;
          const control = document.querySelector(c);
          return document.querySelector(r) !== null && control !== null && control.disabled !== true;
        },
        [ready, control] as const,
        { polling: 'raf', timeout: 60_000 },
      ).catch(async (error: unknown) => {
        const shown = await page.locator('body').innerText().catch(() => '');
        throw new Error(`${name} never became interactive at ${page.url()}: ${String(error).split('\n')[0]}; the page shows: ${shown.slice(0, 300).replace(/\s+/g, ' ')}; errors: ${failures.join(' | ')}`);
      });
      const elapsed = await page.evaluate(() => (globalThis as unknown as Dom).performance.now());
      await context.close();
      return elapsed;
    };
    // One warm-up of each (the API's caches and the page's first compile), not counted.
    await measure('board');
    await measure('article');
    for (let round = 0; round < ROUNDS; round++) {
      const order: (keyof typeof pages)[] = round % 2 === 0 ? ['board', 'article'] : ['article', 'board'];
      for (const name of order) times[name].push(await measure(name));
      console.log(`round ${round + 1}/${ROUNDS}: board ${times.board.at(-1)!.toFixed(0)} ms, article ${times.article.at(-1)!.toFixed(0)} ms`);
    }

    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    const board = median(times.board);
    const articleMs = median(times.article);
    const kb = js.gzipBytes / 1024;
    console.log('\n| measure | median | all rounds | target |');
    console.log('| --- | ---: | --- | --- |');
    console.log(`| article board interactive (${EVENTS.toLocaleString('en-US')}-event negotiation) | ${board.toFixed(0)} ms | ${times.board.map((t) => t.toFixed(0)).join(', ')} | ≤ ${TARGET_MS} ms ${verdict(board <= TARGET_MS)} |`);
    console.log(`| article page interactive (article ${article.article}, ${article.entryCount} entries) | ${articleMs.toFixed(0)} ms | ${times.article.map((t) => t.toFixed(0)).join(', ')} | ≤ ${TARGET_MS} ms ${verdict(articleMs <= TARGET_MS)} |`);
    console.log(`| initial JavaScript, gzipped | ${kb.toFixed(1)} KB | ${js.files.length} file(s) | ≤ ${TARGET_JS_KB} KB ${verdict(kb <= TARGET_JS_KB)} |`);
  } finally {
    await browser?.close();
    if (api) {
      api.kill('SIGTERM');
      await new Promise((r) => api!.once('exit', r));
    }
    if (!process.argv.includes('--keep')) await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:web: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
