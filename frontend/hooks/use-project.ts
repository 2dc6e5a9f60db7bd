'use client';

import { replaceEqualDeep, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { createSegment, getProject, reorderSegments } from '@/lib/api';
import { takeSaveSentOnLeaving } from '@/lib/leaving-saves';
import { toastError } from '@/lib/notify';
import { queryKeys } from '@/lib/query-keys';
import { seedRenderStatus } from '@/lib/render-queries';
import type { Project, ProjectDetail, Segment, TaskCompletedSegment } from '@storyflow/contract';

const byPosition = (a: Segment, b: Segment) => a.sequence_index - b.sequence_index;

/**
 * Structural sharing, plus: a segment that differs only in `updated_at` keeps its old object.
 * A re-read after speech (whose audio facts the cache already has) would otherwise give
 * every card a new audio URL and stop a player that is playing.
 */
function shareSegments(old: unknown, next: unknown): unknown {
  const shared = replaceEqualDeep(old, next) as ProjectDetail;
  const previous = old as ProjectDetail | undefined;
  if (!previous || shared === previous) return shared;
  const before = new Map(previous.segments.map((s) => [s.id, s]));
  let changed = false;
  const segments = shared.segments.map((s) => {
    const o = before.get(s.id);
    if (!o || o === s || replaceEqualDeep(o, { ...s, updated_at: o.updated_at }) !== o) return s;
    changed = true;
    return o;
  });
  return changed ? { ...shared, segments } : shared;
}
const reindex = (list: Segment[]) => list.map((s, i) => (s.sequence_index === i ? s : { ...s, sequence_index: i }));

/** The page's server-side reads already taken: a read answers one fetch, ever. */
const usedFirstReads = new WeakSet<Promise<string | null>>();

/**
 * The project as the page's server read it (app/projects/[id]/page.tsx), if it may answer
 * this fetch: only the tab's first read of the project, and only once. A later fetch (a
 * refresh, coming back to the page, which may reuse the page's old server data) must see
 * what the API has now, not what it had when the page was first sent; and so must the
 * first one when the previous page left with a save still on its way (lib/leaving-saves.ts).
 */
async function takeFirstRead(
  firstRead: Promise<string | null> | undefined,
  seenBefore: boolean,
): Promise<ProjectDetail | null> {
  if (firstRead === undefined || seenBefore || usedFirstReads.has(firstRead)) return null;
  usedFirstReads.add(firstRead);
  if (takeSaveSentOnLeaving()) return null;
  // A promise React decoded from server data has a `then` of its own, but no working `catch`.
  const text = await Promise.resolve(firstRead).catch(() => null);
  return text === null ? null : (JSON.parse(text) as ProjectDetail);
}

/**
 * GET /api/projects/{id}/ with its segments in timeline order; seeds the render status.
 * `firstRead` is the server's read of it that came with the page: the first fetch takes
 * that instead of a request of its own.
 */
export function useProject(projectId: string, firstRead?: Promise<string | null>) {
  return useQuery({
    queryKey: queryKeys.project(projectId),
    queryFn: async ({ signal, client, queryKey }): Promise<ProjectDetail> => {
      const seenBefore = (client.getQueryState(queryKey)?.dataUpdatedAt ?? 0) > 0;
      const project = (await takeFirstRead(firstRead, seenBefore)) ?? (await getProject(projectId, { signal }));
      seedRenderStatus(client, project);
      return { ...project, segments: [...project.segments].sort(byPosition) };
    },
    structuralSharing: shareSegments,
    // 404 is the page's own "Project not found", not a failure to announce.
    meta: { errorToast: 'Could not load the project', quietStatuses: [404] },
  });
}

/**
 * Writes what the server answered about single segments into the cached project, so a
 * save does not re-read hundreds of segments; list changes (add, delete, reorder, import)
 * re-read the project instead. Unchanged segments keep their identity, so only the card
 * that changed re-renders.
 */
export function useSegmentCache(projectId: string) {
  const client = useQueryClient();
  const edit = useCallback(
    (change: (segments: Segment[]) => Segment[]) =>
      client.setQueryData<ProjectDetail>(queryKeys.project(projectId), (project) =>
        project ? { ...project, segments: change(project.segments) } : project,
      ),
    [client, projectId],
  );
  const refresh = useCallback(() => client.invalidateQueries({ queryKey: queryKeys.project(projectId) }), [client, projectId]);
  return useMemo(
    () => ({
      /** A segment as PATCH/upload/generate returned it (its place stays the editor's). */
      put: (next: Segment) =>
        edit((list) => list.map((s) => (s.id === next.id ? { ...next, sequence_index: s.sequence_index } : s))),
      /** Speech a batch task finished, from its status. */
      putAudio: (done: TaskCompletedSegment[]) => {
        const byId = new Map(done.map((d) => [d.segment_id, d]));
        edit((list) =>
          list.map((s) => {
            const d = byId.get(s.id);
            return d ? { ...s, audio_file: d.audio_url, audio_duration: d.duration } : s;
          }),
        );
      },
      /** After DELETE succeeded: gone at once, then the server's order is read. */
      removed: (segmentId: string) => {
        edit((list) => reindex(list.filter((s) => s.id !== segmentId)));
        void refresh();
      },
      /**
       * PATCH /projects/{id}/ answered: its fields at once; a new voice or speed marks audio
       * stale on the server, so the segments are read again (typing in a card is kept: a
       * card adopts the server's text only when it has no edit of its own waiting).
       */
      projectSaved: (next: Project) => {
        client.setQueryData<ProjectDetail>(queryKeys.project(projectId), (project) =>
          project ? { ...project, ...next, segments: project.segments } : project,
        );
        void refresh();
      },
      refresh,
    }),
    [client, projectId, edit, refresh],
  );
}

/** POST /segments/: the new segment shows at once, then the project is read again. */
export function useAddSegment(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => createSegment({ project: projectId }),
    onSuccess: (created) => {
      client.setQueryData<ProjectDetail>(queryKeys.project(projectId), (project) =>
        project ? { ...project, segments: [...project.segments, created] } : project,
      );
      void client.invalidateQueries({ queryKey: queryKeys.project(projectId) });
    },
    onError: (err) => void toastError(err, 'Could not add a segment'),
  });
}

/** Moves a segment one place: shown at once, undone if the server refuses, then re-read. */
export function useMoveSegment(projectId: string) {
  const client = useQueryClient();
  const key = useMemo(() => queryKeys.project(projectId), [projectId]);
  const { mutate } = useMutation({
    mutationFn: (order: string[]) => reorderSegments(projectId, order),
    onMutate: async (order) => {
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData<ProjectDetail>(key);
      if (before) {
        const byId = new Map(before.segments.map((s) => [s.id, s]));
        const next = order.flatMap((id) => byId.get(id) ?? []);
        client.setQueryData<ProjectDetail>(key, { ...before, segments: reindex(next) });
      }
      return { before };
    },
    onError: (err, _order, context) => {
      if (context?.before) client.setQueryData(key, context.before);
      toastError(err, 'Could not reorder');
    },
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
  return useCallback(
    (segmentId: string, direction: -1 | 1) => {
      const segments = client.getQueryData<ProjectDetail>(key)?.segments ?? [];
      const from = segments.findIndex((s) => s.id === segmentId);
      const to = from + direction;
      if (from < 0 || to < 0 || to >= segments.length) return;
      const order = segments.map((s) => s.id);
      const [moved] = order.splice(from, 1);
      if (moved === undefined) return;
      order.splice(to, 0, moved);
      mutate(order);
    },
    [client, key, mutate],
  );
}
