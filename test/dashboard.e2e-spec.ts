import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { ROOT } from './support/env';
import { createTestDatabase } from './support/pg';
import { Stack } from './support/stack';

const HANDLERS = join(ROOT, 'test', 'support', 'handlers', 'recording-handlers.js');
const SHOTS = join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE = require.resolve('axe-core/axe.min.js');

// What this test reads of axe-core's results.
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

// axe-core's serious and critical findings on the page as it is now, one line each.
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe === "object"')))
    await page.addScriptTag({ path: AXE });
  const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as {
    violations: AxeViolation[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

// Nothing is cut off at the side: the page is no wider than the window.
const overflow = (page: Page) =>
  page.evaluate('document.documentElement.scrollWidth - window.innerWidth') as Promise<number>;

// The job queue page, driven in Debian's Chromium like an operator would.
describe('the job queue page', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `Chromium is needed at ${CHROMIUM} (apt-get install chromium; .ci/run does it)`,
      );
    mkdirSync(SHOTS, { recursive: true });
    db = await createTestDatabase('dashboard');
    stack = await new Stack({
      name: 'dashboard',
      databaseUrl: db.url,
      handlerModule: HANDLERS,
      workerEnv: { TEST_DEFAULT_SLEEP_MS: '4000', TEST_DEFAULT_STEPS: '8' },
    }).start();
    for (const code of ['eu-store', 'us-store']) {
      expect(
        (await stack.api('POST', '/v1/shops', { code, domain: `${code}.myshopify.com` })).status,
      ).toBe(201);
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  let failedId: string;

  it('signs in with an API key', async () => {
    await page.goto(stack.gatewayUrl);
    expect(await seriousViolations(page)).toEqual([]);
    await page.fill('#api-key', 'sk_wrong');
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#signin-error:has-text("refused")');
    await page.fill('#api-key', stack.apiKey);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#nav:not([hidden])');
    await page.waitForSelector('#live.on', { timeout: 15000 });
    expect(await page.evaluate('sessionStorage.getItem("shopsync.key")')).toBe(stack.apiKey);
  });

  it('creates a schedule and shows its next runs', async () => {
    await page.click('nav button[data-view=schedules]');
    await page.selectOption('#s-shop', 'eu-store');
    await page.selectOption('#s-task', 'inventory');
    await page.fill('#s-cron', 'nonsense');
    await page.click('#s-submit');
    await page.waitForSelector('#schedule-error:has-text("expression")');
    await page.fill('#s-cron', '0 6 * * *');
    await page.click('#s-submit');
    const row = page.locator('#schedules tbody tr', { hasText: 'inventory' });
    await row.waitFor();
    await row.locator('button', { hasText: 'Next runs' }).click();
    await page.waitForSelector('#occurrences pre:has-text("06:00")');
    await page.screenshot({ path: join(SHOTS, 'schedules.png'), fullPage: true });
    const list = await stack.api<{ items: Array<{ task: string }> }>(
      'GET',
      '/v1/shops/eu-store/schedules',
    );
    expect(list.body.items.map((s) => s.task)).toEqual(['inventory']);
  });

  it('triggers a sync and watches it reach succeeded with a progress bar', async () => {
    await page.click('nav button[data-view=shops]');
    await page.screenshot({ path: join(SHOTS, 'shops.png'), fullPage: true });
    await page.locator('[data-shop="eu-store"] button[data-sync="orders"]').click();
    const row = page.locator('#jobs tbody tr', { hasText: 'orders' }).first();
    await row.locator('.status.running').waitFor({ timeout: 20000 });
    const running = await row.getAttribute('data-job');
    // A second job of the same shop and category waits for the running one, and says which.
    const second = await stack.api<{ id: string }>('POST', '/v1/shops/eu-store/syncs', {
      task: 'orders',
      params: { sleepMs: 10, steps: 1 },
    });
    // (No event announces a queued job: the list shows it at the next one, or on Refresh.)
    await page.click('#refresh-jobs');
    const behind = page.locator(`#jobs tbody tr[data-job="${second.body.id}"]`);
    await behind.locator('.status.waiting').waitFor({ timeout: 10000 });
    expect(await behind.textContent()).toContain(`for ${running!.slice(0, 8)}`);
    await row.locator('[role=progressbar]').waitFor({ timeout: 10000 });
    await page.screenshot({ path: join(SHOTS, 'job-queue.png'), fullPage: true });
    await row.locator('.status.succeeded').waitFor({ timeout: 30000 });
    await behind.locator('.status.succeeded').waitFor({ timeout: 30000 });
    expect(await row.locator('[role=progressbar]').getAttribute('aria-valuenow')).toBe('100');
  });

  it('opens a failed job and reads its error', async () => {
    const failed = await stack.api<{ id: string }>('POST', '/v1/shops/us-store/syncs', {
      task: 'payments',
      maxAttempts: 1,
      params: { failTimes: 1, failKind: 'permanent', sleepMs: 10 },
    });
    failedId = failed.body.id;
    const row = page.locator(`#jobs tbody tr[data-job="${failed.body.id}"]`);
    await row.locator('.status.failed').waitFor({ timeout: 20000 });
    await row.click();
    await page.waitForSelector('#job-error');
    expect(await page.textContent('#job-error')).toBe('planned permanent failure on attempt 1');
    expect(await page.textContent('#job-log')).toContain('failed: planned permanent failure');
    // Durations: how long it was queued and how long it ran.
    expect(await page.textContent('#job-detail dl')).toMatch(/Queued for\d[\d.]* (ms|s)/);
    expect(await page.textContent('#job-detail dl')).toMatch(/Ran for\d[\d.]* (ms|s)/);
    await page.screenshot({ path: join(SHOTS, 'job-detail.png'), fullPage: true });
  });

  it('pages and filters the list on the server: shop, task, status, trigger, time, search', async () => {
    const made = await stack.api<{ jobs: Array<{ id: string }> }>('POST', '/v1/syncs', {
      requests: Array.from({ length: 12 }, (_, seq) => ({
        shop: 'us-store',
        task: 'customers',
        params: { seq, sleepMs: 10, steps: 1 },
      })),
    });
    expect(made.status).toBe(202);
    await page.selectOption('#f-shop', 'us-store');
    await page.selectOption('#f-task', 'customers');
    await page.selectOption('#f-limit', '10');
    await page.waitForSelector('#jobs-summary:has-text("Jobs 1–10 of 12")');
    expect(await page.locator('#jobs tbody tr').count()).toBe(10);
    await page.click('#page-next');
    await page.waitForSelector('#jobs-summary:has-text("Jobs 11–12 of 12")');
    expect(await page.locator('#jobs tbody tr').count()).toBe(2);
    expect(await page.isDisabled('#page-next')).toBe(true);
    await page.click('#page-prev');
    await page.waitForSelector('#jobs-summary:has-text("Jobs 1–10 of 12")');
    // Search: the failed job by its id, then by a part of its error in another case.
    await page.click('#clear-filters');
    await page.fill('#f-q', failedId);
    await page.click('#job-filters button[type=submit]');
    await page.waitForSelector('#jobs-summary:has-text("Jobs 1–1 of 1")');
    expect(await page.getAttribute('#jobs tbody tr', 'data-job')).toBe(failedId);
    await page.fill('#f-q', 'PERMANENT FAILURE');
    await page.press('#f-q', 'Enter');
    await page.waitForSelector(`#jobs tbody tr[data-job="${failedId}"]`);
    expect(await page.locator('#jobs tbody tr').count()).toBe(1);
    // Several statuses at once, and a time range that holds no job.
    await page.fill('#f-q', '');
    await page.check('#f-statuses input[value=failed]');
    await page.check('#f-statuses input[value=cancelled]');
    await page.waitForFunction(
      'document.querySelectorAll("#jobs tbody tr").length === 1 && document.querySelector("#jobs tbody tr").dataset.status === "failed"',
    );
    await page.fill('#f-until', '2020-01-01T00:00');
    await page.click('#job-filters button[type=submit]');
    await page.waitForSelector('#jobs-summary:has-text("No jobs match")');
    await page.fill('#f-until', '2020-01-01T00:00');
    await page.fill('#f-since', '2021-01-01T00:00');
    await page.click('#job-filters button[type=submit]');
    await page.waitForSelector('#filter-error:has-text("until: must be after since")');
    await page.click('#clear-filters');
    await page.selectOption('#f-trigger', 'manual');
    await page.waitForSelector('#jobs-summary:has-text("of 15")');
  });

  it('retries failures in bulk after a confirmation, and shows counts and a chart', async () => {
    await page.click('#clear-filters');
    await page.selectOption('#f-shop', 'us-store');
    await page.waitForSelector('#jobs-summary:has-text("of 13")');
    const questions: string[] = [];
    page.once('dialog', (d) => {
      questions.push(d.message());
      void d.dismiss();
    });
    await page.click('#bulk-retry');
    expect(questions).toEqual([
      'Really retry the open failed jobs of shop us-store, every task? At most 100, oldest first.',
    ]);
    const retries = () =>
      stack.api<{ total: number }>('GET', '/v1/jobs?shop=us-store&trigger=retry');
    expect((await retries()).body.total).toBe(0);
    page.once('dialog', (d) => void d.accept());
    await page.click('#bulk-retry');
    await page.waitForSelector('#toast:has-text("retried 1 of 1 matching")');
    expect((await retries()).body.total).toBe(1);
    await page.selectOption('#f-trigger', 'retry');
    await page.waitForSelector('#jobs-summary:has-text("Jobs 1–1 of 1")');
    await page.click('#clear-filters');
    await page.waitForSelector('#jobs-summary:has-text("of 16")');
    // Counts by status (a button lists that status) and the chart of finished and failed jobs.
    await page.waitForFunction(
      'Number(document.querySelector("#job-counts [data-count=succeeded] strong").textContent) >= 14',
    );
    const chart = await page.getAttribute('#job-chart svg[role=img]', 'aria-label');
    expect(chart).toMatch(/^\d+ jobs finished, [12] failed/);
    await page.click('#job-counts [data-count=failed]');
    await page.waitForFunction(
      '[...document.querySelectorAll("#jobs tbody tr")].every((r) => r.dataset.status === "failed")',
    );
    expect(await page.isChecked('#f-statuses input[value=failed]')).toBe(true);
    await page.click('#clear-filters');
  });

  it('is used with the keyboard: a skip link, job rows reached with Tab and opened with Enter', async () => {
    await page.reload();
    await page.waitForSelector('#jobs tbody tr');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.className')).toBe('skip');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    let row: string | null = null;
    for (let i = 0; i < 80 && !row; i++) {
      await page.keyboard.press('Tab');
      row = (await page.evaluate(
        'document.activeElement.matches("#jobs tbody tr") ? document.activeElement.dataset.job : null',
      )) as string | null;
    }
    expect(row).not.toBeNull();
    // The focused row shows it.
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe(
      'none',
    );
    await page.keyboard.press('Enter');
    await page.waitForFunction('document.activeElement.id === "job-detail"');
    expect(await page.textContent('#job-detail dl')).toContain(row!);
  });

  it('has no serious or critical accessibility findings, light and dark, wide and at 375 px', async () => {
    const found: Record<string, string[]> = {};
    for (const scheme of ['light', 'dark'] as const)
      for (const width of [1280, 375]) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.setViewportSize({ width, height: 800 });
        const where = `${scheme} ${width}px`;
        await page.click('nav button[data-view=jobs]');
        await page.waitForSelector('#jobs tbody tr');
        await page.waitForSelector('#job-chart svg');
        found[`${where} jobs`] = await seriousViolations(page);
        expect(await overflow(page)).toBeLessThanOrEqual(0);
        if (width === 375 && scheme === 'light')
          await page.screenshot({ path: join(SHOTS, 'job-queue-mobile.png'), fullPage: true });
        if (width === 1280 && scheme === 'dark')
          await page.screenshot({ path: join(SHOTS, 'job-queue-dark.png'), fullPage: true });
        await page.locator(`#jobs tbody tr[data-job="${failedId}"]`).click();
        await page.waitForSelector('#job-error');
        found[`${where} job detail`] = await seriousViolations(page);
        expect(await overflow(page)).toBeLessThanOrEqual(0);
        await page.click('nav button[data-view=conflicts]');
        await page.waitForSelector('#conflicts-empty:not([hidden])');
        found[`${where} conflicts`] = await seriousViolations(page);
        expect(await overflow(page)).toBeLessThanOrEqual(0);
        for (const view of ['shops', 'schedules']) {
          await page.click(`nav button[data-view=${view}]`);
          expect(await overflow(page)).toBeLessThanOrEqual(0);
        }
      }
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('switches to dark mode with the toggle and keeps the choice', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    const background = () => page.evaluate('getComputedStyle(document.body).backgroundColor');
    const light = await background();
    expect(await page.getAttribute('#theme', 'aria-pressed')).toBe('false');
    await page.click('#theme');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await page.getAttribute('#theme', 'aria-pressed')).toBe('true');
    const dark = await background();
    expect(dark).not.toBe(light);
    await page.reload();
    await page.waitForSelector('#nav:not([hidden])');
    expect(await background()).toBe(dark);
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('#theme');
    expect(await background()).toBe(light);
  });
});
