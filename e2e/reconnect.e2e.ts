import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchBrowser, screenshot, startApp, type RunningApp } from './harness.js';

const chromiumPath = findChromium();

type ApiSegment = { id: string; text_content: string };
type ApiProject = { id: string; title: string; segments: ApiSegment[] };

describe.skipIf(!chromiumPath)('the page outlives the API server', () => {
  let app: RunningApp;
  let browser: Browser;
  let project: ApiProject;

  const api = async <T>(p: string, init?: RequestInit): Promise<T> =>
    (await (await fetch(app.apiUrl + p, { headers: { 'Content-Type': 'application/json' }, ...init })).json()) as T;
  const savedText = async (index: number) =>
    (await api<ApiProject>(`/api/projects/${project.id}/`)).segments[index]?.text_content;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser(chromiumPath ?? '');
    project = await api<ApiProject>('/api/projects/import/', {
      method: 'POST',
      body: JSON.stringify({ format: 'text', title: 'The Night Ferry', raw_text: 'Text: One.\n---\nText: Two.' }),
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('says Reconnecting… while the API is stopped, keeps the edit, and saves it when the API is back', async () => {
    const page: Page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await page.goto(`${app.url}/projects/${project.id}`);
      const narration = page.getByLabel('Narration').first();
      await narration.waitFor();

      await app.stopApi();
      // The web server still serves pages with the API gone.
      expect((await fetch(app.url)).status).toBe(200);

      await narration.fill('Written while the API was down');
      await page.getByText('Reconnecting…').waitFor();
      await screenshot(page, 'reconnecting-1440');
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'reconnecting-390');
      await page.setViewportSize({ width: 1440, height: 900 });
      expect(await narration.inputValue()).toBe('Written while the API was down');

      await app.startApi();
      // No reload: the banner goes by itself and the waiting autosave lands.
      await page.getByText('Reconnecting…').waitFor({ state: 'detached' });
      await expect.poll(() => savedText(0), { timeout: 30_000 }).toBe('Written while the API was down');
      await expect
        .poll(() => page.locator('[data-save-status]').first().getAttribute('data-save-status'), { timeout: 30_000 })
        .toBe('saved');

      await page.reload();
      await expect
        .poll(() => page.getByLabel('Narration').first().inputValue(), { timeout: 30_000 })
        .toBe('Written while the API was down');
    } finally {
      await page.close();
    }
  });

  it('recovers by itself when the API crashes and the launcher restarts it', async () => {
    const page: Page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await page.goto(`${app.url}/projects/${project.id}`);
      const second = page.getByLabel('Narration').nth(1);
      await second.waitFor();
      app.crashApi();
      await second.fill('Typed across a crash');
      // Saved without any step of ours: the API came back on its own and the autosave went through.
      await expect.poll(() => savedText(1), { timeout: 60_000 }).toBe('Typed across a crash');
      await page.getByText('Reconnecting…').waitFor({ state: 'detached' });
      await page.reload();
      await expect
        .poll(() => page.getByLabel('Narration').nth(1).inputValue(), { timeout: 30_000 })
        .toBe('Typed across a crash');
    } finally {
      await page.close();
    }
  });
});
