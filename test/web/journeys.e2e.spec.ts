import { jest } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { verifyBundle } from '#bundle-verifier';
import { RecordSimulator, appendSimulated } from '../harness/record-simulator.js';
import { ARTIFACTS, accessibilityProblems, browserUnavailable, developmentToken, launchBrowser, screenshot, signIn, startApp, type RunningApp } from './browser.js';

/*
 * The journeys of issue 13, each on a fresh embedded store, in Debian's Chromium: a negotiator
 * records through the forms; a records officer downloads the audit file and verifies it (and a
 * tampered copy) in the page; counsel filters the timeline and moves the as-of picker; an analyst
 * never sees confidential content; one form done with the keyboard alone. Every page visited is
 * checked with axe-core (no serious or critical WCAG 2.1 A/AA violation) and photographed into
 * test-artifacts/web/.
 */

// A fresh embedded store per journey and a real browser: tens of seconds each on a loaded 2-core machine.
jest.setTimeout(240_000);

const unavailable = browserUnavailable();
const suite = unavailable ? describe.skip : describe;
const BAYVIEW = 'bayview_2025';

/** The Bayview scenario of DOMAIN.md, recorded through the deciders. */
async function seedBayview(events: Parameters<NonNullable<Parameters<typeof startApp>[0]>>[0]): Promise<void> {
  const simulator = new RecordSimulator(2025);
  await appendSimulated(events, simulator.bayview());
}

/**
 * Waits until the check passes (read models catch up in the background after a command or seeding),
 * reloading between checks; each check runs once the page's requests have settled, so a slow load on
 * a busy machine is not mistaken for a missing answer.
 */
async function eventually(page: Page, check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  const settled = () => page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
  await settled();
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(250);
    await page.reload();
    await settled();
  }
}

suite(`the record in a browser${unavailable ? ` [SKIPPED: ${unavailable}]` : ''}`, () => {
  let browser: Browser;
  let app: RunningApp | null = null;
  const checked: string[] = [];

  /** axe on the current page, a screenshot, and the problems, if any, in the failure message. */
  async function look(page: Page, name: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    await page.locator('.lrr-loading').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
    await screenshot(page, name);
    expect({ page: name, problems: await accessibilityProblems(page) }).toEqual({ page: name, problems: [] });
    checked.push(name);
  }

  /** A command sent as `token`'s holder to seed a journey; it must be recorded (201). */
  async function recorded(token: string, path: string, body: object): Promise<Record<string, unknown>> {
    const response = await fetch(`${app!.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    expect(response.status).toBe(201);
    return (await response.json()) as Record<string, unknown>;
  }

  /** A page in a context of its own (axe-core needs one). */
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    return context.newPage();
  }

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  it('a negotiator records a session, a proposal, a counterproposal and a TA through the forms, and sees warnings and field errors', async () => {
    app = await startApp();
    const admin = await developmentToken(app.url, 'admin', 'admin@bayviewusd.example');
    const post = (path: string, body: object) => recorded(admin, path, body);
    const unit = await post('/units', { name: 'Bayview teachers', employer: 'Bayview Unified School District', employeeOrganization: 'Bayview Teachers Association', statute: 'EERA', occurredAt: { at: '2025-01-06', precision: 'day' } });
    const opened = await post('/negotiations', { unitId: unit['unitId'], kind: 'successor', articlesInScope: ['10', '24'], occurredAt: { at: '2025-01-15', precision: 'day' } });
    const negotiationId = String(opened['negotiationId']);

    const page = await newPage();
    await signIn(page, app.url, 'negotiator', 'dana.ruiz@bayviewusd.example');
    await page.goto(`${app.url}/negotiation/${negotiationId}`);
    await page.getByRole('link', { name: 'Record a session' }).click();
    await look(page, 'form-session');

    // A field the API refuses shows its message on that field; nothing is stored.
    await page.getByLabel('Session number').fill('one');
    await page.getByRole('button', { name: 'Record the session' }).click();
    await expect(page.getByTestId('command-refused').textContent()).resolves.toContain('Correct the fields marked below');
    await expect(page.locator('.usa-form-group--error').filter({ has: page.getByLabel('Session number') }).locator('.usa-error-message').textContent()).resolves.toMatch(/number/);
    await look(page, 'form-session-refused');

    await page.getByLabel('Session number').fill('1');
    await page.getByLabel('Date').fill('2025-03-05');
    await page.getByLabel('Place').fill('District office, room 4');
    await page.getByLabel('Attending for the employer').fill('Dana Ruiz');
    await page.getByLabel('Attending for the union').fill('Lee Park');
    await page.getByLabel('Articles discussed').fill('24');
    await page.getByLabel('Started at (optional)').fill('16:00');
    await page.getByLabel('Ended at (optional)').fill('19:30');
    await page.getByRole('button', { name: 'Add a caucus' }).click();
    await page.getByRole('button', { name: 'Add a caucus' }).click();
    await page.getByLabel('Caucus 1: side').selectOption('union');
    await page.getByTestId('caucus').nth(0).getByLabel('Minutes (if known)').fill('40');
    await page.getByLabel('Caucus 2: side').selectOption('employer');
    await look(page, 'form-session-caucuses');
    await page.getByRole('button', { name: 'Record the session' }).click();
    await page.getByTestId('command-recorded').waitFor();
    // EERA: a session before the initial proposals are sunshined is recorded, and flagged.
    await expect(page.getByTestId('command-warnings').textContent()).resolves.toMatch(/sunshine|initial proposal/i);
    await look(page, 'form-session-recorded');
    const events = (await (await fetch(`${app.url}/negotiations/${negotiationId}/events`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { events?: { type: string; data: Record<string, unknown> }[]; items?: { type: string; data: Record<string, unknown> }[] };
    const held = (events.events ?? events.items ?? []).find((e) => e.type === 'SessionHeld');
    expect(held?.data).toMatchObject({ startTime: '16:00', endTime: '19:30', hours: 3.5, caucuses: [{ side: 'union', minutes: 40 }, { side: 'employer', minutes: null }] });

    await page.goto(`${app.url}/negotiation/${negotiationId}/record/proposal`);
    await page.getByLabel('Tabled by').selectOption('union');
    await page.getByLabel('Proposal number').fill('U-1');
    await page.getByLabel('Date').fill('2025-03-19');
    await page.getByLabel('Article', { exact: true }).fill('24');
    await page.getByLabel('Full text').fill('Salaries increase by 6% on July 1, 2025.');
    await look(page, 'form-proposal');
    await page.getByRole('button', { name: 'Table the proposal' }).click();
    await page.getByTestId('command-recorded').waitFor();

    // The counterproposal starts from the text it answers.
    await page.goto(`${app.url}/negotiation/${negotiationId}/article/24`);
    await eventually(page, async () => (await page.getByRole('link', { name: /Counter for the employer/ }).count()) > 0, 'the article page to show U-1');
    await page.getByRole('link', { name: /Counter for the employer/ }).click();
    const text = page.getByLabel('Full text');
    await expect(text.inputValue()).resolves.toBe('Salaries increase by 6% on July 1, 2025.');
    await page.getByLabel('Proposal number').fill('D-1');
    await page.getByLabel('Date').fill('2025-03-26');
    await text.fill('Salaries increase by 2% on July 1, 2025.');
    await look(page, 'form-counterproposal');
    await page.getByRole('button', { name: 'Table the counterproposal' }).click();
    await page.getByTestId('command-recorded').waitFor();

    await page.goto(`${app.url}/negotiation/${negotiationId}/record/tentative-agreement`);
    await page.getByLabel('Initialed by').selectOption('employer');
    await page.getByLabel('Spokesperson who initialed').fill('Dana Ruiz');
    await page.getByLabel('Date').fill('2025-04-02');
    await page.getByLabel('Article', { exact: true }).fill('24');
    await page.getByLabel('Full agreed text').fill('Salaries increase by 4% on July 1, 2025.');
    await look(page, 'form-tentative-agreement');
    await page.getByRole('button', { name: 'Record the initials' }).click();
    await page.getByTestId('command-recorded').waitFor();

    // The other side's initials, from the overview's TA table.
    await page.goto(`${app.url}/negotiation/${negotiationId}`);
    await eventually(page, async () => (await page.getByRole('link', { name: /Record the union’s initials/ }).count()) > 0, 'the TA awaiting the union');
    await page.getByRole('link', { name: /Record the union’s initials/ }).click();
    await expect(page.getByLabel('Initialed by').inputValue()).resolves.toBe('union');
    await page.getByLabel('Spokesperson who initialed').fill('Lee Park');
    await page.getByLabel('Date').fill('2025-04-04');
    await page.getByRole('button', { name: 'Record the initials' }).click();
    await page.getByTestId('command-recorded').waitFor();

    await page.goto(`${app.url}/negotiation/${negotiationId}/articles`);
    await eventually(page, async () => (await page.getByTestId('article-board').getByText("TA'd").count()) > 0, "article 24 TA'd on the board");
    await look(page, 'negotiator-article-board');
    await page.goto(`${app.url}/negotiation/${negotiationId}/article/24`);
    await page.getByText('Salaries increase by 2% on July 1, 2025.').first().waitFor();
    await look(page, 'negotiator-article-page');
    await page.context().close();
  });

  it('a negotiator records a meeting held and one called off on an information request, and sees both in its history', async () => {
    app = await startApp();
    const admin = await developmentToken(app.url, 'admin', 'admin@bayviewusd.example');
    const post = (path: string, body: object) => recorded(admin, path, body);
    const unit = await post('/units', { name: 'Bayview teachers', employer: 'Bayview Unified School District', employeeOrganization: 'Bayview Teachers Association', statute: 'EERA', occurredAt: { at: '2025-01-06', precision: 'day' } });
    const received = await post('/information-requests', {
      unitId: unit['unitId'],
      from: { organization: 'Bayview Teachers Association', person: 'R. Alvarez' },
      items: [
        { number: 1, description: 'Placement of each unit member, by name' },
        { number: 2, description: 'Cost of one step' },
      ],
      occurredAt: { at: '2025-04-10', precision: 'day' },
    });
    const requestId = String(received['requestId']);

    const page = await newPage();
    await signIn(page, app.url, 'negotiator', 'dana.ruiz@bayviewusd.example');
    await page.goto(`${app.url}/information-request/${requestId}`);
    await page.getByRole('link', { name: 'Record a meeting cancelled' }).click();
    await page.getByLabel('The day the meeting was set for').fill('2025-04-15');
    await page.getByLabel('Cancelled by').selectOption('union');
    await page.getByLabel('Date').fill('2025-04-16');
    await page.getByLabel('Reason (optional)').fill('The association’s team was unavailable');
    await look(page, 'form-meeting-cancelled');
    await page.getByRole('button', { name: 'Record the cancellation' }).click();
    await page.getByTestId('command-recorded').waitFor();
    // Notice given after the day the meeting was set for: recorded, and flagged.
    await expect(page.getByTestId('command-warnings').textContent()).resolves.toContain('MEETING_CANCELLED_AFTER_SCHEDULED_DAY');

    await page.goto(`${app.url}/information-request/${requestId}`);
    await page.getByRole('link', { name: 'Record a meeting held' }).click();
    await page.getByLabel('2. Cost of one step').waitFor();
    await page.getByLabel('Date').fill('2025-04-17');
    await page.getByLabel('Attending for the employer (if known)').fill('Dana Ruiz');
    await page.getByLabel('Attending for the union (if known)').fill('R. Alvarez, J. Chen');
    // USWDS draws the checkbox on its label; the input itself is visually hidden.
    await page.getByText('1. Placement of each unit member, by name').click();
    await expect(page.getByLabel('1. Placement of each unit member, by name').isChecked()).resolves.toBe(true);
    await page.getByLabel('Outcome (optional)').fill('Item 1 narrowed to employee numbers');
    await look(page, 'form-meeting-held');
    await page.getByRole('button', { name: 'Record the meeting' }).click();
    await page.getByTestId('command-recorded').waitFor();
    await expect(page.getByTestId('command-recorded').textContent()).resolves.toContain('InformationRequestMeetingHeld');

    await page.getByRole('link', { name: 'Back to the request' }).click();
    const history = page.getByTestId('request-history');
    await history.getByText('2025-04-17: meeting held').waitFor();
    await expect(history.textContent()).resolves.toContain('2025-04-16: meeting set for 2025-04-15 cancelled by the union: The association’s team was unavailable');
    await expect(history.textContent()).resolves.toContain(
      '2025-04-17: meeting held on item 1; for the employer: Dana Ruiz; for the union: R. Alvarez, J. Chen. Outcome: Item 1 narrowed to employee numbers',
    );
    await look(page, 'information-request-meetings');
    await page.context().close();
  });

  it('a negotiator records a demand to bargain and its answer from the dashboard, and sees them in the unit’s demands', async () => {
    app = await startApp();
    const admin = await developmentToken(app.url, 'admin', 'admin@bayviewusd.example');
    await recorded(admin, '/units', { name: 'Bayview classified unit', employer: 'Bayview Unified School District', employeeOrganization: 'Bayview CSEA', statute: 'EERA', occurredAt: { at: '2025-01-06', precision: 'day' } });

    const page = await newPage();
    await signIn(page, app.url, 'negotiator', 'dana.ruiz@bayviewusd.example');
    await page.goto(`${app.url}/`);
    await eventually(page, async () => (await page.getByRole('link', { name: 'Record a demand to bargain' }).count()) > 0, 'the unit on the dashboard');
    await expect(page.getByTestId('unit-demands').textContent()).resolves.toContain('No demand to bargain is recorded');
    await page.getByRole('link', { name: 'Record a demand to bargain' }).click();
    await page.getByLabel('Date').fill('2025-09-15');
    await page.getByLabel('The decision', { exact: true }).fill('Closure of Harbor View Elementary in June 2026');
    await page.getByLabel('Kind of decision').selectOption('school-closure');
    await page.getByLabel('When the decision was made or announced (if known)').fill('2025-09-10');
    await page.getByLabel('Bargaining demanded over').selectOption('effects');
    await look(page, 'form-demand-to-bargain');
    await page.getByRole('button', { name: 'Record the demand' }).click();
    await page.getByTestId('command-recorded').waitFor();
    await expect(page.getByTestId('command-recorded').textContent()).resolves.toContain('DemandToBargainMade');

    await page.getByRole('link', { name: 'Back to the dashboard' }).click();
    await eventually(page, async () => (await page.getByRole('link', { name: 'Record the answer' }).count()) > 0, 'the demand on the dashboard');
    await page.getByRole('link', { name: 'Record the answer' }).click();
    await page.getByText('The union’s demand of 2025-09-15').waitFor();
    await page.getByLabel('Answer', { exact: true }).selectOption('claims-waiver');
    await page.getByLabel('What the waiver claim rests on').fill('Article 3, management rights');
    await page.getByLabel('Date').fill('2025-09-22');
    await look(page, 'form-demand-answer');
    await page.getByRole('button', { name: 'Record the answer' }).click();
    await page.getByTestId('command-recorded').waitFor();

    await page.getByRole('link', { name: 'Back to the dashboard' }).click();
    const demands = page.getByTestId('unit-demands');
    await eventually(page, async () => ((await demands.textContent()) ?? '').includes('claims a waiver'), 'the answer on the dashboard');
    const text = await demands.textContent();
    expect(text).toContain('Closure of Harbor View Elementary in June 2026');
    expect(text).toContain('2025-09-22: the employer claims a waiver');
    expect(text).toContain('Article 3, management rights');
    await look(page, 'dashboard-demands');
    await page.context().close();
  });

  it('a records officer finds the negotiation, downloads the audit file, verifies it in the page, then a tampered copy, and sees the event named', async () => {
    app = await startApp(seedBayview);
    const page = await newPage();
    await signIn(page, app.url, 'records-officer', 'records@bayviewusd.example');
    await page.getByRole('link', { name: 'Records', exact: true }).click();
    await eventually(page, async () => (await page.getByRole('link', { name: `Files of ${BAYVIEW}` }).count()) > 0, 'the negotiation list');
    await page.getByLabel('Find a negotiation (id or unit)').fill('bayview');
    await look(page, 'records');
    await page.getByRole('link', { name: `Files of ${BAYVIEW}` }).click();
    await look(page, 'files');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Audit file (JSON bundle)' }).click()]);
    const saved = join(ARTIFACTS, 'audit-file.json');
    await download.saveAs(saved);
    await page.getByLabel('Bundle file (.json or .pdf)').setInputFiles(saved);
    await expect(page.getByTestId('verification-result').getByRole('heading', { name: 'Intact' }).textContent()).resolves.toBe('Intact');
    await look(page, 'files-verified');

    // One character changed inside a recorded event: the page names that event, as the CLI does.
    const bundle = JSON.parse(await readFile(saved, 'utf8')) as { events: Record<string, { canonical?: string; revision: number; eventId?: string }[]> };
    const stream = `negotiation-${BAYVIEW}`;
    const victim = bundle.events[stream]!.find((e) => e.canonical?.includes('"type":"SessionHeld"'))!;
    victim.canonical = victim.canonical!.replace('District office', 'District 0ffice');
    const tampered = join(ARTIFACTS, 'audit-file-tampered.json');
    await writeFile(tampered, JSON.stringify(bundle));
    await page.getByLabel('Bundle file (.json or .pdf)').setInputFiles(tampered);
    const first = page.getByTestId('first-problem');
    await first.waitFor();
    const expected = (await verifyBundle(bundle)).problems[0]!;
    expect(expected).toMatchObject({ kind: 'event-modified', stream, revision: victim.revision, eventId: victim.eventId });
    await expect(first.textContent()).resolves.toBe(`First problem: ${expected.message}`);
    await look(page, 'files-tampered');
    await page.context().close();
  });

  it('counsel filters the timeline, sees late entries and corrections, moves the as-of picker, and prints cleanly', async () => {
    app = await startApp(seedBayview);
    const page = await newPage();
    await signIn(page, app.url, 'legal-counsel', 'counsel@bayviewusd.example');
    await page.goto(`${app.url}/negotiation/${BAYVIEW}/timeline`);
    await eventually(page, async () => (await page.getByTestId('timeline-count').count()) > 0, 'the timeline');
    const all = Number((await page.getByTestId('timeline-count').textContent())!.split(' ')[0]);
    await expect(page.locator('.lrr-fact--late').count()).resolves.toBeGreaterThan(0);
    await expect(page.getByText('Originally recorded as').count()).resolves.toBeGreaterThan(0);
    await look(page, 'timeline');

    await page.getByLabel('Article').fill('24');
    await page.getByLabel('Side').selectOption('union');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/article=24/);
    await page.getByTestId('timeline-count').waitFor();
    const filtered = Number((await page.getByTestId('timeline-count').textContent())!.split(' ')[0]);
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(all);
    for (const articles of await page.locator('.lrr-fact').allTextContents()) expect(articles).toMatch(/24/);
    await look(page, 'timeline-filtered');

    // The table as it stood: before the counterproposal, only the union's U1 on Article 24.
    await page.getByLabel('As of', { exact: true }).fill('2025-03-20');
    await page.getByRole('button', { name: 'Show the table' }).click();
    const asOf = page.getByTestId('as-of-table');
    await asOf.waitFor();
    const row24 = asOf.getByRole('row', { name: /Article 24/ });
    await expect(row24.textContent()).resolves.toMatch(/U1/);
    await expect(row24.textContent()).resolves.not.toMatch(/D1/);
    await page.getByLabel('As of', { exact: true }).fill('2025-04-05');
    await page.getByRole('button', { name: 'Show the table' }).click();
    await page.waitForURL(/asOf=2025-04-05/);
    await expect(asOf.getByRole('row', { name: /Article 24/ }).textContent()).resolves.toMatch(/D1/);
    // As the record stood (system time): the business-time correction of U1 was recorded later.
    await page.getByLabel('As', { exact: true }).selectOption('system');
    await page.getByRole('button', { name: 'Show the table' }).click();
    await page.waitForURL(/asOfBasis=system/);
    await expect(page.getByTestId('as-of-table').textContent()).resolves.toMatch(/as the record stood/);
    await look(page, 'timeline-as-of');

    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.lrr-filters').isVisible()).resolves.toBe(false);
    await expect(page.locator('header').first().isVisible()).resolves.toBe(false);
    await expect(page.locator('.lrr-fact').first().isVisible()).resolves.toBe(true);
    await screenshot(page, 'timeline-print');
    await page.context().close();
  });

  it('an analyst never sees confidential or privileged content (checked in the DOM)', async () => {
    app = await startApp(seedBayview);
    const secrets = [/Caucus after session 2/, /Hold at 2%/, /Counsel on the sunshine timing/, /1,100,000|1100000|\$1\.1M/, /confidential/i, /privileged/i];
    // The content exists: a negotiator sees the costing on Article 24.
    const negotiator = await newPage();
    await signIn(negotiator, app.url, 'negotiator', 'dana.ruiz@bayviewusd.example');
    await negotiator.goto(`${app.url}/negotiation/${BAYVIEW}/article/24`);
    await eventually(negotiator, async () => (await negotiator.getByText('Costing:').count()) > 0, 'the costing for a negotiator');
    await negotiator.context().close();

    const page = await newPage();
    await signIn(page, app.url, 'analyst', 'analyst@bayviewusd.example');
    for (const path of [`/negotiation/${BAYVIEW}`, `/negotiation/${BAYVIEW}/articles`, `/negotiation/${BAYVIEW}/article/24`, `/negotiation/${BAYVIEW}/timeline`, `/negotiation/${BAYVIEW}/event-log`, '/compliance']) {
      await page.goto(`${app.url}${path}`);
      await page.waitForLoadState('networkidle');
      await page.locator('.lrr-loading').first().waitFor({ state: 'detached' }).catch(() => undefined);
      // Open every disclosure so nothing is hidden from the check.
      for (const details of await page.locator('details').all()) await details.evaluate((d) => d.setAttribute('open', ''));
      const html = await page.content();
      for (const secret of secrets) expect({ path, secret: String(secret), found: secret.test(html) }).toEqual({ path, secret: String(secret), found: false });
    }
    await look(page, 'analyst-event-log');
    // The navigation offers the analyst neither the records files nor the access log.
    await expect(page.getByRole('link', { name: 'Access log' }).count()).resolves.toBe(0);
    await page.context().close();
  });

  it('a long article chain opens on its latest 50 positions; older ones come 50 at a time, or all at once', async () => {
    let negotiationId = '';
    app = await startApp(async (events) => {
      const simulator = new RecordSimulator(13);
      negotiationId = simulator.busyNegotiation(900);
      await appendSimulated(events, simulator.batches);
    });
    const admin = await developmentToken(app.url, 'admin', 'admin@bayviewusd.example');
    let longest: { article: string; entryCount: number } | undefined;
    const until = Date.now() + 120_000;
    while (longest === undefined || longest.entryCount <= 100) {
      if (Date.now() > until) throw new Error(`no article of ${negotiationId} reached 101 entries: ${JSON.stringify(longest)}`);
      const board = await fetch(`${app.url}/negotiations/${negotiationId}/articles`, { headers: { authorization: `Bearer ${admin}` } });
      const articles = board.ok ? ((await board.json()) as { articles: { article: string; entryCount: number }[] }).articles : [];
      longest = [...articles].sort((a, b) => b.entryCount - a.entryCount)[0];
      if (longest === undefined || longest.entryCount <= 100) await new Promise((r) => setTimeout(r, 500));
    }
    const total = longest.entryCount;
    const page = await newPage();
    await signIn(page, app.url, 'negotiator', 'dana.ruiz@bayviewusd.example');
    const answers: string[] = [];
    page.on('response', (r) => r.url().includes('/history') && answers.push(new URL(r.url()).search));
    await page.goto(`${app.url}/negotiation/${negotiationId}/article/${encodeURIComponent(longest.article)}`);
    const entries = page.locator('.lrr-chain > li');
    await page.getByRole('heading', { name: `Chain of positions (${total})` }).waitFor();
    await expect(entries.count()).resolves.toBe(50);
    await expect(page.getByTestId('older-entries').textContent()).resolves.toContain(`Showing the latest 50 of ${total} entries.`);
    await expect(page.locator('.lrr-chain').getAttribute('start')).resolves.toBe(String(total - 49));
    await look(page, 'article-page-long');
    await page.getByRole('button', { name: 'Show 50 older positions' }).click();
    await entries.nth(99).waitFor();
    await expect(entries.count()).resolves.toBe(100);
    await expect(page.locator('.lrr-chain').getAttribute('start')).resolves.toBe(String(total - 99));
    await page.getByRole('button', { name: `Show all ${total}` }).click();
    await entries.nth(total - 1).waitFor();
    await expect(page.getByTestId('older-entries').count()).resolves.toBe(0);
    // Each entry once, in the chain's order: the pages joined are the whole chain.
    const shown = await entries.evaluateAll((items) => items.map((item) => (item as unknown as { id: string }).id));
    const whole = (await (await fetch(`${app.url}/negotiations/${negotiationId}/articles/${encodeURIComponent(longest.article)}/history`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { entries: { entryId: string }[] };
    expect(shown).toEqual(whole.entries.map((e) => `entry-${e.entryId}`));
    // The page asked for the latest 50, then the 50 before them, then the whole chain.
    expect(answers).toEqual(['?limit=50', expect.stringMatching(/^\?limit=50&before=/), '']);
    await page.context().close();
  });

  it('a form can be completed with the keyboard alone', async () => {
    app = await startApp();
    const admin = await developmentToken(app.url, 'admin', 'admin@bayviewusd.example');
    await recorded(admin, '/units', { name: 'City clerical unit', employer: 'City of Bayview', employeeOrganization: 'Clerical Employees Association', statute: 'MMBA', occurredAt: { at: '2025-01-06', precision: 'day' } });

    const page = await newPage();
    await signIn(page, app.url, 'negotiator', 'dana.ruiz@bayviewusd.example');
    await page.goto(`${app.url}/new/negotiation`);
    await page.getByLabel('Bargaining unit').locator('option', { hasText: 'City clerical unit' }).waitFor({ state: 'attached' });
    const focused = () => page.evaluate<string>("document.activeElement?.id || document.activeElement?.textContent?.trim() || ''");
    // The first Tab reaches the skip link; following it lands in the main content.
    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toBe('Skip to main content');
    await page.keyboard.press('Enter');
    async function tabTo(id: string): Promise<void> {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        if ((await focused()) === id) return;
      }
      throw new Error(`Tab never reached #${id}`);
    }
    await tabTo('field-unitId');
    await page.keyboard.press('ArrowDown'); // the first unit
    await tabTo('field-kind');
    await tabTo('field-articlesInScope');
    await page.keyboard.type('1, 5, 24');
    await tabTo('field-occurredAt');
    await page.keyboard.type('02032025'); // a date input takes the digits in the locale's order (en-US: MM DD YYYY)
    await tabTo('Open the negotiation');
    await screenshot(page, 'keyboard-negotiation-form');
    await page.keyboard.press('Enter');
    await page.getByTestId('command-recorded').waitFor();
    await expect(page.getByTestId('command-recorded').textContent()).resolves.toContain('NegotiationOpened');
    await look(page, 'keyboard-negotiation-recorded');
    await page.context().close();
  });

  it('every page passes axe-core with no serious or critical WCAG 2.1 A/AA violation', async () => {
    app = await startApp(seedBayview);
    const page = await newPage();
    await page.goto(`${app.url}/sign-in`);
    await look(page, 'sign-in');
    await signIn(page, app.url, 'records-officer', 'records@bayviewusd.example');
    await page.goto(`${app.url}/negotiation/${BAYVIEW}/articles`);
    await eventually(page, async () => (await page.getByTestId('article-board').count()) > 0, 'the read models');
    const tour: [string, string][] = [
      ['dashboard', '/'],
      ['negotiations', '/negotiation-list'],
      ['negotiation', `/negotiation/${BAYVIEW}`],
      ['article-board', `/negotiation/${BAYVIEW}/articles`],
      ['article-page', `/negotiation/${BAYVIEW}/article/24`],
      ['negotiation-compliance', `/negotiation/${BAYVIEW}/compliance`],
      ['event-log', `/negotiation/${BAYVIEW}/event-log`],
      ['information-requests', '/information-request-list'],
      ['information-request', '/information-request/bayview_rfi_1'],
      ['compliance', '/compliance'],
      ['verify', '/records/verify'],
      ['access-log', '/records/access-log'],
      ['not-found', '/no-such-page'],
    ];
    const currentNav = () => page.locator('nav[aria-label="Primary navigation"] [aria-current="page"]').allInnerTexts();
    for (const [name, path] of tour) {
      await page.goto(`${app.url}${path}`);
      await look(page, name);
      // One navigation item is current: the access log's page is not also the records'.
      if (name === 'access-log') await expect(currentNav()).resolves.toEqual(['Access log']);
      if (name === 'verify') await expect(currentNav()).resolves.toEqual(['Records']);
    }
    // Forms and admin pages, as the roles that use them.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, app.url, 'admin', 'admin@bayviewusd.example');
    for (const [name, path] of [
      ['projections', '/admin/projections'],
      ['form-unit', '/new/unit'],
      ['form-negotiation', '/new/negotiation'],
      ['form-information-request', '/new/information-request'],
      ['form-production', '/information-request/bayview_rfi_1/record/production'],
      ['form-objection', '/information-request/bayview_rfi_1/record/objection'],
      ['form-explanation', '/information-request/bayview_rfi_1/record/explanation?item=1'],
      ['form-meeting-held-bayview', '/information-request/bayview_rfi_1/meeting/held'],
      ['form-meeting-cancelled-bayview', '/information-request/bayview_rfi_1/meeting/cancelled'],
      ['form-demand-to-bargain-bayview', '/unit/bayview_btA/record/demand-to-bargain'],
      ['form-demand-answer-bayview', '/demand-to-bargain/bayview_demand_1/record/answer'],
    ] as const) {
      await page.goto(`${app.url}${path}`);
      await look(page, name);
    }
    await page.context().close();
  });
});
