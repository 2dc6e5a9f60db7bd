import { toast } from 'sonner';
import { create } from 'zustand';
import { cancelRender as requestCancelRender, getRenderStatus, renderProject, toApiError, type ApiError } from './api';
import { IDLE_RENDER, mergeProgress, versionedOutputUrl, type ProjectRender } from './render-state';
import type { Project, RenderStatusResponse, RenderValidationDetails } from '@storyflow/contract';

export { IDLE_RENDER, liveProjectStatus, versionedOutputUrl } from './render-state';
export type { ProjectRender, RenderStatus } from './render-state';

type RenderStoreState = {
  renders: Record<string, ProjectRender>;
};

type RenderStoreActions = {
  /** Brings the store in line with a freshly loaded project: resumes polling (PROCESSING), shows the preview (COMPLETED). */
  openProject: (project: Pick<Project, 'id' | 'status' | 'output_path' | 'render_error' | 'updated_at'>) => void;
  /** POST /render/; resolves to true when the server accepted the render. Errors become toasts. */
  startRender: (projectId: string, options?: { force?: boolean }) => Promise<boolean>;
  /** Polls GET /status/ now and every 3 s until COMPLETED, FAILED, an error or stopPolling. Returns a stop function. */
  pollRenderStatus: (projectId: string) => () => void;
  stopPolling: (projectId: string) => void;
  cancelRender: (projectId: string) => Promise<void>;
  /** Saves final.mp4 through a same-origin `<a download>`: a real download, never a navigation. */
  downloadVideo: (projectId: string) => void;
  applyStatus: (projectId: string, status: RenderStatusResponse) => void;
  /** Forgets one project's render state (or every project's when called without an id) and stops polling. */
  resetRenderState: (projectId?: string) => void;
};

export type RenderStore = RenderStoreState & RenderStoreActions;

export const POLL_INTERVAL_MS = 3000;
export const DOWNLOAD_FILE_NAME = 'final.mp4';

type Poller = { timer: ReturnType<typeof setTimeout> | null; controller: AbortController | null; stopped: boolean };

// Timers and AbortControllers are not state a component renders, so they live beside the store.
const pollers = new Map<string, Poller>();

function stopPoller(projectId: string): void {
  const poller = pollers.get(projectId);
  if (!poller) return;
  poller.stopped = true;
  if (poller.timer) clearTimeout(poller.timer);
  poller.controller?.abort();
  pollers.delete(projectId);
}

function isValidationDetails(details: unknown): details is RenderValidationDetails {
  return (
    typeof details === 'object' &&
    details !== null &&
    Array.isArray((details as RenderValidationDetails).missing_images) &&
    Array.isArray((details as RenderValidationDetails).missing_audio)
  );
}

function toastRenderError(err: ApiError): void {
  if (err.status === 400 && isValidationDetails(err.details)) {
    toast.error(err.error, { description: err.details.message });
    return;
  }
  // A 500 here names what to install (FFmpeg); give the reader time for it.
  toast.error(err.error, err.status >= 500 ? { duration: 15000 } : undefined);
}

export const useRenderStore = create<RenderStore>()((set, get) => {
  const update = (projectId: string, patch: Partial<ProjectRender>) =>
    set((state) => ({
      renders: { ...state.renders, [projectId]: { ...(state.renders[projectId] ?? IDLE_RENDER), ...patch } },
    }));
  const current = (projectId: string): ProjectRender => get().renders[projectId] ?? IDLE_RENDER;

  return {
    renders: {},

    openProject: (project) => {
      const previous = current(project.id);
      switch (project.status) {
        case 'PROCESSING':
          update(project.id, {
            renderStatus: 'rendering',
            renderProgress: previous.renderStatus === 'rendering' ? previous.renderProgress : null,
            outputUrl: null,
            output: null,
            error: null,
            pollError: null,
          });
          get().pollRenderStatus(project.id);
          break;
        case 'COMPLETED':
          update(project.id, {
            renderStatus: 'completed',
            outputUrl: project.output_path,
            outputVersion: previous.outputVersion ?? project.updated_at,
            error: null,
            pollError: null,
          });
          // One status read fetches the file's facts (duration, size, rendered_at); it stops at COMPLETED.
          get().pollRenderStatus(project.id);
          break;
        case 'FAILED':
          stopPoller(project.id);
          update(project.id, {
            renderStatus: 'failed',
            error: project.render_error,
            outputUrl: null,
            output: null,
            pollError: null,
            cancelling: false,
          });
          break;
        case 'DRAFT':
          stopPoller(project.id);
          update(project.id, { ...IDLE_RENDER });
          break;
      }
    },

    startRender: async (projectId, options = {}) => {
      const previous = current(projectId);
      if (previous.renderStatus === 'validating' || previous.renderStatus === 'rendering') return false;
      update(projectId, { renderStatus: 'validating', pollError: null });
      try {
        const accepted = await renderProject(projectId, options.force ? { force: true } : {});
        update(projectId, {
          renderTaskId: accepted.task_id,
          renderStatus: 'rendering',
          renderProgress: {
            current_segment: 0,
            total_segments: accepted.total_segments,
            percentage: 0,
            current_phase: 'Starting render',
          },
          outputUrl: null,
          output: null,
          error: null,
          cancelling: false,
        });
        get().pollRenderStatus(projectId);
        return true;
      } catch (thrown) {
        const err = toApiError(thrown);
        toastRenderError(err);
        if (err.status === 409) {
          // Someone (another tab) is already rendering it: follow that render instead.
          update(projectId, { renderStatus: 'rendering', renderProgress: null, outputUrl: null, output: null, error: null });
          get().pollRenderStatus(projectId);
        } else {
          // Nothing started on the server, so the editor stays as it was.
          update(projectId, { renderStatus: previous.renderStatus });
        }
        return false;
      }
    },

    pollRenderStatus: (projectId) => {
      const stop = () => get().stopPolling(projectId);
      if (pollers.has(projectId)) return stop;
      const poller: Poller = { timer: null, controller: null, stopped: false };
      pollers.set(projectId, poller);

      const finish = () => {
        if (pollers.get(projectId) === poller) pollers.delete(projectId);
        poller.stopped = true;
      };

      const tick = async () => {
        poller.timer = null;
        const controller = new AbortController();
        poller.controller = controller;
        try {
          const status = await getRenderStatus(projectId, { signal: controller.signal });
          if (poller.stopped) return;
          get().applyStatus(projectId, status);
          if (status.status === 'PROCESSING') poller.timer = setTimeout(() => void tick(), POLL_INTERVAL_MS);
          else finish();
        } catch (thrown) {
          if (poller.stopped) return;
          const err = toApiError(thrown);
          finish();
          if (err.aborted) return;
          update(projectId, { pollError: err.error });
          toast.error(`Could not read the render status: ${err.error}`);
        }
      };

      void tick();
      return stop;
    },

    stopPolling: (projectId) => stopPoller(projectId),

    cancelRender: async (projectId) => {
      if (current(projectId).cancelling) return;
      update(projectId, { cancelling: true });
      try {
        await requestCancelRender(projectId);
      } catch (thrown) {
        toast.error(toApiError(thrown).error);
      }
      update(projectId, { cancelling: false });
      // Read the outcome now instead of waiting for the next tick (FAILED "Cancelled by user", or already done).
      stopPoller(projectId);
      get().pollRenderStatus(projectId);
    },

    downloadVideo: (projectId) => {
      const url = versionedOutputUrl(current(projectId));
      if (!url) {
        toast.error('There is no finished video to download yet.');
        return;
      }
      // Same origin (Next forwards /media/*), so the download attribute is honoured.
      const link = document.createElement('a');
      link.href = url;
      link.download = DOWNLOAD_FILE_NAME;
      link.rel = 'noopener';
      link.style.display = 'none';
      document.body.appendChild(link);
      link.click();
      link.remove();
    },

    applyStatus: (projectId, status) => {
      const previous = current(projectId);
      switch (status.status) {
        case 'PROCESSING':
          update(projectId, {
            renderStatus: 'rendering',
            renderProgress: mergeProgress(
              previous.renderStatus === 'rendering' ? previous.renderProgress : null,
              status.progress,
            ),
            outputUrl: null,
            output: null,
            error: null,
            pollError: null,
          });
          break;
        case 'COMPLETED': {
          const output = status.output ?? null;
          update(projectId, {
            renderStatus: 'completed',
            renderProgress: status.progress,
            outputUrl: status.output_url,
            output,
            outputVersion:
              output?.rendered_at ??
              (previous.renderStatus === 'completed' && previous.outputVersion
                ? previous.outputVersion
                : String(Date.now())),
            error: null,
            pollError: null,
            cancelling: false,
          });
          if (previous.renderStatus === 'rendering') toast.success('Your video is ready');
          break;
        }
        case 'FAILED': {
          const error = status.error ?? 'The render failed';
          update(projectId, {
            renderStatus: 'failed',
            renderProgress: status.progress ?? previous.renderProgress,
            outputUrl: null,
            output: null,
            error,
            pollError: null,
            cancelling: false,
          });
          if (previous.renderStatus === 'rendering' && !previous.cancelling && error !== 'Cancelled by user') {
            toast.error(`Render failed: ${error}`);
          }
          break;
        }
        case 'DRAFT':
          update(projectId, { ...IDLE_RENDER });
          break;
      }
    },

    resetRenderState: (projectId) => {
      if (projectId === undefined) {
        for (const id of [...pollers.keys()]) stopPoller(id);
        set({ renders: {} });
        return;
      }
      stopPoller(projectId);
      set((state) => {
        const { [projectId]: _removed, ...rest } = state.renders;
        return { renders: rest };
      });
    },
  };
});

/** One project's render state, selected narrowly (STYLE §8); a stable idle object when there is none. */
export function useProjectRender(projectId: string): ProjectRender {
  return useRenderStore((state) => state.renders[projectId] ?? IDLE_RENDER);
}
