import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.js';
import { findChromium, launchBrowser, screenshot, SCREENSHOT_DIR, startApp, type RunningApp } from './harness.js';

const chromiumPath = findChromium();

type ApiCaptions = { enabled: boolean; style: string; position: string; size: number; font: string };
type ApiProject = { id: string; captions: ApiCaptions; segments: { id: string; audio_file: string | null }[] };

const NARRATION = ['The keeper climbed the stairs at dusk.', 'The lamp turned all night over the grey sea.'];

/** The serious and critical axe-core violations inside the Captions panel as it is now. */
const panelViolations = (page: Page) => seriousViolations(page, '[data-testid="captions-settings"]');

/**
 * The whole panel for people to look at: the editor's sidebar scrolls on its own, so the
 * page is made tall enough to hold it, then the page and the panel alone are saved.
 */
async function panelScreenshot(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
  const panel = page.getByTestId('captions-settings');
  const height = await panel.evaluate((el) => el.getBoundingClientRect().height);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(height) + 400) });
  try {
    await panel.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, name);
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await panel.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-panel.png`) });
  } finally {
    await page.setViewportSize(viewport);
  }
}

describe.skipIf(!chromiumPath)('the Captions panel, in Chromium', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let project: ApiProject;

  const api = async <T>(p: string, init?: RequestInit): Promise<T> =>
    (await (await fetch(app.apiUrl + p, { headers: { 'Content-Type': 'application/json' }, ...init })).json()) as T;
  const stored = async () => (await api<ApiProject>(`/api/projects/${project.id}/`)).captions;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser(chromiumPath ?? '');
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    project = await api<ApiProject>('/api/projects/import/', {
      method: 'POST',
      body: JSON.stringify({ title: 'The Lighthouse', format: 'text', raw_text: NARRATION.map((t) => `Text: ${t}`).join('\n---\n') }),
    });
    // The smallest offered frame and the fastest quality: the render only has to carry a track.
    await api(`/api/projects/${project.id}/`, {
      method: 'PATCH',
      body: JSON.stringify({ resolution_width: 1280, resolution_height: 720, quality: 'draft', framerate: 24, captions: { enabled: false } }),
    });
    for (const [i, background] of ['#1e3a8a', '#7c2d12'].entries()) {
      const jpeg = await sharp({ create: { width: 640, height: 360, channels: 3, background } }).jpeg().toBuffer();
      const form = new FormData();
      form.append('image', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'scene.jpg');
      await fetch(`${app.apiUrl}/api/segments/${project.segments[i]?.id ?? ''}/upload-image/`, { method: 'POST', body: form });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('turns captions on, picks a style and a position, renders, and plays the captions as a track', async () => {
    try {
      await page.goto(`${app.url}/projects/${project.id}`);
      const panel = page.getByTestId('captions-settings');
      const enabled = panel.getByLabel('Show captions in the video');
      await enabled.waitFor();
      expect(await enabled.isChecked()).toBe(false);
      expect(await panel.getByLabel('Size').isDisabled()).toBe(true);
      expect(await panelViolations(page)).toEqual([]);

      await enabled.check();
      await expect.poll(async () => (await stored()).enabled).toBe(true);
      await panel.getByRole('radio', { name: 'Punchy' }).check();
      // The position radios are drawn as buttons: the label is what a pointer clicks.
      await panel.locator('label', { hasText: /^Top$/ }).click();
      await expect.poll(async () => {
        const c = await stored();
        return `${c.style} ${c.position}`;
      }).toBe('punchy top');
      expect(await panel.getByRole('radio', { name: 'Top' }).isChecked()).toBe(true);
      expect(await panel.getByLabel('Words per caption').locator('option').count()).toBe(3);

      await page.getByRole('button', { name: 'Generate all audio' }).click();
      await expect
        .poll(async () => (await api<ApiProject>(`/api/projects/${project.id}/`)).segments.every((s) => s.audio_file !== null), { timeout: 120_000 })
        .toBe(true);
      // A segment with speech is offered for the still, first one first.
      await expect.poll(() => panel.getByLabel('Preview segment').inputValue()).toBe(project.segments[0]?.id);

      expect(await panelViolations(page)).toEqual([]);
      await panelScreenshot(page, 'captions-panel-1440');

      const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
      try {
        await phone.goto(`${app.url}/projects/${project.id}`);
        const phonePanel = phone.getByTestId('captions-settings');
        await phonePanel.getByRole('radio', { name: 'Punchy' }).waitFor();
        expect(await phonePanel.getByRole('radio', { name: 'Punchy' }).isChecked()).toBe(true);
        expect(await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
        expect(await panelViolations(phone)).toEqual([]);
        await panelScreenshot(phone, 'captions-panel-390');
      } finally {
        await phone.close();
      }

      await page.getByRole('button', { name: 'Export Video' }).click();
      await page.getByRole('button', { name: 'Download Video' }).waitFor({ timeout: 300_000 });
      const video = page.locator('video').first();
      const track = video.locator('track[kind="captions"]');
      expect(await track.count()).toBe(1);
      // HTMLTrackElement.LOADED: the browser fetched and parsed final.vtt.
      await expect.poll(() => track.evaluate((t) => (t as HTMLTrackElement).readyState), { timeout: 30_000 }).toBe(2);
      const cues = await video.evaluate((v) => Array.from((v as HTMLVideoElement).textTracks[0]?.cues ?? [], (c) => (c as VTTCue).text));
      expect(cues.length).toBeGreaterThan(0);
      // Punchy: at most three words on screen, and together the cues say the whole narration.
      for (const cue of cues) expect(cue.split(/\s+/).length).toBeLessThanOrEqual(3);
      const words = (text: string) => text.toLowerCase().replace(/[^a-z\s]/g, '').split(/\s+/).filter(Boolean);
      expect(words(cues.join(' '))).toEqual(words(NARRATION.join(' ')));
      await screenshot(page, 'captions-rendered');
    } catch (err) {
      await screenshot(page, 'failure-captions');
      throw err;
    }
  });

  // Needs GET/POST /api/fonts/ from the captions-engine branch (merged here).
  it('lists the bundled fonts and refuses a file that is not a font with a toast, keeping the chosen font', async () => {
    try {
      const panel = page.getByTestId('captions-settings');
      const font = panel.getByLabel('Font', { exact: true });
      const bundled = font.locator('optgroup[label="Included with StoryFlow"] option');
      await expect.poll(() => bundled.count(), { timeout: 30_000 }).toBeGreaterThan(0);
      expect(await bundled.allTextContents()).toContainEqual(expect.stringMatching(/^Noto Sans \(.*Latin/));
      const chosen = await font.inputValue();

      await panel.getByLabel('Font file').setInputFiles({ name: 'page.ttf', mimeType: 'font/ttf', buffer: Buffer.from('<html>not a font</html>') });
      await page.getByText('Could not add the font: The file is not a usable font').waitFor({ timeout: 30_000 });
      expect(await font.inputValue()).toBe(chosen);
      expect((await stored()).font).toBe(chosen);
      expect(await panel.getByRole('button', { name: 'Upload font…' }).isEnabled()).toBe(true);
    } catch (err) {
      await screenshot(page, 'failure-captions-fonts');
      throw err;
    }
  });

  // Needs GET /api/segments/{id}/preview.jpg from the captions-engine branch (merged here).
  it('draws the still of the first segment with speech, and draws it again when a setting changes', async () => {
    try {
      const panel = page.getByTestId('captions-settings');
      await panel.scrollIntoViewIfNeeded();
      const still = panel.getByRole('img', { name: /with its caption$/ });
      const loaded = () => still.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0);
      await expect.poll(loaded, { timeout: 60_000 }).toBe(true);
      const first = await still.evaluate((img) => ({ src: (img as HTMLImageElement).src, w: (img as HTMLImageElement).naturalWidth, h: (img as HTMLImageElement).naturalHeight }));
      expect(new URL(first.src).pathname).toBe(`/api/segments/${project.segments[0]?.id ?? ''}/preview.jpg`);
      // The project's 16:9 frame, at whatever size the server draws it.
      expect(Math.abs(first.w / first.h - 16 / 9)).toBeLessThan(0.02);
      const answer = await fetch(first.src);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toContain('image/jpeg');

      await panel.locator('label', { hasText: /^Bottom$/ }).click();
      await expect.poll(() => still.getAttribute('src'), { timeout: 10_000 }).not.toBe(first.src);
      await expect.poll(loaded, { timeout: 60_000 }).toBe(true);
      expect(await panel.getByRole('alert').count()).toBe(0);
      await panelScreenshot(page, 'captions-preview-1440');
    } catch (err) {
      await screenshot(page, 'failure-captions-preview');
      throw err;
    }
  });
});
