import path from 'node:path';
import type { Config } from '../config.js';
import { nowIso, type Db } from '../db/database.js';
import {
  completeProjectRender,
  failProjectRender,
  findProject,
  type OutputMeta,
} from '../db/projects.js';
import { listSegments } from '../db/segments.js';
import { getSettings } from '../db/settings.js';
import { RenderError, renderVideo, type MediaTools, type RenderInput, type RenderProgress, type ToolResolution } from '../engine/index.js';
import { outputPath, resolveMediaPath, toMediaUrl } from '../storage/media.js';
import { INTERRUPTED_ERROR, TaskFailure, type TaskLogger, type TaskRunner } from './task-manager.js';

export const RENDER_TASK_KIND = 'render';
export const CANCELLED_MESSAGE = 'Cancelled by user';
export const RENDER_INTERRUPTED_MESSAGE = 'Render interrupted: the server stopped';

export function renderTaskId(projectId: string): string {
  return `render_${projectId}`;
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
  };
}

type RenderDeps = { config: Config; db: Db; log: TaskLogger; tools: MediaTools };

/** Everything the engine needs, read from the database at the moment the render starts. */
function buildRenderInput({ config, db, tools }: RenderDeps, projectId: string): RenderInput {
  const project = findProject(db, projectId);
  if (project === undefined) throw new TaskFailure('The project was deleted before its render started');
  const segments = listSegments(db, projectId);
  const media = (rel: string | null, segmentIndex: number, what: string): string => {
    if (rel === null) throw new TaskFailure(`Segment ${segmentIndex + 1} has no ${what}`);
    return resolveMediaPath(config.mediaDir, rel);
  };
  return {
    width: project.resolution_width,
    height: project.resolution_height,
    fps: project.framerate,
    zoomIntensity: getSettings(db).zoom_intensity,
    segments: segments.map((s, i) => ({ imagePath: media(s.image_file, i, 'image'), audioPath: media(s.audio_file, i, 'audio') })),
    outputPath: resolveMediaPath(config.mediaDir, outputPath(projectId)),
    ffmpegPath: toolPath(tools.ffmpeg),
    ffprobePath: toolPath(tools.ffprobe),
    cacheDir: path.join(config.dataDir, 'cache', 'render-images'),
  };
}

function toolPath(tool: ToolResolution): string {
  if (!tool.ok) throw new TaskFailure(tool.message);
  return tool.path;
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
      const input = buildRenderInput(deps, projectId);
      const result = await renderVideo(input, {
        signal: ctl.signal,
        onProgress: (p) => ctl.reportProgress(toStatusProgress(p)),
      });
      const meta: OutputMeta = {
        duration_seconds: result.durationSeconds,
        file_size_bytes: result.fileSizeBytes,
        width: result.width,
        height: result.height,
        fps: result.fps,
        rendered_at: nowIso(),
      };
      completeProjectRender(deps.db, projectId, toMediaUrl(outputPath(projectId)) ?? '', meta);
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
