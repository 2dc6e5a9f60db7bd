import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { configFor } from '../../src/config.js';
import { findSegment } from '../../src/db/segments.js';
import { parseWavHeader } from '../../src/engine/wav.js';
import { audioPath, resolveMediaPath } from '../../src/storage/media.js';
import { buildTestApp, LOCAL } from '../helper.js';
import { expectFieldErrors, expectReply, request } from './fixtures.js';
import { holdQueue, lockSegment, seedProject, waitForTask } from './speech-helpers.js';

const STORY = [
  'The lighthouse keeper had not seen a ship in forty years.',
  'Then, one night, a light answered his.',
  'He climbed the stairs with his lantern.',
];

function peakDbfs(file: string): number {
  const buf = fs.readFileSync(file);
  const info = parseWavHeader(buf);
  let peak = 0;
  for (let i = 0; i < info.frames; i++) peak = Math.max(peak, Math.abs(buf.readInt16LE(info.dataOffset + i * 2)));
  return 20 * Math.log10(peak / 32768);
}

describe('POST /api/segments/:id/generate-audio', () => {
  it('queues a task that writes a normalised WAV and stores its measured duration', async () => {
    const app = await buildTestApp();
    const { project, segments } = seedProject(app, STORY.slice(0, 1));
    const sid = segments[0]!.id;

    const res = await request(app, 'POST', `/api/segments/${sid}/generate-audio/`, {});

    expect(res.statusCode).toBe(202);
    const body = res.json<{ task_id: string }>();
    expect(body).toEqual({ task_id: expect.stringMatching(new RegExp(`^tts_${sid}_[0-9a-f]{8}$`)), segment_id: sid, status: 'PENDING', message: 'Audio generation queued' });

    const status = await waitForTask(app, body.task_id);
    const relative = audioPath(project.id, sid);
    const file = resolveMediaPath(app.ctx.config.mediaDir, relative);
    const info = parseWavHeader(fs.readFileSync(file));
    const stored = findSegment(app.ctx.db, sid)!;
    expect(status).toEqual({
      task_id: body.task_id,
      status: 'COMPLETED',
      progress: { current: 1, total: 1, percentage: 100 },
      completed_segments: [{ segment_id: sid, audio_url: `/media/${relative}`, duration: info.durationSeconds }],
      errors: [],
    });
    expect(info).toMatchObject({ format: 1, channels: 1, bitsPerSample: 16, sampleRate: 22050 });
    expect(stored.audio_file).toBe(relative);
    expect(stored.audio_duration).toBe(info.frames / info.sampleRate);
    expect(Math.abs(peakDbfs(file) - -1)).toBeLessThan(0.1);

    // The file is served under /media.
    const media = await request(app, 'GET', `/media/${relative}`);
    expect(media.statusCode).toBe(200);
  });

  it('stores the word timings of the synthesis with the audio, and they survive a restart', async () => {
    const app = await buildTestApp();
    const { segments } = seedProject(app, ['Then, one night, a light answered his.']);
    const sid = segments[0]!.id;
    const queued = await request(app, 'POST', `/api/segments/${sid}/generate-audio/`, {});
    expect((await waitForTask(app, queued.json<{ task_id: string }>().task_id)).status).toBe('COMPLETED');

    type Timed = { audio_duration: number; word_timings: { word: string; start: number; end: number }[] | null };
    const body = (await request(app, 'GET', `/api/segments/${sid}/`)).json<Timed>();
    expect(body.word_timings?.map((t) => t.word)).toEqual(['Then,', 'one', 'night,', 'a', 'light', 'answered', 'his.']);
    expect(body.word_timings!.at(-1)!.end).toBeLessThanOrEqual(body.audio_duration);

    await app.close();
    const restarted = await buildApp(configFor(app.ctx.config.dataDir));
    try {
      expect((await request(restarted, 'GET', `/api/segments/${sid}/`)).json<Timed>().word_timings).toEqual(body.word_timings);
      // Removing the audio removes its timings: they never describe a WAV that is gone.
      expect((await request(restarted, 'DELETE', `/api/segments/${sid}/remove-audio/`)).statusCode).toBe(200);
      expect((await request(restarted, 'GET', `/api/segments/${sid}/`)).json<Timed>().word_timings).toBeNull();
    } finally {
      await restarted.close();
    }
  });

  it('overwrites the audio on regenerate, with the new speed setting', async () => {
    const app = await buildTestApp();
    const { segments } = seedProject(app, STORY.slice(1, 2));
    const sid = segments[0]!.id;
    const first = await request(app, 'POST', `/api/segments/${sid}/generate-audio/`);
    await waitForTask(app, first.json<{ task_id: string }>().task_id);
    const before = findSegment(app.ctx.db, sid)!;

    await request(app, 'PATCH', '/api/settings/', { tts_speed: 2 });
    const second = await request(app, 'POST', `/api/segments/${sid}/generate-audio/`);
    expect(second.json<{ task_id: string }>().task_id).not.toBe(first.json<{ task_id: string }>().task_id);
    expect((await waitForTask(app, second.json<{ task_id: string }>().task_id)).status).toBe('COMPLETED');

    const after = findSegment(app.ctx.db, sid)!;
    expect(after.audio_file).toBe(before.audio_file);
    expect(after.audio_duration!).toBeLessThan(before.audio_duration! * 0.7);
    const file = resolveMediaPath(app.ctx.config.mediaDir, after.audio_file!);
    expect(parseWavHeader(fs.readFileSync(file)).durationSeconds).toBe(after.audio_duration);
    expect(fs.readdirSync(file.replace(/\/[^/]+$/, ''))).toEqual([`${sid}.wav`]);
  });

  it('returns 409 for a locked segment and queues nothing', async () => {
    const app = await buildTestApp();
    const { segments } = seedProject(app, STORY.slice(0, 1));
    lockSegment(app, segments[0]!.id);
    const res = await request(app, 'POST', `/api/segments/${segments[0]!.id}/generate-audio/`);
    expectReply(res, 409, { error: 'Cannot generate audio for a locked segment. Unlock it first.', code: 'segment_locked' });
    expect(app.ctx.db.prepare('SELECT COUNT(*) AS n FROM tasks').get()).toEqual({ n: 0 });
  });

  it('returns 400 when the segment has no text', async () => {
    const app = await buildTestApp();
    const { segments } = seedProject(app, ['   ']);
    const res = await request(app, 'POST', `/api/segments/${segments[0]!.id}/generate-audio/`);
    expectReply(res, 400, { error: 'Segment has no text to speak', code: 'empty_text' });
  });

  it('returns 404 for an unknown segment', async () => {
    const app = await buildTestApp();
    expectReply(await request(app, 'POST', '/api/segments/nope/generate-audio/'), 404, { error: 'Segment not found', code: 'segment_not_found' });
  });

  it('returns 503 when no speech engine is available', async () => {
    const app = await buildTestApp({ espeakPath: '/nonexistent' });
    const { segments } = seedProject(app, STORY.slice(0, 1));
    const res = await request(app, 'POST', `/api/segments/${segments[0]!.id}/generate-audio/`);
    expectReply(res, 503, {
      error: 'No speech engine is available. Install espeak-ng (e.g. apt install espeak-ng) or set ESPEAK_PATH, then try again.', code: 'speech_unavailable',
    });
    expect(findSegment(app.ctx.db, segments[0]!.id)!.audio_file).toBeNull();
  });

  it('fails the task with the reason when the segment was locked after it was queued', async () => {
    const app = await buildTestApp();
    const { segments } = seedProject(app, STORY.slice(0, 1));
    const sid = segments[0]!.id;
    const release = holdQueue(app);
    const res = await request(app, 'POST', `/api/segments/${sid}/generate-audio/`);
    expect(res.json()).toMatchObject({ message: 'Audio generation queued behind 1 speech task(s)' });
    lockSegment(app, sid);
    release();
    const status = await waitForTask(app, res.json<{ task_id: string }>().task_id);
    expect(status.status).toBe('FAILED');
    expect(status.errors).toEqual([{ segment_id: sid, error: 'Segment is locked. Unlock it to generate audio.' }]);
    expect(findSegment(app.ctx.db, sid)!.audio_file).toBeNull();
  });

  it('refuses requests from a foreign origin', async () => {
    const app = await buildTestApp();
    const { segments } = seedProject(app, STORY.slice(0, 1));
    const res = await app.inject({
      method: 'POST',
      url: `/api/segments/${segments[0]!.id}/generate-audio/`,
      headers: { ...LOCAL, origin: 'https://evil.example' },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('POST /api/projects/:id/generate-all-audio', () => {
  it('generates every segment in one task and reports the counts', async () => {
    const app = await buildTestApp();
    const { project, segments } = seedProject(app, STORY);
    const res = await request(app, 'POST', `/api/projects/${project.id}/generate-all-audio/`, {});
    expect(res.statusCode).toBe(202);
    const body = res.json<{ task_id: string }>();
    expect(body).toEqual({
      task_id: expect.stringMatching(new RegExp(`^tts_batch_${project.id}_[0-9a-f]{8}$`)),
      project_id: project.id,
      status: 'PENDING',
      total_segments: 3,
      segments_to_process: 3,
      skipped_locked: 0,
      skipped_existing: 0,
      skipped_empty: 0,
      message: 'Audio generation for 3 segment(s) queued',
    });
    const status = await waitForTask(app, body.task_id);
    expect(status.status).toBe('COMPLETED');
    expect(status.progress).toEqual({ current: 3, total: 3, percentage: 100 });
    expect(status.errors).toEqual([]);
    expect(status.completed_segments.map((c) => c.segment_id)).toEqual(segments.map((s) => s.id));
    for (const s of segments) {
      const stored = findSegment(app.ctx.db, s.id)!;
      expect(stored.audio_duration).toBeGreaterThan(0);
      expect(status.completed_segments.find((c) => c.segment_id === s.id)?.duration).toBe(stored.audio_duration);
    }
  });

  it('skips locked, empty and already voiced segments, and regenerates them with force_regenerate', async () => {
    const app = await buildTestApp();
    const { project, segments } = seedProject(app, [...STORY, '']);
    const [voiced, locked] = segments;
    const single = await request(app, 'POST', `/api/segments/${voiced!.id}/generate-audio/`);
    await waitForTask(app, single.json<{ task_id: string }>().task_id);
    lockSegment(app, locked!.id);

    const res = await request(app, 'POST', `/api/projects/${project.id}/generate-all-audio/`);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ total_segments: 4, segments_to_process: 1, skipped_locked: 1, skipped_existing: 1, skipped_empty: 1 });
    const status = await waitForTask(app, res.json<{ task_id: string }>().task_id);
    expect(status.completed_segments.map((c) => c.segment_id)).toEqual([segments[2]!.id]);
    expect(findSegment(app.ctx.db, locked!.id)!.audio_file).toBeNull();

    const forced = await request(app, 'POST', `/api/projects/${project.id}/generate-all-audio/`, { force_regenerate: true });
    expect(forced.json()).toMatchObject({ segments_to_process: 2, skipped_locked: 1, skipped_existing: 0, skipped_empty: 1 });
  });

  it('answers 200 with the counts and no task when there is nothing to do', async () => {
    const app = await buildTestApp({ espeakPath: '/nonexistent' });
    const { project, segments } = seedProject(app, ['One.', '']);
    lockSegment(app, segments[0]!.id);
    const res = await request(app, 'POST', `/api/projects/${project.id}/generate-all-audio/`, {});
    expectReply(res, 200, {
      task_id: null,
      project_id: project.id,
      total_segments: 2,
      segments_to_process: 0,
      skipped_locked: 1,
      skipped_existing: 0,
      skipped_empty: 1,
      message: 'Nothing to generate: every segment already has audio, is locked or has no text',
    });
    expect(app.ctx.db.prepare('SELECT COUNT(*) AS n FROM tasks').get()).toEqual({ n: 0 });
  });

  it('reports locked segments as errors instead of skipping them when skip_locked is false', async () => {
    const app = await buildTestApp();
    const { project, segments } = seedProject(app, STORY.slice(0, 2));
    lockSegment(app, segments[0]!.id);
    const res = await request(app, 'POST', `/api/projects/${project.id}/generate-all-audio/`, { skip_locked: false });
    expect(res.json()).toMatchObject({ segments_to_process: 2, skipped_locked: 0 });
    const status = await waitForTask(app, res.json<{ task_id: string }>().task_id);
    expect(status.status).toBe('COMPLETED');
    expect(status.errors).toEqual([{ segment_id: segments[0]!.id, error: 'Segment is locked. Unlock it to generate audio.' }]);
    expect(status.completed_segments.map((c) => c.segment_id)).toEqual([segments[1]!.id]);
    expect(findSegment(app.ctx.db, segments[0]!.id)!.audio_file).toBeNull();
  });

  it('keeps going past a failing segment and reports it', async () => {
    const app = await buildTestApp();
    const { project, segments } = seedProject(app, STORY);
    const release = holdQueue(app);
    const res = await request(app, 'POST', `/api/projects/${project.id}/generate-all-audio/`);
    // The middle segment disappears before the worker reaches it.
    app.ctx.db.prepare('DELETE FROM segments WHERE id = ?').run(segments[1]!.id);
    release();
    const status = await waitForTask(app, res.json<{ task_id: string }>().task_id);
    expect(status.status).toBe('COMPLETED');
    expect(status.errors).toEqual([{ segment_id: segments[1]!.id, error: 'Segment was deleted before its audio was generated' }]);
    expect(status.completed_segments.map((c) => c.segment_id)).toEqual([segments[0]!.id, segments[2]!.id]);
    expect(status.progress).toEqual({ current: 3, total: 3, percentage: 100 });
  });

  it('fails the task, with every segment in errors, when no segment could be spoken', async () => {
    const app = await buildTestApp();
    const { project, segments } = seedProject(app, STORY.slice(0, 2));
    const release = holdQueue(app);
    const res = await request(app, 'POST', `/api/projects/${project.id}/generate-all-audio/`);
    for (const s of segments) lockSegment(app, s.id);
    release();
    const status = await waitForTask(app, res.json<{ task_id: string }>().task_id);
    expect(status.status).toBe('FAILED');
    expect(status.errors).toEqual([
      { segment_id: segments[0]!.id, error: 'Segment is locked. Unlock it to generate audio.' },
      { segment_id: segments[1]!.id, error: 'Segment is locked. Unlock it to generate audio.' },
      { error: 'No audio was generated: all 2 segment(s) failed' },
    ]);
  });

  it('returns 404 for an unknown project, 400 for a malformed body and 503 without an engine', async () => {
    const app = await buildTestApp({ espeakPath: '/nonexistent' });
    expectReply(await request(app, 'POST', '/api/projects/nope/generate-all-audio/'), 404, { error: 'Project not found', code: 'project_not_found' });

    const { project } = seedProject(app, STORY.slice(0, 1));
    const bad = await request(app, 'POST', `/api/projects/${project.id}/generate-all-audio/`, { skip_locked: 'yes' });
    expectFieldErrors(bad, ['skip_locked']);

    const noEngine = await request(app, 'POST', `/api/projects/${project.id}/generate-all-audio/`);
    expect(noEngine.statusCode).toBe(503);
  });
});
