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
import { findSegment, listSegments } from '../db/segments.js';
import { getSettings } from '../db/settings.js';
import { RenderError, renderVideo, type MediaTools, type RenderInput, type RenderProgress, type RenderStage, type ToolResolution } from '../engine/index.js';
import { outputPath, resolveMediaPath, toMediaUrl } from '../storage/media.js';
import { RenderSnapshot } from '../storage/render-snapshot.js';
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

type RenderDeps = { config: Config; db: Db; log: TaskLogger; tools: MediaTools };

/** A render that could not start from what the database holds; `code` says which part was missing. */
class RenderSetupFailure extends TaskFailure {
  constructor(
    message: string,
    readonly code: RenderErrorCode,
  ) {
    super(message);
  }
}

/**
 * Everything the engine needs, read from the database at the moment the render starts,
 * with every media file frozen in `snapshot` so edits during the render cannot fail it.
 */
async function buildRenderInput(
  { config, db, tools }: RenderDeps,
  projectId: string,
  snapshot: RenderSnapshot,
): Promise<RenderInput> {
  const project = findProject(db, projectId);
  if (project === undefined) throw new RenderSetupFailure('The project was deleted before its render started', 'internal');
  const zoomIntensity = getSettings(db).zoom_intensity;
  const segments: RenderInput['segments'] = [];
  for (const [i, s] of listSegments(db, projectId).entries()) {
    // The file the segment names at this moment (an upload may just have replaced it).
    const media = (field: 'image_file' | 'audio_file', what: 'image' | 'audio') => () => {
      const rel = (findSegment(db, s.id) ?? s)[field];
      if (rel === null) throw new RenderSetupFailure(`Segment ${i + 1} has no ${what}`, `segment_${what}`);
      return resolveMediaPath(config.mediaDir, rel);
    };
    segments.push({
      imagePath: await snapshot.keep(media('image_file', 'image')),
      audioPath: await snapshot.keep(media('audio_file', 'audio')),
    });
  }
  const music = project.music;
  const musicPath = music === null ? null : await snapshot.keep(() => resolveMediaPath(config.mediaDir, music.file));
  return {
    width: project.resolution_width,
    height: project.resolution_height,
    fps: project.framerate,
    zoomIntensity,
    segments,
    outputPath: resolveMediaPath(config.mediaDir, outputPath(projectId)),
    ffmpegPath: toolPath(tools.ffmpeg),
    ffprobePath: toolPath(tools.ffprobe),
    cacheDir: path.join(config.dataDir, 'cache', 'render-images'),
    music:
      music === null || musicPath === null
        ? undefined
        : {
            audioPath: musicPath,
            volumeDb: music.volume_db,
            loop: music.loop,
            fadeOutSeconds: music.fade_out_seconds,
          },
    loudnessTargetLufs: project.loudness_target,
  };
}

function toolPath(tool: ToolResolution): string {
  if (!tool.ok) throw new RenderSetupFailure(tool.message, 'ffmpeg_missing');
  return tool.path;
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
    let snapshot: RenderSnapshot | undefined;
    try {
      snapshot = await RenderSnapshot.create(deps.config.dataDir, projectId);
      const input = await buildRenderInput(deps, projectId, snapshot);
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
    } finally {
      await snapshot?.remove();
    }
  };
}
