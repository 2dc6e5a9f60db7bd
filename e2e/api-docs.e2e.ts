import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { findChromium, launchBrowser, screenshot, startApp, type RunningApp } from './harness.js';

const chromiumPath = findChromium();

describe.skipIf(!chromiumPath)('the API description in Chromium', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser(chromiumPath ?? '');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows /api/docs through the web server with every route, loading nothing from elsewhere', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (req) => requested.push(req.url()));
    const failed: string[] = [];
    page.on('requestfailed', (req) => failed.push(req.url()));

    const res = await page.goto(`${app.url}/api/docs`);
    expect(res?.status()).toBe(200);
    const operations = page.locator('.opblock-summary-path');
    await operations.first().waitFor();
    await screenshot(page, 'api-docs');

    // Swagger UI breaks long paths with zero-width spaces; data-path holds the path as written.
    const shown = new Set(await operations.evaluateAll((els) => els.map((el) => el.getAttribute('data-path'))));
    const spec = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as { paths: Record<string, object> };
    expect(Object.keys(spec.paths).length).toBeGreaterThan(10);
    expect(Object.keys(spec.paths).filter((path) => !shown.has(path))).toEqual([]);
    expect(requested.length).toBeGreaterThan(4);
    expect(requested.filter((url) => !url.startsWith(`${app.url}/`) && !url.startsWith('data:'))).toEqual([]);
    expect(failed).toEqual([]);
  });
});
