import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchBrowser, screenshot, startApp, type RunningApp } from './harness.js';

const chromiumPath = findChromium();

type ApiSegment = { id: string; text_content: string; image_file: string | null; audio_file: string | null; is_locked: boolean };
type ApiProject = { id: string; title: string; segments: ApiSegment[] };

/** Arranging the timeline (SPEC §7.8) in the real app: drag and drop, several images at once, undo. */
describe.skipIf(!chromiumPath)('arranging the timeline', () => {
  let app: RunningApp;
  let browser: Browser;

  const api = async <T>(p: string, init?: RequestInit): Promise<T> =>
    (await (await fetch(app.apiUrl + p, { headers: { 'Content-Type': 'application/json' }, ...init })).json()) as T;
  const projectNamed = (title: string, texts: string[]) =>
    api<ApiProject>('/api/projects/import/', {
      method: 'POST',
      body: JSON.stringify({ format: 'text', title, raw_text: texts.map((t) => `Text: ${t}`).join('\n---\n') }),
    });
  const read = (id: string) => api<ApiProject>(`/api/projects/${id}/`);
  const media = async (url: string) => {
    const res = await fetch(app.apiUrl + url);
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  /** The colour in the middle of an image the server stores, as [r, g, b]. */
  const middleColour = async (url: string) => {
    const { data, info } = await sharp((await media(url)).bytes).raw().toBuffer({ resolveWithObject: true });
    const at = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
    return [data[at], data[at + 1], data[at + 2]].map((v) => Math.round((v ?? 0) / 51) * 51);
  };

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser(chromiumPath ?? '');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  // Tall enough for four cards: a headless drag does not scroll the page while it moves.
  async function openEditor(projectId: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 2200 } });
    await page.goto(`${app.url}/projects/${projectId}`);
    await page.getByRole('article', { name: 'Segment 1' }).waitFor();
    return page;
  }
  const narrations = (page: Page) => page.getByLabel('Narration').evaluateAll((els) => els.map((el) => (el as HTMLTextAreaElement).value));

  it('drags the last segment to the top by its handle, and the order survives a reload', async () => {
    const project = await projectNamed('Dragging', ['One.', 'Two.', 'Three.', 'Four.']);
    const page = await openEditor(project.id);
    try {
      const handle = page.getByRole('article', { name: 'Segment 4' }).getByRole('button', { name: /^Drag to reorder segment 4/ });
      const from = await handle.boundingBox();
      const to = await page.getByRole('article', { name: 'Segment 1' }).boundingBox();
      if (!from || !to) throw new Error('the cards are not laid out');
      // A hand's drag: press, move past the drag threshold, travel in steps, release in the upper
      // half of the first card (the gap before it). One jump would never start a drag.
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(from.x + from.width / 2 + 6, from.y + from.height / 2 + 6, { steps: 5 });
      await page.mouse.move(to.x + 200, to.y + 12, { steps: 10 });
      await page.mouse.up();
      await expect.poll(() => narrations(page)).toEqual(['Four.', 'One.', 'Two.', 'Three.']);
      await page.getByText('Segment 4 moved to position 1').waitFor();
      await expect.poll(async () => (await read(project.id)).segments.map((s) => s.text_content)).toEqual(['Four.', 'One.', 'Two.', 'Three.']);

      await page.reload();
      await page.getByRole('article', { name: 'Segment 4' }).waitFor();
      expect(await narrations(page)).toEqual(['Four.', 'One.', 'Two.', 'Three.']);
      await screenshot(page, 'arrange-after-drag');
    } finally {
      await page.close();
    }
  });

  it('fills the dropped-on segment and the following ones with several images, passing over a locked one', async () => {
    const project = await projectNamed('Dropping', ['One.', 'Two.', 'Three.', 'Four.']);
    await api(`/api/segments/${project.segments[1]?.id ?? ''}/`, { method: 'PATCH', body: JSON.stringify({ is_locked: true }) });
    const colours = { red: [255, 0, 0], green: [0, 255, 0], blue: [0, 0, 255] } as const;
    const files = await Promise.all(
      Object.entries(colours).map(async ([name, [r, g, b]]) => ({
        name: `${name}.png`,
        base64: (await sharp({ create: { width: 64, height: 36, channels: 3, background: { r, g, b } } }).png().toBuffer()).toString('base64'),
      })),
    );
    const page = await openEditor(project.id);
    try {
      const zone = page.getByRole('article', { name: 'Segment 1' }).getByTestId('image-drop-zone');
      // Files from the desktop cannot be dragged in a headless browser; this is the drop it would make.
      const dataTransfer = await page.evaluateHandle((list) => {
        const dt = new DataTransfer();
        for (const { name, base64 } of list) {
          const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
          dt.items.add(new File([bytes], name, { type: 'image/png' }));
        }
        return dt;
      }, files);
      await zone.dispatchEvent('dragover', { dataTransfer });
      await zone.dispatchEvent('drop', { dataTransfer });

      await page.getByText('3 images added to segments 1–4').waitFor();
      await page.getByText('Skipped locked segment 2.').waitFor();
      const segments = (await read(project.id)).segments;
      expect(segments.map((s) => s.image_file !== null)).toEqual([true, false, true, true]);
      expect(await middleColour(segments[0]?.image_file ?? '')).toEqual(colours.red);
      expect(await middleColour(segments[2]?.image_file ?? '')).toEqual(colours.green);
      expect(await middleColour(segments[3]?.image_file ?? '')).toEqual(colours.blue);
      // And the cards show them without a reload.
      await expect.poll(() => page.locator('[data-testid="image-drop-zone"] img').count()).toBe(3);
      await screenshot(page, 'arrange-after-drop');
    } finally {
      await page.close();
    }
  });

  it('brings a deleted segment back with its image and audio when Undo is pressed', async () => {
    const project = await projectNamed('Undoing', ['The first line.', 'The line we delete.']);
    const target = project.segments[1]?.id ?? '';
    const jpeg = await sharp({ create: { width: 64, height: 36, channels: 3, background: '#1d4ed8' } }).jpeg().toBuffer();
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'scene.jpg');
    await fetch(`${app.apiUrl}/api/segments/${target}/upload-image/`, { method: 'POST', body: form });
    await api(`/api/projects/${project.id}/generate-all-audio/`, { method: 'POST', body: '{}' });
    await expect
      .poll(async () => (await read(project.id)).segments.every((s) => s.audio_file !== null), { timeout: 120_000 })
      .toBe(true);
    const before = (await read(project.id)).segments[1];
    const image = await media(before?.image_file ?? '');
    const audio = await media(before?.audio_file ?? '');
    expect([image.status, audio.status]).toEqual([200, 200]);

    const page = await openEditor(project.id);
    try {
      await page.getByRole('article', { name: 'Segment 2' }).getByRole('button', { name: 'Delete segment' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Delete segment' }).click();
      await page.getByText('Segment 2 deleted').waitFor();
      await expect.poll(async () => (await read(project.id)).segments.length).toBe(1);
      expect(await page.getByRole('article').count()).toBe(1);
      // While deleted, its files are not served.
      expect((await media(before?.image_file ?? '')).status).toBe(404);
      expect((await media(before?.audio_file ?? '')).status).toBe(404);

      await page.getByRole('button', { name: 'Undo' }).click();
      await page.getByText('Segment 2 restored').waitFor();
      const after = (await read(project.id)).segments;
      expect(after.map((s) => s.id)).toEqual(project.segments.map((s) => s.id));
      expect(after[1]).toMatchObject({ text_content: 'The line we delete.', image_file: before?.image_file, audio_file: before?.audio_file });
      expect((await media(after[1]?.image_file ?? '')).bytes.equals(image.bytes)).toBe(true);
      expect((await media(after[1]?.audio_file ?? '')).bytes.equals(audio.bytes)).toBe(true);
      // The card is back in the page with its image and its audio player.
      const card = page.getByRole('article', { name: 'Segment 2' });
      await expect.poll(() => card.getByLabel('Narration').inputValue()).toBe('The line we delete.');
      await expect.poll(() => card.locator('[data-testid="image-drop-zone"] img').count()).toBe(1);
      await expect.poll(() => card.locator('audio').count()).toBe(1);
      await screenshot(page, 'arrange-after-undo');
    } finally {
      await page.close();
    }
  });
});
