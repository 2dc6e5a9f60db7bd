import fs from 'node:fs/promises';
import path from 'node:path';
import type { CaptionsSettings, RenderErrorCode, RenderProgress as RenderStatusProgress } from '@storyflow/contract';
import type { Config } from '../config.js';
import { nowIso, type Db } from '../db/database.js';
import {
  completeProjectRender,
  failProjectRender,
  findProject,
  recordProjectPreview,
  type OutputMeta,
  type RenderFailure,
} from '../db/projects.js';
import { findSegment, listSegments } from '../db/segments.js';
import { getSettings } from '../db/settings.js';
import {
  RenderError,
  renderVideo,
  type MediaTools,
  type RenderCaptions,
  type RenderInput,
  type RenderProgress,
  type RenderResult,
  type RenderStage,
  type ToolResolution,
} from '../engine/index.js';
import { writeCaptionFiles } from '../engine/caption-files.js';
import { AppError } from '../errors.js';
import type { WordTiming } from '../engine/speech/index.js';
import { renderCaptionsSettings } from '../services/caption-fonts.js';
import { captionWordTimings } from '../services/caption-timings.js';
import { renderFingerprint } from '../services/render-fingerprint.js';
import { clipCacheRoot, outputPath, previewPath, resolveMediaPath, toMediaUrl } from '../storage/media.js';
import { RenderSnapshot } from '../storage/render-snapshot.js';
import { abortKind, TaskFailure, type TaskLogger, type TaskRunner } from './task-manager.js';

export const RENDER_TASK_KIND = 'render';
/** A draft render into preview.mp4 (SPEC §7.1 quick preview): never touches status or final.mp4. */
export const PREVIEW_TASK_KIND = 'render_preview';
/** SPEC 2.6: the words of a cancelled and of an interrupted render. */
export const RENDER_CANCELLED: RenderFailure = { message: 'Cancelled by user', code: 'cancelled' };
export const RENDER_INTERRUPTED: RenderFailure = { message: 'Render interrupted: the server stopped', code: 'interrupted' };

export function renderTaskId(projectId: string): string {
  return `render_${projectId}`;
}

export function previewTaskId(projectId: string): string {
  return `preview_${projectId}`;
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
    clips_cached: p.clipsCached,
    clips_total: p.clipsTotal,
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
 * with every media file frozen in `snapshot` so edits during the render cannot fail it,
 * and the fingerprint of exactly those inputs (edits made during the render leave the
 * result stale).
 */
async function buildRenderInput(
  { config, db, tools, log }: RenderDeps,
  projectId: string,
  snapshot: RenderSnapshot,
  kind: 'final' | 'preview',
  signal: AbortSignal,
): Promise<{ input: RenderInput; fingerprint: string; words: (WordTiming[] | null)[] }> {
  const project = findProject(db, projectId);
  if (project === undefined) throw new RenderSetupFailure('The project was deleted before its render started', 'internal');
  const zoomIntensity = getSettings(db).zoom_intensity;
  const segments: RenderInput['segments'] = [];
  const rows = listSegments(db, projectId);
  for (const [i, s] of rows.entries()) {
    // The file the segment names at this moment (an upload may just have replaced it).
    const media = (field: 'image_file' | 'audio_file', what: 'image' | 'audio') => () => {
      const rel = (findSegment(db, s.id) ?? s)[field];
      if (rel === null) throw new RenderSetupFailure(`Segment ${i + 1} has no ${what}`, `segment_${what}`);
      return resolveMediaPath(config.mediaDir, rel);
    };
    segments.push({
      imagePath: await snapshot.keep(media('image_file', 'image')),
      audioPath: await snapshot.keep(media('audio_file', 'audio')),
      motion: s.motion,
      focus: s.focus,
    });
  }
  // Audio without word timings is aligned here (once; they are stored), so captions cover it,
  // burned in as well as in the SRT/VTT.
  const words = project.captions.enabled
    ? await captionWordTimings(db, rows.map((s, i) => ({ segment: s, audioPath: segments[i]!.audioPath })), { signal, log })
    : rows.map((s) => s.word_timings);
  const music = project.music;
  const musicPath = music === null ? null : await snapshot.keep(() => resolveMediaPath(config.mediaDir, music.file));
  // The draft preview is for judging timing and motion quickly: half size, fastest encoder.
  const even = (n: number): number => Math.max(16, 2 * Math.round(n / 4));
  const input: RenderInput = {
    width: kind === 'preview' ? even(project.resolution_width) : project.resolution_width,
    height: kind === 'preview' ? even(project.resolution_height) : project.resolution_height,
    fps: project.framerate,
    zoomIntensity,
    quality: kind === 'preview' ? 'draft' : project.quality,
    transition: project.transition,
    transitionSeconds: project.transition_seconds,
    pauseSeconds: project.segment_pause_seconds,
    segments: segments.map((s, i) => ({ ...s, words: words[i] })),
    outputPath: resolveMediaPath(config.mediaDir, kind === 'preview' ? previewPath(projectId) : outputPath(projectId)),
    ffmpegPath: toolPath(tools.ffmpeg),
    ffprobePath: toolPath(tools.ffprobe),
    cacheDir: path.join(config.dataDir, 'cache', 'render-images'),
    clipCache: { root: clipCacheRoot(config.dataDir), namespace: projectId, maxBytes: config.clipCacheMaxBytes },
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
    captions: await renderCaptions(config.dataDir, project.captions),
  };
  return { input, fingerprint: renderFingerprint(project, rows, zoomIntensity), words };
}

/** The engine's captions settings (undefined when off); a font deleted since it was chosen fails the render with the reason. */
async function renderCaptions(dataDir: string, settings: CaptionsSettings): Promise<RenderCaptions | undefined> {
  try {
    return (await renderCaptionsSettings(dataDir, settings)) ?? undefined;
  } catch (err) {
    if (err instanceof AppError && err.code === 'caption_font') throw new RenderSetupFailure(err.message, 'caption_font');
    throw err;
  }
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
  captions: 'caption_font',
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
 * Writes the captions of a finished render, from the same narration offsets the video
 * used; with captions off, removes any earlier files so none describe another video.
 */
async function captionsFor(
  deps: RenderDeps,
  projectId: string,
  input: RenderInput,
  words: readonly (WordTiming[] | null)[],
  result: RenderResult,
): Promise<OutputMeta['captions']> {
  const settings = findProject(deps.db, projectId)?.captions;
  const srt = outputPath(projectId).replace(/\.mp4$/u, '.srt');
  const vtt = outputPath(projectId).replace(/\.mp4$/u, '.vtt');
  if (settings === undefined || !settings.enabled) {
    await Promise.all([srt, vtt].map((f) => fs.rm(resolveMediaPath(deps.config.mediaDir, f), { force: true })));
    return null;
  }
  const written = await writeCaptionFiles({
    videoPath: input.outputPath,
    fps: input.fps,
    style: settings.style,
    wordsPerCaption: settings.words_per_caption,
    segments: words.map((w, i) => ({ words: w, narrationStartFrame: result.narrationStartFrames[i]! })),
  });
  if (written.skippedSegments.length > 0) {
    deps.log.warn({ projectId, segments: written.skippedSegments }, 'captions skipped: word timings could not be aligned to the audio');
  }
  return { srt_url: toMediaUrl(srt) ?? '', vtt_url: toMediaUrl(vtt) ?? '', skipped_segments: written.skippedSegments };
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
      const { meta, fingerprint } = await inSnapshot(deps, projectId, async (snapshot) => {
        const { input, fingerprint, words } = await buildRenderInput(deps, projectId, snapshot, 'final', ctl.signal);
        const result = await renderVideo(input, {
          signal: ctl.signal,
          onProgress: (p) => ctl.reportProgress(toStatusProgress(p)),
        });
        const meta: OutputMeta = { ...outputMeta(result), captions: await captionsFor(deps, projectId, input, words, result) };
        return { meta, fingerprint };
      });
      // Last, with nothing awaited after it: the project must not read COMPLETED while its
      // task is still unfinished, or a Re-render clicked at once would be refused as a conflict.
      completeProjectRender(deps.db, projectId, toMediaUrl(outputPath(projectId)) ?? '', meta, fingerprint);
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

/** Runs `work` on a snapshot of the project's media and removes the snapshot before returning. */
async function inSnapshot<T>(deps: RenderDeps, projectId: string, work: (snapshot: RenderSnapshot) => Promise<T>): Promise<T> {
  const snapshot = await RenderSnapshot.create(deps.config.dataDir, projectId);
  try {
    return await work(snapshot);
  } finally {
    await snapshot.remove();
  }
}

/**
 * The quick preview: the same timeline at `draft` quality into preview.mp4. It shares the
 * clip cache (draft clips have keys of their own) and records only the preview's facts;
 * progress is the task's own (GET /api/tasks/{id}/status/).
 */
export function createPreviewRunner(deps: RenderDeps): TaskRunner {
  return async (task, ctl) => {
    const projectId = task.projectId;
    if (projectId === null) throw new TaskFailure('A preview task must name its project');
    try {
      const result = await inSnapshot(deps, projectId, async (snapshot) => {
        const { input } = await buildRenderInput(deps, projectId, snapshot, 'preview', ctl.signal);
        return renderVideo(input, {
          signal: ctl.signal,
          onProgress: (p) => ctl.reportProgress({ current: p.framesDone, total: p.framesTotal, ...toStatusProgress(p) }),
        });
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
