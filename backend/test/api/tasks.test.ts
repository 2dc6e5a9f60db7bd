import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { configFor } from '../../src/config.js';
import { insertTask } from '../../src/db/tasks.js';
import { buildTestApp, makeTempDir } from '../helper.js';
import { expectReply, request } from './fixtures.js';
import { holdQueue, seedProject, waitForTask } from './speech-helpers.js';

describe('GET /api/tasks/:task_id/status', () => {
  it('returns 404 for an unknown task', async () => {
    const app = await buildTestApp();
    expectReply(await request(app, 'GET', '/api/tasks/tts_nope_00000000/status/'), 404, { error: 'Task not found', code: 'task_not_found' });
  });

  it('shows a queued task as PENDING with its progress and the tasks ahead of it', async () => {
    const app = await buildTestApp();
    const { project } = seedProject(app, ['One.', 'Two.']);
    const release = holdQueue(app);
    const res = await request(app, 'POST', `/api/projects/${project.id}/generate-all-audio/`);
    const taskId = res.json<{ task_id: string }>().task_id;

    expectReply(await request(app, 'GET', `/api/tasks/${taskId}/status`), 200, {
      task_id: taskId,
      status: 'PENDING',
      progress: { current: 0, total: 2, percentage: 0, tasks_ahead: 1, waiting_for: 'Waiting for 1 speech task ahead' },
      completed_segments: [],
      errors: [],
    });
    release();
    expect((await waitForTask(app, taskId)).status).toBe('COMPLETED');
  });

  it('fills in current/total/percentage for a task that has not reported progress', async () => {
    const app = await buildTestApp();
    insertTask(app.ctx.db, { id: 'render_x', kind: 'nothing-runs-this', payload: {} });
    const res = await request(app, 'GET', '/api/tasks/render_x/status/');
    expect(res.json()).toEqual({
      task_id: 'render_x',
      status: 'PENDING',
      progress: { current: 0, total: 0, percentage: 0, tasks_ahead: 0 },
      completed_segments: [],
      errors: [],
    });
  });

  it('answers 405 for a wrong method', async () => {
    const app = await buildTestApp();
    const res = await request(app, 'POST', '/api/tasks/x/status/');
    expect(res.statusCode).toBe(405);
  });

  it('reports tasks a stopped server left unfinished as FAILED after a restart', async () => {
    const dataDir = makeTempDir();
    const config = configFor(dataDir);
    const first = await buildApp(config);
    const { project } = seedProject(first, ['One.']);
    // Queue work that never gets to run, as if the process died right after answering.
    insertTask(first.ctx.db, { id: 'tts_batch_dead_00000000', kind: 'tts_batch', projectId: project.id, payload: {} });
    first.ctx.db.prepare(`UPDATE tasks SET status = 'PROCESSING'`).run();
    insertTask(first.ctx.db, { id: 'tts_dead_00000001', kind: 'tts', payload: {} });
    // Closing the db directly (not app.close) leaves the rows as a crash would.
    first.ctx.db.close();

    const second = await buildApp(config);
    try {
      for (const id of ['tts_batch_dead_00000000', 'tts_dead_00000001']) {
        const res = await request(second, 'GET', `/api/tasks/${id}/status/`);
        expect(res.json()).toMatchObject({ task_id: id, status: 'FAILED', errors: [{ error: 'Interrupted: the server stopped' }] });
      }
      // The queue of the new process works.
      const res = await request(second, 'POST', `/api/projects/${project.id}/generate-all-audio/`);
      expect((await waitForTask(second, res.json<{ task_id: string }>().task_id)).status).toBe('COMPLETED');
    } finally {
      await second.close();
    }
  });
});
