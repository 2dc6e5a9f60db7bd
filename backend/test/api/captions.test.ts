import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CAPTIONS, type RenderStatusResponse } from '@storyflow/contract';
import type { App } from '../../src/app.js';
import { setSegmentAudio } from '../../src/db/segments.js';
import { buildTestApp, LOCAL } from '../helper.js';
import { makeReadyProject } from '../fixtures/media.js';
import { expectFieldReply } from './fixtures.js';

async function renderToEnd(app: App, id: string): Promise<RenderStatusResponse> {
  const started = await app.inject({ method: 'POST', url: `/api/projects/${id}/render/`, headers: LOCAL, payload: {} });
  expect(started.statusCode).toBe(202);
  for (let i = 0; i < 6000; i++) {
    const body = (await app.inject({ method: 'GET', url: `/api/projects/${id}/status/`, headers: LOCAL })).json<RenderStatusResponse>();
    if (body.status !== 'PROCESSING') return body;
    await sleep(20);
  }
  throw new Error('render did not finish');
}

/** Cue times (seconds) and text of an SRT or VTT file, read the way a player reads them. */
function cues(text: string): { start: number; end: number; text: string }[] {
  const seconds = (stamp: string): number => {
    const [h, m, s] = stamp.replace(',', '.').split(':');
    return Number(h) * 3600 + Number(m) * 60 + Number(s);
  };
  return text.split(/\n\n+/u).flatMap((block) => {
    const lines = block.split('\n').filter((l) => l !== '');
    const at = lines.findIndex((l) => l.includes(' --> '));
    if (at === -1) return [];
    const [a, b] = lines[at]!.split(' --> ');
    return [{ start: seconds(a!), end: seconds(b!), text: lines.slice(at + 1).join('\n') }];
  });
}

describe('captions written by the render', () => {
  it('writes final.srt and final.vtt at the narration offsets the video uses, aligning audio without word timings', async () => {
    const app = await buildTestApp();
    // Three 1 s narrations at 10 fps with the default 0.3 s pause: narrations start at frames 0, 13 and 26.
    const { project, segments } = await makeReadyProject(app, { segments: 3 });
    const timed = [
      [{ word: 'Segment', start: 0.1, end: 0.4 }, { word: 'one.', start: 0.5, end: 0.9 }],
      null,
      [{ word: 'Segment', start: 0.2, end: 0.5 }, { word: 'three.', start: 0.6, end: 0.9 }],
    ];
    for (const [i, s] of segments.entries()) {
      setSegmentAudio(app.ctx.db, s.id, { file: s.audio_file ?? '', durationSeconds: 1, wordTimings: timed[i] ?? null });
    }

    const done = await renderToEnd(app, project.id);
    expect(done.status).toBe('COMPLETED');
    expect(done.output?.captions).toEqual({
      srt_url: `/media/projects/${project.id}/output/final.srt`,
      vtt_url: `/media/projects/${project.id}/output/final.vtt`,
      // Segment 2's audio had no timings: they were found by alignment (caption-alignment.test.ts).
      skipped_segments: [],
    });
    const dir = path.join(app.ctx.config.mediaDir, 'projects', project.id, 'output');
    const expected = [
      { start: 0.1, end: 0.9, text: 'Segment one.' },
      { start: 2.8, end: 3.5, text: 'Segment three.' },
    ];
    const srt = fs.readFileSync(path.join(dir, 'final.srt'), 'utf8');
    const vtt = fs.readFileSync(path.join(dir, 'final.vtt'), 'utf8');
    expect(vtt.startsWith('WEBVTT\n')).toBe(true);
    for (const file of [srt, vtt]) {
      const all = cues(file);
      // The aligned segment's cue lies inside its narration (1.3–2.3 s); its tone is no speech, so no finer claim.
      const aligned = all.filter((c) => c.text === 'Segment 2');
      expect(aligned).toHaveLength(1);
      expect(aligned[0]!.start).toBeGreaterThanOrEqual(1.3);
      expect(aligned[0]!.end).toBeLessThanOrEqual(2.3);
      const read = all.filter((c) => c.text !== 'Segment 2');
      expect(read.map((c) => c.text)).toEqual(expected.map((c) => c.text));
      read.forEach((c, i) => {
        expect(c.start).toBeCloseTo(expected[i]!.start, 3);
        expect(c.end).toBeCloseTo(expected[i]!.end, 3);
      });
    }
    const served = await app.inject({ method: 'GET', url: done.output?.captions?.vtt_url ?? '', headers: LOCAL });
    expect(served.statusCode).toBe(200);
    expect(served.body).toBe(vtt);
  });
});

describe('burned-in captions that cannot be drawn', () => {
  it('fail the render with caption_font, naming the segment and the characters, when the font lacks glyphs', async () => {
    const app = await buildTestApp();
    const { project, segments } = await makeReadyProject(app, { segments: 2 });
    const words = [
      [{ word: 'Hello', start: 0.1, end: 0.4 }],
      [{ word: 'Azul', start: 0.1, end: 0.4 }, { word: 'ⵜⴰ', start: 0.5, end: 0.9 }],
    ];
    for (const [i, s] of segments.entries()) setSegmentAudio(app.ctx.db, s.id, { file: s.audio_file ?? '', durationSeconds: 1, wordTimings: words[i]! });
    const failed = await renderToEnd(app, project.id);
    expect(failed.status).toBe('FAILED');
    expect(failed.error_code).toBe('caption_font');
    expect(failed.error).toBe("Segment 2: the caption font has no glyphs for 'ⵜⴰ' — choose another font");
    expect(fs.existsSync(path.join(app.ctx.config.mediaDir, 'projects', project.id, 'output', 'final.mp4'))).toBe(false);

    // The same captions with captions off render fine.
    await app.inject({ method: 'PATCH', url: `/api/projects/${project.id}/`, headers: LOCAL, payload: { captions: { enabled: false } } });
    expect((await renderToEnd(app, project.id)).status).toBe('COMPLETED');
  });
});

describe('captions settings in PATCH /api/projects/:id/', () => {
  it('defaults to enabled/classic, changes either field alone, and refuses an unknown style changing nothing', async () => {
    const app = await buildTestApp();
    const { project } = await makeReadyProject(app, { segments: 1 });
    const patch = (payload: object) => app.inject({ method: 'PATCH', url: `/api/projects/${project.id}/`, headers: LOCAL, payload });
    const get = async () => (await app.inject({ method: 'GET', url: `/api/projects/${project.id}/`, headers: LOCAL })).json<{ captions: unknown }>();
    expect((await get()).captions).toEqual(DEFAULT_CAPTIONS);
    expect((await patch({ captions: { style: 'punchy' } })).json()).toMatchObject({ captions: { enabled: true, style: 'punchy' } });
    expect((await patch({ captions: { enabled: false } })).json()).toMatchObject({ captions: { enabled: false, style: 'punchy' } });
    const bad = await patch({ captions: { style: 'karaoke' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: expect.any(String) });
    // Switching to punchy clamped the stored 7 words per caption to punchy's 3.
    expect((await get()).captions).toEqual({ ...DEFAULT_CAPTIONS, enabled: false, style: 'punchy', words_per_caption: 3 });
  });

  it('clamps the stored words_per_caption when only the style changes, and refuses an explicit one above the style maximum', async () => {
    const app = await buildTestApp();
    const { project } = await makeReadyProject(app, { segments: 1 });
    const patch = (payload: object) => app.inject({ method: 'PATCH', url: `/api/projects/${project.id}/`, headers: LOCAL, payload });
    const get = async () => (await app.inject({ method: 'GET', url: `/api/projects/${project.id}/`, headers: LOCAL })).json<{ captions: typeof DEFAULT_CAPTIONS }>();
    expect((await get()).captions.words_per_caption).toBe(7);
    const clamped = await patch({ captions: { style: 'punchy' } });
    expect(clamped.statusCode).toBe(200);
    expect(clamped.json()).toMatchObject({ captions: { style: 'punchy', words_per_caption: 3 } });

    const tooMany = await patch({ captions: { words_per_caption: 4 } });
    expectFieldReply(tooMany, { 'captions.words_per_caption': ['The "punchy" style takes at most 3 words per caption.'] });
    const tooManyForNewStyle = await patch({ captions: { style: 'classic', words_per_caption: 5, enabled: false } });
    expect(tooManyForNewStyle.statusCode).toBe(200);
    const refused = await patch({ title: 'Renamed', captions: { style: 'punchy', words_per_caption: 5 } });
    expectFieldReply(refused, { 'captions.words_per_caption': ['The "punchy" style takes at most 3 words per caption.'] });
    // A refused PATCH changes nothing, not even the title beside it.
    const after = await get();
    expect(after.captions).toMatchObject({ style: 'classic', words_per_caption: 5, enabled: false });
    expect((after as unknown as { title: string }).title).toBe(project.title);
    // Out of range for any style is the schema's 400.
    expect((await patch({ captions: { words_per_caption: 8 } })).statusCode).toBe(400);
    expect((await patch({ captions: { words_per_caption: 0 } })).statusCode).toBe(400);
  });

  it('accepts every caption field, and refuses an unknown font or a bad colour naming the field', async () => {
    const app = await buildTestApp();
    const { project } = await makeReadyProject(app, { segments: 1 });
    const patch = (payload: object) => app.inject({ method: 'PATCH', url: `/api/projects/${project.id}/`, headers: LOCAL, payload });
    const all = { enabled: true, style: 'highlight', position: 'top', font: 'bundled:dejavu-sans', size: 80, color: '#FFFF00', outline_color: '#101010', highlight_color: '#00FF00', words_per_caption: 4 };
    const ok = await patch({ captions: all });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ captions: all });
    expectFieldReply(await patch({ captions: { font: 'upload:0123456789abcdef' } }), {
      'captions.font': ['"upload:0123456789abcdef" is not an available font; see GET /api/fonts/'],
    });
    expectFieldReply(await patch({ captions: { font: 'bundled:comic-sans' } }), {
      'captions.font': ['"bundled:comic-sans" is not an available font; see GET /api/fonts/'],
    });
    expect((await patch({ captions: { color: 'red' } })).statusCode).toBe(400);
    expect((await patch({ captions: { size: 500 } })).statusCode).toBe(400);
  });
});
