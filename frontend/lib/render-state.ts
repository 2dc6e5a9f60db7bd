/** Render state of one project as the browser sees it, and pure helpers over it (no React, no I/O). */

import type {
  Project,
  ProjectStatus,
  RenderErrorCode,
  RenderOutput,
  RenderProgress,
  RenderStatusResponse,
  RenderTriggerResponse,
} from '@storyflow/contract';
import { withCacheBust } from './utils';

export const POLL_INTERVAL_MS = 3000;

/** A finished video the page can show: its URL, the version that busts the browser's cache, its facts. */
export type ShownVideo = { url: string; version: string; output: RenderOutput | null };

/**
 * What the query cache keeps for GET /status/: the server's answer, plus two things the
 * browser carries from one answer to the next.
 */
export type RenderSnapshot = RenderStatusResponse & {
  /** Changes whenever final.mp4 is replaced; appended to output_url as `?v=` so the browser refetches. */
  output_version: string | null;
  /**
   * The last completed video while a new render runs: final.mp4 is replaced only by a
   * complete file (SPEC §3), so the old one stays playable until then.
   */
  previous_video: ShownVideo | null;
};

/** The browser's view of one project's render (SPEC §4 store names). */
export type RenderStatus = 'idle' | 'validating' | 'rendering' | 'completed' | 'failed';

export type ProjectRender = {
  renderStatus: RenderStatus;
  renderProgress: RenderProgress | null;
  /** `/media/projects/{id}/output/final.mp4` once completed, without a cache-busting query. */
  outputUrl: string | null;
  /** Facts about the finished file, from GET /status/ (beyond). */
  output: RenderOutput | null;
  outputVersion: string | null;
  /** The previous video, shown while a re-render runs. */
  previousVideo: ShownVideo | null;
  /** Why the last render failed (FAILED), as the server says it… */
  error: string | null;
  /** …and as a code the UI decides on (`cancelled`, `interrupted`, …). */
  errorCode: RenderErrorCode | null;
  /** Set when status polling stopped because of a request error; the render may still be running. */
  pollError: string | null;
  cancelling: boolean;
};

export const IDLE_RENDER: ProjectRender = Object.freeze({
  renderStatus: 'idle',
  renderProgress: null,
  outputUrl: null,
  output: null,
  outputVersion: null,
  previousVideo: null,
  error: null,
  errorCode: null,
  pollError: null,
  cancelling: false,
});

export type RenderSeed = Pick<Project, 'id' | 'status' | 'output_path' | 'render_error' | 'render_error_code' | 'updated_at' | 'output_stale'>;

/** What a project row (list or detail) already says about its render, before GET /status/ answers. */
export function snapshotFromProject(project: RenderSeed): RenderSnapshot {
  const video = project.output_path ? { url: project.output_path, version: project.updated_at, output: null } : null;
  return {
    project_id: project.id,
    status: project.status,
    progress: null,
    output_url: project.status === 'COMPLETED' ? project.output_path : null,
    error: project.status === 'FAILED' ? project.render_error : null,
    error_code: project.status === 'FAILED' ? (project.render_error_code ?? null) : null,
    output_stale: project.output_stale,
    output_version: project.status === 'COMPLETED' ? project.updated_at : null,
    // A project opened mid-render still has the last good file on disk.
    previous_video: project.status === 'PROCESSING' ? video : null,
  };
}

/** The snapshot right after POST /render/ was accepted: rendering from 0 %, nothing measured yet. */
export function acceptedSnapshot(previous: RenderSnapshot | undefined, accepted: RenderTriggerResponse): RenderSnapshot {
  return nextSnapshot(undefined, {
    project_id: accepted.project_id,
    status: 'PROCESSING',
    progress: { current_segment: 0, total_segments: accepted.total_segments, percentage: 0, current_phase: 'Preparing…' },
    output_url: null,
    error: null,
    error_code: null,
    output_stale: false,
  }, previous);
}

/** percentage never decreases during one render, even if a poll answer arrives out of order. */
export function mergeProgress(previous: RenderProgress | null, next: RenderProgress | null): RenderProgress | null {
  if (!next) return previous;
  if (!previous || next.percentage >= previous.percentage) return next;
  return { ...next, percentage: previous.percentage };
}

function videoOf(snapshot: RenderSnapshot | undefined): ShownVideo | null {
  if (!snapshot) return null;
  if (snapshot.status === 'COMPLETED' && snapshot.output_url) {
    return { url: snapshot.output_url, version: snapshot.output_version ?? '', output: snapshot.output ?? null };
  }
  return snapshot.previous_video;
}

/**
 * Folds a new GET /status/ answer into what the cache had. `videoSource` is where the
 * previous video comes from when it differs from `previous` (a new render starting).
 */
export function nextSnapshot(
  previous: RenderSnapshot | undefined,
  status: RenderStatusResponse,
  videoSource: RenderSnapshot | undefined = previous,
  now: () => number = Date.now,
): RenderSnapshot {
  const wasRendering = previous?.status === 'PROCESSING';
  switch (status.status) {
    case 'PROCESSING':
      return {
        ...status,
        progress: mergeProgress(wasRendering ? previous.progress : null, status.progress),
        output_version: null,
        previous_video: videoOf(videoSource),
      };
    case 'COMPLETED':
      return {
        ...status,
        output_version:
          status.output?.rendered_at ??
          (previous?.status === 'COMPLETED' && previous.output_version ? previous.output_version : String(now())),
        previous_video: null,
      };
    case 'FAILED':
      return {
        ...status,
        progress: status.progress ?? previous?.progress ?? null,
        output_version: null,
        previous_video: null,
      };
    case 'DRAFT':
      return { ...status, output_version: null, previous_video: null };
  }
}

/** What a new answer means for the person watching: a render they saw running has finished. */
export function renderOutcome(previous: RenderSnapshot | undefined, next: RenderSnapshot): 'completed' | 'failed' | 'cancelled' | null {
  if (previous?.status !== 'PROCESSING') return null;
  if (next.status === 'COMPLETED') return 'completed';
  if (next.status === 'FAILED') return next.error_code === 'cancelled' ? 'cancelled' : 'failed';
  return null;
}

/**
 * Whether the snapshot may still change without the user doing anything: a running render,
 * or a completed one whose file facts have not been read yet. Anything else stays fresh
 * until a mutation invalidates it.
 */
export function renderNeedsRead(snapshot: RenderSnapshot | undefined): boolean {
  if (!snapshot) return true;
  return snapshot.status === 'PROCESSING' || (snapshot.status === 'COMPLETED' && !snapshot.output);
}

/** refetchInterval of GET /status/: every 3 s while rendering; never at a final state or after an error. */
export function renderPollInterval(state: { status: 'pending' | 'error' | 'success'; data: RenderSnapshot | undefined }): number | false {
  if (state.status === 'error') return false;
  return state.data?.status === 'PROCESSING' ? POLL_INTERVAL_MS : false;
}

/** The browser's view of a snapshot and the mutations in flight. */
export function describeRender(
  snapshot: RenderSnapshot | undefined,
  flags: { starting: boolean; cancelling: boolean; pollError: string | null },
): ProjectRender {
  const base: ProjectRender = { ...IDLE_RENDER, cancelling: flags.cancelling, pollError: flags.pollError };
  if (flags.starting && snapshot?.status !== 'PROCESSING') {
    // Validating keeps what was shown (the old video stays until the server accepts).
    return { ...(snapshot ? describeRender(snapshot, { ...flags, starting: false }) : base), renderStatus: 'validating' };
  }
  if (!snapshot) return base;
  switch (snapshot.status) {
    case 'PROCESSING':
      return { ...base, renderStatus: 'rendering', renderProgress: snapshot.progress, previousVideo: snapshot.previous_video };
    case 'COMPLETED':
      return {
        ...base,
        renderStatus: 'completed',
        renderProgress: snapshot.progress,
        outputUrl: snapshot.output_url,
        output: snapshot.output ?? null,
        outputVersion: snapshot.output_version,
        cancelling: false,
      };
    case 'FAILED':
      return {
        ...base,
        renderStatus: 'failed',
        renderProgress: snapshot.progress,
        error: snapshot.error ?? 'The render failed',
        errorCode: snapshot.error_code ?? null,
        cancelling: false,
      };
    case 'DRAFT':
      return base;
  }
}

/** The ProjectStatus a badge should show, given what the server last said and what the browser knows since. */
export function liveProjectStatus(render: ProjectRender | undefined, serverStatus: ProjectStatus): ProjectStatus {
  switch (render?.renderStatus) {
    case 'rendering':
      return 'PROCESSING';
    case 'completed':
      return 'COMPLETED';
    case 'failed':
      return 'FAILED';
    default:
      return serverStatus;
  }
}

/** The preview/download URL, cache-busted after each render. */
export function versionedOutputUrl(render: Pick<ProjectRender, 'outputUrl' | 'outputVersion'>): string | null {
  if (!render.outputUrl) return null;
  return render.outputVersion ? withCacheBust(render.outputUrl, render.outputVersion) : render.outputUrl;
}

/** The video the page shows: the finished one, or the previous one while a new render runs. */
export function shownVideo(render: ProjectRender): (ShownVideo & { previous: boolean }) | null {
  if (render.renderStatus === 'completed' && render.outputUrl) {
    return { url: render.outputUrl, version: render.outputVersion ?? '', output: render.output, previous: false };
  }
  if (render.renderStatus === 'rendering' && render.previousVideo) return { ...render.previousVideo, previous: true };
  return null;
}

/** A progress bar's label: the segment only once one is being drawn ("Preparing…" before). */
export function progressLabel(progress: RenderProgress | null): string {
  if (!progress) return 'Waiting to start…';
  if (progress.current_segment <= 0) return 'Preparing…';
  return `Segment ${progress.current_segment}/${progress.total_segments} (${progress.percentage}%)`;
}

/** Below this share of the frames drawn, an estimate mostly measures the start-up, not the render. */
export const ETA_MIN_DONE = 0.1;

/**
 * Seconds left, or null until the estimate means something: the server's, else one from the
 * frame counters, and only once a tenth of the work is done (an early guess said "8:12 left"
 * for a render that took 50 s).
 */
export function secondsLeft(progress: RenderProgress): number | null {
  const { frames_done: done, frames_total: total, fps } = progress;
  const share = done != null && total != null && total > 0 ? done / total : progress.percentage / 100;
  if (share < ETA_MIN_DONE) return null;
  if (progress.eta_seconds != null && Number.isFinite(progress.eta_seconds)) return Math.max(0, progress.eta_seconds);
  if (done != null && total != null && fps != null && fps > 0 && total >= done) return (total - done) / fps;
  return null;
}
