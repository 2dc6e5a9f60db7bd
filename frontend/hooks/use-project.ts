'use client';

import { replaceEqualDeep, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { createSegment, getProject, reorderSegments } from '@/lib/api';
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

/** GET /api/projects/{id}/ with its segments in timeline order; seeds the render status. */
export function useProject(projectId: string) {
  return useQuery({
    queryKey: queryKeys.project(projectId),
    queryFn: async ({ signal, client }): Promise<ProjectDetail> => {
      const project = await getProject(projectId, { signal });
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
