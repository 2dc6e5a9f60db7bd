import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchBrowser, screenshot, startApp, type RunningApp } from './harness.js';

const chromiumPath = findChromium();

const STORY = [
  'Text: The lighthouse keeper had not seen a ship in forty years.',
  'Prompt: a lonely lighthouse at dusk, oil painting',
  '---',
  'Text: Then, one night, a light answered his.',
  'Prompt: a distant ship lantern on a black sea',
  '---',
  'Text: He climbed the stairs and waved his lamp until dawn.',
  'Prompt: an old man waving a lamp at sunrise',
].join('\n');

type ApiSegment = { id: string; image_file: string | null; audio_file: string | null; audio_duration: number | null };
type ApiProject = { id: string; title: string; status: string; framerate: number; segment_pause_seconds: number; segments: ApiSegment[] };

describe.skipIf(!chromiumPath)('a story, end to end in Chromium', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let projectUrl = '';
  const imagesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'storyflow-e2e-images-'));

  const api = async <T>(p: string): Promise<T> => (await (await fetch(app.apiUrl + p)).json()) as T;
  const projectId = () => projectUrl.split('/').pop() ?? '';

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser(chromiumPath ?? '');
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    const sizes: [number, number, string][] = [
      [1600, 900, '#1d4ed8'],
      [800, 1200, '#b45309'],
      [1000, 1000, '#047857'],
    ];
    for (const [i, [w, h, colour]] of sizes.entries()) {
      await sharp({ create: { width: w, height: h, channels: 3, background: colour } })
        .jpeg()
        .toFile(path.join(imagesDir, `scene-${i + 1}.jpg`));
    }
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    fs.rmSync(imagesDir, { recursive: true, force: true });
    if (app) fs.rmSync(app.dataDir, { recursive: true, force: true });
  });

  it('imports a text story, takes three images and keeps them after a reload', async () => {
    try {
      await page.goto(app.url);
      await page.getByRole('button', { name: 'Import story' }).first().click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Project title').fill('The Lighthouse Keeper');
      await dialog.getByLabel('Script').fill(STORY);
      await dialog.getByRole('button', { name: 'Import story' }).click();
      await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
      projectUrl = page.url();

      const cards = page.getByTestId('segment-card');
      await expect.poll(() => cards.count()).toBe(3);
      for (let i = 0; i < 3; i++) {
        await cards.nth(i).getByTestId('image-file-input').setInputFiles(path.join(imagesDir, `scene-${i + 1}.jpg`));
      }
      await expect.poll(async () => (await api<ApiProject>(`/api/projects/${projectId()}/`)).segments.filter((s) => s.image_file).length).toBe(3);

      await page.reload();
      await expect.poll(() => cards.count()).toBe(3);
      await expect.poll(() => page.locator('[data-testid="segment-card"] img[alt="Segment image"]').count()).toBe(3);
      await expect(page.getByText('Then, one night, a light answered his.')).toBeDefined();
      const texts = await page.locator('[data-testid="segment-card"] textarea').evaluateAll((els) =>
        els.map((e) => (e as HTMLTextAreaElement).value),
      );
      expect(texts).toContain('The lighthouse keeper had not seen a ship in forty years.');
      expect(texts).toContain('He climbed the stairs and waved his lamp until dawn.');
      await screenshot(page, 'editor-with-images');
    } catch (err) {
      await screenshot(page, 'failure-import');
      throw err;
    }
  });

  it('generates all audio and plays one segment', async () => {
    try {
      await page.getByRole('button', { name: 'Generate all audio' }).click();
      await expect
        .poll(async () => (await api<ApiProject>(`/api/projects/${projectId()}/`)).segments.filter((s) => s.audio_file).length, {
          timeout: 120_000,
        })
        .toBe(3);
      const play = page.getByRole('button', { name: /^Play segment/ }).first();
      await play.waitFor({ timeout: 60_000 });
      await play.click();
      await expect.poll(() => page.locator('audio').first().evaluate((a) => (a as HTMLAudioElement).currentTime)).toBeGreaterThan(0);
      await screenshot(page, 'editor-with-audio');
    } catch (err) {
      await screenshot(page, 'failure-audio');
      throw err;
    }
  });

  it('exports the video with live progress, plays, downloads, re-renders and shows on the dashboard', async () => {
    try {
      const id = projectId();
      const before = await api<ApiProject>(`/api/projects/${id}/`);
      // SPEC §7.2: each narration padded to whole frames, plus the pause between segments.
      const narrationSeconds = before.segments.reduce((sum, s) => sum + (s.audio_duration ?? 0), 0);
      const expectedSeconds = narrationSeconds + (before.segments.length - 1) * before.segment_pause_seconds;
      const paddingSeconds = before.segments.length / before.framerate;

      await page.getByRole('button', { name: 'Export Video' }).click();
      // The page polls every 3 s: collect what the progress bar shows across polls.
      const shown: number[] = [];
      let rendering = true;
      for (let i = 0; i < 600 && rendering; i++) {
        const label = await page.getByText(/Segment \d+\/\d+ \(\d+%\)/).first().textContent({ timeout: 500 }).catch(() => null);
        const match = label?.match(/\((\d+)%\)/);
        if (match) {
          const pct = Number(match[1]);
          if (shown.at(-1) !== pct) shown.push(pct);
          if (shown.length === 2) await screenshot(page, 'editor-rendering');
        }
        rendering = (await page.getByRole('button', { name: 'Download Video' }).count()) === 0;
        await page.waitForTimeout(250);
      }
      expect(rendering).toBe(false);
      expect(shown.length).toBeGreaterThanOrEqual(2);
      expect(shown).toEqual([...shown].sort((a, b) => a - b));

      const video = page.locator('video');
      await expect.poll(() => video.evaluate((v) => (v as HTMLVideoElement).readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
      const duration = await video.evaluate((v) => (v as HTMLVideoElement).duration);
      expect(duration - expectedSeconds).toBeGreaterThanOrEqual(-0.05);
      expect(duration - expectedSeconds).toBeLessThanOrEqual(paddingSeconds + 0.05);
      await screenshot(page, 'editor-completed');

      const downloadPromise = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Download Video' }).click();
      const download = await downloadPromise;
      const saved = path.join(imagesDir, 'downloaded.mp4');
      await download.saveAs(saved);
      const onServer = path.join(app.dataDir, 'media', 'projects', id, 'output', 'final.mp4');
      expect(fs.readFileSync(saved).equals(fs.readFileSync(onServer))).toBe(true);
      expect(download.suggestedFilename()).toMatch(/\.mp4$/);

      const firstSrc = await video.evaluate((v) => (v as HTMLVideoElement).currentSrc);
      const firstRenderedAt = (await api<{ output?: { rendered_at: string } }>(`/api/projects/${id}/status/`)).output?.rendered_at;
      await page.getByRole('button', { name: 'More export options' }).click();
      await page.getByRole('menuitem', { name: 'Re-Render' }).click();
      await expect
        .poll(async () => (await api<{ output?: { rendered_at: string } }>(`/api/projects/${id}/status/`)).output?.rendered_at, {
          timeout: 300_000,
        })
        .not.toBe(firstRenderedAt);
      await page.getByRole('button', { name: 'Download Video' }).waitFor({ timeout: 30_000 });
      // The preview reloads the new file: same path, new cache-busting query.
      await expect.poll(() => page.locator('video').evaluate((v) => (v as HTMLVideoElement).currentSrc), { timeout: 30_000 }).not.toBe(firstSrc);
      await expect.poll(() => page.locator('video').evaluate((v) => (v as HTMLVideoElement).readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);

      await page.goto(app.url);
      const card = page.getByTestId('project-card').filter({ hasText: 'The Lighthouse Keeper' });
      await card.locator('[data-status="COMPLETED"]').first().waitFor();
      await screenshot(page, 'dashboard');
      await card.getByRole('link', { name: /Watch/ }).click();
      await page.waitForURL(new RegExp(`/projects/${id}`));
      await page.locator('video').waitFor();
      await screenshot(page, 'dashboard-watch');
    } catch (err) {
      await screenshot(page, 'failure-export');
      throw err;
    }
  });

  it('keeps the story, its media and its video across a restart of StoryFlow', async () => {
    const id = projectId();
    await app.stop();
    app = await startApp(app.dataDir);
    try {
      await page.goto(`${app.url}/projects/${id}`);
      await expect.poll(() => page.getByTestId('segment-card').count(), { timeout: 30_000 }).toBe(3);
      await expect.poll(() => page.locator('[data-testid="segment-card"] img[alt="Segment image"]').count()).toBe(3);
      await expect.poll(() => page.getByRole('button', { name: /^Play segment/ }).count()).toBe(3);
      await page.getByRole('button', { name: 'Download Video' }).waitFor({ timeout: 30_000 });
      await expect.poll(() => page.locator('video').evaluate((v) => (v as HTMLVideoElement).readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    } catch (err) {
      await screenshot(page, 'failure-restart');
      throw err;
    }
  });
});
