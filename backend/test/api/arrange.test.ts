import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNDO_WINDOW_SECONDS } from '@storyflow/contract';
import type { App } from '../../src/app.js';
import { completeProjectRender, findProject, updateRenderSettings } from '../../src/db/projects.js';
import { findSegment, setSegmentAudio, updateSegment } from '../../src/db/segments.js';
import { purgeExpiredTrash } from '../../src/services/segment-trash.js';
import { buildTestApp, LOCAL } from '../helper.js';
import {
  countRows,
  expectFieldErrors,
  expectReply,
  makeProject,
  makeSegments,
  mediaFiles,
  pngBytes,
  request,
  segmentsOf,
  uploadImage,
  writeMediaFile,
} from './fixtures.js';

/** SPEC §7.8 arranging: insert at a position, undo of delete and image removal, duplicate. */

const read = (app: App, relative: string) => fs.readFileSync(path.join(app.ctx.config.mediaDir, relative));

/** A segment with an uploaded image and a (stand-in) WAV with word timings, as speech would leave it. */
async function segmentWithMedia(app: App, projectId: string, segmentId: string, colour = '#f00') {
  const png = await pngBytes(64, 48, colour);
  expect((await uploadImage(app, segmentId, png, 'shot.png')).statusCode).toBe(200);
  const audio = `projects/${projectId}/audio/${segmentId}.wav`;
  const wav = Buffer.from(`RIFF-${segmentId}`);
  writeMediaFile(app, audio, wav);
  setSegmentAudio(app.ctx.db, segmentId, {
    file: audio,
    durationSeconds: 1.25,
    wordTimings: [{ word: 'Hello', start: 0.1, end: 0.5 }],
  });
  const stored = findSegment(app.ctx.db, segmentId);
  if (stored?.image_file == null) throw new Error('no image stored');
  return { png, wav, image: stored.image_file, audio };
}

describe('POST /api/segments with a position', () => {
  it.each([
    [0, ['new', 'Text 0', 'Text 1', 'Text 2']],
    [1, ['Text 0', 'new', 'Text 1', 'Text 2']],
    [3, ['Text 0', 'Text 1', 'Text 2', 'new']],
  ])('inserts at %i and moves the later segments down', async (position, order) => {
    const app = await buildTestApp();
    const project = makeProject(app);
    makeSegments(app, project.id, 3);
    const res = await request(app, 'POST', '/api/segments/', { project: project.id, text_content: 'new', position });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ text_content: 'new', sequence_index: position, project: project.id });
    const list = segmentsOf(app, project.id);
    expect(list.map((s) => s.text_content)).toEqual(order);
    expect(list.map((s) => s.sequence_index)).toEqual([0, 1, 2, 3]);
  });

  it('inserts into an empty project at 0', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const res = await request(app, 'POST', '/api/segments/', { project: project.id, position: 0 });
    expect(res.statusCode).toBe(201);
    expect(segmentsOf(app, project.id)).toHaveLength(1);
  });

  it('refuses a position past the end with 400 invalid_segment_position and adds nothing', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    makeSegments(app, project.id, 2);
    expectReply(await request(app, 'POST', '/api/segments/', { project: project.id, position: 3 }), 400, {
      error: 'Position 3 is past the end of the timeline; use 0 to 2 (2 inserts after the last segment).',
      code: 'invalid_segment_position',
    });
    expect(countRows(app, 'segments')).toBe(2);
  });

  it.each([-1, 1.5, '1', null])('refuses position %j as a field error', async (position) => {
    const app = await buildTestApp();
    const project = makeProject(app);
    makeSegments(app, project.id, 2);
    expectFieldErrors(await request(app, 'POST', '/api/segments/', { project: project.id, position }), ['position']);
    expect(countRows(app, 'segments')).toBe(2);
  });

  it('answers 404 for an unknown project even with a position', async () => {
    const app = await buildTestApp();
    expectReply(await request(app, 'POST', '/api/segments/', { project: 'nope', position: 0 }), 404, {
      error: 'Project not found',
      code: 'project_not_found',
    });
  });
});

describe('undo of DELETE /api/segments/{id}: POST /api/segments/{id}/restore/', () => {
  it('brings the segment back at its place with its text, settings, image, audio and word timings', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [a, b, c] = makeSegments(app, project.id, 3);
    const media = await segmentWithMedia(app, project.id, b!.id);
    updateSegment(app.ctx.db, b!.id, { motion: 'still', focus: { x: 0.25, y: 0.75 } });
    const before = (await request(app, 'GET', `/api/segments/${b!.id}/`)).json();

    expect((await request(app, 'DELETE', `/api/segments/${b!.id}/`)).statusCode).toBe(204);
    expect(fs.existsSync(path.join(app.ctx.config.mediaDir, media.image))).toBe(false);
    expect((await request(app, 'GET', `/api/segments/${b!.id}/`)).statusCode).toBe(404);

    const res = await request(app, 'POST', `/api/segments/${b!.id}/restore/`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ...before, updated_at: expect.any(String) });
    expect(segmentsOf(app, project.id).map((s) => s.id)).toEqual([a!.id, b!.id, c!.id]);
    expect(read(app, media.image).equals(media.png)).toBe(true);
    expect(read(app, media.audio).equals(media.wav)).toBe(true);
    // Nothing is left waiting in the trash, and the restored files are served again.
    expect(mediaFiles(app).some((f) => f.includes('.trash'))).toBe(false);
    expect(countRows(app, 'segments')).toBe(3);
    const served = await app.inject({ method: 'GET', url: `/media/${media.image}`, headers: LOCAL });
    expect(served.statusCode).toBe(200);
  });

  it('puts the segment at the end when the timeline got shorter meanwhile', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [a, b, c] = makeSegments(app, project.id, 3);
    await request(app, 'DELETE', `/api/segments/${c!.id}/`);
    await request(app, 'DELETE', `/api/segments/${b!.id}/`);
    expect((await request(app, 'POST', `/api/segments/${c!.id}/restore/`)).json().sequence_index).toBe(1);
    expect(segmentsOf(app, project.id).map((s) => s.id)).toEqual([a!.id, c!.id]);
  });

  it('restores once: a second restore is 404 nothing_to_restore and duplicates nothing', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [a] = makeSegments(app, project.id, 1);
    await request(app, 'DELETE', `/api/segments/${a!.id}/`);
    expect((await request(app, 'POST', `/api/segments/${a!.id}/restore/`)).statusCode).toBe(200);
    const again = await request(app, 'POST', `/api/segments/${a!.id}/restore/`);
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ code: 'nothing_to_restore' });
    expect(countRows(app, 'segments')).toBe(1);
  });

  it('answers 404 nothing_to_restore for an id never deleted or unknown', async () => {
    const app = await buildTestApp();
    const [a] = makeSegments(app, makeProject(app).id, 1);
    for (const id of [a!.id, 'nope']) {
      const res = await request(app, 'POST', `/api/segments/${id}/restore/`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'nothing_to_restore', error: expect.stringContaining('undo window') });
    }
    expect(countRows(app, 'segments')).toBe(1);
  });

  it('forgets the delete after the undo window: the files are removed and restore is 404', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [a, b] = makeSegments(app, project.id, 2);
    await segmentWithMedia(app, project.id, a!.id);
    await request(app, 'DELETE', `/api/segments/${a!.id}/`);
    expect(mediaFiles(app).filter((f) => f.includes('.trash'))).toHaveLength(2);

    // Just inside the window nothing goes; just past it, the entry and its files do.
    const ctx = { db: app.ctx.db, mediaDir: app.ctx.config.mediaDir };
    const later = (seconds: number) => () => new Date(Date.now() + seconds * 1000);
    expect(await purgeExpiredTrash({ ...ctx, now: later(UNDO_WINDOW_SECONDS - 30) })).toBe(0);
    expect(await purgeExpiredTrash({ ...ctx, now: later(UNDO_WINDOW_SECONDS + 1) })).toBe(1);
    expect(mediaFiles(app)).toEqual([]);
    const res = await request(app, 'POST', `/api/segments/${a!.id}/restore/`);
    expect(res.statusCode).toBe(404);
    expect(segmentsOf(app, project.id).map((s) => s.id)).toEqual([b!.id]);
  });

  it('never serves a file waiting in the trash', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [a] = makeSegments(app, project.id, 1);
    await segmentWithMedia(app, project.id, a!.id);
    await request(app, 'DELETE', `/api/segments/${a!.id}/`);
    const [trashed] = mediaFiles(app).filter((f) => f.endsWith('.png'));
    const res = await app.inject({ method: 'GET', url: `/media/${trashed}`, headers: LOCAL });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });

  it('goes with its project: deleting the project removes the trash rows and files', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [a] = makeSegments(app, project.id, 1);
    await segmentWithMedia(app, project.id, a!.id);
    await request(app, 'DELETE', `/api/segments/${a!.id}/`);
    expect((await request(app, 'DELETE', `/api/projects/${project.id}/`)).statusCode).toBe(204);
    expect((app.ctx.db.prepare('SELECT COUNT(*) AS n FROM trash').get() as { n: number }).n).toBe(0);
    expect(mediaFiles(app)).toEqual([]);
    expect((await request(app, 'POST', `/api/segments/${a!.id}/restore/`)).statusCode).toBe(404);
  });
});

describe('undo of remove-image: POST /api/segments/{id}/restore-image/', () => {
  it('gives the segment its image back, the same file', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [a] = makeSegments(app, project.id, 1);
    const media = await segmentWithMedia(app, project.id, a!.id);
    await request(app, 'DELETE', `/api/segments/${a!.id}/remove-image/`);
    expect(findSegment(app.ctx.db, a!.id)?.image_file).toBeNull();

    const res = await request(app, 'POST', `/api/segments/${a!.id}/restore-image/`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: a!.id, image_file: `/media/${media.image}`, audio_file: `/media/${media.audio}` });
    expect(read(app, media.image).equals(media.png)).toBe(true);
    expect(mediaFiles(app).some((f) => f.includes('.trash'))).toBe(false);
  });

  it('refuses with 409 restore_conflict when the segment has a new image, keeping the new one', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [a] = makeSegments(app, project.id, 1);
    await segmentWithMedia(app, project.id, a!.id);
    await request(app, 'DELETE', `/api/segments/${a!.id}/remove-image/`);
    const newer = await pngBytes(32, 32, '#00f');
    await uploadImage(app, a!.id, newer, 'newer.png');
    const res = await request(app, 'POST', `/api/segments/${a!.id}/restore-image/`);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'restore_conflict' });
    const now = findSegment(app.ctx.db, a!.id)?.image_file;
    expect(now).toMatch(/_newer\.png$/);
    expect(read(app, now!).equals(newer)).toBe(true);
    // The old file still waits, so removing the new image first makes the undo work.
    expect(mediaFiles(app).filter((f) => f.includes('.trash'))).toHaveLength(1);
  });

  it('answers 404 nothing_to_restore when no image was removed, 404 segment_not_found for an unknown segment', async () => {
    const app = await buildTestApp();
    const [a] = makeSegments(app, makeProject(app).id, 1);
    const none = await request(app, 'POST', `/api/segments/${a!.id}/restore-image/`);
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ code: 'nothing_to_restore' });
    expectReply(await request(app, 'POST', '/api/segments/nope/restore-image/'), 404, {
      error: 'Segment not found',
      code: 'segment_not_found',
    });
  });

  it('refuses on a locked segment with 400 segment_locked and keeps the image in the trash', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [a] = makeSegments(app, project.id, 1);
    await segmentWithMedia(app, project.id, a!.id);
    await request(app, 'DELETE', `/api/segments/${a!.id}/remove-image/`);
    updateSegment(app.ctx.db, a!.id, { is_locked: true });
    const res = await request(app, 'POST', `/api/segments/${a!.id}/restore-image/`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'segment_locked' });
    expect(findSegment(app.ctx.db, a!.id)?.image_file).toBeNull();
  });
});

describe('POST /api/projects/{id}/duplicate/', () => {
  it('copies settings, music and every segment with its own files; the copy is a draft without video', async () => {
    const app = await buildTestApp();
    const project = makeProject(app, 'Lighthouse');
    const [a, b] = makeSegments(app, project.id, 2);
    const mediaA = await segmentWithMedia(app, project.id, a!.id, '#0f0');
    updateSegment(app.ctx.db, b!.id, { is_locked: true, motion: 'still' });
    updateRenderSettings(app.ctx.db, project.id, { transition: 'cut', segment_pause_seconds: 0.5 });
    const music = `projects/${project.id}/music/bed.wav`;
    writeMediaFile(app, music, 'music-bytes');
    app.ctx.db.prepare("UPDATE projects SET music_file = ?, music_name = 'Bed.mp3', music_duration = 12 WHERE id = ?").run(music, project.id);
    writeMediaFile(app, `projects/${project.id}/output/final.mp4`, 'video');
    completeProjectRender(
      app.ctx.db,
      project.id,
      `projects/${project.id}/output/final.mp4`,
      { duration_seconds: 1, file_size_bytes: 5, width: 1920, height: 1080, fps: 30, rendered_at: new Date().toISOString() },
      'fp',
    );

    const res = await request(app, 'POST', `/api/projects/${project.id}/duplicate/`);
    expect(res.statusCode).toBe(201);
    const copy = res.json();
    expect(copy).toMatchObject({
      title: 'Lighthouse (copy)',
      status: 'DRAFT',
      output_path: null,
      segment_count: 2,
      transition: 'cut',
      segment_pause_seconds: 0.5,
      music: { name: 'Bed.mp3', duration_seconds: 12 },
    });
    expect(copy.id).not.toBe(project.id);

    const detail = (await request(app, 'GET', `/api/projects/${copy.id}/`)).json();
    const [ca, cb] = detail.segments;
    expect(detail.segments.map((s: { text_content: string }) => s.text_content)).toEqual(['Text 0', 'Text 1']);
    expect(ca.id).not.toBe(a!.id);
    expect(ca).toMatchObject({ audio_duration: 1.25, word_timings: [{ word: 'Hello', start: 0.1, end: 0.5 }] });
    expect(cb).toMatchObject({ is_locked: true, motion: 'still', image_file: null, audio_file: null });
    const copyImage = ca.image_file.replace(/^\/media\//, '');
    const copyAudio = ca.audio_file.replace(/^\/media\//, '');
    expect(copyImage).toBe(`projects/${copy.id}/images/${ca.id}_shot.png`);
    expect(copyAudio).toBe(`projects/${copy.id}/audio/${ca.id}.wav`);
    expect(read(app, copyImage).equals(mediaA.png)).toBe(true);
    expect(read(app, copyAudio).equals(mediaA.wav)).toBe(true);
    expect(read(app, detail.music.file.replace(/^\/media\//, '')).toString()).toBe('music-bytes');
    expect(mediaFiles(app).filter((f) => f.startsWith(`projects/${copy.id}/output`))).toEqual([]);

    // Changing the copy leaves the original alone: new image, removed audio, deleted segment.
    expect((await uploadImage(app, ca.id, await pngBytes(16, 16, '#000'), 'other.png')).statusCode).toBe(200);
    expect((await request(app, 'DELETE', `/api/segments/${ca.id}/remove-audio/`)).statusCode).toBe(200);
    expect((await request(app, 'DELETE', `/api/segments/${ca.id}/`)).statusCode).toBe(204);
    expect(read(app, mediaA.image).equals(mediaA.png)).toBe(true);
    expect(read(app, mediaA.audio).equals(mediaA.wav)).toBe(true);
    expect(findSegment(app.ctx.db, a!.id)).toMatchObject({ image_file: mediaA.image, audio_file: mediaA.audio });
    expect(findProject(app.ctx.db, project.id)).toMatchObject({ status: 'COMPLETED', title: 'Lighthouse' });

    // …and deleting the original leaves the copy's files.
    const copyMusic = detail.music.file.replace(/^\/media\//, '');
    expect((await request(app, 'DELETE', `/api/projects/${project.id}/`)).statusCode).toBe(204);
    expect(read(app, copyMusic).toString()).toBe('music-bytes');
    expect(segmentsOf(app, copy.id)).toHaveLength(1);
  });

  it('keeps a long title within 200 characters', async () => {
    const app = await buildTestApp();
    const project = makeProject(app, 'x'.repeat(200));
    const copy = (await request(app, 'POST', `/api/projects/${project.id}/duplicate/`)).json();
    expect(copy.title).toHaveLength(200);
    expect(copy.title.endsWith(' (copy)')).toBe(true);
  });

  it('copies a segment whose file was removed by hand without that file', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [a] = makeSegments(app, project.id, 1);
    const media = await segmentWithMedia(app, project.id, a!.id);
    fs.rmSync(path.join(app.ctx.config.mediaDir, media.audio));
    const copy = (await request(app, 'POST', `/api/projects/${project.id}/duplicate/`)).json();
    const [segment] = (await request(app, 'GET', `/api/projects/${copy.id}/`)).json().segments;
    expect(segment).toMatchObject({ audio_file: null, audio_duration: null, word_timings: null });
    expect(segment.image_file).not.toBeNull();
  });

  it('answers 404 for an unknown project and creates nothing', async () => {
    const app = await buildTestApp();
    makeProject(app);
    expectReply(await request(app, 'POST', '/api/projects/nope/duplicate/'), 404, {
      error: 'Project not found',
      code: 'project_not_found',
    });
    expect(countRows(app, 'projects')).toBe(1);
  });
});
