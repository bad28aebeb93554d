import { jest } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { SignInController } from '#auth';
import { featureModules } from '../../apps/api/src/features.js';
import { type TestApp, startTestApp } from '#testing';

/*
 * The API serving the web app at `/` (libs/platform/src/http/web-app.ts) and the sign-in routes the
 * app uses, over HTTP, against a stand-in build so the behaviour does not depend
 * on the real one.
 */
// Each case boots an API on an in-memory store; on a loaded 2-core machine that alone can pass a minute.
jest.setTimeout(240_000);

const quiet = { log() {}, error() {}, warn() {}, debug() {}, verbose() {} };
const INDEX = '<!doctype html><html lang="en"><head><title>app</title><script type="module" src="/assets/app-3f2a1b.js"></script></head><body><div id="root"></div></body></html>';
const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

async function appWith(env: Record<string, string>, build: string): Promise<TestApp> {
  return startTestApp({ name: 'web-app', env: { RUN_PROJECTOR: 'false', ...env }, imports: featureModules, logger: quiet, webApp: { dir: build }, listen: false });
}

describe('the API serves the web app', () => {
  let dir: string;
  let test: TestApp;
  let app: INestApplication;
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const answer = await request(app.getHttpServer()).get(url).set(headers).buffer(true).parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    });
    return { statusCode: answer.status, headers: answer.headers as Record<string, string>, body: answer.body as string, json: () => JSON.parse(answer.body as string) as unknown };
  };
  const post = async (url: string, payload: object, headers: Record<string, string> = {}) => {
    const answer = await request(app.getHttpServer()).post(url).set(headers).send(payload);
    return { statusCode: answer.status, json: () => answer.body as unknown };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lrr-web-app-'));
    await mkdir(join(dir, 'build', 'assets'), { recursive: true });
    await writeFile(join(dir, 'build', 'index.html'), INDEX);
    await writeFile(join(dir, 'build', 'assets', 'app-3f2a1b.js'), 'console.log("app");');
    test = await appWith({}, join(dir, 'build'));
    app = test.app;
  });
  afterAll(async () => {
    await test.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers / with the page, revalidated on every load and under a content security policy', async () => {
    const page = await get('/', html);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toBe(INDEX);
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const asset = await get('/assets/app-3f2a1b.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.body).toBe('console.log("app");');
  });

  it('gives the page for any other path a browser asks for, so a reload opens the app there', async () => {
    for (const path of ['/negotiation/bayview_2025/timeline', '/records/verify?x=1', '/negotiation-list/']) {
      const page = await get(path, html);
      expect({ path, status: page.statusCode, body: page.body }).toEqual({ path, status: 200, body: INDEX });
    }
  });

  it('keeps every API path: routes answer as the API, not with the page', async () => {
    expect((await get('/health/live', html)).statusCode).toBe(200);
    expect((await get('/health/live', html)).headers['content-type']).toMatch(/^application\/json/);
    expect((await get('/docs-json', html)).json()).toMatchObject({ openapi: expect.any(String) });
    expect((await get('/docs', html)).body).toMatch(/swagger/i);
    for (const path of ['/metrics', '/negotiations/bayview_2025', '/access-log', '/projections', '/dashboard/units']) {
      const answer = await get(path, html);
      expect({ path, status: answer.statusCode, type: answer.headers['content-type'] }).toEqual({ path, status: 401, type: 'application/problem+json; charset=utf-8' });
    }
  });

  it('answers an unknown path asked for by an API client, and a missing asset, with the API’s 404 problem', async () => {
    for (const [path, headers] of [
      ['/no-such-route', { accept: 'application/json' }],
      ['/no-such-route', {}],
      ['/assets/app-000000.js', html],
    ] as const) {
      const answer = await get(path, headers);
      expect({ path, status: answer.statusCode, type: answer.headers['content-type'] }).toEqual({ path, status: 404, type: 'application/problem+json; charset=utf-8' });
    }
    expect((await post('/negotiation/x', {}, html)).statusCode).toBe(404);
  });

  it('offers development sign-in on the embedded run on loopback, and its token works', async () => {
    expect((await get('/auth/sign-in-options')).json()).toEqual({ mode: 'development', roles: ['negotiator', 'records-officer', 'legal-counsel', 'analyst', 'admin'] });
    const minted = await post('/auth/development-tokens', { role: 'records-officer', subject: 'records@bayviewusd.example' });
    expect(minted.statusCode).toBe(201);
    const { token, role, subject, expiresAt } = minted.json() as { token: string; role: string; subject: string; expiresAt: string };
    expect({ role, subject }).toEqual({ role: 'records-officer', subject: 'records@bayviewusd.example' });
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    expect((await get('/access-log', { authorization: `Bearer ${token}` })).statusCode).toBe(200);
    const refused = await post('/auth/development-tokens', { role: 'root', subject: '' });
    expect(refused.statusCode).toBe(400);
  });

  it('refuses development sign-in to a caller that is not on this machine', async () => {
    const controller = app.get(SignInController);
    await expect(controller.developmentToken({ role: 'admin', subject: 'x' }, { socket: { remoteAddress: '192.0.2.7' } })).rejects.toThrow(/not offered here/);
    await expect(controller.developmentToken({ role: 'admin', subject: 'x' }, { socket: { remoteAddress: '127.0.0.1' } })).resolves.toMatchObject({ role: 'admin' });
  });
});

describe('sign-in where development sign-in is not offered', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lrr-web-signin-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses development tokens when the API listens beyond loopback', async () => {
    const test = await appWith({ HOST: '0.0.0.0' }, join(dir, 'none'));
    try {
      const { server } = test;
      expect((await request(server).get('/auth/sign-in-options')).body).toMatchObject({ mode: 'none' });
      expect((await request(server).post('/auth/development-tokens').send({ role: 'admin', subject: 'x' })).status).toBe(404);
      // Not built: a browser is told so, with a 503 page.
      const page = await request(server).get('/').set(html);
      expect(page.status).toBe(503);
      expect(page.text).toContain('npm run build:web');
    } finally {
      await test.close();
    }
  });

  it('points the app at the issuer when OIDC is configured, and issues no development token', async () => {
    const oidc = { AUTH_ISSUER: 'https://id.example.org/realms/district', AUTH_AUDIENCE: 'labor-relations-record', AUTH_JWKS_URL: 'https://id.example.org/realms/district/jwks', AUTH_WEB_CLIENT_ID: 'lrr-web' };
    const test = await appWith(oidc, join(dir, 'none'));
    try {
      const { server } = test;
      expect((await request(server).get('/auth/sign-in-options')).body).toEqual({ mode: 'oidc', issuer: oidc.AUTH_ISSUER, clientId: 'lrr-web', scope: 'openid profile', audience: 'labor-relations-record', audienceParameter: 'resource' });
      expect((await request(server).post('/auth/development-tokens').send({ role: 'admin', subject: 'x' })).status).toBe(404);
    } finally {
      await test.close();
    }
  });
});
