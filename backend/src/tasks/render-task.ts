import path from 'node:path';
import type { RenderErrorCode, RenderProgress as RenderStatusProgress } from '@storyflow/contract';
import type { Config } from '../config.js';
import { nowIso, type Db } from '../db/database.js';
import {
  completeProjectRender,
  failProjectRender,
  findProject,
  type OutputMeta,
  type RenderFailure,
} from '../db/projects.js';
import { listSegments } from '../db/segments.js';
import { getSettings } from '../db/settings.js';
import { RenderError, renderVideo, type RenderInput, type RenderProgress, type RenderStage } from '../engine/index.js';
import { outputPath, resolveMediaPath, toMediaUrl } from '../storage/media.js';
import { abortKind, TaskFailure, type TaskLogger, type TaskRunner } from './task-manager.js';

export const RENDER_TASK_KIND = 'render';
/** SPEC 2.6: the words of a cancelled and of an interrupted render. */
export const RENDER_CANCELLED: RenderFailure = { message: 'Cancelled by user', code: 'cancelled' };
export const RENDER_INTERRUPTED: RenderFailure = { message: 'Render interrupted: the server stopped', code: 'interrupted' };

export function renderTaskId(projectId: string): string {
  return `render_${projectId}`;
}

/** The progress object of SPEC 2.6 (snake_case, as the status endpoint shows it). */
export type { RenderStatusProgress };

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

type RenderDeps = { config: Config; db: Db; log: TaskLogger };

/** A render that could not start from what the database holds; `code` says which part was missing. */
class RenderSetupFailure extends TaskFailure {
  constructor(
    message: string,
    readonly code: RenderErrorCode,
  ) {
    super(message);
  }
}

/** Everything the engine needs, read from the database at the moment the render starts. */
function buildRenderInput({ config, db }: RenderDeps, projectId: string): RenderInput {
  const project = findProject(db, projectId);
  if (project === undefined) throw new RenderSetupFailure('The project was deleted before its render started', 'internal');
  const segments = listSegments(db, projectId);
  const media = (rel: string | null, segmentIndex: number, what: 'image' | 'audio'): string => {
    if (rel === null) throw new RenderSetupFailure(`Segment ${segmentIndex + 1} has no ${what}`, `segment_${what}`);
    return resolveMediaPath(config.mediaDir, rel);
  };
  return {
    width: project.resolution_width,
    height: project.resolution_height,
    fps: project.framerate,
    zoomIntensity: getSettings(db).zoom_intensity,
    segments: segments.map((s, i) => ({ imagePath: media(s.image_file, i, 'image'), audioPath: media(s.audio_file, i, 'audio') })),
    outputPath: resolveMediaPath(config.mediaDir, outputPath(projectId)),
    ffmpegPath: config.ffmpegPath,
    ffprobePath: config.ffprobePath,
    cacheDir: path.join(config.dataDir, 'cache', 'render-images'),
    music:
      project.music === null
        ? undefined
        : {
            audioPath: resolveMediaPath(config.mediaDir, project.music.file),
            volumeDb: project.music.volume_db,
            loop: project.music.loop,
            fadeOutSeconds: project.music.fade_out_seconds,
          },
    loudnessTargetLufs: project.loudness_target,
  };
}

/** Which part of a render failed, by the engine stage it failed in. */
const STAGE_CODES: Record<RenderStage, RenderErrorCode> = {
  'check-ffmpeg': 'ffmpeg_missing',
  'validate-plan': 'invalid_settings',
  'probe-audio': 'segment_audio',
  'prepare-image': 'segment_image',
  soundtrack: 'soundtrack',
  encode: 'encoder',
  verify: 'encoder',
  finalize: 'encoder',
};

function renderFailure(err: unknown, signal: AbortSignal): RenderFailure {
  if (signal.aborted) return abortKind(signal) === 'shutdown' ? RENDER_INTERRUPTED : RENDER_CANCELLED;
  if (err instanceof RenderError) return { message: err.message, code: STAGE_CODES[err.stage] };
  if (err instanceof RenderSetupFailure) return { message: err.message, code: err.code };
  return {
    message: err instanceof Error && err.message ? err.message : 'The render failed for an unknown reason',
    code: 'internal',
  };
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
      const failure = renderFailure(err, ctl.signal);
      failProjectRender(deps.db, projectId, failure);
      if (err instanceof RenderError) {
        deps.log.error(
          { projectId, stage: err.stage, segmentIndex: err.segmentIndex, stderrTail: err.stderrTail },
          `render failed: ${err.message}`,
        );
      }
      throw err instanceof RenderError ? new TaskFailure(failure.message) : err;
    }
  };
}
