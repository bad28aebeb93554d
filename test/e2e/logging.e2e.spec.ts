import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Body, Controller, Get, Inject, Module, Post, type INestApplication, type LoggerService } from '@nestjs/common';
import { IsString } from 'class-validator';
import request from 'supertest';
import { mintDevelopmentToken } from '#auth';
import { loadConfig } from '#config';
import type { EventStore } from '#event-store';
import { APP_LOGGER, createApp, createLogger, type AppStores } from '#platform';

/**
 * The application's logs as a collector reads them (JSON lines): each request's correlation id on
 * every line written while it is handled, one access line per request, Nest's start-up at debug.
 */
class Note {
  @IsString()
  title: string;
}

@Controller('log-probe')
class LogProbeController {
  constructor(@Inject(APP_LOGGER) private readonly logger: LoggerService) {}

  // After the body was read: the request's context must survive the wait for it.
  @Post()
  record(@Body() body: Note) {
    this.logger.log(`recording ${body.title}`, { title: body.title }, 'LogProbe');
    return { ok: true };
  }

  @Get('fault')
  fault(): never {
    throw new Error('the disk is on fire');
  }
}

@Module({ controllers: [LogProbeController] })
class LogProbeModule {}

const stubStore = { kind: 'pglite', ping: async () => undefined } as unknown as EventStore;

let dataDir: string;
let app: INestApplication;
const written: string[] = [];
const lines = () => written.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lrr-logging-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_FORMAT: 'json' });
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString());
      done();
    },
  });
  const stores: AppStores = { events: stubStore, sql: null as unknown as AppStores['sql'], close: async () => undefined };
  app = await createApp({ config, stores, logger: createLogger(config.log, destination), imports: [LogProbeModule] });
});

afterAll(async () => {
  await app?.close();
  await rm(dataDir, { recursive: true, force: true });
});

it('starts without info lines from Nest: module loading and route mapping are debug', () => {
  expect(lines().filter((line) => ['RouterExplorer', 'RoutesResolver', 'InstanceLoader', 'NestFactory', 'NestApplication'].includes(line.context as string))).toEqual([]);
});

it("carries the edge's correlation id on a line written inside a handler, after the body was read, and writes one access line", async () => {
  const token = await mintDevelopmentToken({ dataDir, role: 'negotiator', subject: 'logger@example.org' });
  // The body arrives after the headers, as over a slow link: reading it waits on the connection.
  const server = app.getHttpServer();
  if (!server.listening) await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const status = await new Promise<number>((done, fail) => {
    const body = JSON.stringify({ title: 'minutes' });
    const call = httpRequest(
      { host: '127.0.0.1', port: (server.address() as AddressInfo).port, method: 'POST', path: '/log-probe', headers: { Authorization: `Bearer ${token}`, 'X-Correlation-Id': 'corr-1', 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on('end', () => done(response.statusCode ?? 0));
      },
    );
    call.on('error', fail);
    call.flushHeaders();
    setTimeout(() => call.end(body), 100);
  });
  expect(status).toBe(201);
  const mine = lines().filter((line) => line.correlationId === 'corr-1');
  expect(mine.map((line) => line.context)).toEqual(['LogProbe', 'HttpAccess']);
  expect(mine[0]).toMatchObject({ level: 'info', msg: 'recording minutes', title: 'minutes' });
  expect(mine[1]).toMatchObject({ method: 'POST', path: '/log-probe', status: 201, subject: 'logger@example.org' });
});

it('gives a request without a usable correlation id a fresh one, the same on its lines and in the answer', async () => {
  const token = await mintDevelopmentToken({ dataDir, role: 'negotiator', subject: 'logger@example.org' });
  const before = written.length;
  const response = await request(app.getHttpServer()).get('/log-probe/fault').set('Authorization', `Bearer ${token}`).set('X-Correlation-Id', 'not acceptable!').expect(500);
  const id = response.headers['x-correlation-id'] as string;
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  const added = written.slice(before).join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(added.map((line) => [line.context, line.correlationId])).toEqual([
    ['ProblemDetails', id],
    ['HttpAccess', id],
  ]);
  expect(added[0]).toMatchObject({ level: 'error', msg: 'GET /log-probe/fault failed: the disk is on fire' });
});

it('writes one access line for a request no route answers', async () => {
  await request(app.getHttpServer()).get('/nowhere').set('X-Correlation-Id', 'corr-404').expect(404);
  expect(lines().filter((line) => line.correlationId === 'corr-404').map((line) => line.context)).toEqual(['HttpAccess']);
});
