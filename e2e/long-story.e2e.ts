import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchBrowser, screenshot, startApp, type RunningApp } from './harness.js';

const chromiumPath = findChromium();
const SEGMENTS = 60;

type ApiSegment = { id: string; text_content: string };
type ApiProject = { id: string; segments: ApiSegment[] };

/** SPEC §7.8 in the real app: a long story's timeline is virtualised and loses no text. */
describe.skipIf(!chromiumPath)('a long story in the editor', () => {
  let app: RunningApp;
  let browser: Browser;
  let project: ApiProject;

  const api = async <T>(p: string, init?: RequestInit): Promise<T> => (await (await fetch(app.apiUrl + p, init)).json()) as T;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser(chromiumPath ?? '');
    const raw = Array.from({ length: SEGMENTS }, (_, i) => `Text: Part ${i + 1}.`).join('\n---\n');
    project = await api<ApiProject>('/api/projects/import/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ format: 'text', title: 'A long story', raw_text: raw }),
    });
    // The first card's picture: a transparent PNG, which the card must show on the render's white.
    const png = await sharp({ create: { width: 800, height: 450, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'cut-out.png');
    await fetch(`${app.apiUrl}/api/segments/${project.segments[0]?.id ?? ''}/upload-image/`, { method: 'POST', body: form });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('mounts a window of cards, shows thumbnails, and keeps text typed in the last card over a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const requested: string[] = [];
    page.on('request', (req) => requested.push(new URL(req.url()).pathname));
    // Leaving with unsaved text asks the browser to warn: the user says leave.
    page.on('dialog', (dialog) => void dialog.accept());
    try {
      await page.goto(`${app.url}/projects/${project.id}`);
      await page.getByRole('article', { name: 'Segment 1' }).waitFor();
      const mountedAtOpen = await page.getByTestId('segment-card').count();
      expect(mountedAtOpen).toBeGreaterThan(0);
      expect(mountedAtOpen).toBeLessThan(15);

      // The card shows the server's thumbnail, flattened on white like the render, never the original.
      const picture = page.getByRole('article', { name: 'Segment 1' }).getByAltText('Segment image').first();
      await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
      expect(await picture.getAttribute('src')).toMatch(/^\/api\/segments\/[^/]+\/thumbnail\.webp\?w=\d+/);
      expect(requested.some((p) => p.includes('/images/'))).toBe(false);
      const thumbnail = await (await fetch(new URL((await picture.getAttribute('src')) ?? '', app.url))).arrayBuffer();
      const { data } = await sharp(Buffer.from(thumbnail)).raw().toBuffer({ resolveWithObject: true });
      expect([data[0], data[1], data[2]]).toEqual([255, 255, 255]);

      // Scroll to the very end with the wheel, as a user would.
      const last = page.getByRole('article', { name: `Segment ${SEGMENTS}` });
      while ((await last.count()) === 0) await page.mouse.wheel(0, 2000);
      expect(await page.getByRole('article', { name: 'Segment 1' }).count()).toBe(0);
      expect(await page.getByTestId('segment-card').count()).toBeLessThan(15);

      const narration = last.getByLabel('Narration');
      await narration.scrollIntoViewIfNeeded();
      await narration.click();
      await narration.press('End');
      await narration.pressSequentially(' The end.');
      await page.waitForTimeout(200); // inside the autosave pause: the reload must still keep it
      await page.reload();
      await expect
        .poll(async () => (await api<ApiProject>(`/api/projects/${project.id}/`)).segments.at(-1)?.text_content)
        .toBe(`Part ${SEGMENTS}. The end.`);

      // Back in the reloaded editor: jump straight to the last segment and find the text there.
      await page.getByRole('spinbutton', { name: 'Go to segment' }).fill(String(SEGMENTS));
      await page.getByRole('button', { name: 'Go', exact: true }).click();
      const reloaded = page.getByRole('article', { name: `Segment ${SEGMENTS}` }).getByLabel('Narration');
      await expect.poll(() => reloaded.inputValue()).toBe(`Part ${SEGMENTS}. The end.`);
      await expect.poll(() => reloaded.evaluate((el) => el === document.activeElement)).toBe(true);
      await screenshot(page, 'long-story-end');
    } finally {
      await page.close();
    }
  });

  it("serves the editor's scripts compressed at build time, each marked for eager compilation (issue 14)", async () => {
    const page = await browser.newPage();
    const scripts: { url: string; encoding: string | undefined }[] = [];
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script') scripts.push({ url: res.url(), encoding: res.headers()['content-encoding'] });
    });
    try {
      await page.goto(`${app.url}/projects/${project.id}`);
      await page.getByRole('article', { name: 'Segment 1' }).waitFor();
      // The first-load scripts are the <script src> tags the server sent, less the polyfills
      // for browsers without modules (never loaded here); chunks loaded later (the sidebar's
      // panels, dialogs) get no hint.
      const html = await (await fetch(`${app.url}/projects/${project.id}`)).text();
      const tagged = [...html.matchAll(/<script src="([^"]+)"[^>]*>/g)]
        .filter((m) => !/nomodule/i.test(m[0]))
        .map((m) => new URL(m[1]!, app.url).href);
      expect(tagged.length).toBeGreaterThan(3);
      for (const url of tagged) {
        const served = scripts.find((s) => s.url === url);
        expect(served?.encoding, url).toBe('br');
        // The browser decoded it: the text starts with V8's compile hint.
        const text = await page.evaluate(async (src) => (await fetch(src)).text(), url);
        expect(text.startsWith('//# allFunctionsCalledOnLoad\n'), url).toBe(true);
      }
    } finally {
      await page.close();
    }
  });
});
