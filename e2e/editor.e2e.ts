import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchBrowser, screenshot, startApp, type RunningApp } from './harness.js';

const chromiumPath = findChromium();

type ApiSegment = { id: string; text_content: string; audio_file: string | null };
type ApiProject = { id: string; title: string; segments: ApiSegment[] };

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe.skipIf(!chromiumPath)('the editor keeps text, names itself and fits a phone', () => {
  let app: RunningApp;
  let browser: Browser;
  let project: ApiProject;

  const api = async <T>(p: string, init?: RequestInit): Promise<T> =>
    (await (await fetch(app.apiUrl + p, { headers: { 'Content-Type': 'application/json' }, ...init })).json()) as T;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser(chromiumPath ?? '');
    project = await api<ApiProject>('/api/projects/import/', {
      method: 'POST',
      body: JSON.stringify({ format: 'text', title: 'The Lighthouse Keeper', raw_text: 'Text: One.\n---\nText: Two.' }),
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function open(width: number, height: number): Promise<Page> {
    return browser.newPage({ viewport: { width, height } });
  }

  it('titles the dashboard and the editor and serves a favicon', async () => {
    const page = await open(1440, 900);
    try {
      await page.goto(app.url);
      expect(await page.title()).toBe('StoryFlow');
      const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
      const res = await fetch(new URL(icon ?? '', app.url));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('image/svg+xml');

      await page.goto(`${app.url}/projects/${project.id}`);
      await expect.poll(() => page.title()).toBe('The Lighthouse Keeper — StoryFlow');
    } finally {
      await page.close();
    }
  });

  it('keeps narration typed 200 ms before a reload, after warning', async () => {
    const page = await open(1440, 900);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    try {
      await page.goto(`${app.url}/projects/${project.id}`);
      const narration = page.getByLabel('Narration').first();
      await narration.fill('');
      await narration.pressSequentially('Typed just before leaving');
      await page.waitForTimeout(200); // well inside the 800 ms autosave pause
      await page.reload();
      expect(dialogs).toContain('beforeunload');
      await expect
        .poll(async () => (await api<ApiProject>(`/api/projects/${project.id}/`)).segments[0]?.text_content)
        .toBe('Typed just before leaving');
      await expect.poll(() => page.getByLabel('Narration').first().inputValue()).toBe('Typed just before leaving');
    } finally {
      await page.close();
    }
  });

  it('fits 390 px: no sideways scroll, and a rendered project\'s footer controls apart', async () => {
    // The crowded footer (audio summary beside Download Video) only exists once a video is made.
    const phone = await api<ApiProject>('/api/projects/import/', {
      method: 'POST',
      body: JSON.stringify({ format: 'text', title: 'Harbour', raw_text: 'Text: The boats came home.' }),
    });
    const jpeg = await sharp({ create: { width: 320, height: 180, channels: 3, background: '#1d4ed8' } }).jpeg().toBuffer();
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'scene.jpg');
    await fetch(`${app.apiUrl}/api/segments/${phone.segments[0]?.id ?? ''}/upload-image/`, { method: 'POST', body: form });

    const page = await open(390, 844);
    try {
      const scrollsSideways = () => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      await page.goto(app.url);
      await page.getByText('The Lighthouse Keeper').first().waitFor();
      await screenshot(page, 'phone-dashboard');
      expect(await scrollsSideways()).toBe(false);

      await page.goto(`${app.url}/projects/${phone.id}`);
      await page.getByRole('button', { name: 'Generate all audio' }).click();
      await expect
        .poll(async () => (await api<ApiProject>(`/api/projects/${phone.id}/`)).segments[0]?.audio_file ?? null, { timeout: 120_000 })
        .not.toBeNull();
      await page.getByRole('button', { name: 'Export Video' }).click();
      await page.getByRole('button', { name: 'Download Video' }).waitFor({ timeout: 300_000 });
      await screenshot(page, 'phone-editor');
      expect(await scrollsSideways()).toBe(false);

      // The two control groups (a split button's halves touch by design, so compare groups).
      const groups = await page.locator('footer [data-testid="generate-all-audio"], footer [data-slot="render-button"]').evaluateAll((els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        }),
      );
      expect(groups).toHaveLength(2);
      const [audio, exportControls] = groups as [Box, Box];
      expect(overlaps(audio, exportControls)).toBe(false);
      for (const b of groups) expect(b.x + b.width).toBeLessThanOrEqual(390);
    } finally {
      await page.close();
    }
  });
});
