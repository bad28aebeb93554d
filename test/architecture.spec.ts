import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Architecture rules as tests: domain code imports nothing from frameworks or infrastructure;
 * libraries are used only through their one public entry (#name); there are no import cycles.
 */
const root = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string, extensions: readonly string[] = ['.ts']): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path, extensions));
    else if (extensions.some((e) => entry.endsWith(e)) && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const files = ['apps', 'libs'].flatMap((d) => sourceFiles(join(root, d))).filter((f) => !/\.spec\.ts$/.test(f));
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!).concat(
    [...readFileSync(file, 'utf8').matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!),
  );
const rel = (f: string) => relative(root, f);
/** Test support: libs/testing, each library's test folder and the testing folders under its src. */
const isTestSupport = (f: string) => /^libs\/testing\//.test(rel(f)) || /^libs\/[^/]+\/test\//.test(rel(f)) || /\/testing\//.test(rel(f));
const production = files.filter((f) => !isTestSupport(f));

describe('architecture', () => {
  it('domain code imports only the kernel and its own domain', () => {
    const offenders = files
      .filter((f) => /\/src\/domain\//.test(f) || /libs\/kernel\/src\//.test(f))
      .flatMap((f) => importsOf(f).filter((spec) => !spec.startsWith('.') && spec !== '#kernel').map((spec) => `${rel(f)} imports ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('only libs/event-store/src/eventstoredb imports the EventStoreDB client', () => {
    const offenders = files.filter((f) => importsOf(f).some((s) => s.startsWith('@eventstore/')) && !rel(f).startsWith('libs/event-store/src/eventstoredb/'));
    expect(offenders.map(rel)).toEqual([]);
  });

  it('no file reaches into another library except through its public entry', () => {
    const offenders = files.flatMap((f) =>
      importsOf(f)
        .filter((s) => s.startsWith('.'))
        .map((s) => resolve(dirname(f), s))
        .filter((target) => {
          const from = rel(f).split('/').slice(0, 2).join('/');
          const to = rel(target).split('/').slice(0, 2).join('/');
          return from !== to;
        })
        .map((target) => `${rel(f)} → ${rel(target)}`),
    );
    expect(offenders).toEqual([]);
  });

  it('library sources never import their own public entry (a module cycle)', () => {
    const offenders = files
      .filter((f) => /^libs\/[^/]+\/src\//.test(rel(f)))
      .filter((f) => importsOf(f).includes(`#${rel(f).split('/')[1]}`))
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it('only tests import #testing', () => {
    const offenders = production.filter((f) => importsOf(f).includes('#testing')).map(rel);
    expect(production.length).toBeGreaterThan(0);
    expect(offenders).toEqual([]);
  });

  it('has no import cycles between libraries', () => {
    const libOf = (f: string) => rel(f).split('/').slice(0, 2).join('/');
    const graph = new Map<string, Set<string>>();
    for (const f of production) {
      const from = libOf(f);
      if (!graph.has(from)) graph.set(from, new Set());
      for (const spec of importsOf(f)) if (spec.startsWith('#') && `libs/${spec.slice(1)}` !== from) graph.get(from)!.add(`libs/${spec.slice(1)}`);
    }
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      if (path.includes(node)) {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' → '));
        return;
      }
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });

  it('the bundle verifier stays bundleable for a browser: it imports its own files and an RFC 8785 canonicalizer only', () => {
    const offenders = files
      .filter((f) => rel(f).startsWith('libs/bundle-verifier/'))
      .flatMap((f) => importsOf(f).filter((spec) => !spec.startsWith('./') && spec !== 'canonicalize').map((spec) => `${rel(f)} imports ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('the web app reaches the server only over HTTP: of the libraries it imports only the bundle verifier', () => {
    const web = sourceFiles(join(root, 'apps/web/src'), ['.ts', '.tsx']);
    const offenders = web.flatMap((f) => importsOf(f).filter((spec) => spec.startsWith('#') && spec !== '#bundle-verifier').map((spec) => `${rel(f)} imports ${spec}`));
    expect(web.length).toBeGreaterThan(0);
    expect(offenders).toEqual([]);
  });

  it('nest-cli.json and the package imports map list every app and library', () => {
    const nest = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8')) as { projects: Record<string, { root: string }> };
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { imports: Record<string, unknown> };
    // apps/web is built by Vite into static files the API serves, not a Nest project.
    const apps = readdirSync(join(root, 'apps'))
      .filter((a) => !existsSync(join(root, 'apps', a, 'vite.config.ts')))
      .map((a) => `apps/${a}`);
    const libs = readdirSync(join(root, 'libs')).map((l) => `libs/${l}`);
    expect(Object.values(nest.projects).map((p) => p.root).sort()).toEqual([...apps, ...libs].sort());
    expect(Object.keys(pkg.imports).sort()).toEqual(libs.map((l) => `#${l.slice('libs/'.length)}`).sort());
  });
});
