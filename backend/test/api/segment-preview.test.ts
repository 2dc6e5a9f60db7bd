/**
 * GET /api/segments/{id}/preview.jpg?t= (SPEC §7.3): the segment's frame at t with the
 * caption spoken then, drawn by the frame worker; bad t and unusable fonts are clear 4xx.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { setSegmentAudio } from '../../src/db/segments.js';
import { buildTestApp, LOCAL } from '../helper.js';
import { makeReadyProject } from '../fixtures/media.js';
import { expectFieldErrors } from './fixtures.js';

async function preparedSegment(app: App, words: string[]) {
  // 320×180 at 25 fps, one 2 s narration whose words start every 0.5 s from 0.5 s.
  const { project, segments } = await makeReadyProject(app, { segments: 1, seconds: 2, width: 320, height: 180, fps: 25 });
  const segment = segments[0]!;
  const timings = words.map((word, i) => ({ word, start: 0.5 + i * 0.5, end: 0.9 + i * 0.5 }));
  setSegmentAudio(app.ctx.db, segment.id, { file: segment.audio_file ?? '', durationSeconds: 2, wordTimings: timings });
  return { project, segment };
}

async function preview(app: App, segmentId: string, t: string) {
  return app.inject({ method: 'GET', url: `/api/segments/${segmentId}/preview.jpg?t=${t}`, headers: LOCAL });
}

/** Bright pixels in the lower half: the white caption text. */
async function captionPixels(jpeg: Buffer): Promise<number> {
  const { data, info } = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
  let n = 0;
  for (let i = (info.height / 2) * info.width; i < data.length; i++) if (data[i]! > 235) n += 1;
  return n;
}

describe('GET /api/segments/:id/preview.jpg', () => {
  it('draws the frame as a JPEG of the video size, with the caption only while its words are spoken', async () => {
    const app = await buildTestApp();
    const { project, segment } = await preparedSegment(app, ['Hello', 'there']);
    // The test project's picture is a dark solid: no white in it until a caption is drawn.
    await app.inject({ method: 'PATCH', url: `/api/projects/${project.id}/`, headers: LOCAL, payload: { captions: { size: 120 } } });
    const before = await preview(app, segment.id, '0.1');
    expect(before.statusCode).toBe(200);
    expect(before.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(before.rawPayload).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 320, 180]);
    expect(await captionPixels(before.rawPayload)).toBe(0);

    const during = await preview(app, segment.id, '0.7');
    expect(during.statusCode).toBe(200);
    expect(await captionPixels(during.rawPayload)).toBeGreaterThan(30);

    // Captions off: the same moment has no caption.
    await app.inject({ method: 'PATCH', url: `/api/projects/${project.id}/`, headers: LOCAL, payload: { captions: { enabled: false } } });
    expect(await captionPixels((await preview(app, segment.id, '0.7')).rawPayload)).toBe(0);
  });

  it('refuses a bad t with 400 naming the field, and an unknown segment with 404', async () => {
    const app = await buildTestApp();
    const { segment } = await preparedSegment(app, ['Hello']);
    for (const t of ['-1', 'soon', '2.5', '']) expectFieldErrors(await preview(app, segment.id, t), ['t']);
    expectFieldErrors(await app.inject({ method: 'GET', url: `/api/segments/${segment.id}/preview.jpg`, headers: LOCAL }), ['t']);
    const missing = await preview(app, 'no-such-segment', '0');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'segment_not_found' });
  });

  it('answers 400 caption_font when the font cannot draw the caption', async () => {
    const app = await buildTestApp();
    const { segment } = await preparedSegment(app, ['Azul', 'ⵜⴰ']);
    const res = await preview(app, segment.id, '0.6');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'caption_font', error: "The caption font has no glyphs for 'ⵜⴰ' — choose another font" });
  });
});
