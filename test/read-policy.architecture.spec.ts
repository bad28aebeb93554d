import 'reflect-metadata';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import ts from 'typescript';
import { AccessLog, NegotiationFiles, ReadPolicy } from '#access';
import { loadConfig } from '#config';
import { AppModule, EVENT_STORE, SQL_CLIENT } from '#platform';
import { featureModules } from '../apps/api/src/features.js';

/*
 * Every read of stored content goes through the one read policy (libs/access ReadPolicy): an
 * architecture rule, checked on what the API actually serves.
 *
 * - The API's composition (apps/api features + the platform's own routes) is walked through Nest's
 *   module metadata: every GET route, its controller, and each class's constructor dependencies as
 *   Nest resolves them (tokens, useClass, useExisting).
 * - Stored content is what EVENT_STORE and SQL_CLIENT hold, and what NegotiationFiles (a
 *   negotiation's streams) and AccessLog (the log) read from them.
 * - From each route handler, the calls `this.<dependency>.<method>(…)` and `this.<method>(…)` are
 *   followed through the source (TypeScript AST) of each class. A method reaches content when it
 *   touches a content member (a constructor parameter holding a content source) or calls a method
 *   that hands content back without the policy; it goes through the policy when it (or a method it
 *   calls in its class) uses its ReadPolicy member. A content-bearing read service must therefore be
 *   constructed with the ReadPolicy and answer through it.
 * - A route passes when what it reaches goes through the policy, or every method reaching content
 *   around it is listed below with the reason it serves no classified record. A listed exemption
 *   that is no longer needed fails the test too, so the list cannot go stale.
 */

const root = resolve(import.meta.dirname, '..');

/** Methods that reach stored content without the read policy, and why that serves no classified record. */
const SERVES_NO_CLASSIFIED_CONTENT: Readonly<Record<string, string>> = {
  'HealthController.ready': 'pings the event store; answers its kind, no record',
  'ProjectorService.status': 'each projection’s state, checkpoint and lag; it reads whether an event lies ahead of a checkpoint, never answers its content',
  'BargainingRecords.unit': 'a unit registration: outside any negotiation, internal, which no classification change can target',
  'ResponsePolicies.recorded': 'a unit’s response policy (office settings), outside any negotiation; no classification change can target it',
  'ResponsePolicies.inEffectOn': 'a unit’s response policy in effect (office settings), outside any negotiation',
  'BargainingUnits.requireRegistered': 'whether a unit is registered; no content',
  'ProjectedUnitBusinessCalendars.calendarOn': 'a unit’s office calendar (holidays) for counting business days, outside any negotiation',
  'BargainingReadModels.summary':
    'aggregates per clearance level (counts, dates, stage), no record’s content; its clearance views follow the recorded classification',
  'BargainingReadModels.summaries': 'aggregates per clearance level, as summary',
  'BargainingReadModels.unitDashboard': 'aggregates per unit (counts, days), no record’s content',
  'BargainingReadModels.unitDashboards': 'aggregates per unit, as unitDashboard',
  'InformationRequestRegisterQuery.overdueByUnit': 'counts of overdue requests per unit, no record’s content',
  'ComplianceQuery.negotiation':
    'KNOWN GAP: compliance flags (dates and numbers of the facts they rest on) filtered by the recorded classification of those facts (libs/compliance)',
  'ComplianceQuery.flags': 'KNOWN GAP: as ComplianceQuery.negotiation',
};

// ---- the API's composition, from Nest's module metadata ----

type Token = unknown;
type Class = abstract new (...args: never[]) => unknown;

interface Composition {
  readonly controllers: Class[];
  /** Each provider token's class (class providers, useClass, useExisting); value providers stay tokens. */
  readonly classOf: Map<Token, Class>;
}

function composition(): Composition {
  const config = loadConfig({});
  const app = AppModule.forRoot({ config, stores: {} as never, logger: {} as never, imports: featureModules(config) });
  const controllers: Class[] = [];
  const classOf = new Map<Token, Class>();
  const aliases = new Map<Token, Token>();
  const seen = new Set<unknown>();
  const visit = (entry: unknown) => {
    if (!entry || seen.has(entry)) return;
    seen.add(entry);
    const dynamic = typeof entry === 'object' && 'module' in (entry as object) ? (entry as Record<string, unknown[] | undefined>) : null;
    const cls = (dynamic ? dynamic['module'] : entry) as object;
    const meta = (key: string): unknown[] => [...((Reflect.getMetadata(key, cls) as unknown[] | undefined) ?? []), ...((dynamic?.[key] as unknown[] | undefined) ?? [])];
    controllers.push(...(meta('controllers') as Class[]));
    for (const provider of meta('providers')) {
      if (typeof provider === 'function') classOf.set(provider, provider as Class);
      else {
        const p = provider as { provide: Token; useClass?: Class; useExisting?: Token };
        if (p.useClass) classOf.set(p.provide, p.useClass);
        else if (p.useExisting) aliases.set(p.provide, p.useExisting);
      }
    }
    for (const imported of meta('imports')) visit(imported);
  };
  visit(app);
  for (const [token, target] of aliases) {
    const cls = classOf.get(target) ?? (typeof target === 'function' ? (target as Class) : undefined);
    if (cls) classOf.set(token, cls);
  }
  return { controllers, classOf };
}

/** A class's constructor dependencies, in parameter order, as Nest resolves them (an @Inject token over the parameter's type). */
function dependencies(cls: Class, classOf: Map<Token, Class>): Token[] {
  const types = ((Reflect.getMetadata('design:paramtypes', cls) as Token[] | undefined) ?? []).slice();
  for (const { index, param } of (Reflect.getMetadata('self:paramtypes', cls) as { index: number; param: Token }[] | undefined) ?? []) types[index] = param;
  return types.map((token) => classOf.get(token) ?? token);
}

const CONTENT_SOURCES: ReadonlySet<Token> = new Set<Token>([EVENT_STORE, SQL_CLIENT, NegotiationFiles, AccessLog]);

// ---- the classes' sources ----

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (entry.endsWith('.ts') && !entry.endsWith('.spec.ts') && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const classDeclarations = new Map<string, ts.ClassDeclaration>();
function declarationOf(name: string): ts.ClassDeclaration {
  if (classDeclarations.size === 0) {
    for (const file of [...sourceFiles(join(root, 'libs')), ...sourceFiles(join(root, 'apps'))]) indexClasses(ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true));
  }
  const found = classDeclarations.get(name);
  if (!found) throw new Error(`no source declares class ${name}`);
  return found;
}

function indexClasses(source: ts.SourceFile): void {
  for (const statement of source.statements) if (ts.isClassDeclaration(statement) && statement.name) classDeclarations.set(statement.name.text, statement);
}

/** What one method reaches, and how. */
export interface Reach {
  /** It touches stored content itself (a content member, or a helper of its class that does). */
  readonly direct: boolean;
  /** It (or a helper of its class it calls) uses the class's ReadPolicy. */
  readonly policy: boolean;
  /** Methods on the way that reach stored content without the policy (Class.method). */
  readonly around: readonly string[];
  /** Methods on the way that reach stored content and answer through the policy. */
  readonly through: readonly string[];
}

/**
 * Follows `this.<member>` and `this.<member>.<method>()` through class sources. Members are the
 * constructor's parameter properties, matched by position with the dependencies Nest resolves.
 */
export class ReachAnalysis {
  private readonly memo = new Map<string, Reach>();

  constructor(
    private readonly declaration: (name: string) => ts.ClassDeclaration,
    private readonly dependenciesOf: (name: string) => readonly Token[] | null,
  ) {}

  private declared(className: string): boolean {
    try {
      this.declaration(className);
      return true;
    } catch {
      return false;
    }
  }

  reach(className: string, methodName: string, stack: readonly string[] = []): Reach {
    const key = `${className}.${methodName}`;
    const known = this.memo.get(key);
    if (known) return known;
    if (stack.includes(key)) return { direct: false, policy: false, around: [], through: [] };
    const declaration = this.declaration(className);
    // The implementation (an overloaded method's signatures have no body).
    const method = declaration.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && m.name.getText() === methodName && m.body !== undefined);
    if (!method?.body) throw new Error(`${key} has no body`);
    const members = this.members(className, declaration);
    let direct = false;
    let policy = false;
    const around = new Set<string>();
    const through = new Set<string>();
    const visit = (node: ts.Node) => {
      if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
        const name = node.name.text;
        const dependency = members.get(name);
        const parent = node.parent;
        if (dependency === ReadPolicy) policy = true;
        else if (dependency !== undefined && CONTENT_SOURCES.has(dependency)) direct = true;
        else if (typeof dependency === 'function' && ts.isPropertyAccessExpression(parent) && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
          const callee = (dependency as Class).name;
          // Classes from packages (terminus' health indicators…) hold none of the record's content.
          if (this.dependenciesOf(callee) !== null && this.declared(callee)) {
            const sub = this.reach(callee, parent.name.text, [...stack, key]);
            for (const a of sub.around) around.add(a);
            for (const t of sub.through) through.add(t);
            if (sub.direct && sub.policy) through.add(`${callee}.${parent.name.text}`);
          }
        } else if (dependency === undefined && ts.isCallExpression(parent) && parent.expression === node) {
          // A helper of the same class: its reads count as this method's, decided here.
          const sub = this.reach(className, name, [...stack, key]);
          direct ||= sub.direct;
          policy ||= sub.policy;
          for (const a of sub.around) if (!a.startsWith(`${className}.`)) around.add(a);
          for (const t of sub.through) through.add(t);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(method.body);
    if (direct && !policy) around.add(key);
    const result: Reach = { direct, policy, around: [...around], through: [...through] };
    this.memo.set(key, result);
    return result;
  }

  /** Constructor parameter properties by name, each with the dependency Nest injects there. */
  private members(className: string, declaration: ts.ClassDeclaration): Map<string, Token> {
    const constructor = declaration.members.find(ts.isConstructorDeclaration);
    const dependencies = this.dependenciesOf(className) ?? [];
    const members = new Map<string, Token>();
    constructor?.parameters.forEach((parameter, index) => {
      if (ts.isIdentifier(parameter.name)) members.set(parameter.name.text, dependencies[index]);
    });
    return members;
  }
}

// ---- the routes ----

interface Route {
  readonly route: string;
  readonly controller: string;
  readonly handler: string;
}

const { controllers, classOf } = composition();
const classesByName = new Map<string, Class>([...controllers, ...classOf.values()].map((cls) => [cls.name, cls]));
const analysis = new ReachAnalysis(declarationOf, (name) => {
  const cls = classesByName.get(name);
  return cls ? dependencies(cls, classOf) : null;
});

const routes: Route[] = controllers.flatMap((controller) => {
  const base = String(Reflect.getMetadata('path', controller) ?? '');
  return Object.getOwnPropertyNames(controller.prototype)
    .filter((name) => {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      return typeof handler === 'function' && Reflect.getMetadata('method', handler) === RequestMethod.GET;
    })
    .map((name) => {
      const path = String(Reflect.getMetadata('path', (controller.prototype as Record<string, object>)[name]!) ?? '');
      const route = `GET /${[base, path].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
      return { route, controller: controller.name, handler: name };
    });
});

const verdicts = routes.map((r) => {
  const reach = analysis.reach(r.controller, r.handler);
  const unexplained = reach.around.filter((method) => !(method in SERVES_NO_CLASSIFIED_CONTENT));
  return { ...r, reach, unexplained };
});

describe('every read of stored content goes through the read policy', () => {
  it('finds the API’s GET routes', () => {
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.map((r) => r.route)).toEqual(expect.arrayContaining(['GET /negotiations/:negotiationId/articles/:article/history', 'GET /negotiations/:negotiationId/proposals', 'GET /negotiations/:negotiationId/audit-file']));
  });

  it.each(verdicts.map((v) => [v.route, v] as const))('%s', (_route, verdict) => {
    const how = [
      ...verdict.reach.through.map((m) => `through ReadPolicy: ${m}`),
      ...(verdict.reach.direct && verdict.reach.policy ? [`through ReadPolicy: ${verdict.controller}.${verdict.handler}`] : []),
      ...verdict.reach.around.map((m) => `${m}: ${SERVES_NO_CLASSIFIED_CONTENT[m] ?? 'READS STORED CONTENT AROUND THE READ POLICY'}`),
    ];
    if (how.length === 0) how.push('reaches no stored content');
    process.stdout.write(`${verdict.route} (${verdict.controller}.${verdict.handler})\n${how.map((h) => `    ${h}`).join('\n')}\n`);
    expect({ route: verdict.route, aroundThePolicy: verdict.unexplained }).toEqual({ route: verdict.route, aroundThePolicy: [] });
  });

  it('lists no exemption that is no longer needed', () => {
    const used = new Set(verdicts.flatMap((v) => v.reach.around));
    expect(Object.keys(SERVES_NO_CLASSIFIED_CONTENT).filter((method) => !used.has(method))).toEqual([]);
  });

  describe('the rule itself', () => {
    const source = ts.createSourceFile(
      'probe.ts',
      `
      class Store {}
      class Around {
        constructor(private readonly sql: unknown, private readonly policy: unknown) {}
        async history(id: string) { return this.chain(id); }
        private async chain(id: string) { return this.sql.query(id); }
      }
      class Through {
        constructor(private readonly sql: unknown, private readonly policy: unknown) {}
        async history(id: string) { const rows = await this.sql.query(id); return this.policy.screen(rows); }
      }
      class Controller {
        constructor(private readonly service: unknown) {}
        get(id: string) { return this.service.history(id); }
      }`,
      ts.ScriptTarget.Latest,
      true,
    );
    const declarations = new Map(source.statements.filter(ts.isClassDeclaration).map((c) => [c.name!.text, c]));
    class Around {}
    class Through {}
    const deps: Record<string, readonly Token[]> = { Around: [SQL_CLIENT, ReadPolicy], Through: [SQL_CLIENT, ReadPolicy], AroundController: [Around], ThroughController: [Through] };
    const probe = new ReachAnalysis(
      (name) => declarations.get(name.endsWith('Controller') ? 'Controller' : name)!,
      (name) => deps[name] ?? null,
    );

    it('fails a service constructed with the ReadPolicy whose method answers from the store around it', () => {
      expect(probe.reach('AroundController', 'get')).toMatchObject({ around: ['Around.history'], through: [] });
    });

    it('passes a service that answers through it', () => {
      expect(probe.reach('ThroughController', 'get')).toMatchObject({ around: [], through: ['Through.history'] });
    });
  });
});
