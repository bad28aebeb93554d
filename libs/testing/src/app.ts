import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { type AppConfig, loadConfig } from '#config';
import { type EventStore, type Stores, openStores } from '#event-store';
import { ROLES, type Role } from '#kernel';
import type { Clock, CreateAppOptions } from '#platform';
import { MovableClock } from './clock.js';
import { openEmbeddedStores } from './embedded.js';

export const day = (at: string) => ({ at, precision: 'day' as const });
export const problemJson = /^application\/problem\+json/;

/** A store the e2e suites run on: always the embedded PGlite; PostgreSQL too when DATABASE_URL is set. */
export interface StoreBackend {
  readonly name: string;
  readonly open: () => Promise<Stores>;
}

export function storeBackends(databaseUrl = process.env.DATABASE_URL): StoreBackend[] {
  const backends: StoreBackend[] = [{ name: 'embedded PGlite (in memory)', open: openEmbeddedStores }];
  if (databaseUrl) backends.push({ name: 'PostgreSQL', open: () => openStores({ databaseUrl, dataDir: null }) });
  return backends;
}

/** The server a suite's requests go to. */
export type TestServer = Parameters<typeof request>[0];

export interface TestAppOptions {
  /** Names the scratch data directory (lrr-<name>-e2e-…). */
  readonly name: string;
  /** Feature modules; given the config and the data directory for modules that need them. */
  readonly imports?: CreateAppOptions['imports'] | ((config: AppConfig, dataDir: string) => CreateAppOptions['imports']);
  /** Default: the embedded PGlite store in memory. */
  readonly stores?: Stores;
  readonly clock?: Clock;
  /** Environment for loadConfig beside DATA_DIR (default LOG_LEVEL=error). */
  readonly env?: NodeJS.ProcessEnv;
  /** The subject of each role's token; default `<role>@bayviewusd.example`. */
  readonly subject?: (role: Role) => string;
  /** Leave the application unstarted (for suites that register hooks first); default: listening on 127.0.0.1. */
  readonly listen?: boolean;
  /** Default: the application's own logger at LOG_LEVEL (error). */
  readonly logger?: CreateAppOptions['logger'];
  /** A web app build to serve at `/`; default: the API alone. */
  readonly webApp?: CreateAppOptions['webApp'];
}

export interface TestApp {
  readonly app: INestApplication;
  readonly stores: Stores;
  readonly store: EventStore;
  readonly config: AppConfig;
  readonly dataDir: string;
  readonly server: TestServer;
  /** A development token for each role. */
  token(role: Role): string;
  /** The Authorization header of `role`. */
  bearer(role: Role): { Authorization: string };
  /** Closes the application (and with it the stores) and removes the data directory. */
  close(): Promise<void>;
}

/**
 * Waits until every current projection of the application is live with nothing left to apply
 * (GET /projections, as an admin): a read model read after it answers for every fact recorded before.
 */
export async function projectionsCaughtUp(test: Pick<TestApp, 'server' | 'token'>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await request(test.server).get('/projections').auth(test.token('admin'), { type: 'bearer' }).expect(200);
    const current = (body.projections as { current: boolean; state: string; lagEvents: number | null }[]).filter((p) => p.current);
    if (current.every((p) => p.state === 'live' && p.lagEvents === 0)) return;
    if (Date.now() > deadline) throw new Error(`projections not caught up after ${timeoutMs} ms: ${JSON.stringify(current)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One application over real HTTP on a scratch data directory, with a development token per role. */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  // The application's libraries load when a suite starts one, so suites that import this library
  // for a decider spec or a store do not evaluate the whole application.
  // One at a time: Jest's module loader mislinks modules shared by imports evaluated concurrently.
  const { createApp } = await import('#platform');
  const { mintDevelopmentToken } = await import('#auth');
  const dataDir = await mkdtemp(join(tmpdir(), `lrr-${options.name}-e2e-`));
  const stores = options.stores ?? (await openEmbeddedStores());
  const config = loadConfig({ LOG_LEVEL: 'error', ...options.env, DATA_DIR: dataDir });
  const imports = typeof options.imports === 'function' ? options.imports(config, dataDir) : options.imports;
  const app = await createApp({
    config,
    stores,
    imports,
    ...(options.clock && { clock: options.clock }),
    ...(options.logger && { logger: options.logger }),
    ...(options.webApp && { webApp: options.webApp }),
  });
  if (options.listen !== false) await app.listen(0, '127.0.0.1');
  const subject = options.subject ?? ((role: Role) => `${role}@bayviewusd.example`);
  const tokens = new Map<Role, string>();
  for (const role of ROLES) tokens.set(role, await mintDevelopmentToken({ dataDir, role, subject: subject(role) }));
  const token = (role: Role) => tokens.get(role)!;
  return {
    app,
    stores,
    store: stores.events,
    config,
    dataDir,
    server: app.getHttpServer() as TestServer,
    token,
    bearer: (role) => ({ Authorization: `Bearer ${token(role)}` }),
    close: async () => {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface BargainingApp {
  readonly app: INestApplication;
  readonly store: EventStore;
  readonly negotiationId: string;
  /** A write as `role` (a negotiator unless named). */
  post(path: string, body: object, role?: Role): request.Test;
  /** A read as `role` (a records officer unless named), with a stated purpose. */
  get(path: string, role?: Role): request.Test;
  close(): Promise<void>;
}

/**
 * The bargaining context over real HTTP on the embedded store, with the legal record and the audit
 * file, a fixed clock, a token per role, and one unit (Clerical, EERA) with a successor negotiation
 * opened on 2025-01-15.
 */
export async function startBargainingApp(name: string): Promise<BargainingApp> {
  // One at a time: Jest's module loader mislinks modules shared by imports evaluated concurrently.
  const { AccessModule } = await import('#access');
  const { BargainingModule } = await import('#bargaining');
  const { StatutoryWarningsModule } = await import('#compliance');
  const { LegalModule } = await import('#legal');
  const { RecordsModule } = await import('#records');
  const test = await startTestApp({
    name,
    // Facts are dated in 2025, reads are as of early 2026.
    clock: new MovableClock('2026-02-01T09:00:00.000Z'),
    imports: (config, dataDir) => [
      AccessModule,
      BargainingModule,
      StatutoryWarningsModule,
      LegalModule.forRoot({ lateEntryDays: config.lateEntryDays }),
      RecordsModule.forRoot({ dataDir, lateEntryDays: config.lateEntryDays }),
    ],
  });
  const post = (path: string, body: object, role: Role = 'negotiator') => request(test.server).post(path).set(test.bearer(role)).send(body);
  const get = (path: string, role: Role = 'records-officer') => request(test.server).get(path).set({ ...test.bearer(role), 'X-Access-Purpose': 'e2e review' });
  const unit = await post(
    '/units',
    { occurredAt: day('2025-01-10'), name: 'Clerical', employer: 'Bayview USD', employeeOrganization: 'Bayview CSEA', statute: 'EERA', currentAgreementTerm: { start: '2022-07-01', end: '2025-06-30' } },
    'admin',
  ).expect(201);
  const negotiationId = (await post('/negotiations', { occurredAt: day('2025-01-15'), unitId: unit.body.unitId, kind: 'successor' }).expect(201)).body.negotiationId as string;
  return { app: test.app, store: test.store, negotiationId, post, get, close: test.close };
}
