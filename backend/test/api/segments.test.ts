import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSegment, setSegmentAudio, updateSegment } from '../../src/db/segments.js';
import { buildTestApp } from '../helper.js';
import {
  countRows,
  expectFieldErrors,
  expectFieldReply,
  expectMalformedJsonRefused,
  expectMethodNotAllowed,
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

describe('GET /api/segments', () => {
  it("returns one page of the project's segments in timeline order", async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const segments = makeSegments(app, project.id, 3);
    makeSegments(app, makeProject(app, 'Other').id, 2);
    const res = await request(app, 'GET', `/api/segments/?project=${project.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ count: 3, next: null, previous: null });
    expect(body.results.map((s: { id: string }) => s.id)).toEqual(segments.map((s) => s.id));
  });

  it('pages by 50 and keeps the project in the links', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    makeSegments(app, project.id, 52);
    const first = (await request(app, 'GET', `/api/segments/?project=${project.id}`)).json();
    expect(first).toMatchObject({ count: 52, next: `/api/segments/?project=${project.id}&page=2`, previous: null });
    expect(first.results).toHaveLength(50);
    const second = (
      await request(app, 'GET', `/api/segments/?project=${project.id}&page=2`)
    ).json();
    expect(second).toMatchObject({ next: null, previous: `/api/segments/?project=${project.id}` });
    expect(second.results.map((s: { sequence_index: number }) => s.sequence_index)).toEqual([50, 51]);
  });

  it('returns 400 when the project parameter is missing', async () => {
    const app = await buildTestApp();
    expectFieldReply(await request(app, 'GET', '/api/segments/'), { project: ['This field is required.'] });
  });

  it('returns 404 for an unknown project', async () => {
    const app = await buildTestApp();
    expectReply(await request(app, 'GET', '/api/segments/?project=nope'), 404, { error: 'Project not found', code: 'project_not_found' });
  });

  it('returns 404 Invalid page past the last page', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    makeSegments(app, project.id, 1);
    const res = await request(app, 'GET', `/api/segments/?project=${project.id}&page=2`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'Invalid page', code: 'invalid_page' });
  });
});

describe('POST /api/segments', () => {
  it('appends a segment at the end of the timeline', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    makeSegments(app, project.id, 2);
    const res = await request(app, 'POST', '/api/segments/', { project: project.id, text_content: 'New line', image_prompt: 'a boat' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      project: project.id,
      sequence_index: 2,
      text_content: 'New line',
      image_prompt: 'a boat',
      image_file: null,
      audio_file: null,
      audio_duration: null,
      is_locked: false,
    });
    expect(segmentsOf(app, project.id)).toHaveLength(3);
  });

  it('creates an empty segment when only the project is given', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const res = await request(app, 'POST', '/api/segments', { project: project.id });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ sequence_index: 0, text_content: '', image_prompt: '' });
  });

  it('returns 400 when the project is missing', async () => {
    const app = await buildTestApp();
    const res = await request(app, 'POST', '/api/segments/', { text_content: 'x' });
    expectFieldReply(res, { project: ['This field is required.'] });
    expect(countRows(app, 'segments')).toBe(0);
  });

  it('returns 404 for an unknown project and creates nothing', async () => {
    const app = await buildTestApp();
    expectReply(await request(app, 'POST', '/api/segments/', { project: 'nope' }), 404, { error: 'Project not found', code: 'project_not_found' });
    expect(countRows(app, 'segments')).toBe(0);
  });
});

describe('GET /api/segments/:id', () => {
  it('returns the segment', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [segment] = makeSegments(app, project.id, 1);
    const res = await request(app, 'GET', `/api/segments/${segment!.id}/`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: segment!.id, project: project.id, text_content: 'Text 0' });
  });

  it('returns 404 for an unknown id', async () => {
    const app = await buildTestApp();
    expectReply(await request(app, 'GET', '/api/segments/nope/'), 404, { error: 'Segment not found', code: 'segment_not_found' });
  });

  it('returns 405 for PUT', async () => {
    const app = await buildTestApp();
    const [segment] = makeSegments(app, makeProject(app).id, 1);
    await expectMethodNotAllowed(app, 'PUT', `/api/segments/${segment!.id}/`, {});
  });
});

describe('PATCH /api/segments/:id', () => {
  it('updates text and prompt and leaves other fields alone', async () => {
    const app = await buildTestApp();
    const [segment] = makeSegments(app, makeProject(app).id, 1);
    const res = await request(app, 'PATCH', `/api/segments/${segment!.id}/`, {
      text_content: 'Edited ',
      image_prompt: 'new prompt',
      unknown_key: 1,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ text_content: 'Edited ', image_prompt: 'new prompt', is_locked: false, sequence_index: 0 });
    expect(findSegment(app.ctx.db, segment!.id)).toMatchObject({ text_content: 'Edited ', image_prompt: 'new prompt' });
  });

  it('locks and unlocks a segment', async () => {
    const app = await buildTestApp();
    const [segment] = makeSegments(app, makeProject(app).id, 1);
    const url = `/api/segments/${segment!.id}/`;
    const locked = await request(app, 'PATCH', url, { is_locked: true });
    expect(locked.statusCode).toBe(200);
    expect(locked.json().is_locked).toBe(true);
    const unlocked = await request(app, 'PATCH', url, { is_locked: false });
    expect(unlocked.statusCode).toBe(200);
    expect(findSegment(app.ctx.db, segment!.id)?.is_locked).toBe(false);
  });

  it('returns 400 for any edit of a locked segment and changes nothing', async () => {
    const app = await buildTestApp();
    const [segment] = makeSegments(app, makeProject(app).id, 1);
    updateSegment(app.ctx.db, segment!.id, { is_locked: true });
    for (const payload of [{ text_content: 'x' }, { image_prompt: 'y' }, { is_locked: false, text_content: 'x' }]) {
      const res = await request(app, 'PATCH', `/api/segments/${segment!.id}/`, payload);
      expectReply(res, 400, { error: 'Cannot edit a locked segment. Unlock it first.', code: 'segment_locked' });
    }
    expect(findSegment(app.ctx.db, segment!.id)).toMatchObject({ text_content: 'Text 0', image_prompt: 'Prompt 0', is_locked: true });
  });

  it('returns 400 field errors for wrong types', async () => {
    const app = await buildTestApp();
    const [segment] = makeSegments(app, makeProject(app).id, 1);
    const res = await request(app, 'PATCH', `/api/segments/${segment!.id}/`, { is_locked: 'yes', text_content: 5 });
    expectFieldErrors(res, ['is_locked', 'text_content']);
    expect(findSegment(app.ctx.db, segment!.id)).toMatchObject({ text_content: 'Text 0', is_locked: false });
  });

  it('returns 400 for malformed JSON and keeps serving', async () => {
    const app = await buildTestApp();
    const [segment] = makeSegments(app, makeProject(app).id, 1);
    await expectMalformedJsonRefused(app, 'PATCH', `/api/segments/${segment!.id}/`, '{text_content: nope}');
    expect(findSegment(app.ctx.db, segment!.id)?.text_content).toBe('Text 0');
  });

  it('returns 404 for an unknown id', async () => {
    const app = await buildTestApp();
    const res = await request(app, 'PATCH', '/api/segments/nope/', { text_content: 'x' });
    expectReply(res, 404, { error: 'Segment not found', code: 'segment_not_found' });
  });
});

describe('DELETE /api/segments/:id', () => {
  it('deletes the segment, moves its image and audio files into the undo trash and closes the gap', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [a, b, c] = makeSegments(app, project.id, 3);
    expect((await uploadImage(app, b!.id, await pngBytes(), 'b.png')).statusCode).toBe(200);
    expect((await uploadImage(app, c!.id, await pngBytes(), 'c.png')).statusCode).toBe(200);
    const audio = `projects/${project.id}/audio/${b!.id}.wav`;
    writeMediaFile(app, audio);
    setSegmentAudio(app.ctx.db, b!.id, { file: audio, durationSeconds: 1.5, wordTimings: null });

    const res = await request(app, 'DELETE', `/api/segments/${b!.id}/`);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(segmentsOf(app, project.id).map((s) => [s.id, s.sequence_index])).toEqual([
      [a!.id, 0],
      [c!.id, 1],
    ]);
    const trashed = new RegExp(`^projects/${project.id}/\\.trash/[0-9a-f-]+/`);
    expect(mediaFiles(app).filter((f) => !trashed.test(f))).toEqual([`projects/${project.id}/images/${c!.id}_c.png`]);
    expect(mediaFiles(app).filter((f) => trashed.test(f)).map((f) => path.basename(f)).sort()).toEqual([`${b!.id}.wav`, `${b!.id}_b.png`]);
  });

  it('returns 400 for a locked segment and keeps it', async () => {
    const app = await buildTestApp();
    const [segment] = makeSegments(app, makeProject(app).id, 1);
    updateSegment(app.ctx.db, segment!.id, { is_locked: true });
    const res = await request(app, 'DELETE', `/api/segments/${segment!.id}/`);
    expectReply(res, 400, { error: 'Cannot delete a locked segment. Unlock it first.', code: 'segment_locked' });
    expect(findSegment(app.ctx.db, segment!.id)).toBeDefined();
  });

  it('returns 404 for an unknown id', async () => {
    const app = await buildTestApp();
    makeSegments(app, makeProject(app).id, 1);
    expectReply(await request(app, 'DELETE', '/api/segments/nope/'), 404, { error: 'Segment not found', code: 'segment_not_found' });
    expect(countRows(app, 'segments')).toBe(1);
  });
});

describe('POST /api/segments/reorder', () => {
  it('sets the timeline to the given order', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [a, b, c] = makeSegments(app, project.id, 3);
    const res = await request(app, 'POST', '/api/segments/reorder/', { project_id: project.id, segment_order: [c!.id, a!.id, b!.id] });
    expectReply(res, 200, {
      message: 'Segments reordered',
      segments: [
        { id: c!.id, sequence_index: 0 },
        { id: a!.id, sequence_index: 1 },
        { id: b!.id, sequence_index: 2 },
      ],
    });
    expect(segmentsOf(app, project.id).map((s) => s.id)).toEqual([c!.id, a!.id, b!.id]);
  });

  it('returns 400 naming missing and unknown ids and reorders nothing', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [a, b, c] = makeSegments(app, project.id, 3);
    const [foreign] = makeSegments(app, makeProject(app, 'Other').id, 1);
    const res = await request(app, 'POST', '/api/segments/reorder/', { project_id: project.id, segment_order: [c!.id, foreign!.id, a!.id] });
    expectReply(res, 400, {
      error: "segment_order must list each of the project's segments exactly once (1 missing, 1 not in this project)", code: 'invalid_segment_order',
      details: { missing_ids: [b!.id], unknown_ids: [foreign!.id], duplicate_ids: [] },
    });
    expect(segmentsOf(app, project.id).map((s) => s.id)).toEqual([a!.id, b!.id, c!.id]);
  });

  it('returns 400 for a repeated id', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [a, b] = makeSegments(app, project.id, 2);
    const res = await request(app, 'POST', '/api/segments/reorder/', { project_id: project.id, segment_order: [b!.id, a!.id, b!.id] });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual({ missing_ids: [], unknown_ids: [], duplicate_ids: [b!.id] });
    expect(segmentsOf(app, project.id).map((s) => s.id)).toEqual([a!.id, b!.id]);
  });

  it('returns 400 field errors for a missing segment_order', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const res = await request(app, 'POST', '/api/segments/reorder/', { project_id: project.id });
    expectFieldReply(res, { segment_order: ['This field is required.'] });
  });

  it('returns 404 for an unknown project', async () => {
    const app = await buildTestApp();
    const res = await request(app, 'POST', '/api/segments/reorder/', { project_id: 'nope', segment_order: [] });
    expectReply(res, 404, { error: 'Project not found', code: 'project_not_found' });
  });

  it.each(['GET', 'PATCH', 'DELETE'] as const)('returns 405 for %s although /api/segments/:id has it', async (method) => {
    const app = await buildTestApp();
    await expectMethodNotAllowed(app, method, '/api/segments/reorder');
  });
});

describe('DELETE /api/segments/:id/remove-audio', () => {
  it('clears the audio fields and deletes the file', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [segment] = makeSegments(app, project.id, 1);
    const audio = `projects/${project.id}/audio/${segment!.id}.wav`;
    const file = writeMediaFile(app, audio);
    setSegmentAudio(app.ctx.db, segment!.id, { file: audio, durationSeconds: 2.25, wordTimings: [{ word: 'Hi', start: 0.1, end: 0.5 }] });

    const res = await request(app, 'DELETE', `/api/segments/${segment!.id}/remove-audio/`);
    expectReply(res, 200, { id: segment!.id, audio_file: null, audio_duration: null, message: 'Audio removed' });
    expect(findSegment(app.ctx.db, segment!.id)).toMatchObject({ audio_file: null, audio_duration: null, word_timings: null });
    expect(fs.existsSync(file)).toBe(false);
  });

  it('succeeds when the segment has no audio', async () => {
    const app = await buildTestApp();
    const [segment] = makeSegments(app, makeProject(app).id, 1);
    const res = await request(app, 'DELETE', `/api/segments/${segment!.id}/remove-audio/`);
    expect(res.statusCode).toBe(200);
    expect(res.json().audio_file).toBeNull();
  });

  it('returns 400 for a locked segment and keeps the audio', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [segment] = makeSegments(app, project.id, 1);
    const audio = `projects/${project.id}/audio/${segment!.id}.wav`;
    const file = writeMediaFile(app, audio);
    setSegmentAudio(app.ctx.db, segment!.id, { file: audio, durationSeconds: 2, wordTimings: null });
    updateSegment(app.ctx.db, segment!.id, { is_locked: true });
    const res = await request(app, 'DELETE', `/api/segments/${segment!.id}/remove-audio/`);
    expectReply(res, 400, { error: 'Cannot remove the audio of a locked segment. Unlock it first.', code: 'segment_locked' });
    expect(findSegment(app.ctx.db, segment!.id)?.audio_file).toBe(audio);
    expect(fs.existsSync(file)).toBe(true);
  });

  it('returns 404 for an unknown id', async () => {
    const app = await buildTestApp();
    expectReply(await request(app, 'DELETE', '/api/segments/nope/remove-audio/'), 404, { error: 'Segment not found', code: 'segment_not_found' });
  });

  it('returns 405 for POST', async () => {
    const app = await buildTestApp();
    const [segment] = makeSegments(app, makeProject(app).id, 1);
    const res = await request(app, 'POST', `/api/segments/${segment!.id}/remove-audio/`, {});
    expect(res.statusCode).toBe(405);
    expect(path.basename(res.json().error)).toBe('remove-audio');
  });
});
