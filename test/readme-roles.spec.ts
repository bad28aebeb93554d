import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { IS_PUBLIC, REQUIRED_ROLES, clearanceOf } from '#auth';
import { loadConfig } from '#config';
import { CLASSIFICATIONS, ROLES, type Role } from '#kernel';
import { AppModule, type AppStores } from '#platform';
import { featureModules } from '../apps/api/src/features.js';

/**
 * The README's table of roles is derived from the code: every route's @Roles() (a method's own,
 * else its controller's, as the guard reads them) grouped into the rows below, and each role's
 * clearance from libs/identity. The test fails when the README's table differs, and prints the table
 * the code implies.
 */

interface Route {
  readonly method: string;
  readonly path: string;
  /** Every role when the route names none; empty when it is public. */
  readonly roles: readonly Role[];
}

type ModuleRef = Type | DynamicModule | Promise<DynamicModule>;

/** Every controller reachable from the application module, as Nest's scanner would find them. */
function controllersOf(root: ModuleRef): Type[] {
  const seen = new Set<unknown>();
  const controllers = new Set<Type>();
  const visit = (ref: ModuleRef | undefined): void => {
    if (!ref || ref instanceof Promise || seen.has(ref)) return;
    seen.add(ref);
    const dynamic = 'module' in ref ? ref : undefined;
    const type = dynamic ? dynamic.module : (ref as Type);
    for (const controller of [...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, type) as Type[] | undefined) ?? []), ...(dynamic?.controllers ?? [])]) controllers.add(controller);
    for (const imported of [...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, type) as ModuleRef[] | undefined) ?? []), ...((dynamic?.imports as ModuleRef[] | undefined) ?? [])]) visit(imported);
  };
  visit(root);
  return [...controllers];
}

function routesOf(controller: Type): Route[] {
  const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
  const classRoles = Reflect.getMetadata(REQUIRED_ROLES, controller) as Role[] | undefined;
  const classPublic = Reflect.getMetadata(IS_PUBLIC, controller) === true;
  const routes: Route[] = [];
  for (const name of Object.getOwnPropertyNames(controller.prototype)) {
    const handler = (controller.prototype as Record<string, unknown>)[name];
    if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
    const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
    const path = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler))].map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`
      // One spelling for every path parameter, so the rows below do not depend on parameter names.
      .replace(/:[A-Za-z]+/g, ':id');
    const isPublic = classPublic || Reflect.getMetadata(IS_PUBLIC, handler) === true;
    const roles = isPublic ? [] : ((Reflect.getMetadata(REQUIRED_ROLES, handler) as Role[] | undefined) ?? classRoles ?? ROLES);
    routes.push({ method, path, roles });
  }
  return routes;
}

/** The rows of the README's table: what a person wants to do, and the routes that do it. First match wins. */
const ROWS: readonly { readonly does: string; readonly matches: (route: Route) => boolean }[] = [
  { does: 'register units and their agreement terms', matches: (r) => r.method !== 'GET' && /^\/units(\/:id\/agreement-terms)?$/.test(r.path) },
  { does: 'set a unit’s information-request response policy', matches: (r) => r.method !== 'GET' && /^\/units\/:id\/information-request-policy$/.test(r.path) },
  { does: 'change a record’s classification', matches: (r) => r.method !== 'GET' && /\/classification-changes$/.test(r.path) },
  {
    does: 'record bargaining facts (demands to bargain, proposals, sessions, TAs, impasse, settlement, corrections, confidential notes)',
    matches: (r) => r.method !== 'GET' && (r.path.startsWith('/negotiations') || r.path.startsWith('/demands-to-bargain') || /^\/units\/:id\/demands-to-bargain$/.test(r.path)),
  },
  { does: 'record information requests and their answers', matches: (r) => r.method !== 'GET' && r.path.startsWith('/information-requests') },
  { does: 'import a history that predates the record (`POST /imports`, docs/import.md)', matches: (r) => r.method === 'POST' && r.path === '/imports' },
  { does: 'read the access log', matches: (r) => r.path === '/access-log' },
  { does: 'export audit-ready and public-records files', matches: (r) => /\/(audit-file|public-records-file)$/.test(r.path) },
  { does: 'see projections’ state (`/projections`)', matches: (r) => r.path === '/projections' },
  { does: 'record that a projection skips an event it cannot apply', matches: (r) => r.method === 'POST' && /^\/projections\/:id\/skips$/.test(r.path) },
  { does: 'read metrics (`/metrics`)', matches: (r) => r.path === '/metrics' },
  { does: 'read the record (negotiations, timelines, as-of, read models, compliance, registers), within clearance', matches: (r) => r.method === 'GET' && r.roles.length > 0 },
];

/** The table as the code implies it. */
function roleTable(routes: readonly Route[]): string {
  const lines = [`| | ${ROLES.map((role) => `\`${role}\``).join(' | ')} |`, `| --- | ${ROLES.map(() => ':-:').join(' | ')} |`];
  const unmatched = routes.filter((route) => route.roles.length > 0 && !ROWS.some((row) => row.matches(route)));
  if (unmatched.length > 0) throw new Error(`routes in no row of the README's role table (add a row to ROWS): ${unmatched.map((r) => `${r.method} ${r.path}`).join(', ')}`);
  for (const row of ROWS) {
    const mine = routes.filter((route) => route.roles.length > 0 && ROWS.find((candidate) => candidate.matches(route)) === row);
    if (mine.length === 0) throw new Error(`no route does "${row.does}"`);
    const sets = new Map(mine.map((route) => [[...route.roles].sort().join(','), route]));
    if (sets.size > 1) throw new Error(`"${row.does}": its routes differ in roles (${[...sets].map(([roles, r]) => `${r.method} ${r.path}: ${roles}`).join('; ')}); split the row`);
    const roles = mine[0]!.roles;
    lines.push(`| ${row.does} | ${ROLES.map((role) => (roles.includes(role) ? 'yes' : '–')).join(' | ')} |`);
  }
  for (const classification of CLASSIFICATIONS) {
    lines.push(`| read ${classification} content | ${ROLES.map((role) => (clearanceOf(role).includes(classification) ? 'yes' : '–')).join(' | ')} |`);
  }
  return lines.join('\n');
}

function readmeTable(): string {
  const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
  const match = /<!-- roles:begin[^>]*-->\n([\s\S]*?)\n<!-- roles:end -->/.exec(readme);
  if (!match) throw new Error('README.md has no <!-- roles:begin --> … <!-- roles:end --> table');
  return match[1]!.trim();
}

describe("the README's role table", () => {
  const config = loadConfig({ DATA_DIR: '/nonexistent' });
  const stores = {} as AppStores;
  const routes = controllersOf(AppModule.forRoot({ config, stores, logger: console, imports: featureModules(config) })).flatMap(routesOf);

  it('finds the routes the API serves', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes).toContainEqual({ method: 'POST', path: '/negotiations/:id/proposals', roles: expect.any(Array) });
    expect(routes.find((r) => r.path === '/health/live')?.roles).toEqual([]);
  });

  it('matches the @Roles() on every route and the clearance in libs/identity', () => {
    const expected = roleTable(routes);
    if (readmeTable() !== expected) {
      throw new Error(`README.md's role table differs from the code. The code implies:\n\n${expected}\n`);
    }
  });
});
