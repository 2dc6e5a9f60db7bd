import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchBrowser, screenshot, SCREENSHOT_DIR, startApp, type RunningApp } from './harness.js';
import { FFMPEG } from './media-tools.js';

const chromiumPath = findChromium();

type ApiProject = {
  id: string;
  resolution_width: number;
  resolution_height: number;
  segments: { id: string; audio_file: string | null }[];
};

describe.skipIf(!chromiumPath)('output formats, in Chromium', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'storyflow-e2e-formats-'));
  const api = async <T>(p: string, init?: RequestInit): Promise<T> => (await (await fetch(app.apiUrl + p, init)).json()) as T;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser(chromiumPath ?? '');
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // A landscape and a portrait picture: both must fill the vertical frame.
    await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#0f766e' } }).jpeg().toFile(path.join(files, 'wide.jpg'));
    await sharp({ create: { width: 700, height: 1200, channels: 3, background: '#b45309' } }).jpeg().toFile(path.join(files, 'tall.jpg'));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    fs.rmSync(files, { recursive: true, force: true });
    if (app) fs.rmSync(app.dataDir, { recursive: true, force: true });
  });

  it('switches a project to 9:16, renders it and plays a 1080×1920 video', async () => {
    try {
      const project = await api<ApiProject>('/api/projects/import/', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Vertical', format: 'text', raw_text: 'Text: Up the hill.\n---\nText: And down again.' }),
      });
      for (const [i, name] of ['wide.jpg', 'tall.jpg'].entries()) {
        const form = new FormData();
        form.append('image', new Blob([fs.readFileSync(path.join(files, name))], { type: 'image/jpeg' }), name);
        await fetch(`${app.apiUrl}/api/segments/${project.segments[i]?.id ?? ''}/upload-image/`, { method: 'POST', body: form });
      }

      await page.goto(`${app.url}/projects/${project.id}`);
      await page.getByRole('button', { name: 'Generate all audio' }).click();
      await expect
        .poll(async () => (await api<ApiProject>(`/api/projects/${project.id}/`)).segments.every((s) => s.audio_file !== null), { timeout: 120_000 })
        .toBe(true);

      const format = page.getByRole('radiogroup', { name: 'Format' }).getByRole('radio', { name: /^9:16/ });
      await format.click();
      await expect.poll(() => format.getAttribute('aria-checked')).toBe('true');
      await expect
        .poll(async () => {
          const p = await api<ApiProject>(`/api/projects/${project.id}/`);
          return `${p.resolution_width}x${p.resolution_height}`;
        })
        .toBe('1080x1920');
      await screenshot(page, 'editor-format-9x16');

      await page.getByRole('button', { name: 'Export Video' }).click();
      await page.getByRole('button', { name: 'Download Video' }).waitFor({ timeout: 300_000 });
      const video = page.locator('video').first();
      await expect.poll(() => video.evaluate((v) => (v as HTMLVideoElement).readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
      expect(await video.evaluate((v) => [(v as HTMLVideoElement).videoWidth, (v as HTMLVideoElement).videoHeight])).toEqual([1080, 1920]);
      await video.evaluate((v) => (v as HTMLVideoElement).play());
      await expect.poll(() => video.evaluate((v) => (v as HTMLVideoElement).currentTime)).toBeGreaterThan(0);
      await screenshot(page, 'editor-video-9x16');

      // Keep a decoded frame of each segment for people to look at.
      const mp4 = path.join(app.dataDir, 'media', 'projects', project.id, 'output', 'final.mp4');
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      execFileSync(FFMPEG, ['-v', 'error', '-y', '-ss', '0.5', '-i', mp4, '-frames:v', '1', '-vf', 'scale=270:480', path.join(SCREENSHOT_DIR, 'frame-9x16.png')]);
    } catch (err) {
      await screenshot(page, 'failure-formats');
      throw err;
    }
  });
});
