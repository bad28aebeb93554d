import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { pdfAttachments } from '#bundle-verifier';
import { STANDALONE_VERIFIER_FILES, buildAuditBundle, buildPublicRecordsBundle, standaloneVerifiers } from '#records';
import { GENERATED_AT, NEGOTIATION_ID, RECORDS_OFFICER, bayviewInMemory, testSigner } from '../../libs/records/test/fixtures.js';
import { CORPUS_KINDS, type CorpusCase, tamperCorpus } from '../../libs/records/test/tampering.js';
import { ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, accessibilityProblems } from '../web/browser.js';
import { verifyBundleFile } from '../../apps/cli/src/commands/verify.command.js';
import { UsageError } from '../../apps/cli/src/usage-error.js';
import { startTestApp } from '#testing';

/*
 * The tamper corpus through the three verifiers: `npm run cli -- verify` (the built CLI, spawned),
 * the standalone verify-bundle.mjs (spawned with node, alone in an empty directory) and the
 * standalone verify.html (in Debian's Chromium, opened from disk as a recipient would, and as the
 * API serves it). All three must print the same report and reach the same verdict: intact, or not
 * intact with the same first problem, or the same refusal of unusable input.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');
const browserMissing = existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (apt-get install chromium)`;
const inBrowser = browserMissing === null ? describe : describe.skip;

interface Verdict {
  /** 0 intact, 1 not intact, 2 unusable input. */
  readonly exit: number;
  /** The report `verify` prints (empty when the input is unusable). */
  readonly report: string;
  /** The first problem the report lists, or why the input is unusable; null when intact. */
  readonly first: string | null;
}

/** A process's output as a verdict: the report on stdout, its first listed problem, or the one-line refusal on stderr. */
function verdictOfProcess(status: number | null, stdout: string, stderr: string): Verdict {
  const listed = /^ {2}- \[[a-z-]+\] (.*)$/m.exec(stdout)?.[1] ?? null;
  const refusal = status === 2 ? stderr.trim().replace(/^error: verify: /, '') : null;
  return { exit: status ?? -1, report: stdout, first: status === 0 ? null : (refusal ?? listed) };
}

/** `verify <name>` as the CLI runs it, in this process: the report written, or the usage error main prints. */
async function verdictInProcess(cases: string, name: string): Promise<Verdict> {
  let stdout = '';
  // Named as the CLI is given it from the cases' directory: the report shows the name.
  const relative = (text: string) => text.replaceAll(join(cases, name), name);
  try {
    const { exitCode } = await verifyBundleFile(join(cases, name), {}, (text) => (stdout += text));
    return verdictOfProcess(exitCode, relative(stdout), '');
  } catch (error) {
    if (error instanceof UsageError) return verdictOfProcess(2, relative(stdout), `error: ${relative(error.message)}\n`);
    throw error;
  }
}

function run(command: string, args: readonly string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env: { PATH: process.env['PATH'] ?? '', NODE_NO_WARNINGS: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** Runs `count` tasks, `width` at a time, in order of their results. */
async function pooled<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) {
      const i = next++;
      out[i] = await task(i);
    }
  }));
  return out;
}

/** Chooses the case's file in the page (with its trusted key, if any) and reads the verdict it shows. */
async function verdictOfPage(page: Page, c: CorpusCase): Promise<Verdict> {
  const before = Number(await page.locator('#verdict').getAttribute('data-checked'));
  if (c.trustedKeyPem !== undefined) {
    if (!(await page.getByLabel('Trusted public key (PEM)').isVisible())) await page.getByText('Check the signer against').click();
    await page.getByLabel('Trusted public key (PEM)').fill(c.trustedKeyPem);
  } else if ((await page.getByLabel('Trusted public key (PEM)').inputValue()) !== '') {
    await page.getByLabel('Trusted public key (PEM)').fill('');
  }
  await page.getByLabel('File to verify (.json or .pdf)').setInputFiles({ name: c.name, mimeType: c.name.endsWith('.pdf') ? 'application/pdf' : 'application/json', buffer: c.data });
  await page.locator(`#verdict[data-checked="${before + 1}"]`).waitFor({ state: 'attached' });
  const state = await page.locator('#verdict').getAttribute('data-verdict');
  const line = (await page.locator('#first-problem').textContent()) ?? '';
  const report = (await page.locator('#details').isHidden()) ? '' : ((await page.locator('#report').textContent()) ?? '');
  const exit = state === 'intact' ? 0 : state === 'not-intact' ? 1 : state === 'unreadable' ? 2 : -1;
  return { exit, report, first: exit === 0 ? null : exit === 1 ? line.replace(/^First problem: /, '') : line };
}

describe('the standalone verifiers', () => {
  let dir: string;
  let alone: string;
  let corpus: CorpusCase[];
  /** The verdicts of `npm run cli -- verify`, by case, on files named as the page names them. */
  let cli: Verdict[];
  let intruderKeyId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lrr-verifiers-'));
    const signer = testSigner();
    const streams = await bayviewInMemory();
    const audit = await buildAuditBundle({ streams, negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT, signer, purpose: 'Tamper corpus' });
    const publicRecords = await buildPublicRecordsBundle({ streams, negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT, signer });
    const intruder = testSigner();
    intruderKeyId = intruder.keyId;
    corpus = await tamperCorpus({ audit, publicRecords, signer, intruder, streams, audited: { negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT } });
    await mkdir(join(dir, 'cases'));
    for (const [i, c] of corpus.entries()) {
      await writeFile(join(dir, 'cases', c.name), c.data);
      if (c.trustedKeyPem !== undefined) await writeFile(join(dir, 'cases', `key-${i}.pem`), c.trustedKeyPem);
    }
    // The script alone in an empty directory: nothing beside it to import.
    alone = join(dir, 'alone');
    await mkdir(alone);
    for (const file of STANDALONE_VERIFIER_FILES) await writeFile(join(alone, file), standaloneVerifiers()[file]);
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: npm run build`);
    const args = (c: CorpusCase, i: number) => [c.name, ...(c.trustedKeyPem !== undefined ? ['--trusted-key', `key-${i}.pem`] : [])];
    // The built CLI is spawned on the first case of each kind and each case with a trusted key; the
    // other cases run the same verify function in this process (spawning the CLI 110 times took two minutes).
    const kinds = new Set<string>();
    const spawned = new Set(corpus.flatMap((c, i) => (!kinds.has(c.kind) && kinds.add(c.kind)) || c.trustedKeyPem !== undefined ? [i] : []));
    const cases = join(dir, 'cases');
    cli = await pooled(corpus.length, 2, async (i) => {
      if (spawned.has(i)) {
        const result = await run(process.execPath, [CLI, 'verify', ...args(corpus[i]!, i)], cases);
        return verdictOfProcess(result.status, result.stdout, result.stderr);
      }
      return verdictInProcess(cases, corpus[i]!.name);
    });
    expect(spawned.size).toBeGreaterThanOrEqual(CORPUS_KINDS.length);
  }, 600_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the corpus covers every kind of tampering, and `verify` tells each from an intact file', () => {
    const counts = Object.fromEntries(CORPUS_KINDS.map((kind) => [kind, corpus.filter((c) => c.kind === kind).length]));
    process.stdout.write(`Tamper corpus: ${corpus.length} files (${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ')})\n`);
    expect(Object.entries(counts).filter(([, n]) => n === 0)).toEqual([]);
    const verdicts = corpus.map((c, i) => ({ label: c.label, kind: c.kind, exit: cli[i]!.exit }));
    // Re-signed by someone else and checked without the office's key, a file is intact under the forger's key: the report names that key.
    const forged = corpus.findIndex((c) => c.label === 'audit event rewritten and re-signed with another key, no trusted key given');
    const intactPdf = corpus.find((c) => c.kind === 'pdf' && c.trustedKeyPem === undefined)!.label;
    expect(verdicts.filter((v) => v.exit === 0).map((v) => v.label).sort()).toEqual([...corpus.filter((c) => c.kind === 'intact').map((c) => c.label), corpus[forged]!.label, intactPdf].sort());
    expect(cli[forged]!.report).toContain(`key ${intruderKeyId}`);
    expect(verdicts.filter((v) => v.exit === 2).map((v) => v.kind)).toEqual(['unreadable', 'unreadable']);
    expect(verdicts.filter((v) => v.exit === 1).length).toBe(corpus.length - counts['intact']! - 2 - 2);
    // The record checkpoint a file carries: every verifier names what it finds wrong with it, in the same words.
    const checkpointed = corpus.findIndex((c) => c.label === 'audit file carrying a record checkpoint, intact');
    expect(cli[checkpointed]!.report).toMatch(/^Checkpoint checkpoint-20260202T170000Z\.json of 2026-02-02T17:00:00\.000Z: (\d+) of \1 stream head\(s\) proven and held by the file$/m);
    const stream = `negotiation-${NEGOTIATION_ID}`;
    const checkpointCases = corpus.flatMap((c, i) => (c.kind === 'checkpoint' ? [{ label: c.label, exit: cli[i]!.exit, kinds: [...cli[i]!.report.matchAll(/^ {2}- \[([a-z-]+)\]/gm)].map((m) => m[1]) }] : []));
    expect(checkpointCases).toEqual([
      { label: expect.stringMatching(/^audit file missing revisions/), exit: 1, kinds: ['checkpoint-revisions-missing'] },
      { label: expect.stringMatching(/tree head forged/), exit: 1, kinds: ['checkpoint-signature-invalid'] },
      { label: expect.stringMatching(/proof altered/), exit: 1, kinds: ['checkpoint-proof-invalid'] },
      { label: expect.stringMatching(/another key/), exit: 1, kinds: ['checkpoint-key-untrusted'] },
    ]);
    const truncated = corpus.findIndex((c) => c.kind === 'checkpoint');
    expect(cli[truncated]!.first).toMatch(new RegExp(`^${stream} is missing revisions (\\d+)–(\\d+): the file ends at revision \\d+, the checkpoint of 2026-02-02T17:00:00\\.000Z committed to revision \\2$`));
  });

  it('the standalone script, alone in an empty directory and importing only node: builtins, gives the CLI’s verdict on every case', async () => {
    const script = standaloneVerifiers()['verify-bundle.mjs'];
    const imports = [...script.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/gm)].map((m) => m[1] ?? m[2] ?? m[3]!);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((spec) => !spec.startsWith('node:'))).toEqual([]);
    await rm(join(alone, 'verify.html'));
    expect(await readdir(alone)).toEqual(['verify-bundle.mjs']);

    const standalone = await pooled(corpus.length, 2, async (i) => {
      const c = corpus[i]!;
      // Run from the cases' directory with the script's absolute path, as the CLI was: the same file names in the report.
      const result = await run(process.execPath, [join(alone, 'verify-bundle.mjs'), c.name, ...(c.trustedKeyPem !== undefined ? ['--trusted-key', `key-${i}.pem`] : [])], join(dir, 'cases'));
      return { ...verdictOfProcess(result.status, result.stdout, result.stderr), stderr: result.stderr };
    });
    const differences = corpus.flatMap((c, i) => {
      const { stderr: _stderr, ...verdict } = standalone[i]!;
      return JSON.stringify(verdict) === JSON.stringify(cli[i]) ? [] : [{ case: c.label, cli: cli[i], standalone: verdict }];
    });
    expect(differences).toEqual([]);

    // Run in the empty directory itself, with no package.json or node_modules anywhere above it that it could lean on.
    const intact = corpus.findIndex((c) => c.label === 'audit file intact');
    await copyFile(join(dir, 'cases', corpus[intact]!.name), join(alone, 'bundle.json'));
    const there = spawnSync(process.execPath, ['verify-bundle.mjs', 'bundle.json'], { cwd: alone, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    expect({ status: there.status, last: there.stdout.trim().split('\n').at(-1) }).toEqual({ status: 0, last: 'Result     INTACT' });
    const usage = spawnSync(process.execPath, ['verify-bundle.mjs'], { cwd: alone, encoding: 'utf8' });
    expect(usage.status).toBe(2);
  }, 600_000);

  it('the checked-in standalone verifiers are built from the current sources (node scripts/build-verifiers.mjs --check)', () => {
    const check = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-verifiers.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
  });

  inBrowser('the standalone page in Chromium', () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('opened from disk, without any request, gives the CLI’s verdict and report on every case, and passes axe', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const html = join(dir, 'page', 'verify.html');
      await mkdir(join(dir, 'page'), { recursive: true });
      await writeFile(html, standaloneVerifiers()['verify.html']);
      await page.goto(`file://${html}`);
      const differences: unknown[] = [];
      for (const [i, c] of corpus.entries()) {
        const shown = await verdictOfPage(page, c);
        if (JSON.stringify(shown) !== JSON.stringify(cli[i])) differences.push({ case: c.label, cli: cli[i], page: shown });
        if (c.label === 'audit two events three apart swapped') await shot(page, 'standalone-verifier-not-intact');
        if (c.label === 'audit file intact, trusted key given') await shot(page, 'standalone-verifier-intact');
        if (c.label === 'the audit file PDF (its attached bundle intact)') await shot(page, 'standalone-verifier-pdf');
      }
      expect(differences).toEqual([]);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      expect(await accessibilityProblems(page)).toEqual([]);
      await context.close();
    }, 600_000);

    it('taken out of an audit file PDF (its second attachment), opened from disk, verifies that PDF', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      const cases = ['the audit file PDF (its attached bundle intact)', 'the PDF of a re-signed audit file, trusted key given'].map((label) => corpus.findIndex((c) => c.label === label));
      for (const i of cases) {
        const pdf = corpus[i]!.data;
        // What a stranger holds: the PDF alone. The page they open is the one it carries.
        const carried = (await pdfAttachments(new Uint8Array(pdf))).filter((text) => text.startsWith('<!doctype html>'));
        expect(carried).toEqual([standaloneVerifiers()['verify.html']]);
        const html = join(dir, `from-pdf-${i}`, 'verify.html');
        await mkdir(dirname(html), { recursive: true });
        await writeFile(html, carried[0]!);
        await page.goto(`file://${html}`);
        expect(await verdictOfPage(page, corpus[i]!)).toEqual(cli[i]);
      }
      expect(cli[cases[0]!]!.exit).toBe(0);
      expect(cli[cases[1]!]!.exit).toBe(1);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await context.close();
    }, 120_000);

    it('served by the API at /verify.html under a policy that allows its own inline script and nothing else, it verifies too', async () => {
      // A web app build that answers every other page, so the test shows the named route wins over it.
      const web = await mkdtemp(join(tmpdir(), 'lrr-verifiers-web-'));
      await writeFile(join(web, 'index.html'), '<!doctype html><title>app</title>');
      const quiet = { log() {}, error() {}, warn() {}, debug() {}, verbose() {} };
      const test = await startTestApp({ name: 'verifiers', env: { RUN_PROJECTOR: 'false' }, logger: quiet, imports: [], webApp: { dir: web, standalonePages: { '/verify.html': standaloneVerifiers()['verify.html'] } } });
      try {
        const url = `http://127.0.0.1:${(test.app.getHttpServer().address() as { port: number }).port}`;
        const page = await browser.newPage();
        const violations: string[] = [];
        page.on('console', (m) => {
          if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
        });
        const response = await page.goto(`${url}/verify.html`);
        expect(response?.status()).toBe(200);
        const policy = response?.headers()['content-security-policy'] ?? '';
        expect(policy).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]+=*'; style-src 'sha256-/);
        expect(await page.title()).toBe('Verify a labor relations record file');
        for (const label of ['audit file intact', 'audit stream truncated: its last three events removed', 'audit event rewritten and re-signed with another key, trusted key given', 'the audit file PDF (its attached bundle intact)']) {
          const i = corpus.findIndex((c) => c.label === label);
          expect(await verdictOfPage(page, corpus[i]!)).toEqual(cli[i]);
        }
        expect(violations).toEqual([]);
        await page.close();
      } finally {
        await test.close();
        await rm(web, { recursive: true, force: true });
      }
    }, 300_000);
  });
});

async function shot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
