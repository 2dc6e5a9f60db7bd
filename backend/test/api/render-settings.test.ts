import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { MOTIONS as CONTRACT_MOTIONS } from '@storyflow/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { configFor } from '../../src/config.js';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { findProject } from '../../src/db/projects.js';
import { MOTIONS as ENGINE_MOTIONS, presetForPosition } from '../../src/engine/ken-burns.js';
import { buildTestApp, LOCAL } from '../helper.js';
import { makeReadyProject } from '../fixtures/media.js';
import { expectFieldErrors, makeProject, makeSegments, request } from './fixtures.js';

const patchProject = (app: App, id: string, body: Record<string, unknown>) => request(app, 'PATCH', `/api/projects/${id}/`, body);
const getProject = async (app: App, id: string) => (await request(app, 'GET', `/api/projects/${id}/`)).json();

async function waitForStatus(app: App, id: string, done: (body: { status: string }) => boolean): Promise<void> {
  for (let i = 0; i < 6000; i++) {
    const body = (await app.inject({ method: 'GET', url: `/api/projects/${id}/status/`, headers: LOCAL })).json();
    if (done(body)) return;
    await sleep(20);
  }
  throw new Error('render did not finish');
}

async function waitForTask(app: App, taskId: string): Promise<{ status: string; errors: unknown[] }> {
  for (let i = 0; i < 6000; i++) {
    const res = await app.inject({ method: 'GET', url: `/api/tasks/${taskId}/status/`, headers: LOCAL });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    if (body.status === 'COMPLETED' || body.status === 'FAILED') return body;
    await sleep(20);
  }
  throw new Error('task did not finish');
}

describe('PATCH /api/projects/:id', () => {
  it('renames and changes render settings, and GET shows them', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const res = await patchProject(app, project.id, {
      title: '  The Lighthouse  ',
      aspect: '9:16',
      framerate: 25,
      quality: 'high',
      transition: 'fade_black',
      transition_seconds: 1.2,
      segment_pause_seconds: 0,
    });
    expect(res.statusCode).toBe(200);
    const expected = {
      title: 'The Lighthouse',
      aspect: '9:16',
      resolution_width: 1080,
      resolution_height: 1920,
      framerate: 25,
      quality: 'high',
      transition: 'fade_black',
      transition_seconds: 1.2,
      segment_pause_seconds: 0,
    };
    expect(res.json()).toMatchObject(expected);
    expect(await getProject(app, project.id)).toMatchObject(expected);
  });

  it('takes a preset size and finds its aspect, and gives an aspect its default size', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    expect((await patchProject(app, project.id, { resolution_width: 1280, resolution_height: 720 })).json()).toMatchObject({
      aspect: '16:9',
      resolution_width: 1280,
      resolution_height: 720,
    });
    expect((await patchProject(app, project.id, { aspect: '4:5' })).json()).toMatchObject({ resolution_width: 1080, resolution_height: 1350 });
    expect((await patchProject(app, project.id, { aspect: '16:9', resolution_width: 3840, resolution_height: 2160 })).json()).toMatchObject({
      aspect: '16:9',
      resolution_width: 3840,
    });
  });

  it('refuses values outside the offered settings with field errors and changes nothing', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const before = findProject(app.ctx.db, project.id);
    const cases: [Record<string, unknown>, string[]][] = [
      [{ framerate: 29 }, ['framerate']],
      [{ quality: 'ultra' }, ['quality']],
      [{ transition: 'wipe' }, ['transition']],
      [{ transition_seconds: 0.05 }, ['transition_seconds']],
      [{ segment_pause_seconds: 3.5 }, ['segment_pause_seconds']],
      [{ aspect: '21:9' }, ['aspect']],
      [{ title: '   ' }, ['title']],
      [{ resolution_width: 1000, resolution_height: 1000 }, ['resolution_width']],
      [{ aspect: '9:16', resolution_width: 1920, resolution_height: 1080 }, ['resolution_width']],
      [{ resolution_width: 1080 }, ['resolution_height']],
    ];
    for (const [body, fields] of cases) expectFieldErrors(await patchProject(app, project.id, body), fields);
    expect(findProject(app.ctx.db, project.id)).toEqual(before);
  });

  it('answers 404 for an unknown project', async () => {
    const app = await buildTestApp();
    const res = await patchProject(app, 'nope', { quality: 'draft' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'project_not_found' });
  });
});

describe('segment motion and focus', () => {
  it('lists the same motions in the engine and the contract', () => {
    expect([...ENGINE_MOTIONS]).toEqual([...CONTRACT_MOTIONS]);
  });

  it('assigns motion from the position at creation and keeps it through a reorder', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const segments = makeSegments(app, project.id, 9);
    expect(segments.map((s) => s.motion)).toEqual(segments.map((_, i) => presetForPosition(i)));
    const reversed = [...segments].reverse();
    const res = await request(app, 'POST', '/api/segments/reorder/', { project_id: project.id, segment_order: reversed.map((s) => s.id) });
    expect(res.statusCode).toBe(200);
    const after = (await getProject(app, project.id)).segments as { id: string; motion: string }[];
    expect(after.map((s) => s.id)).toEqual(reversed.map((s) => s.id));
    expect(after.map((s) => s.motion)).toEqual(reversed.map((s) => s.motion));
  });

  it('sets and clears motion and focus, refusing bad values and locked segments', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [segment] = makeSegments(app, project.id, 1);
    const url = `/api/segments/${segment!.id}/`;
    expect((await request(app, 'PATCH', url, { motion: 'still', focus: { x: 0.25, y: 0.8 } })).json()).toMatchObject({
      motion: 'still',
      focus: { x: 0.25, y: 0.8 },
    });
    expect((await request(app, 'PATCH', url, { focus: null })).json()).toMatchObject({ motion: 'still', focus: null });
    expectFieldErrors(await request(app, 'PATCH', url, { motion: 'spin' }), ['motion']);
    expectFieldErrors(await request(app, 'PATCH', url, { focus: { x: 1.5, y: 0 } }), ['focus.x']);
    await request(app, 'PATCH', url, { is_locked: true });
    const locked = await request(app, 'PATCH', url, { motion: 'center_center' });
    expect(locked.statusCode).toBe(400);
    expect(locked.json()).toMatchObject({ code: 'segment_locked' });
  });
});

describe('output_stale and the draft preview', () => {
  it('is false after a render and true once a segment changes, in the detail and the list', async () => {
    const app = await buildTestApp();
    const { project, segments } = await makeReadyProject(app, { segments: 2 });
    expect((await request(app, 'POST', `/api/projects/${project.id}/render/`, {})).statusCode).toBe(202);
    await waitForStatus(app, project.id, (b) => b.status !== 'PROCESSING');
    expect(await getProject(app, project.id)).toMatchObject({ status: 'COMPLETED', output_stale: false });

    await request(app, 'PATCH', `/api/segments/${segments[0]!.id}/`, { motion: 'still' });
    expect((await getProject(app, project.id)).output_stale).toBe(true);
    expect((await request(app, 'GET', '/api/projects/')).json().results[0].output_stale).toBe(true);
  });

  it('renders a draft into preview.mp4 without touching final.mp4 or the status', async () => {
    const app = await buildTestApp();
    const { project } = await makeReadyProject(app, { segments: 2 });
    expect((await request(app, 'POST', `/api/projects/${project.id}/render/`, {})).statusCode).toBe(202);
    await waitForStatus(app, project.id, (b) => b.status !== 'PROCESSING');
    const finalPath = path.join(app.ctx.config.mediaDir, 'projects', project.id, 'output', 'final.mp4');
    const finalBytes = fs.readFileSync(finalPath);

    const res = await request(app, 'POST', `/api/projects/${project.id}/preview/`);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ task_id: `preview_${project.id}`, project_id: project.id, message: 'Draft preview started' });
    expect((await waitForTask(app, `preview_${project.id}`)).status).toBe('COMPLETED');

    const body = await getProject(app, project.id);
    expect(body).toMatchObject({ status: 'COMPLETED', output_path: `/media/projects/${project.id}/output/final.mp4`, output_stale: false });
    expect(body.preview_url).toMatch(new RegExp(`^/media/projects/${project.id}/output/preview\\.mp4\\?v=`));
    // Draft renders at half the project's 160×90.
    expect(body.preview).toMatchObject({ width: 80, height: 46, fps: 10 });
    expect(fs.readFileSync(finalPath).equals(finalBytes)).toBe(true);
    const media = await app.inject({ method: 'GET', url: body.preview_url, headers: LOCAL });
    expect(media.statusCode).toBe(200);
    expect(media.headers['content-type']).toBe('video/mp4');
  });

  it('answers 400 with what is missing when the project is not ready', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    makeSegments(app, project.id, 1);
    const res = await request(app, 'POST', `/api/projects/${project.id}/preview/`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'project_not_ready' });
  });

  it('deletes the project’s cached clips with the project', async () => {
    const app = await buildTestApp();
    const { project } = await makeReadyProject(app, { segments: 2 });
    await request(app, 'POST', `/api/projects/${project.id}/render/`, {});
    await waitForStatus(app, project.id, (b) => b.status !== 'PROCESSING');
    const clips = path.join(app.ctx.config.dataDir, 'cache', 'clips', project.id);
    // Two segments' pictures and the crossfade between them (the default transition).
    expect(fs.readdirSync(clips).filter((n) => n.endsWith('.mp4'))).toHaveLength(3);
    expect((await request(app, 'DELETE', `/api/projects/${project.id}/`)).statusCode).toBe(204);
    expect(fs.existsSync(clips)).toBe(false);
  });
});

describe('migrating a release-1 database', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('assigns motion from position, keeps settings at the defaults and the old video current', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'storyflow-migrate-'));
    dirs.push(dataDir);
    const config = configFor(dataDir);
    fs.mkdirSync(dataDir, { recursive: true });
    const old = new Database(config.databaseFile);
    old.exec(MIGRATIONS[0]!);
    old.pragma('user_version = 1');
    const now = new Date().toISOString();
    old.prepare(
      `INSERT INTO projects (id, title, created_at, updated_at, status, output_path) VALUES ('p1', 'Old', ?, ?, 'COMPLETED', '/media/projects/p1/output/final.mp4')`,
    ).run(now, now);
    for (let i = 0; i < 9; i++) {
      old.prepare(`INSERT INTO segments (id, project_id, sequence_index, created_at, updated_at) VALUES (?, 'p1', ?, ?, ?)`).run(`s${i}`, i, now, now);
    }
    old.close();

    const app = await buildApp(config);
    try {
      const body = await getProject(app, 'p1');
      expect(body).toMatchObject({
        status: 'COMPLETED',
        output_path: '/media/projects/p1/output/final.mp4',
        output_stale: false,
        aspect: '16:9',
        quality: 'standard',
        transition: 'crossfade',
        transition_seconds: 0.5,
        segment_pause_seconds: 0.3,
      });
      expect(body.segments.map((s: { motion: string }) => s.motion)).toEqual(Array.from({ length: 9 }, (_, i) => presetForPosition(i)));
      await patchProject(app, 'p1', { quality: 'high' });
      expect((await getProject(app, 'p1')).output_stale).toBe(true);
    } finally {
      await app.close();
    }
  });
});
