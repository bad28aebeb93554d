import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AccessModule } from '#access';
import { mintDevelopmentToken } from '#auth';
import { BargainingModule } from '#bargaining';
import { StatutoryWarningsModule } from '#compliance';
import { loadConfig } from '#config';
import { type EventStore, openStores } from '#event-store';
import type { Role } from '#kernel';
import { LegalModule } from '#legal';
import { type Clock, createApp } from '#platform';
import { RecordsModule } from '#records';

export const day = (at: string) => ({ at, precision: 'day' as const });
export const problemJson = /^application\/problem\+json/;

/** The system's "now" for these suites: facts are dated in 2025, reads are as of early 2026. */
class FixedClock implements Clock {
  now(): Date {
    return new Date('2026-02-01T09:00:00.000Z');
  }
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
  const dataDir = await mkdtemp(join(tmpdir(), `lrr-${name}-e2e-`));
  const stores = await openStores({ dataDir: null });
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'error' });
  const app = await createApp({
    config,
    stores,
    clock: new FixedClock(),
    imports: [AccessModule, BargainingModule, StatutoryWarningsModule, LegalModule.forRoot({ lateEntryDays: config.lateEntryDays }), RecordsModule.forRoot({ dataDir, lateEntryDays: config.lateEntryDays })],
  } as Parameters<typeof createApp>[0]);
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as Parameters<typeof request>[0];
  const tokens = new Map<Role, string>();
  for (const role of ['negotiator', 'records-officer', 'admin', 'analyst'] as const) tokens.set(role, await mintDevelopmentToken({ dataDir, role, subject: `${role}@bayviewusd.example` }));
  const auth = (role: Role) => ({ Authorization: `Bearer ${tokens.get(role)!}` });
  const post = (path: string, body: object, role: Role = 'negotiator') => request(server).post(path).set(auth(role)).send(body);
  const get = (path: string, role: Role = 'records-officer') => request(server).get(path).set({ ...auth(role), 'X-Access-Purpose': 'e2e review' });
  const unit = await post(
    '/units',
    { occurredAt: day('2025-01-10'), name: 'Clerical', employer: 'Bayview USD', employeeOrganization: 'Bayview CSEA', statute: 'EERA', currentAgreementTerm: { start: '2022-07-01', end: '2025-06-30' } },
    'admin',
  ).expect(201);
  const negotiationId = (await post('/negotiations', { occurredAt: day('2025-01-15'), unitId: unit.body.unitId, kind: 'successor' }).expect(201)).body.negotiationId as string;
  return {
    app,
    store: stores.events,
    negotiationId,
    post,
    get,
    close: async () => {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
