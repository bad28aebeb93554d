import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IMPORTABLE_COMMANDS } from '#imports';

const root = resolve(import.meta.dirname, '..', '..');
const DOC = join(root, 'docs', 'import.md');
const START = '<!-- importable-commands:start -->';
const END = '<!-- importable-commands:end -->';

/** The table docs/import.md lists, generated from IMPORTABLE_COMMANDS. */
function table(): string {
  const rows = [...IMPORTABLE_COMMANDS.values()].map(
    (entry) => `| ${entry.command} | \`${entry.route}\` | ${entry.requires.join(', ') || '—'} | ${entry.creates ?? '—'} |`,
  );
  return ['| command | route whose body `data` is | ids it needs | id it creates |', '|---|---|---|---|', ...rows].join('\n');
}

describe('docs/import.md', () => {
  const doc = readFileSync(DOC, 'utf8');

  it('lists exactly the importable commands, with their routes and ids (WRITE_EXAMPLES=1 rewrites the table)', () => {
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    expect(start).toBeGreaterThan(0);
    const listed = doc.slice(start + START.length, end).trim();
    if (process.env.WRITE_EXAMPLES === '1' && listed !== table()) writeFileSync(DOC, `${doc.slice(0, start + START.length)}\n${table()}\n${doc.slice(end)}`);
    expect(listed).toBe(table());
  });

  it('names no command that does not exist, anywhere in the page', () => {
    const named = [...doc.matchAll(/"command": "([A-Za-z]+)"|^\| ([A-Z][A-Za-z]+) \|/gm)].map((m) => m[1] ?? m[2]!);
    const csv = [...doc.matchAll(/^[^,\n]+,([A-Z][A-Za-z]+),\d{4}-/gm)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(IMPORTABLE_COMMANDS.size);
    expect([...named, ...csv].filter((command) => !IMPORTABLE_COMMANDS.has(command))).toEqual([]);
  });

  it('names routes the API serves', () => {
    const served = new Set(
      Object.entries((JSON.parse(readFileSync(join(root, 'openapi.json'), 'utf8')) as { paths: Record<string, Record<string, unknown>> }).paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    expect([...IMPORTABLE_COMMANDS.values()].map((entry) => entry.route).filter((route) => !served.has(route))).toEqual([]);
  });
});
