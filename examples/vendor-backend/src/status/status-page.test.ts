import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { browserAvailable, launchChromium, screenshotFolder } from '../onboarding/chromium.js';
import { startTelemetry, type Telemetry } from '../telemetry/telemetry.js';
import { startTestBackend, type TestBackend } from '../test-backend.js';
import { activeThenRevoked } from './status-fixtures.js';

// The operators' status page in a real browser (Debian's chromium through playwright-core), after a
// cloud was verified, made active and then lost its access.

const available = browserAvailable();
let browser: Browser;
let backend: TestBackend;
let telemetry: Telemetry;

beforeAll(async () => {
  if (!available) return;
  browser = await launchChromium();
  telemetry = await startTelemetry({ environment: {} });
  backend = await startTestBackend({ status: { metrics: telemetry.status } });
});
afterAll(async () => {
  await browser?.close();
  if (backend) {
    expect(backend.unexpected).toEqual([]);
    await backend.close();
  }
  await telemetry?.shutdown();
});

const cells = (page: Page, table: string) => page.locator(`#${table} tbody tr`).allInnerTexts();

it.skipIf(!available)(
  "asks for an operator token, refuses an organization's, then shows the clouds, failures, calls and queues",
  async () => {
    const id = await activeThenRevoked(backend);
    const page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
    page.setDefaultTimeout(10_000);
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) failures.push(message.text());
    });
    await page.goto(`${backend.origin}/status`);
    await page.waitForSelector('body[data-ready=true]');
    await expect(page.locator('#token-form').isVisible()).resolves.toBe(true);
    await expect(page.locator('#status').isVisible()).resolves.toBe(false);

    // An organization's token is not an operator's: the page says what to use, and keeps nothing.
    await page.getByLabel('Operator token').fill(backend.token);
    await page.getByRole('button', { name: 'Show the status' }).click();
    await page.getByRole('alert').filter({ hasText: 'create-operator' }).waitFor();
    await expect(page.evaluate(() => sessionStorage.getItem('byoc-operator-token'))).resolves.toBeNull();

    await page.getByLabel('Operator token').fill(backend.operatorToken);
    await page.getByRole('button', { name: 'Show the status' }).click();
    await page.locator('#status').waitFor({ state: 'visible' });
    expect(await cells(page, 'clouds')).toEqual(['active\t1', 'total\t1']);
    const [failure, more] = await page.locator('#failures li').allInnerTexts();
    expect(more).toBeUndefined();
    expect(failure).toContain(id);
    expect(failure).toContain('ACCESS_REVOKED');
    expect(failure).toContain('the customer must restore the access');
    expect(failure).toContain('<external ID>');
    expect(await cells(page, 'health')).toEqual([expect.stringMatching(/^aws\tACCESS_REVOKED\t1\t/)]);
    expect(await cells(page, 'verifications')).toEqual([expect.stringMatching(/^aws\tok\t1\t\d+\.\d\d s$/)]);
    expect(await cells(page, 'calls')).toContainEqual('STS\tAssumeRole\tdenied\t4');
    expect(await page.locator('#throttled').textContent()).toBe('No call was throttled.');
    expect((await cells(page, 'queues')).map((row) => row.split('\t')[0]).sort()).toEqual([
      'byoc-deliver',
      'byoc-health',
      'byoc-sweep',
      'byoc-verify',
    ]);
    await page.screenshot({ path: join(screenshotFolder(), 'status.png'), fullPage: true });

    // A reload keeps the tab's token; forgetting it asks again.
    await page.reload();
    await page.locator('#status').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Forget the token' }).click();
    await page.locator('#token-form').waitFor({ state: 'visible' });
    await expect(page.evaluate(() => sessionStorage.getItem('byoc-operator-token'))).resolves.toBeNull();
    expect(failures).toEqual([]);
    await page.close();
  },
);
