import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchBrowser, screenshot, startApp, type RunningApp } from './harness.js';
import { FFMPEG, FFPROBE } from './media-tools.js';

const chromiumPath = findChromium();

type ApiProject = {
  id: string;
  segments: { id: string; audio_file: string | null }[];
  music: { file: string; name: string } | null;
};

/** Integrated loudness and true peak of a file's audio, by ffmpeg's ebur128=peak=true. */
function loudness(file: string): { i: number; tp: number } {
  const run = spawnSync(FFMPEG, ['-hide_banner', '-nostats', '-i', file, '-map', '0:a:0', '-af', 'ebur128=peak=true:framelog=verbose', '-f', 'null', '-'], { encoding: 'utf8' });
  const summary = run.stderr.slice(run.stderr.lastIndexOf('Summary:'));
  return {
    i: Number(/^\s*I:\s+(-?[\d.]+) LUFS/m.exec(summary)?.[1]),
    tp: Number(/True peak:\s+Peak:\s+(-?[\d.]+) dBFS/m.exec(summary)?.[1]),
  };
}

describe.skipIf(!chromiumPath)('music under the narration, in Chromium', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'storyflow-e2e-music-'));
  const api = async <T>(p: string, init?: RequestInit): Promise<T> => (await (await fetch(app.apiUrl + p, init)).json()) as T;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser(chromiumPath ?? '');
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    execFileSync(FFMPEG, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=220:duration=4', '-f', 'lavfi', '-i', 'anoisesrc=d=4:c=pink:a=0.1', '-filter_complex', 'amix=inputs=2', '-ac', '2', '-c:a', 'libmp3lame', path.join(files, 'Harbour Lights.mp3')]);
    await sharp({ create: { width: 640, height: 360, channels: 3, background: '#1d4ed8' } }).jpeg().toFile(path.join(files, 'scene.jpg'));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    fs.rmSync(files, { recursive: true, force: true });
    if (app) fs.rmSync(app.dataDir, { recursive: true, force: true });
  });

  it('uploads music in the Music card, plays it, renders a video with it at −14 LUFS and plays the video', async () => {
    try {
      const project = await api<ApiProject>('/api/projects/import/', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Harbour', format: 'text', raw_text: 'Text: The boats came home as the lights came on.\nPrompt: a harbour at dusk' }),
      });
      const segmentId = project.segments[0]?.id ?? '';
      const form = new FormData();
      form.append('image', new Blob([fs.readFileSync(path.join(files, 'scene.jpg'))], { type: 'image/jpeg' }), 'scene.jpg');
      await fetch(`${app.apiUrl}/api/segments/${segmentId}/upload-image/`, { method: 'POST', body: form });

      await page.goto(`${app.url}/projects/${project.id}`);
      await page.getByRole('button', { name: 'Generate all audio' }).click();
      await expect
        .poll(async () => (await api<ApiProject>(`/api/projects/${project.id}/`)).segments[0]?.audio_file ?? null, { timeout: 120_000 })
        .not.toBeNull();

      const card = page.getByTestId('music-card');
      await card.getByLabel('Music file').setInputFiles(path.join(files, 'Harbour Lights.mp3'));
      await card.getByText('Harbour Lights.mp3').waitFor({ timeout: 60_000 });
      const stored = (await api<ApiProject>(`/api/projects/${project.id}/`)).music;
      expect(stored?.name).toBe('Harbour Lights.mp3');
      const player = card.getByLabel('Play Harbour Lights.mp3');
      await player.evaluate((a) => (a as HTMLAudioElement).play());
      await expect.poll(() => player.evaluate((a) => (a as HTMLAudioElement).currentTime)).toBeGreaterThan(0);
      await player.evaluate((a) => (a as HTMLAudioElement).pause());
      await screenshot(page, 'editor-with-music');

      await page.getByRole('button', { name: 'Export Video' }).click();
      await page.getByRole('button', { name: 'Download Video' }).waitFor({ timeout: 300_000 });
      const video = page.locator('video');
      await expect.poll(() => video.evaluate((v) => (v as HTMLVideoElement).readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
      await video.evaluate((v) => (v as HTMLVideoElement).play());
      await expect.poll(() => video.evaluate((v) => (v as HTMLVideoElement).currentTime)).toBeGreaterThan(0);

      const mp4 = path.join(app.dataDir, 'media', 'projects', project.id, 'output', 'final.mp4');
      const rate = execFileSync(FFPROBE, ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=sample_rate', '-of', 'csv=p=0', mp4], { encoding: 'utf8' }).trim();
      expect(rate).toBe('48000');
      const measured = loudness(mp4);
      expect(Math.abs(measured.i + 14)).toBeLessThanOrEqual(1);
      expect(measured.tp).toBeLessThanOrEqual(-1.5);
      await screenshot(page, 'editor-music-video');
    } catch (err) {
      await screenshot(page, 'failure-music');
      throw err;
    }
  });
});
