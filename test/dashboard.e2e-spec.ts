import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { ROOT } from './support/env';
import { createTestDatabase } from './support/pg';
import { Stack } from './support/stack';

const HANDLERS = join(ROOT, 'test', 'support', 'handlers', 'recording-handlers.js');
const SHOTS = join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

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

  it('signs in with an API key', async () => {
    await page.goto(stack.gatewayUrl);
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
    await row.locator('[role=progressbar]').waitFor({ timeout: 10000 });
    await page.screenshot({ path: join(SHOTS, 'job-queue.png'), fullPage: true });
    await row.locator('.status.succeeded').waitFor({ timeout: 30000 });
    expect(await row.locator('[role=progressbar]').getAttribute('aria-valuenow')).toBe('100');
  });

  it('opens a failed job and reads its error', async () => {
    const failed = await stack.api<{ id: string }>('POST', '/v1/shops/us-store/syncs', {
      task: 'payments',
      maxAttempts: 1,
      params: { failTimes: 1, failKind: 'permanent', sleepMs: 10 },
    });
    const row = page.locator(`#jobs tbody tr[data-job="${failed.body.id}"]`);
    await row.locator('.status.failed').waitFor({ timeout: 20000 });
    await row.click();
    await page.waitForSelector('#job-error');
    expect(await page.textContent('#job-error')).toBe('planned permanent failure on attempt 1');
    expect(await page.textContent('#job-log')).toContain('failed: planned permanent failure');
    await page.screenshot({ path: join(SHOTS, 'job-detail.png'), fullPage: true });
  });
});
