import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { getRenderStatus, type ApiError } from './api';
import { mutationKeys, queryKeys } from './query-keys';
import {
  nextSnapshot,
  renderNeedsRead,
  renderOutcome,
  snapshotFromProject,
  type RenderSeed,
  type RenderSnapshot,
} from './render-state';

/**
 * Puts what a project row says about its render into the cache (the list and the editor
 * load projects first), so a card or the editor shows it at once and a DRAFT or FAILED
 * project is never asked for its status. If the cache already knew something else, the
 * row is newer news: read the status again.
 */
export function seedRenderStatus(client: QueryClient, project: RenderSeed): void {
  const key = queryKeys.renderStatus(project.id);
  const cached = client.getQueryData<RenderSnapshot>(key);
  if (!cached) client.setQueryData(key, snapshotFromProject(project));
  else if (cached.status !== project.status) void client.invalidateQueries({ queryKey: key });
}

/**
 * Stores a new answer and tells whoever watches: "Your video is ready", or why it failed
 * (a cancel the user asked for is no news). A render that ended changes the project list
 * (status, Watch, updated time), so the list is read again, after the answer is in the
 * cache (else the list's rows would look newer than it). Runs once per answer, however
 * many components show it.
 */
export function receiveRenderStatus(
  client: QueryClient,
  projectId: string,
  next: RenderSnapshot,
): RenderSnapshot {
  const key = queryKeys.renderStatus(projectId);
  const previous = client.getQueryData<RenderSnapshot>(key);
  client.setQueryData(key, next);
  const outcome = renderOutcome(previous, next);
  if (outcome === 'completed') toast.success('Your video is ready');
  if (outcome === 'failed' && client.isMutating({ mutationKey: mutationKeys.cancelRender(projectId) }) === 0) {
    toast.error(`Render failed: ${next.error ?? 'The render failed'}`);
  }
  if (outcome !== null) void client.invalidateQueries({ queryKey: queryKeys.projects() });
  return next;
}

/**
 * GET /status/: fresh while nothing can change on its own, read again at once otherwise.
 * Only for a project whose row was loaded (seedRenderStatus): a DRAFT is never asked.
 */
export function renderStatusQuery(projectId: string) {
  return queryOptions<RenderSnapshot, ApiError, RenderSnapshot, ReturnType<typeof queryKeys.renderStatus>>({
    queryKey: queryKeys.renderStatus(projectId),
    enabled: (query) => query.state.data !== undefined,
    queryFn: async ({ signal, client }): Promise<RenderSnapshot> => {
      const status = await getRenderStatus(projectId, { signal });
      const previous = client.getQueryData<RenderSnapshot>(queryKeys.renderStatus(projectId));
      return receiveRenderStatus(client, projectId, nextSnapshot(previous, status));
    },
    staleTime: (query) => (renderNeedsRead(query.state.data) ? 0 : Infinity),
    meta: { errorToast: 'Could not read the render status' },
  });
}
