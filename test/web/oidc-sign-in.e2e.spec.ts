import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { decodeJwt } from 'jose';
import { describeUnless } from '#testing';
import { browserUnavailable, launchBrowser, screenshot, startApp, type RunningApp } from './browser.js';
import { startIssuer, type LocalIssuer } from './oidc-issuer.js';

/*
 * The production sign-in of the web app against a real OpenID Provider (oidc-provider, on a
 * loopback port), in Debian's Chromium: authorization code with PKCE through the issuer's login
 * form, the API verifying the issuer's JWT access tokens (audience, role claim) on every request,
 * tokens kept out of web storage, silent renew before expiry, a reload signed in again through the
 * issuer's session, and sign-out ending that session. With an issuer configured the development
 * sign-in does not exist.
 */

// A real API, a real issuer and a real browser, and a token lifetime to outlive: a minute or two on a loaded 2-core machine.
jest.setTimeout(240_000);

const AUDIENCE = 'https://records.bayviewusd.example/api';
const CLIENT_ID = 'lrr-web';
/** The app renews a minute before expiry (oidc-client-ts's default): with 75 s, about 15 s after each sign-in. */
const ACCESS_TOKEN_SECONDS = 75;
const OFFICER = 'records@bayviewusd.example';

interface ApiCall {
  readonly path: string;
  readonly status: number;
  /** The bearer token the request carried. */
  readonly token: string | null;
}

/** The API's answers to the page's own requests (not its assets or pages), as they come. */
function apiCalls(page: Page, app: RunningApp): ApiCall[] {
  const calls: ApiCall[] = [];
  page.on('response', (response: Response) => {
    const request = response.request();
    if (!request.url().startsWith(`${app.url}/`) || request.resourceType() !== 'fetch') return;
    const authorization = request.headers()['authorization'];
    calls.push({ path: new URL(request.url()).pathname, status: response.status(), token: authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : null });
  });
  return calls;
}

/** The first answer to `path` after the first `skip` calls, once it has come. */
async function callTo(page: Page, calls: readonly ApiCall[], path: string, skip = 0): Promise<ApiCall> {
  for (const until = Date.now() + 60_000; Date.now() < until; await page.waitForTimeout(100)) {
    const found = calls.slice(skip).find((c) => c.path === path);
    if (found) return found;
  }
  throw new Error(`the page made no request to ${path}`);
}

/** The part of the DOM's Storage read here (this project compiles its tests without the DOM's types). */
interface WebStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
}

/** Everything the app's origin keeps in localStorage and sessionStorage, as text. */
function webStorage(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const all: string[] = [];
    const scope = globalThis as unknown as { localStorage: WebStorage; sessionStorage: WebStorage };
    for (const store of [scope.localStorage, scope.sessionStorage]) {
      for (let i = 0; i < store.length; i++) all.push(`${store.key(i)}=${store.getItem(store.key(i)!)}`);
    }
    return all;
  });
}

describeUnless(browserUnavailable())('the web app signs in through a real OpenID provider', () => {
  let issuer: LocalIssuer;
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    issuer = await startIssuer({
      audience: AUDIENCE,
      clientId: CLIENT_ID,
      accessTokenSeconds: ACCESS_TOKEN_SECONDS,
      people: { [OFFICER]: { role: 'records-officer', name: 'Robin Reyes', email: OFFICER } },
    });
    app = await startApp(undefined, {
      AUTH_ISSUER: issuer.url,
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_JWKS_URL: issuer.jwksUrl,
      AUTH_WEB_CLIENT_ID: CLIENT_ID,
      AUTH_WEB_SCOPE: 'openid profile email',
    });
    issuer.serve(app.url);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await issuer?.close();
  });

  /** A fresh browser profile that reaches only this machine (the issuer's pages name a web font). */
  async function newContext(): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
    return context;
  }

  it('offers no development sign-in once an issuer is configured', async () => {
    const options = await fetch(`${app.url}/auth/sign-in-options`);
    await expect(options.json()).resolves.toMatchObject({ mode: 'oidc', issuer: issuer.url, clientId: CLIENT_ID });
    const minted = await fetch(`${app.url}/auth/development-tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'admin', subject: 'x' }) });
    expect(minted.status).toBe(404);

    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/sign-in`);
    await page.getByRole('button', { name: /Sign in with your organisation/ }).waitFor();
    expect(await page.getByLabel('Role').count()).toBe(0);
    await context.close();
  });

  it('a records officer signs in at the issuer, works with tokens the API verified, keeps working across silent renew, and signs out of the issuer', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const calls = apiCalls(page, app);

    // Asking for a page while signed out leads to the app's sign-in page, then to the issuer's login form.
    await page.goto(`${app.url}/records/access-log`);
    await page.getByRole('button', { name: /Sign in with your organisation/ }).click();
    await page.waitForURL((url) => url.origin === issuer.url);
    await page.locator('input[name="login"]').fill(OFFICER);
    await page.locator('input[name="password"]').fill('any password: the development login form');
    await screenshot(page, 'oidc-issuer-login');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    // The issuer asks to share the claims with the app once.
    await page.getByRole('button', { name: 'Continue' }).click();

    // Back in the app, where the person asked to go, with the navigation of a records officer.
    await page.getByRole('heading', { level: 1, name: 'Access log' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/records/access-log');
    const nav = page.getByRole('navigation', { name: 'Primary navigation' });
    await expect(nav.getByText(`${OFFICER}`).count()).resolves.toBe(1);
    await expect(nav.getByRole('link', { name: 'Access log' }).count()).resolves.toBe(1);
    await expect(nav.getByRole('link', { name: 'Projections' }).count()).resolves.toBe(0);
    await screenshot(page, 'oidc-signed-in');

    // The access log answered: the API verified the issuer's token (signature from its JWKS, issuer, audience, role).
    const accessLog = await callTo(page, calls, '/access-log');
    expect(accessLog.status).toBe(200);
    const first = accessLog.token!;
    expect(decodeJwt(first)).toMatchObject({ iss: issuer.url, aud: AUDIENCE, sub: OFFICER, role: 'records-officer' });
    const direct = await fetch(`${app.url}/access-log`, { headers: { authorization: `Bearer ${first}` } });
    expect(direct.status).toBe(200);

    // Every request the page made to the API (but the public sign-in options) carried a token, and none was refused.
    expect(calls.filter((c) => c.path !== '/auth/sign-in-options' && (c.status !== 200 || c.token === null))).toEqual([]);

    // Kept in memory only: nothing in web storage carries a token.
    for (const entry of await webStorage(page)) expect(entry).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);

    // Silent renew: before the token runs out the app gets a new one through the issuer, and keeps working with it.
    const renewed = await page.waitForResponse((r) => r.url() === `${issuer.url}/token` && r.request().method() === 'POST', { timeout: ACCESS_TOKEN_SECONDS * 2_000 });
    expect(renewed.status()).toBe(200);
    const next = ((await renewed.json()) as { access_token: string }).access_token;
    expect(next).not.toBe(first);
    const before = calls.length;
    await nav.getByRole('link', { name: 'Negotiations' }).click();
    const negotiations = await callTo(page, calls, '/negotiation-summaries', before);
    expect(negotiations).toEqual({ path: '/negotiation-summaries', status: 200, token: next });
    for (const entry of await webStorage(page)) expect(entry).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);

    // A reload keeps no token, yet signs in again silently through the issuer's session.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Negotiations' }).waitFor();
    expect(new URL(page.url()).origin).toBe(app.url);

    // Sign-out ends the issuer's session: the issuer confirms, then the app says so.
    await nav.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.origin === issuer.url);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Signed out' }).waitFor();
    await screenshot(page, 'oidc-signed-out');

    // Visiting the app again asks to sign in: the silent sign-in finds no session at the issuer.
    await page.goto(`${app.url}/records/access-log`);
    await page.getByRole('button', { name: /Sign in with your organisation/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await context.close();
  });
});
