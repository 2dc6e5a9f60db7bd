import path from 'node:path';
import type { Config } from '../config.js';
import { nowIso, type Db } from '../db/database.js';
import {
  completeProjectRender,
  failProjectRender,
  findProject,
  recordProjectPreview,
  type OutputMeta,
} from '../db/projects.js';
import { listSegments } from '../db/segments.js';
import { getSettings } from '../db/settings.js';
import { RenderError, renderVideo, type RenderInput, type RenderProgress, type RenderResult } from '../engine/index.js';
import { renderFingerprint } from '../services/render-fingerprint.js';
import { clipCacheRoot, outputPath, previewPath, resolveMediaPath, toMediaUrl } from '../storage/media.js';
import { INTERRUPTED_ERROR, TaskFailure, type TaskLogger, type TaskRunner } from './task-manager.js';

export const RENDER_TASK_KIND = 'render';
/** A draft render into preview.mp4 (SPEC §7.1 quick preview): never touches status or final.mp4. */
export const PREVIEW_TASK_KIND = 'render_preview';
export const CANCELLED_MESSAGE = 'Cancelled by user';
export const RENDER_INTERRUPTED_MESSAGE = 'Render interrupted: the server stopped';

export function renderTaskId(projectId: string): string {
  return `render_${projectId}`;
}

export function previewTaskId(projectId: string): string {
  return `preview_${projectId}`;
}

/** The progress object of SPEC 2.6 (snake_case, as the status endpoint shows it). */
export type RenderStatusProgress = {
  current_segment: number;
  total_segments: number;
  percentage: number;
  current_phase: string;
  frames_done?: number;
  frames_total?: number;
  fps?: number;
  eta_seconds?: number | null;
  clips_cached?: number;
  clips_total?: number;
};

export function toStatusProgress(p: RenderProgress): RenderStatusProgress {
  return {
    current_segment: p.currentSegment,
    total_segments: p.totalSegments,
    percentage: p.percentage,
    current_phase: p.phase,
    frames_done: p.framesDone,
    frames_total: p.framesTotal,
    fps: Math.round(p.fps * 10) / 10,
    eta_seconds: p.etaSeconds === null ? null : Math.round(p.etaSeconds),
    clips_cached: p.clipsCached,
    clips_total: p.clipsTotal,
  };
}

type RenderDeps = { config: Config; db: Db; log: TaskLogger };

/**
 * Everything the engine needs, read from the database at the moment the render starts,
 * and the fingerprint of exactly those inputs (edits made during the render leave the
 * result stale).
 */
function buildRenderInput({ config, db }: RenderDeps, projectId: string, kind: 'final' | 'preview'): { input: RenderInput; fingerprint: string } {
  const project = findProject(db, projectId);
  if (project === undefined) throw new TaskFailure('The project was deleted before its render started');
  const segments = listSegments(db, projectId);
  const zoomIntensity = getSettings(db).zoom_intensity;
  const media = (rel: string | null, segmentIndex: number, what: string): string => {
    if (rel === null) throw new TaskFailure(`Segment ${segmentIndex + 1} has no ${what}`);
    return resolveMediaPath(config.mediaDir, rel);
  };
  const input: RenderInput = {
    width: project.resolution_width,
    height: project.resolution_height,
    fps: project.framerate,
    zoomIntensity,
    quality: kind === 'preview' ? 'draft' : project.quality,
    transition: project.transition,
    transitionSeconds: project.transition_seconds,
    pauseSeconds: project.segment_pause_seconds,
    segments: segments.map((s, i) => ({
      imagePath: media(s.image_file, i, 'image'),
      audioPath: media(s.audio_file, i, 'audio'),
      motion: s.motion,
      focus: s.focus,
    })),
    outputPath: resolveMediaPath(config.mediaDir, kind === 'preview' ? previewPath(projectId) : outputPath(projectId)),
    ffmpegPath: config.ffmpegPath,
    ffprobePath: config.ffprobePath,
    cacheDir: path.join(config.dataDir, 'cache', 'render-images'),
    clipCache: { root: clipCacheRoot(config.dataDir), namespace: projectId, maxBytes: config.clipCacheMaxBytes },
  };
  return { input, fingerprint: renderFingerprint(project, segments, zoomIntensity) };
}

function outputMeta(result: RenderResult): OutputMeta {
  return {
    duration_seconds: result.durationSeconds,
    file_size_bytes: result.fileSizeBytes,
    width: result.width,
    height: result.height,
    fps: result.fps,
    rendered_at: nowIso(),
  };
}

function failureMessage(err: unknown, signal: AbortSignal): string {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof Error && reason.message === INTERRUPTED_ERROR ? RENDER_INTERRUPTED_MESSAGE : CANCELLED_MESSAGE;
  }
  return err instanceof Error && err.message ? err.message : 'The render failed for an unknown reason';
}

/**
 * Runs one project's render on the shared queue and records the outcome on the project:
 * COMPLETED with the output's facts, or FAILED with a message a user can act on.
 */
export function createRenderRunner(deps: RenderDeps): TaskRunner {
  return async (task, ctl) => {
    const projectId = task.projectId;
    if (projectId === null) throw new TaskFailure('A render task must name its project');
    try {
      const { input, fingerprint } = buildRenderInput(deps, projectId, 'final');
      const result = await renderVideo(input, {
        signal: ctl.signal,
        onProgress: (p) => ctl.reportProgress(toStatusProgress(p)),
      });
      completeProjectRender(deps.db, projectId, toMediaUrl(outputPath(projectId)) ?? '', outputMeta(result), fingerprint);
    } catch (err) {
      const message = failureMessage(err, ctl.signal);
      failProjectRender(deps.db, projectId, message);
      if (err instanceof RenderError) {
        deps.log.error(
          { projectId, stage: err.stage, segmentIndex: err.segmentIndex, stderrTail: err.stderrTail },
          `render failed: ${err.message}`,
        );
      }
      throw err instanceof RenderError ? new TaskFailure(message) : err;
    }
  };
}

/**
 * The quick preview: the same timeline at `draft` quality into preview.mp4. It shares the
 * clip cache (draft clips have keys of their own) and records only the preview's facts;
 * progress is the task's own (GET /api/tasks/{id}/).
 */
export function createPreviewRunner(deps: RenderDeps): TaskRunner {
  return async (task, ctl) => {
    const projectId = task.projectId;
    if (projectId === null) throw new TaskFailure('A preview task must name its project');
    try {
      const { input } = buildRenderInput(deps, projectId, 'preview');
      const result = await renderVideo(input, {
        signal: ctl.signal,
        onProgress: (p) => ctl.reportProgress({ current: p.framesDone, total: p.framesTotal, ...toStatusProgress(p) }),
      });
      recordProjectPreview(deps.db, projectId, previewPath(projectId), outputMeta(result));
    } catch (err) {
      if (err instanceof RenderError) {
        deps.log.error({ projectId, stage: err.stage, segmentIndex: err.segmentIndex, stderrTail: err.stderrTail }, `preview failed: ${err.message}`);
        throw new TaskFailure(err.message);
      }
      throw err;
    }
  };
}
