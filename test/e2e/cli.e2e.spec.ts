import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The built CLI as an operator runs it: its version, and help that names every command although a run loads only the one it names. */
const root = process.cwd();
const cli = (...args: string[]) => spawnSync(process.execPath, ['dist/apps/cli/src/main.js', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/fresh-build.mjs'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
}, 320_000);

it('prints the version with --version', () => {
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const result = cli('--version');
  expect(result.status).toBe(0);
  expect(result.stdout).toBe(`${version}\n`);
});

it('lists every command in its help', () => {
  const result = cli('--help');
  expect(result.status).toBe(0);
  for (const command of ['token', 'projections', 'export', 'verify']) expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
});

it('names an unknown command and exits 2', () => {
  const result = cli('exprot');
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(/unknown command 'exprot'/);
});
