import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Body, Controller, Get, Module, Post, type INestApplication, type LoggerService } from '@nestjs/common';
import { IsString, MaxLength } from 'class-validator';
import { SignJWT, generateKeyPair, type CryptoKey } from 'jose';
import request from 'supertest';
import { CurrentActor, EMBEDDED_AUDIENCE, EMBEDDED_ISSUER, Roles, TokenVerifier, loadOrCreateSigningKey, mintDevelopmentToken } from '#auth';
import { ConfigError, loadConfig, type AppConfig } from '#config';
import { WrongExpectedRevision, type EventStore } from '#event-store';
import { ruleBroken, type Actor } from '#kernel';
import { createApp, type AppStores } from '#platform';
import { testEnvironment } from '#testing';

// A throw-away controller that exists only in this test, to exercise the pipe, the filter and the guard.
class RecordNote {
  @IsString()
  @MaxLength(200)
  title: string;
}

@Controller('test')
class SkeletonProbeController {
  @Post('notes')
  record(@Body() body: RecordNote, @CurrentActor() actor: Actor) {
    return { title: body.title, recordedBy: actor };
  }

  @Post('rule')
  breakRule(): never {
    throw ruleBroken('TA_ALREADY_SIGNED', 'the tentative agreement is already signed by this side');
  }

  @Post('conflict')
  conflict(): never {
    throw new WrongExpectedRevision('negotiation-42', 3, 4);
  }

  @Get('boom')
  boom(): never {
    throw new Error('connection string postgres://lrr:secret@db');
  }

  @Roles('admin')
  @Get('admin-only')
  adminOnly() {
    return { ok: true };
  }
}

@Module({ controllers: [SkeletonProbeController] })
class SkeletonProbeModule {}

class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(...args: unknown[]) {
    this.lines.push(JSON.stringify(args));
  }
  error(...args: unknown[]) {
    this.lines.push(JSON.stringify(args));
  }
  warn(...args: unknown[]) {
    this.lines.push(JSON.stringify(args));
  }
  debug() {}
  verbose() {}
}

function stubEventStore(ping: () => Promise<void>): EventStore {
  const unused = () => {
    throw new Error('not used by the skeleton');
  };
  return { kind: 'pglite', ping, append: unused, readStream: unused, readAll: unused, subscribe: unused, close: async () => {} };
}

const problemJson = /^application\/problem\+json/;

let dataDir: string;
let config: AppConfig;
let app: INestApplication;
let logger: CapturingLogger;
let storeUp: boolean;
let storesClosed: number;
let server: Parameters<typeof request>[0];

const token = (role: string, subject = 'negotiator@example.org') => mintDevelopmentToken({ dataDir, role, subject });

async function signed(key: CryptoKey, claims: Record<string, unknown>, alg = 'EdDSA'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload = { iss: EMBEDDED_ISSUER, aud: EMBEDDED_AUDIENCE, sub: 'mallory@example.org', role: 'admin', iat: now, exp: now + 600, ...claims };
  return new SignJWT(payload).setProtectedHeader({ alg }).sign(key);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lrr-e2e-'));
  config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'error' });
  logger = new CapturingLogger();
  storeUp = true;
  storesClosed = 0;
  const stores: AppStores = {
    events: stubEventStore(async () => {
      if (!storeUp) throw new Error('connection refused');
    }),
    sql: null as unknown as AppStores["sql"], // the skeleton routes read no SQL
    close: async () => {
      storesClosed++;
    },
  };
  app = await createApp({ config, stores, logger, imports: [SkeletonProbeModule] });
  server = app.getHttpServer();
});

afterAll(async () => {
  await app?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('open routes', () => {
  it('answers liveness without a token', async () => {
    const response = await request(server).get('/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('serves the API docs and the OpenAPI document without a token, declaring bearer auth', async () => {
    const ui = await request(server).get('/docs').redirects(1).expect(200);
    expect(ui.headers['content-type']).toMatch(/html/);
    const document = await request(server).get('/docs-json').expect(200);
    expect(document.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.body.security).toEqual([{ bearer: [] }]);
    expect(document.body.paths['/health/live'].get.security).toEqual([{}]);
  });
});

describe('readiness', () => {
  it('needs a token', async () => {
    const response = await request(server).get('/health/ready').expect(401);
    expect(response.headers['content-type']).toMatch(problemJson);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('reports the store when it answers', async () => {
    const response = await request(server).get('/health/ready').auth(await token('analyst'), { type: 'bearer' }).expect(200);
    expect(response.body).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up', store: 'pglite' } } });
  });

  it('answers 503 problem+json when the store does not', async () => {
    storeUp = false;
    try {
      const response = await request(server).get('/health/ready').auth(await token('analyst'), { type: 'bearer' }).expect(503);
      expect(response.headers['content-type']).toMatch(problemJson);
      expect(response.body).toMatchObject({ status: 503, title: 'Service Unavailable', code: 'STORE_UNAVAILABLE', instance: '/health/ready' });
      expect(response.headers['retry-after']).toBe('2');
    } finally {
      storeUp = true;
    }
  });
});

describe('authentication', () => {
  const rejected = async (authorization: string, detail: RegExp) => {
    const response = await request(server).get('/health/ready').set('Authorization', authorization).expect(401);
    expect(response.headers['content-type']).toMatch(problemJson);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="labor-relations-record", error="invalid_(token|request)"/);
    expect(response.body).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401, instance: '/health/ready' });
    expect(response.body.detail).toMatch(detail);
  };

  it('rejects an expired token', async () => {
    const expired = await mintDevelopmentToken({ dataDir, role: 'admin', subject: 'x', ttl: '1m', now: new Date(Date.now() - 3_600_000) });
    await rejected(`Bearer ${expired}`, /expired/);
  });

  it('rejects a token for another audience or from another issuer', async () => {
    const { privateKey } = await loadOrCreateSigningKey(dataDir);
    await rejected(`Bearer ${await signed(privateKey, { aud: 'another-system' })}`, /"aud"/);
    await rejected(`Bearer ${await signed(privateKey, { iss: 'https://issuer.example' })}`, /"iss"/);
  });

  it('rejects a token signed with another key', async () => {
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    await rejected(`Bearer ${await signed(other.privateKey, {})}`, /signature/);
  });

  it('rejects an unsigned token (alg: none)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'none', typ: 'JWT' })}.${part({ iss: EMBEDDED_ISSUER, aud: EMBEDDED_AUDIENCE, sub: 'x', role: 'admin', iat: now, exp: now + 600 })}.`;
    await rejected(`Bearer ${unsigned}`, /./);
  });

  it('rejects a token without a role, or with a role this system does not have', async () => {
    const { privateKey } = await loadOrCreateSigningKey(dataDir);
    await rejected(`Bearer ${await signed(privateKey, { role: undefined })}`, /role/);
    await rejected(`Bearer ${await signed(privateKey, { role: 'superuser' })}`, /role/);
  });

  it('rejects a header that is not a bearer token', async () => {
    await rejected('Basic dXNlcjpwYXNz', /Bearer/);
  });

  it('refuses a role-restricted route to another role with 403', async () => {
    const response = await request(server).get('/test/admin-only').auth(await token('negotiator'), { type: 'bearer' }).expect(403);
    expect(response.headers['content-type']).toMatch(problemJson);
    expect(response.body).toMatchObject({ status: 403, detail: 'this action needs the role admin' });
    await request(server).get('/test/admin-only').auth(await token('admin'), { type: 'bearer' }).expect(200);
  });

  it('checks the token before the body', async () => {
    await request(server).post('/test/notes').send({ title: 'x', unknown: 1 }).expect(401);
  });
});

describe('validation and problem details', () => {
  it('rejects an unknown body property with 400 naming it', async () => {
    const response = await request(server)
      .post('/test/notes')
      .auth(await token('negotiator'), { type: 'bearer' })
      .send({ title: 'Article 12 wages', actor: { subject: 'someone-else', role: 'admin' } })
      .expect(400);
    expect(response.headers['content-type']).toMatch(problemJson);
    expect(response.body).toMatchObject({ status: 400, title: 'Bad Request', instance: '/test/notes' });
    expect(response.body.errors).toEqual([{ property: 'actor', messages: ['property actor should not exist'] }]);
  });

  it('names each invalid property', async () => {
    const response = await request(server).post('/test/notes').auth(await token('negotiator'), { type: 'bearer' }).send({ title: 7 }).expect(400);
    expect(response.body.errors).toEqual([{ property: 'title', messages: expect.arrayContaining(['title must be a string']) }]);
  });

  it('takes the actor from the token', async () => {
    const response = await request(server).post('/test/notes').auth(await token('negotiator', 'ann@example.org'), { type: 'bearer' }).send({ title: 'Article 12' }).expect(201);
    expect(response.body).toEqual({ title: 'Article 12', recordedBy: { subject: 'ann@example.org', role: 'negotiator' } });
  });

  it('answers a broken domain rule with 422 and its code', async () => {
    const response = await request(server).post('/test/rule').auth(await token('negotiator'), { type: 'bearer' }).expect(422);
    expect(response.headers['content-type']).toMatch(problemJson);
    expect(response.body).toMatchObject({
      type: 'urn:labor-relations-record:problem:ta-already-signed',
      title: 'Unprocessable Entity',
      status: 422,
      code: 'TA_ALREADY_SIGNED',
      detail: 'the tentative agreement is already signed by this side',
    });
  });

  it('answers a revision conflict with 409', async () => {
    const response = await request(server).post('/test/conflict').auth(await token('negotiator'), { type: 'bearer' }).expect(409);
    expect(response.body).toMatchObject({ status: 409, code: 'WRONG_EXPECTED_REVISION' });
  });

  it('answers an unexpected error with a generic 500 and logs it', async () => {
    const response = await request(server).get('/test/boom').auth(await token('negotiator'), { type: 'bearer' }).set('X-Correlation-Id', 'boom-1').expect(500);
    expect(response.body).toMatchObject({ status: 500, title: 'Internal Server Error', correlationId: 'boom-1' });
    expect(JSON.stringify(response.body)).not.toContain('secret');
    expect(logger.lines.some((line) => line.includes('boom-1') && line.includes('secret'))).toBe(true);
  });

  it('answers malformed JSON and unknown routes with problem+json', async () => {
    const malformed = await request(server).post('/test/notes').auth(await token('negotiator'), { type: 'bearer' }).set('Content-Type', 'application/json').send('{"title":').expect(400);
    expect(malformed.headers['content-type']).toMatch(problemJson);
    const missing = await request(server).get('/nowhere').expect(404);
    expect(missing.headers['content-type']).toMatch(problemJson);
  });
});

describe('correlation and access log', () => {
  it('echoes an acceptable correlation id and replaces an unacceptable one', async () => {
    const echoed = await request(server).get('/health/live').set('X-Correlation-Id', 'req-123.abc_DEF').expect(200);
    expect(echoed.headers['x-correlation-id']).toBe('req-123.abc_DEF');
    const replaced = await request(server).get('/health/live').set('X-Correlation-Id', 'bad id <script>').expect(200);
    expect(replaced.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    const tooLong = await request(server).get('/health/live').set('X-Correlation-Id', 'a'.repeat(101)).expect(200);
    expect(tooLong.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs one line per request with method, path, status, time, correlation id and subject, but no token or body', async () => {
    const bearer = await token('negotiator', 'logged@example.org');
    await request(server).post('/test/notes?q=private').auth(bearer, { type: 'bearer' }).set('X-Correlation-Id', 'log-check').send({ title: 'Body text' }).expect(201);
    const lines = logger.lines.filter((line) => line.includes('"HttpAccess"') && line.includes('log-check'));
    expect(lines).toHaveLength(1);
    const [, entry] = JSON.parse(lines[0]!) as [string, Record<string, unknown>];
    expect(entry).toMatchObject({ method: 'POST', path: '/test/notes', status: 201, correlationId: 'log-check', subject: 'logged@example.org' });
    expect(typeof entry.ms).toBe('number');
    expect(lines[0]).not.toContain(bearer);
    expect(lines[0]).not.toContain('Body text');
    expect(lines[0]).not.toContain('private');
  });
});

describe('configuration', () => {
  it('rejects a bad PORT with one line naming it', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(new ConfigError('PORT', 'must be an integer between 1 and 65535 (got "abc")'));
  });
});

describe('the built CLI and API entry points', () => {
  let cliDataDir: string;
  const run = (script: string, args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, [script, ...args], { cwd: process.cwd(), env: { ...testEnvironment(), ...env }, encoding: 'utf8', timeout: 30_000 });

  beforeAll(async () => {
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: process.cwd(), encoding: 'utf8', timeout: 180_000 });
    // tsc emits every changed file even when some file elsewhere has a type error (the typecheck
    // reports those), so the entry points are current whenever they exist after the build.
    for (const entry of ['dist/apps/cli/src/main.js', 'dist/apps/api/src/main.js']) {
      if (!(await stat(entry).catch(() => null))) throw new Error(`npm run build did not emit ${entry}:\n${build.stdout}${build.stderr}`);
    }
    cliDataDir = await mkdtemp(join(tmpdir(), 'lrr-cli-'));
  }, 200_000);

  afterAll(async () => {
    if (cliDataDir) await rm(cliDataDir, { recursive: true, force: true });
  });

  it('token: an unknown role exits 2 with one line on stderr', () => {
    const result = run('dist/apps/cli/src/main.js', ['token', '--role', 'bogus', '--sub', 'x'], { DATA_DIR: cliDataDir });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--role.*bogus/);
  });

  it('token: a bad --ttl exits 2 with one line on stderr', () => {
    const result = run('dist/apps/cli/src/main.js', ['token', '--role', 'admin', '--sub', 'x', '--ttl', 'forever'], { DATA_DIR: cliDataDir });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/--ttl/)]);
  });

  it('token: prints a token the embedded verifier accepts, creating the key', async () => {
    const result = run('dist/apps/cli/src/main.js', ['token', '--role', 'records-officer', '--sub', 'clerk@example.org'], { DATA_DIR: cliDataDir });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const printed = result.stdout.trim();
    expect(printed.split('.')).toHaveLength(3);
    const verifier = await TokenVerifier.fromSettings({ mode: 'embedded', dataDir: cliDataDir });
    await expect(verifier.verify(printed)).resolves.toEqual({ subject: 'clerk@example.org', role: 'records-officer' });
    expect((await stat(join(cliDataDir, 'auth', 'signing-key.json'))).mode & 0o777).toBe(0o600);
  });

  it('api: a bad configuration value exits 1 with one line naming it', () => {
    const result = run('dist/apps/api/src/main.js', [], { DATA_DIR: cliDataDir, PORT: 'abc' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual(['configuration error: PORT: must be an integer between 1 and 65535 (got "abc")']);
  });
});

describe('shutdown', () => {
  it('closes the stores when the application closes', async () => {
    const closes = { count: 0 };
    const own = await createApp({
      config,
      stores: { events: stubEventStore(async () => {}), sql: null as unknown as AppStores["sql"], close: async () => void closes.count++ },
      logger,
    });
    await own.close();
    expect(closes.count).toBe(1);
    expect(storesClosed).toBe(0);
  });
});
