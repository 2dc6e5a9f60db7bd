'use client';

import { useIsMutating, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { toast } from 'sonner';
import { cancelRender, renderProject, type ApiError } from '@/lib/api';
import { mutationKeys, queryKeys } from '@/lib/query-keys';
import { receiveRenderStatus, renderStatusQuery } from '@/lib/render-queries';
import {
  acceptedSnapshot,
  describeRender,
  renderPollInterval,
  type ProjectRender,
  type RenderSnapshot,
} from '@/lib/render-state';
import type { RenderValidationDetails } from '@storyflow/contract';

/**
 * One project's render as every component shows it. It reads the cached status (and reads
 * it again when stale); it polls only with `poll` (one place per page: RenderProgress in the
 * editor, each card on the dashboard), so a page reads once per interval.
 */
export function useProjectRender(projectId: string, options: { poll?: boolean } = {}): ProjectRender {
  const query = useQuery({
    ...renderStatusQuery(projectId),
    refetchInterval: options.poll ? (q) => renderPollInterval(q.state) : false,
  });
  const starting = useIsMutating({ mutationKey: mutationKeys.startRender(projectId) }) > 0;
  const cancelling = useIsMutating({ mutationKey: mutationKeys.cancelRender(projectId) }) > 0;
  const pollError = query.isError ? query.error.error : null;
  return useMemo(
    () => describeRender(query.data, { starting, cancelling, pollError }),
    [query.data, starting, cancelling, pollError],
  );
}

/**
 * Polls GET /status/ every 3 s while the project renders; stops at COMPLETED, FAILED or a
 * failed read (see renderPollInterval), and when the component leaves the page.
 * Returns "check again", which reads the status now and resumes polling if it still runs.
 */
export function useRenderPolling(projectId: string): () => void {
  const client = useQueryClient();
  useQuery({ ...renderStatusQuery(projectId), refetchInterval: (query) => renderPollInterval(query.state) });
  return useCallback(
    () => void client.refetchQueries({ queryKey: queryKeys.renderStatus(projectId) }),
    [client, projectId],
  );
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

/**
 * POST /render/. Accepted: the cache shows "Preparing…" at once (the old video stays) and
 * the status is read again. 409: another tab renders it, so follow that render. Any other
 * failure leaves the editor as it was, with a toast.
 */
export function useStartRender(projectId: string) {
  const client = useQueryClient();
  const key = queryKeys.renderStatus(projectId);
  const mutation = useMutation({
    mutationKey: mutationKeys.startRender(projectId),
    mutationFn: (options: { force?: boolean }) => renderProject(projectId, options.force ? { force: true } : {}),
    onSuccess: (accepted) => {
      const previous = client.getQueryData<RenderSnapshot>(key);
      receiveRenderStatus(client, projectId, acceptedSnapshot(previous, accepted));
      void client.invalidateQueries({ queryKey: key });
    },
    onError: (err) => {
      toastRenderError(err);
      if (err.status === 409) void client.invalidateQueries({ queryKey: key });
    },
  });
  const { mutateAsync } = mutation;
  /** Resolves to true when the server accepted the render; a second click while starting is ignored. */
  const start = useCallback(
    async (options: { force?: boolean } = {}) => {
      // Counted synchronously by the cache, so even two calls in one tick send one request.
      if (client.isMutating({ mutationKey: mutationKeys.startRender(projectId) }) > 0) return false;
      try {
        await mutateAsync(options);
        return true;
      } catch {
        return false;
      }
    },
    [client, projectId, mutateAsync],
  );
  return { start, accepted: mutation.data ?? null };
}

/**
 * POST /cancel-render/, then the outcome is read before "Cancelling…" ends, so the failure
 * the cancel causes is not announced as one.
 */
export function useCancelRender(projectId: string) {
  const client = useQueryClient();
  const { mutate } = useMutation({
    mutationKey: mutationKeys.cancelRender(projectId),
    mutationFn: () => cancelRender(projectId),
    onError: (err) => {
      if (!err.aborted) toast.error(err.error);
    },
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.renderStatus(projectId) }),
  });
  return useCallback(() => {
    if (client.isMutating({ mutationKey: mutationKeys.cancelRender(projectId) }) === 0) mutate();
  }, [client, projectId, mutate]);
}
