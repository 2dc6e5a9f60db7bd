/** Render state of one project as the browser sees it, and pure helpers over it (no React, no I/O). */

import type { ProjectStatus, RenderOutput, RenderProgress } from '@storyflow/contract';
import { withCacheBust } from './utils';

/** The browser's view of one project's render (SPEC §4 store). */
export type RenderStatus = 'idle' | 'validating' | 'rendering' | 'completed' | 'failed';

export type ProjectRender = {
  renderTaskId: string | null;
  renderStatus: RenderStatus;
  renderProgress: RenderProgress | null;
  /** `/media/projects/{id}/output/final.mp4` once completed, without a cache-busting query. */
  outputUrl: string | null;
  /** Facts about the finished file, from GET /status/ (beyond). */
  output: RenderOutput | null;
  /** Changes whenever final.mp4 is replaced; appended to outputUrl as `?v=` so the browser refetches. */
  outputVersion: string | null;
  /** Why the last render failed (FAILED), e.g. "Cancelled by user". */
  error: string | null;
  /** Set when status polling stopped because of a request error; the render may still be running. */
  pollError: string | null;
  cancelling: boolean;
};

export const IDLE_RENDER: ProjectRender = Object.freeze({
  renderTaskId: null,
  renderStatus: 'idle',
  renderProgress: null,
  outputUrl: null,
  output: null,
  outputVersion: null,
  error: null,
  pollError: null,
  cancelling: false,
});

/** percentage never decreases during one render, even if a poll answer arrives out of order. */
export function mergeProgress(previous: RenderProgress | null, next: RenderProgress | null): RenderProgress | null {
  if (!next) return previous;
  if (!previous || next.percentage >= previous.percentage) return next;
  return { ...next, percentage: previous.percentage };
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
export function versionedOutputUrl(render: ProjectRender): string | null {
  if (!render.outputUrl) return null;
  return render.outputVersion ? withCacheBust(render.outputUrl, render.outputVersion) : render.outputUrl;
}
