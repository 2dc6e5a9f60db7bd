import crypto from 'node:crypto';
import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import { insertProject, type Project } from '../../src/db/projects.js';
import { appendSegments, updateSegment, type Segment } from '../../src/db/segments.js';
import { LOCAL } from '../helper.js';

/** A project with segments, inserted through the repositories (not the HTTP routes). */
export function seedProject(app: App, texts: string[], title = 'Lighthouse'): { project: Project; segments: Segment[] } {
  const project = insertProject(app.ctx.db, { title });
  const segments = appendSegments(
    app.ctx.db,
    project.id,
    texts.map((text_content) => ({ text_content, image_prompt: '' })),
  );
  return { project, segments };
}

export function lockSegment(app: App, id: string): void {
  updateSegment(app.ctx.db, id, { is_locked: true });
}

export type TaskStatusBody = {
  task_id: string;
  status: string;
  progress: Record<string, unknown>;
  completed_segments: { segment_id: string; audio_url: string; duration: number }[];
  errors: { segment_id?: string; error: string }[];
};

/** Polls GET /api/tasks/{id}/status/ until the task is terminal; bounded by a count, not by time. */
export async function waitForTask(app: App, taskId: string): Promise<TaskStatusBody> {
  for (let i = 0; i < 3000; i++) {
    const res = await app.inject({ method: 'GET', url: `/api/tasks/${taskId}/status/`, headers: LOCAL });
    expect(res.statusCode).toBe(200);
    const body = res.json<TaskStatusBody>();
    if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(body.status)) return body;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`task ${taskId} never finished`);
}

/**
 * Puts a task at the head of the queue that runs until released, so a test can change
 * the database before the worker reaches the tasks queued after it.
 */
export function holdQueue(app: App): () => void {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const kind = `test-hold-${crypto.randomUUID()}`;
  app.ctx.tasks.register(kind, 'speech', async () => held);
  app.ctx.tasks.enqueue({ id: kind, kind, payload: {} });
  return release;
}
