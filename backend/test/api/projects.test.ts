import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CAPTIONS } from '@storyflow/contract';
import { claimProjectForRender, findProject } from '../../src/db/projects.js';
import { buildTestApp, LOCAL } from '../helper.js';
import {
  countRows,
  expectFieldErrors,
  expectFieldReply,
  expectMalformedJsonRefused,
  expectMethodNotAllowed,
  expectReply,
  expectServing,
  makeProject,
  makeSegments,
  mediaFiles,
  pngBytes,
  request,
  segmentsOf,
  uploadImage,
  writeMediaFile,
} from './fixtures.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** What a project created without output settings says about its status and output. */
const NEW_PROJECT_DEFAULTS = {
  status: 'DRAFT',
  resolution_width: 1920,
  resolution_height: 1080,
  framerate: 30,
  output_path: null,
  render_error: null,
  render_error_code: null,
  music: null,
  loudness_target: -14,
  voice_id: null,
  tts_speed: null,
  aspect: '16:9',
  quality: 'standard',
  transition: 'crossfade',
  transition_seconds: 0.5,
  segment_pause_seconds: 0.3,
  captions: DEFAULT_CAPTIONS,
  output_stale: false,
  preview_url: null,
  preview: null,
} as const;

describe('GET /api/projects', () => {
  it('returns an empty first page when there are no projects', async () => {
    const app = await buildTestApp();
    expectReply(await request(app, 'GET', '/api/projects/'), 200, { count: 0, next: null, previous: null, results: [] });
  });

  it('lists projects newest first with their segment counts', async () => {
    const app = await buildTestApp();
    const older = makeProject(app, 'Older');
    makeSegments(app, older.id, 3);
    const newer = makeProject(app, 'Newer');
    const res = await request(app, 'GET', '/api/projects');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.count).toBe(2);
    expect(body.results.map((p: { title: string }) => p.title)).toEqual(['Newer', 'Older']);
    expect(body.results[0]).toEqual({
      id: newer.id,
      title: 'Newer',
      created_at: newer.created_at,
      updated_at: newer.updated_at,
      ...NEW_PROJECT_DEFAULTS,
      segment_count: 0,
    });
    expect(body.results[1].segment_count).toBe(3);
  });

  it('pages by 50 with relative next and previous links', async () => {
    const app = await buildTestApp();
    for (let i = 0; i < 51; i++) makeProject(app, `P${i}`);
    const first = (await request(app, 'GET', '/api/projects/')).json();
    expect(first).toMatchObject({ count: 51, next: '/api/projects/?page=2', previous: null });
    expect(first.results).toHaveLength(50);
    expect(first.results[0].title).toBe('P50');

    const second = (await request(app, 'GET', '/api/projects/?page=2')).json();
    expect(second).toMatchObject({ count: 51, next: null, previous: '/api/projects/' });
    expect(second.results.map((p: { title: string }) => p.title)).toEqual(['P0']);
  });

  it.each(['3', '0', '-1', 'abc', '1.5'])('returns 404 Invalid page for ?page=%s', async (page) => {
    const app = await buildTestApp();
    makeProject(app);
    const res = await request(app, 'GET', `/api/projects/?page=${page}`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'Invalid page', code: 'invalid_page' });
    expect(typeof res.json().details).toBe('string');
  });
});

describe('POST /api/projects', () => {
  it('creates a draft project with default output settings and a trimmed title', async () => {
    const app = await buildTestApp();
    const res = await request(app, 'POST', '/api/projects/', { title: '  The Lighthouse  ' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      id: expect.stringMatching(UUID),
      title: 'The Lighthouse',
      created_at: expect.stringMatching(ISO),
      updated_at: expect.stringMatching(ISO),
      ...NEW_PROJECT_DEFAULTS,
    });
    expect(findProject(app.ctx.db, body.id)?.title).toBe('The Lighthouse');
  });

  it('stores a requested resolution and framerate', async () => {
    const app = await buildTestApp();
    const res = await request(app, 'POST', '/api/projects/', {
      title: 'Vertical',
      resolution_width: 1080,
      resolution_height: 1920,
      framerate: 24,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ resolution_width: 1080, resolution_height: 1920, framerate: 24 });
  });

  it('accepts a title of exactly 200 characters', async () => {
    const app = await buildTestApp();
    const res = await request(app, 'POST', '/api/projects/', { title: 'x'.repeat(200) });
    expect(res.statusCode).toBe(201);
  });

  it.each([
    [{}, { title: ['This field is required.'] }],
    [{ title: '   ' }, { title: ['This field may not be blank.'] }],
    [{ title: 'x'.repeat(201) }, { title: ['Ensure this field has no more than 200 characters.'] }],
    [{ title: 'A', resolution_width: 1921 }, { resolution_width: ['Must be an even number.'] }],
    [{ title: 'A', resolution_height: 8 }, { resolution_height: ['Ensure this value is at least 16.'] }],
    [{ title: 'A', framerate: 0 }, { framerate: ['Ensure this value is at least 1.'] }],
    [{ title: 'A', framerate: 29.97 }, { framerate: ['A whole number is required.'] }],
  ])('returns 400 with field errors for %j', async (payload, errors) => {
    const app = await buildTestApp();
    expectFieldReply(await request(app, 'POST', '/api/projects/', payload), errors);
    expect(countRows(app, 'projects')).toBe(0);
  });

  it('returns 400 for malformed JSON and keeps serving', async () => {
    const app = await buildTestApp();
    await expectMalformedJsonRefused(app, 'POST', '/api/projects/', '{"title": "Unclosed');
    expect(countRows(app, 'projects')).toBe(0);
  });

  it('returns 400 when the body is not a JSON object', async () => {
    const app = await buildTestApp();
    expectFieldErrors(await request(app, 'POST', '/api/projects/', [{ title: 'A' }]), ['non_field_errors']);
    expect(countRows(app, 'projects')).toBe(0);
  });

  it('returns 415 for a body that is not JSON', async () => {
    const app = await buildTestApp();
    const res = await app.inject({
      method: 'POST',
      url: '/api/projects/',
      headers: { ...LOCAL, 'content-type': 'application/xml' },
      payload: '<title>A</title>',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ error: 'Unsupported content type', code: 'unsupported_media_type' });
    expect(countRows(app, 'projects')).toBe(0);
    await expectServing(app);
  });

  it('returns 405 for PUT on the collection', async () => {
    const app = await buildTestApp();
    await expectMethodNotAllowed(app, 'PUT', '/api/projects/', { title: 'A' });
    expect(countRows(app, 'projects')).toBe(0);
  });
});

describe('GET /api/projects/:id', () => {
  it('returns the project with all of its segments in timeline order', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const segments = makeSegments(app, project.id, 3);
    const res = await request(app, 'GET', `/api/projects/${project.id}/`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ id: project.id, title: 'Lighthouse', status: 'DRAFT' });
    expect(body.segments).toHaveLength(3);
    expect(body.segments[0]).toEqual({
      id: segments[0]?.id,
      project: project.id,
      sequence_index: 0,
      text_content: 'Text 0',
      image_prompt: 'Prompt 0',
      image_file: null,
      audio_file: null,
      audio_duration: null,
      word_timings: null,
      audio_stale: false,
      is_locked: false,
      created_at: expect.stringMatching(ISO),
      updated_at: expect.stringMatching(ISO),
      motion: 'center_center',
      focus: null,
    });
    expect(body.segments.map((s: { sequence_index: number }) => s.sequence_index)).toEqual([0, 1, 2]);
  });

  it('answers without the trailing slash too', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const res = await request(app, 'GET', `/api/projects/${project.id}`);
    expect(res.statusCode).toBe(200);
  });

  it('returns 404 for an unknown id', async () => {
    const app = await buildTestApp();
    expectReply(await request(app, 'GET', '/api/projects/no-such-id/'), 404, { error: 'Project not found', code: 'project_not_found' });
  });

  it('returns 405 for a method the path does not support', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    await expectMethodNotAllowed(app, 'PUT', `/api/projects/${project.id}/`, { title: 'Renamed' });
    expect(findProject(app.ctx.db, project.id)?.title).toBe('Lighthouse');
    await expectServing(app);
  });
});

describe('DELETE /api/projects/:id', () => {
  it('deletes the project, its segments and its whole media folder', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [segment] = makeSegments(app, project.id, 2);
    expect((await uploadImage(app, segment!.id, await pngBytes())).statusCode).toBe(200);
    writeMediaFile(app, `projects/${project.id}/audio/${segment!.id}.wav`);
    const other = makeProject(app, 'Other');
    writeMediaFile(app, `projects/${other.id}/images/keep.png`);

    const res = await request(app, 'DELETE', `/api/projects/${project.id}/`);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(findProject(app.ctx.db, project.id)).toBeUndefined();
    expect(segmentsOf(app, project.id)).toEqual([]);
    expect(fs.existsSync(path.join(app.ctx.config.mediaDir, 'projects', project.id))).toBe(false);
    expect(mediaFiles(app)).toEqual([`projects/${other.id}/images/keep.png`]);
  });

  it('deletes a project that has no media folder', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const res = await request(app, 'DELETE', `/api/projects/${project.id}`);
    expect(res.statusCode).toBe(204);
    expect(countRows(app, 'projects')).toBe(0);
  });

  it('returns 409 and keeps everything while the project is rendering', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    makeSegments(app, project.id, 1);
    writeMediaFile(app, `projects/${project.id}/images/a.png`);
    claimProjectForRender(app.ctx.db, project.id);

    expectReply(await request(app, 'DELETE', `/api/projects/${project.id}/`), 409, { error: 'This project is rendering. Cancel the render before deleting it.', code: 'project_rendering' });
    expect(findProject(app.ctx.db, project.id)?.status).toBe('PROCESSING');
    expect(segmentsOf(app, project.id)).toHaveLength(1);
    expect(mediaFiles(app)).toEqual([`projects/${project.id}/images/a.png`]);
  });

  it('returns 404 for an unknown id', async () => {
    const app = await buildTestApp();
    makeProject(app);
    expectReply(await request(app, 'DELETE', '/api/projects/no-such-id/'), 404, { error: 'Project not found', code: 'project_not_found' });
    expect(countRows(app, 'projects')).toBe(1);
  });
});
