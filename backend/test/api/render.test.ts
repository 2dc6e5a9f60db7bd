import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { configFor } from '../../src/config.js';
import { findProject } from '../../src/db/projects.js';
import { insertProject } from '../../src/db/projects.js';
import { insertTask, claimTask } from '../../src/db/tasks.js';
import { resolveMediaPath } from '../../src/storage/media.js';
import { buildTestApp, LOCAL } from '../helper.js';
import { makeReadyProject } from '../fixtures/media.js';
import { FFPROBE } from '../engine/media.js';
import { waitForTask } from './speech-helpers.js';

const run = promisify(execFile);

type StatusBody = {
  project_id: string;
  status: string;
  progress: { current_segment: number; total_segments: number; percentage: number; current_phase: string } | null;
  output_url: string | null;
  error: string | null;
  error_code: string | null;
  output?: { duration_seconds: number; file_size_bytes: number; width: number; height: number; fps: number; rendered_at: string };
};

const render = (app: App, id: string) =>
  app.inject({ method: 'POST', url: `/api/projects/${id}/render/`, headers: LOCAL, payload: {} });
const status = async (app: App, id: string): Promise<StatusBody> =>
  (await app.inject({ method: 'GET', url: `/api/projects/${id}/status/`, headers: LOCAL })).json<StatusBody>();

/** Polls the status endpoint until the render leaves PROCESSING; returns every body seen. */
async function pollUntilDone(app: App, id: string): Promise<StatusBody[]> {
  const seen: StatusBody[] = [];
  for (let i = 0; i < 6000; i++) {
    const body = await status(app, id);
    seen.push(body);
    if (body.status !== 'PROCESSING') return seen;
    await sleep(20);
  }
  throw new Error('render did not finish');
}

/** A task that holds the one worker until released, so a render queues behind it. */
function registerBlocker(app: App): { release(): void } {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  app.ctx.tasks.register('test-blocker', 'render', async (_task, ctl) => {
    await Promise.race([held, new Promise((resolve) => ctl.signal.addEventListener('abort', resolve))]);
  });
  app.ctx.tasks.enqueue({ id: 'blocker', kind: 'test-blocker', payload: {} });
  return { release: () => release() };
}

async function ffprobe(file: string) {
  const { stdout } = await run(FFPROBE, ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]);
  return JSON.parse(stdout) as {
    streams: { codec_type: string; codec_name: string; width?: number; height?: number }[];
    format: { duration: string };
  };
}

/** ffmpeg processes whose command line mentions `dir` (the render's output folder). */
function ffmpegProcessesUsing(dir: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return cmd.includes('ffmpeg') && cmd.includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('speech and render lanes', () => {
  it('completes a speech task while a real render is running, and the render still finishes', async () => {
    const app = await buildTestApp();
    const { project, segments } = await makeReadyProject(app, { segments: 2, seconds: 2 });
    const outputDir = path.join(app.ctx.config.mediaDir, 'projects', project.id, 'output');
    expect((await render(app, project.id)).statusCode).toBe(202);

    // Freeze the render's ffmpeg (SIGSTOP), so it is certainly still running, not merely slow.
    let stopped: number[] = [];
    for (let i = 0; i < 3000 && stopped.length === 0; i++) {
      stopped = ffmpegProcessesUsing(outputDir);
      if (stopped.length === 0) await sleep(10);
    }
    expect(stopped.length).toBeGreaterThan(0);
    for (const pid of stopped) process.kill(pid, 'SIGSTOP');
    try {
      const queued = await app.inject({ method: 'POST', url: `/api/segments/${segments[0]!.id}/generate-audio/`, headers: LOCAL, payload: {} });
      expect(queued.statusCode).toBe(202);
      const speech = await waitForTask(app, queued.json<{ task_id: string }>().task_id);
      expect(speech.status).toBe('COMPLETED');
      expect((await status(app, project.id)).status).toBe('PROCESSING');
    } finally {
      for (const pid of stopped) process.kill(pid, 'SIGCONT');
    }
    const done = (await pollUntilDone(app, project.id)).at(-1);
    expect(done).toMatchObject({ status: 'COMPLETED', error: null });
    const probe = await ffprobe(path.join(outputDir, 'final.mp4'));
    expect(probe.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
  });

  it('queues a second render behind the first and says so in its status', async () => {
    const app = await buildTestApp();
    const blocker = registerBlocker(app);
    const { project } = await makeReadyProject(app);
    expect((await render(app, project.id)).statusCode).toBe(202);
    expect((await status(app, project.id)).progress?.current_phase).toBe('Waiting for 1 render task ahead');
    // A speech task is in its own lane: nothing is ahead of it.
    const speech = await app.inject({ method: 'POST', url: `/api/projects/${project.id}/generate-all-audio/`, headers: LOCAL, payload: { force_regenerate: true } });
    const taskId = speech.json<{ task_id: string }>().task_id;
    expect(speech.json<{ message: string }>().message).not.toMatch(/behind/);
    expect((await waitForTask(app, taskId)).status).toBe('COMPLETED');
    blocker.release();
    expect((await pollUntilDone(app, project.id)).at(-1)?.status).toBe('COMPLETED');
  });
});

describe('POST /api/projects/:id/render', () => {
  it('returns 404 for an unknown project', async () => {
    const app = await buildTestApp();
    const res = await render(app, 'nope');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'Project not found', code: 'project_not_found' });
  });

  it('returns 400 with its own message when the project has no segments', async () => {
    const app = await buildTestApp();
    const project = insertProject(app.ctx.db, { title: 'Empty' });
    const res = await render(app, project.id);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'Project not ready for rendering', code: 'project_not_ready',
      details: { missing_images: [], missing_audio: [], message: 'Project has no segments' },
    });
    expect(findProject(app.ctx.db, project.id)?.status).toBe('DRAFT');
  });

  it('lists segments missing an image or audio, including files gone from disk', async () => {
    const app = await buildTestApp();
    const { project, segments } = await makeReadyProject(app, { segments: 3 });
    const [a, b] = segments;
    if (!a || !b) throw new Error('fixture');
    fs.rmSync(resolveMediaPath(app.ctx.config.mediaDir, a.image_file ?? ''));
    fs.rmSync(resolveMediaPath(app.ctx.config.mediaDir, b.audio_file ?? ''));
    const res = await render(app, project.id);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'Project not ready for rendering', code: 'project_not_ready',
      details: { missing_images: [a.id], missing_audio: [b.id], message: '2 segments are missing required assets' },
    });
    expect(findProject(app.ctx.db, project.id)?.status).toBe('DRAFT');
  });

  it('returns 500 with install guidance when FFmpeg cannot be run, changing nothing', async () => {
    const app = await buildTestApp({ ffmpegPath: '/nonexistent/ffmpeg' });
    const { project } = await makeReadyProject(app);
    const res = await render(app, project.id);
    expect(res.statusCode).toBe(500);
    expect(res.json<{ error: string }>().error).toMatch(/^FFmpeg is required.*apt-get install ffmpeg/s);
    expect(res.json()).toMatchObject({ code: 'ffmpeg_missing' });
    expect(findProject(app.ctx.db, project.id)?.status).toBe('DRAFT');
  });

  it('renders to COMPLETED with monotonic progress and an output ffprobe agrees with', async () => {
    const app = await buildTestApp();
    const { project } = await makeReadyProject(app, { segments: 3 });
    const res = await render(app, project.id);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({
      task_id: `render_${project.id}`,
      project_id: project.id,
      status: 'PROCESSING',
      total_segments: 3,
      message: 'Video rendering started',
    });

    const seen = await pollUntilDone(app, project.id);
    const percentages = seen.flatMap((s) => (s.status === 'PROCESSING' && s.progress ? [s.progress.percentage] : []));
    expect(percentages).toEqual([...percentages].sort((x, y) => x - y));
    const done = seen.at(-1);
    expect(done).toMatchObject({
      status: 'COMPLETED',
      error: null,
      error_code: null,
      output_url: `/media/projects/${project.id}/output/final.mp4`,
      progress: { current_segment: 3, total_segments: 3, percentage: 100, current_phase: 'Export complete' },
    });
    const file = path.join(app.ctx.config.mediaDir, 'projects', project.id, 'output', 'final.mp4');
    const probe = await ffprobe(file);
    const video = probe.streams.find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ codec_name: 'h264', width: 160, height: 90 });
    expect(probe.streams.some((s) => s.codec_type === 'audio' && s.codec_name === 'aac')).toBe(true);
    expect(done?.output).toMatchObject({ width: 160, height: 90, fps: 10, file_size_bytes: fs.statSync(file).size });
    expect(Math.abs((done?.output?.duration_seconds ?? 0) - Number(probe.format.duration))).toBeLessThan(0.1);
    // Three 1 s narrations and the default 0.3 s pause between them (SPEC §7.2).
    expect(Math.abs(Number(probe.format.duration) - 3.6)).toBeLessThanOrEqual(0.1);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['final.mp4', 'final.srt', 'final.vtt']);
    expect(findProject(app.ctx.db, project.id)?.output_path).toBe(`/media/projects/${project.id}/output/final.mp4`);

    const media = await app.inject({ method: 'GET', url: done?.output_url ?? '', headers: { ...LOCAL, range: 'bytes=0-99' } });
    expect(media.statusCode).toBe(206);
    expect(media.headers['content-type']).toBe('video/mp4');
  });

  it('re-renders from COMPLETED and retries from FAILED', async () => {
    const app = await buildTestApp();
    const { project, segments } = await makeReadyProject(app);
    expect((await render(app, project.id)).statusCode).toBe(202);
    expect((await pollUntilDone(app, project.id)).at(-1)?.status).toBe('COMPLETED');

    // Undecodable image: passes validation (the file exists), fails in the engine.
    const image = resolveMediaPath(app.ctx.config.mediaDir, segments[1]?.image_file ?? '');
    const goodImage = fs.readFileSync(image);
    fs.writeFileSync(image, 'this is not an image');
    expect((await render(app, project.id)).statusCode).toBe(202);
    const failed = (await pollUntilDone(app, project.id)).at(-1);
    expect(failed?.status).toBe('FAILED');
    expect(failed?.error).toMatch(/^Segment 2: /);
    expect(failed?.error_code).toBe('segment_image');
    expect(findProject(app.ctx.db, project.id)).toMatchObject({ render_error_code: 'segment_image' });
    expect(failed?.output_url).toBeNull();
    const output = path.join(app.ctx.config.mediaDir, 'projects', project.id, 'output');
    // The earlier good video and its captions stay, no partial files.
    expect(fs.readdirSync(output).sort()).toEqual(['final.mp4', 'final.srt', 'final.vtt']);

    fs.writeFileSync(image, goodImage);
    expect((await render(app, project.id)).statusCode).toBe(202);
    expect((await pollUntilDone(app, project.id)).at(-1)).toMatchObject({ status: 'COMPLETED', error: null, error_code: null });
    expect(findProject(app.ctx.db, project.id)).toMatchObject({ render_error: null, render_error_code: null });
  });

  it('accepts a Re-render the moment the status says COMPLETED or FAILED', async () => {
    const app = await buildTestApp();
    const { project, segments } = await makeReadyProject(app);
    const taskId = `render_${project.id}`;
    // Checked on every turn of the event loop, where a request could arrive: once the project
    // reads finished, its task must be finished too, or that request would get a 409.
    const watchFinish = async () => {
      for (;;) {
        const projectStatus = findProject(app.ctx.db, project.id)?.status;
        if (projectStatus !== 'PROCESSING') return { projectStatus, taskStatus: app.ctx.tasks.get(taskId)?.status };
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    expect((await render(app, project.id)).statusCode).toBe(202);
    expect(await watchFinish()).toEqual({ projectStatus: 'COMPLETED', taskStatus: 'COMPLETED' });
    expect((await render(app, project.id)).statusCode).toBe(202);
    expect(await watchFinish()).toEqual({ projectStatus: 'COMPLETED', taskStatus: 'COMPLETED' });

    const image = resolveMediaPath(app.ctx.config.mediaDir, segments[0]?.image_file ?? '');
    fs.writeFileSync(image, 'this is not an image');
    expect((await render(app, project.id)).statusCode).toBe(202);
    expect(await watchFinish()).toEqual({ projectStatus: 'FAILED', taskStatus: 'FAILED' });
    expect((await render(app, project.id)).statusCode).toBe(202);
    await pollUntilDone(app, project.id);
  });

  it('accepts exactly one of 20 simultaneous requests', async () => {
    const app = await buildTestApp();
    const { project } = await makeReadyProject(app);
    const blocker = registerBlocker(app); // keeps the render queued while the requests race
    const results = await Promise.all(Array.from({ length: 20 }, () => render(app, project.id)));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 202)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    expect(results.find((r) => r.statusCode === 409)?.json()).toEqual({
      error: 'Project is already being rendered', code: 'render_in_progress',
      project_id: project.id,
      status: 'PROCESSING',
    });
    blocker.release();
    expect((await pollUntilDone(app, project.id)).at(-1)?.status).toBe('COMPLETED');
  });
});

describe('render on the shared task queue', () => {
  it('does not wait for a speech task queued before it: the render lane is its own queue (SPEC §7.7)', async () => {
    const app = await buildTestApp();
    const { project, segments } = await makeReadyProject(app);
    const speech = await app.inject({
      method: 'POST',
      url: `/api/segments/${segments[0]?.id}/generate-audio/`,
      headers: LOCAL,
    });
    expect(speech.statusCode).toBe(202);
    const speechTaskId = speech.json<{ task_id: string }>().task_id;
    expect((await render(app, project.id)).statusCode).toBe(202);
    expect(app.ctx.tasks.tasksAhead(`render_${project.id}`)).toBe(0);
    expect((await pollUntilDone(app, project.id)).at(-1)?.status).toBe('COMPLETED');
    await waitForTask(app, speechTaskId);

    expect(app.ctx.tasks.get(speechTaskId)?.status).toBe('COMPLETED');
  });
});

describe('GET /api/projects/:id/status', () => {
  it('shows DRAFT with no progress', async () => {
    const app = await buildTestApp();
    const project = insertProject(app.ctx.db, { title: 'Draft' });
    expect(await status(app, project.id)).toEqual({
      project_id: project.id,
      status: 'DRAFT',
      progress: null,
      output_url: null,
      error: null,
      error_code: null,
      output_stale: false,
    });
  });

  it('says how many tasks are ahead while the render waits in the queue', async () => {
    const app = await buildTestApp();
    const { project } = await makeReadyProject(app);
    const blocker = registerBlocker(app);
    expect((await render(app, project.id)).statusCode).toBe(202);
    expect(await status(app, project.id)).toMatchObject({
      status: 'PROCESSING',
      progress: { current_segment: 0, total_segments: 2, percentage: 0, current_phase: 'Waiting for 1 render task ahead' },
    });
    blocker.release();
    expect((await pollUntilDone(app, project.id)).at(-1)?.status).toBe('COMPLETED');
  });

  it('returns 404 for an unknown project', async () => {
    const app = await buildTestApp();
    const res = await app.inject({ method: 'GET', url: '/api/projects/nope/status/', headers: LOCAL });
    expect(res.statusCode).toBe(404);
  });
});

describe('POST /api/projects/:id/cancel-render', () => {
  it('returns 409 when the project is not rendering', async () => {
    const app = await buildTestApp();
    const project = insertProject(app.ctx.db, { title: 'Idle' });
    const res = await app.inject({ method: 'POST', url: `/api/projects/${project.id}/cancel-render/`, headers: LOCAL });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'Project is not being rendered', code: 'not_rendering' });
  });

  it('drops a queued render', async () => {
    const app = await buildTestApp();
    const { project } = await makeReadyProject(app);
    const blocker = registerBlocker(app);
    expect((await render(app, project.id)).statusCode).toBe(202);
    const res = await app.inject({ method: 'POST', url: `/api/projects/${project.id}/cancel-render/`, headers: LOCAL });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ project_id: project.id, status: 'FAILED', message: 'Render cancelled' });
    expect(await status(app, project.id)).toMatchObject({ status: 'FAILED', error: 'Cancelled by user', error_code: 'cancelled' });
    expect(app.ctx.tasks.get(`render_${project.id}`)?.status).toBe('CANCELLED');
    blocker.release();
  });

  it('stops a running render, keeps the previous video and leaves no partial files', async () => {
    const app = await buildTestApp();
    const { project } = await makeReadyProject(app, { segments: 3, seconds: 4, width: 640, height: 360, fps: 30 });
    const output = path.join(app.ctx.config.mediaDir, 'projects', project.id, 'output');
    fs.mkdirSync(output, { recursive: true });
    fs.writeFileSync(path.join(output, 'final.mp4'), 'previous video');

    expect((await render(app, project.id)).statusCode).toBe(202);
    for (let i = 0; i < 2000; i++) {
      const s = await status(app, project.id);
      if (s.progress && s.progress.percentage > 0) break;
      await sleep(10);
    }
    const res = await app.inject({ method: 'POST', url: `/api/projects/${project.id}/cancel-render/`, headers: LOCAL });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'FAILED' });
    expect(await status(app, project.id)).toMatchObject({ status: 'FAILED', error: 'Cancelled by user', error_code: 'cancelled' });
    expect(fs.readdirSync(output)).toEqual(['final.mp4']);
    expect(fs.readFileSync(path.join(output, 'final.mp4'), 'utf8')).toBe('previous video');
    const { stdout } = await run('ps', ['-eo', 'args']);
    expect(stdout).not.toContain(project.id);
  });
});

describe('restart recovery', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('fails a project left PROCESSING by a stopped server', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storyflow-restart-'));
    dirs.push(dir);
    const first = await buildApp(configFor(dir));
    const project = insertProject(first.ctx.db, { title: 'Interrupted' });
    first.ctx.db.prepare(`UPDATE projects SET status = 'PROCESSING' WHERE id = ?`).run(project.id);
    insertTask(first.ctx.db, { id: `render_${project.id}`, kind: 'render', projectId: project.id, payload: {} });
    claimTask(first.ctx.db, `render_${project.id}`);
    first.ctx.db.close(); // the process dies: no orderly shutdown

    const second = await buildApp(configFor(dir));
    try {
      expect(await status(second, project.id)).toMatchObject({
        status: 'FAILED',
        error: 'Render interrupted: the server stopped',
        error_code: 'interrupted',
      });
      expect(second.ctx.tasks.get(`render_${project.id}`)?.status).toBe('FAILED');
    } finally {
      await second.close();
    }
  });
});
