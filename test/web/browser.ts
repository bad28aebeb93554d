/**
 * Browser tests of apps/web: a real API process's application (createApp on a real port, a fresh
 * embedded PGlite store in a temporary directory, the projector in process, the built app from
 * dist/web) and Debian's Chromium driven by playwright-core. Screenshots go to test-artifacts/web/.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '#config';
import { openStores, type EventStore } from '#event-store';
import { createApp } from '#platform';
import { standaloneVerifiers } from '#records';
import { featureModules } from '../../apps/api/src/features.js';
import { testEnvironment } from '#testing';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const ROOT = resolve(import.meta.dirname, '..', '..');
export const WEB_BUILD = join(ROOT, 'dist', 'web');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'web');

/** Why browser tests cannot run here, or null when they can. */
export function browserUnavailable(): string | null {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install chromium)`;
  if (!existsSync(join(WEB_BUILD, 'index.html'))) return 'dist/web is not built (npm run build:web)';
  return null;
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

const quiet = { log() {}, error() {}, warn() {}, debug() {}, verbose() {} };

export interface RunningApp {
  readonly url: string;
  readonly events: EventStore;
  close(): Promise<void>;
}

/**
 * A fresh embedded store in a temporary directory, optionally seeded, and the API serving the built
 * app on 127.0.0.1; `environment` adds settings (an OIDC issuer's AUTH_* variables).
 */
export async function startApp(seed?: (events: EventStore) => Promise<void>, environment: Readonly<Record<string, string>> = {}): Promise<RunningApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lrr-web-'));
  const config = loadConfig({ ...testEnvironment(), DATA_DIR: dataDir, LOG_LEVEL: 'error', HOST: '127.0.0.1', PORT: '3000', ...environment });
  const stores = await openStores(config.storage);
  let app: NestFastifyApplication;
  try {
    if (seed) await seed(stores.events);
    app = await createApp({ config, stores, imports: featureModules(config), logger: quiet, webApp: { dir: WEB_BUILD, standalonePages: { '/verify.html': standaloneVerifiers()['verify.html'] } } });
  } catch (error) {
    await stores.close();
    throw error;
  }
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    events: stores.events,
    close: async () => {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the development sign-in page, as a person would. */
export async function signIn(page: Page, url: string, role: string, subject: string): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Your name or e-mail address').fill(subject);
  await page.getByLabel('Role').selectOption(role);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
}

/** A bearer token for seeding through the API (the same endpoint the sign-in page uses). */
export async function developmentToken(url: string, role: string, subject: string): Promise<string> {
  const response = await fetch(`${url}/auth/development-tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role, subject }) });
  if (!response.ok) throw new Error(`development token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** axe-core on the page as it stands: the serious and critical WCAG 2.1 A/AA violations, as readable lines. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length} node(s): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')})`);
}
