import { setTimeout as sleep } from 'node:timers/promises';
import type { AppContext } from '../context.js';
import { claimProjectForRender, failProjectRender, findProject, type Project } from '../db/projects.js';
import { countSegments, listSegments } from '../db/segments.js';
import { checkFfmpeg } from '../engine/index.js';
import { ConflictError, DependencyError, NotFoundError, NotReadyError } from '../errors.js';
import type { RenderStatusResponse } from '@storyflow/contract';
import {
  PREVIEW_TASK_KIND,
  previewTaskId,
  RENDER_CANCELLED,
  RENDER_TASK_KIND,
  renderTaskId,
  type RenderStatusProgress,
} from '../tasks/render-task.js';
import { describeWait, TaskConflictError, type QueuePosition } from '../tasks/task-manager.js';
import { checkRenderReadiness } from './render-readiness.js';
import { isOutputStale } from './render-fingerprint.js';

function requireProject(ctx: AppContext, id: string): Project {
  const project = findProject(ctx.db, id);
  if (project === undefined) throw new NotFoundError('Project');
  return project;
}

function alreadyRendering(projectId: string): ConflictError {
  return new ConflictError('render_in_progress', 'Project is already being rendered', { project_id: projectId, status: 'PROCESSING' });
}

/** SPEC 2.6 steps 1–5, in that order. The claim is one conditional UPDATE, so only one request wins. */
export async function startRender(ctx: AppContext, projectId: string) {
  const project = requireProject(ctx, projectId);
  const segments = listSegments(ctx.db, projectId);
  const readiness = await checkRenderReadiness(ctx.config.mediaDir, segments);
  if (!readiness.ready) {
    const { missing_images, missing_audio, message } = readiness;
    throw new NotReadyError('Project not ready for rendering', { missing_images, missing_audio, message });
  }
  if (project.status === 'PROCESSING') throw alreadyRendering(projectId);
  const tool = ctx.tools.ffmpeg;
  const ffmpeg = tool.ok ? await checkFfmpeg(tool.path) : tool;
  if (!ffmpeg.ok) throw new DependencyError('ffmpeg_missing', `FFmpeg is required to render videos. ${ffmpeg.message}`);

  if (claimProjectForRender(ctx.db, projectId) === undefined) throw alreadyRendering(projectId);
  const taskId = renderTaskId(projectId);
  try {
    ctx.tasks.enqueue({
      id: taskId,
      kind: RENDER_TASK_KIND,
      projectId,
      payload: {},
      progress: queuedProgress(undefined, segments.length),
    });
  } catch (err) {
    failProjectRender(ctx.db, projectId, { message: 'The render could not be queued', code: 'internal' });
    if (err instanceof TaskConflictError) throw alreadyRendering(projectId);
    throw err;
  }
  return {
    task_id: taskId,
    project_id: projectId,
    status: 'PROCESSING' as const,
    total_segments: segments.length,
    message: 'Video rendering started',
  };
}

/**
 * Queues a draft render into preview.mp4. Same readiness checks as a render; it leaves
 * the project's status and final.mp4 alone, and its progress is the task's.
 */
export async function startPreview(ctx: AppContext, projectId: string) {
  requireProject(ctx, projectId);
  const segments = listSegments(ctx.db, projectId);
  const readiness = await checkRenderReadiness(ctx.config.mediaDir, segments);
  if (!readiness.ready) {
    const { missing_images, missing_audio, message } = readiness;
    throw new NotReadyError('Project not ready for rendering', { missing_images, missing_audio, message });
  }
  const tool = ctx.tools.ffmpeg;
  const ffmpeg = tool.ok ? await checkFfmpeg(tool.path) : tool;
  if (!ffmpeg.ok) throw new DependencyError('ffmpeg_missing', `FFmpeg is required to render videos. ${ffmpeg.message}`);
  const taskId = previewTaskId(projectId);
  try {
    ctx.tasks.enqueue({ id: taskId, kind: PREVIEW_TASK_KIND, projectId, payload: {}, progress: { current: 0, total: 0, percentage: 0 } });
  } catch (err) {
    if (err instanceof TaskConflictError) throw new ConflictError('preview_in_progress', 'A preview of this project is already being made', { project_id: projectId });
    throw err;
  }
  return { task_id: taskId, project_id: projectId, message: 'Draft preview started' };
}

function queuedProgress(position: QueuePosition | undefined, total: number): RenderStatusProgress {
  return {
    current_segment: 0,
    total_segments: total,
    percentage: 0,
    current_phase: position !== undefined && position.tasksAhead > 0 ? describeWait(position) : 'Starting render',
  };
}

/** Reads only SQLite rows: it never waits on the render itself. */
export function getRenderStatus(ctx: AppContext, projectId: string): RenderStatusResponse {
  const project = requireProject(ctx, projectId);
  const base = {
    project_id: projectId,
    status: project.status,
    output_url: null,
    error: null,
    error_code: null,
    progress: null,
    output_stale: isOutputStale(ctx.db, project),
  };
  switch (project.status) {
    case 'DRAFT':
      return base;
    case 'PROCESSING': {
      const task = ctx.tasks.get(renderTaskId(projectId));
      if (task === undefined) return base;
      const total = countSegments(ctx.db, projectId);
      if (task.status === 'PENDING') return { ...base, progress: queuedProgress(ctx.tasks.queuePosition(task.id), total) };
      return { ...base, progress: asProgress(task.progress) ?? queuedProgress(undefined, total) };
    }
    case 'COMPLETED': {
      const total = countSegments(ctx.db, projectId);
      const progress = { current_segment: total, total_segments: total, percentage: 100, current_phase: 'Export complete' };
      const output = project.output_meta ?? undefined;
      return { ...base, progress, output_url: project.output_path, ...(output ? { output } : {}) };
    }
    case 'FAILED': {
      const task = ctx.tasks.get(renderTaskId(projectId));
      return {
        ...base,
        progress: task ? asProgress(task.progress) : null,
        error: project.render_error,
        error_code: project.render_error_code,
      };
    }
  }
}

function asProgress(raw: Record<string, unknown>): RenderStatusProgress | null {
  const { current_segment, total_segments, percentage, current_phase } = raw;
  if (
    typeof current_segment !== 'number' ||
    typeof total_segments !== 'number' ||
    typeof percentage !== 'number' ||
    typeof current_phase !== 'string'
  ) {
    return null;
  }
  return raw as RenderStatusProgress;
}

/** How long a cancel waits for the engine, which kills FFmpeg within about a second. */
const CANCEL_WAIT_MS = 5000;

/**
 * Drops a queued render, or aborts the running one and waits until its FFmpeg has
 * exited and the runner has recorded the outcome, so the reply tells the final state.
 */
export async function cancelRender(ctx: AppContext, projectId: string) {
  const project = requireProject(ctx, projectId);
  if (project.status !== 'PROCESSING') throw new ConflictError('not_rendering', 'Project is not being rendered', { project_id: projectId, status: project.status });
  const taskId = renderTaskId(projectId);
  const outcome = ctx.tasks.cancel(taskId);
  if (outcome === 'aborting') {
    await Promise.race([ctx.tasks.settled(taskId), sleep(CANCEL_WAIT_MS, undefined, { ref: false })]);
  }
  // A dropped task never ran, so nothing else records the outcome on the project.
  if (findProject(ctx.db, projectId)?.status === 'PROCESSING') failProjectRender(ctx.db, projectId, RENDER_CANCELLED);
  const status = findProject(ctx.db, projectId)?.status ?? 'FAILED';
  // The render may have finished in the instant before the cancel reached it.
  return { project_id: projectId, status, message: status === 'COMPLETED' ? 'Render had already finished' : 'Render cancelled' };
}
