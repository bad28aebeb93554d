import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The README's first screen, run as a newcomer would: `npm start` (the built API on a fresh data
 * directory), then the quick-start block in bash — mint a token with `npm run -s token`, register a
 * unit, open a negotiation, table a proposal, read it back. The block is read from README.md, so the
 * commands there cannot drift from what works.
 */
const root = process.cwd();
const bash = spawnSync('bash', ['-c', 'command -v curl'], { encoding: 'utf8' });
const runnable = bash.status === 0 ? describe : describe.skip;
if (bash.status !== 0) describe('the README quick start', () => it.skip('skipped: bash or curl is not installed', () => undefined));

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => ok(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The shell block after the README's quick-start marker. */
async function quickStart(): Promise<string> {
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  const match = /<!-- quick-start[^>]*-->\n```sh\n([\s\S]*?)\n```/.exec(readme);
  if (!match) throw new Error('README.md has no <!-- quick-start --> block');
  return match[1]!;
}

runnable('the README quick start', () => {
  let dataDir: string;
  let api: ChildProcess | undefined;
  let port: number;
  let output = '';

  beforeAll(async () => {
    // What `npm start` runs after its build step; the build is pretest's (and is cheap when current).
    const build = spawnSync(process.execPath, ['scripts/fresh-build.mjs'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
    dataDir = await mkdtemp(join(tmpdir(), 'lrr-readme-'));
    port = await freePort();
    const child = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_FORMAT: 'json', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api = child;
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`the API did not start in time:\n${output}`)), 120_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('listening on')) {
          clearTimeout(timer);
          ready();
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => fail(new Error(`the API exited with ${code}:\n${output}`)));
    });
  }, 400_000);

  afterAll(async () => {
    if (api && api.exitCode === null) {
      const exited = new Promise((done) => api!.once('exit', done));
      api.kill('SIGTERM');
      await exited;
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('announces where it listens, its data directory and the token line with that directory', () => {
    const line = JSON.parse(output.split('\n').find((l) => l.includes('listening on'))!) as Record<string, string>;
    expect(line).toMatchObject({ url: `http://127.0.0.1:${port}`, docs: `http://127.0.0.1:${port}/docs`, dataDir });
    expect(line.tokenCommand).toBe(`export TOKEN=$(DATA_DIR=${dataDir} npm run -s token -- --role admin --sub you@example.org)`);
  });

  it('registers a unit, opens a negotiation, tables a proposal and reads it back', async () => {
    const block = (await quickStart()).replaceAll('http://127.0.0.1:3000', `http://127.0.0.1:${port}`);
    const result = spawnSync('bash', ['-c', `set -euo pipefail\n${block}`], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // The tabling's answer, then the read: both name the proposal and its text.
    const [tabled, read] = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(tabled).toMatchObject({ proposalId: expect.any(String), events: [expect.objectContaining({ type: 'ProposalTabled' })] });
    expect(JSON.stringify(read)).toContain('Salary schedule increased by 6% effective July 1, 2025.');
    expect(JSON.stringify(read)).toContain((tabled as { proposalId: string }).proposalId);
  }, 180_000);
});
