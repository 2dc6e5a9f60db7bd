'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef } from 'react';
import { toast } from 'sonner';
import { checkImageFile } from '@/components/ImageDropZone';
import type { useSegmentCache } from '@/hooks/use-project';
import { createSegment, reorderSegments, restoreSegment, restoreSegmentImage, uploadSegmentImage } from '@/lib/api';
import { listPositions, orderAfterDrop, orderAfterMoveTo, orderForUndo, planImageDrop } from '@/lib/arrange';
import { toastError } from '@/lib/notify';
import { queryKeys } from '@/lib/query-keys';
import { offerUndo } from '@/lib/undo';
import type { ProjectDetail, Segment } from '@storyflow/contract';

type SegmentCache = ReturnType<typeof useSegmentCache>;

/**
 * The timeline-level actions of arranging (SPEC §7.8): reorder (drag and drop, move to a
 * position, one place up or down) with undo, insert at a position, undo of a delete or an
 * image removal, and several images dropped on one card. Every callback is stable, so the
 * memoised cards do not re-render when the editor does.
 */
export function useSegmentArrange(projectId: string, cache: SegmentCache) {
  const client = useQueryClient();
  const key = useMemo(() => queryKeys.project(projectId), [projectId]);
  const segmentsNow = useCallback(() => client.getQueryData<ProjectDetail>(key)?.segments ?? [], [client, key]);
  const positionOf = useCallback((id: string) => segmentsNow().findIndex((s) => s.id === id) + 1, [segmentsNow]);
  // One reorder at a time: a second drag while the first is sent would be built on a stale order.
  const reordering = useRef(false);

  /** Shows the order at once, sends it, and puts the old one back if the server refuses. */
  const applyOrder = useCallback(
    async (order: string[]) => {
      const before = client.getQueryData<ProjectDetail>(key);
      if (before) {
        const byId = new Map(before.segments.map((s) => [s.id, s]));
        const next = order.flatMap((id) => byId.get(id) ?? []).map((s, i) => (s.sequence_index === i ? s : { ...s, sequence_index: i }));
        client.setQueryData<ProjectDetail>(key, { ...before, segments: next });
      }
      try {
        await reorderSegments(projectId, order);
      } catch (err) {
        if (before) client.setQueryData(key, before);
        throw err;
      } finally {
        void cache.refresh();
      }
    },
    [client, key, projectId, cache],
  );

  const reorder = useCallback(
    (order: string[] | null, movedId: string) => {
      if (order === null || reordering.current) return;
      const previous = segmentsNow().map((s) => s.id);
      const from = previous.indexOf(movedId) + 1;
      const to = order.indexOf(movedId) + 1;
      reordering.current = true;
      applyOrder(order)
        .then(() =>
          offerUndo({
            message: `Segment ${from} moved to position ${to}`,
            undo: () => applyOrder(orderForUndo(previous, segmentsNow().map((s) => s.id))),
            undone: 'Order restored',
            failure: 'Could not undo the move',
          }),
        )
        .catch((err: unknown) => void toastError(err, 'Could not reorder'))
        .finally(() => {
          reordering.current = false;
        });
    },
    [applyOrder, segmentsNow],
  );

  /** Drag and drop: `gap` 0 is before the first segment, n after the last. */
  const dropAt = useCallback(
    (segmentId: string, gap: number) => reorder(orderAfterDrop(segmentsNow().map((s) => s.id), segmentId, gap), segmentId),
    [reorder, segmentsNow],
  );

  /** "Move to position…": `position` is 1-based as the cards show it. */
  const moveTo = useCallback(
    (segmentId: string, position: number) =>
      reorder(orderAfterMoveTo(segmentsNow().map((s) => s.id), segmentId, position - 1), segmentId),
    [reorder, segmentsNow],
  );

  const moveBy = useCallback(
    (segmentId: string, direction: -1 | 1) => {
      const order = segmentsNow().map((s) => s.id);
      reorder(orderAfterMoveTo(order, segmentId, order.indexOf(segmentId) + direction), segmentId);
    },
    [reorder, segmentsNow],
  );

  /** A new empty segment at the 0-based `position`; resolves to it (or null when refused). */
  const insertAt = useCallback(
    async (position: number): Promise<Segment | null> => {
      try {
        const created = await createSegment({ project: projectId, position });
        client.setQueryData<ProjectDetail>(key, (project) => {
          if (!project) return project;
          const segments = [...project.segments];
          segments.splice(position, 0, created);
          return { ...project, segments: segments.map((s, i) => (s.sequence_index === i ? s : { ...s, sequence_index: i })) };
        });
        void cache.refresh();
        return created;
      } catch (err) {
        toastError(err, 'Could not insert a segment');
        return null;
      }
    },
    [client, key, projectId, cache],
  );

  /** After a card's DELETE succeeded: gone at once, with an Undo that brings it back with its media. */
  const deleted = useCallback(
    (segmentId: string) => {
      const position = positionOf(segmentId);
      cache.removed(segmentId);
      offerUndo({
        message: `Segment ${position} deleted`,
        undo: async () => {
          await restoreSegment(segmentId);
          await cache.refresh();
        },
        undone: `Segment ${position} restored`,
        failure: 'Could not restore the segment',
      });
    },
    [cache, positionOf],
  );

  /** After a card removed its image: an Undo that gives the same image back. */
  const imageRemoved = useCallback(
    (segmentId: string) => {
      const position = positionOf(segmentId);
      offerUndo({
        message: `Image of segment ${position} removed`,
        undo: async () => cache.put(await restoreSegmentImage(segmentId)),
        undone: `Image of segment ${position} restored`,
        failure: 'Could not restore the image',
      });
    },
    [cache, positionOf],
  );

  /**
   * Several images dropped on one card fill it and the following segments in order,
   * passing over locked ones; one upload at a time, so the server decodes one image at once.
   */
  const fillFromDrop = useCallback(
    async (segmentId: string, files: File[]) => {
      const problems = files.map(checkImageFile).filter((p): p is string => p !== null);
      const usable = files.filter((f) => checkImageFile(f) === null);
      if (problems.length > 0) toast.error(`${problems.length} of ${files.length} files skipped`, { description: problems.join(' ') });
      const segments = segmentsNow();
      const plan = planImageDrop(segments, segmentId, usable);
      if (plan.uploads.length === 0) {
        if (usable.length > 0) toast.error('No unlocked segment from here on to put the images in');
        return;
      }
      const progress = toast.loading(`Uploading image 1 of ${plan.uploads.length}…`);
      const failed: number[] = [];
      for (const [i, { segmentId: id, position, file }] of plan.uploads.entries()) {
        toast.loading(`Uploading image ${i + 1} of ${plan.uploads.length}…`, { id: progress });
        try {
          const res = await uploadSegmentImage(id, file);
          const current = segmentsNow().find((s) => s.id === id);
          if (current) cache.put({ ...current, image_file: res.image_file });
        } catch (err) {
          failed.push(position);
          toastError(err, `Could not upload “${file.name}” to segment ${position}`);
        }
      }
      const done = plan.uploads.length - failed.length;
      void cache.refresh();
      if (done === 0) {
        toast.dismiss(progress);
        return;
      }
      const first = plan.uploads[0]?.position ?? 0;
      const last = plan.uploads[plan.uploads.length - 1]?.position ?? 0;
      const where = first === last ? `segment ${first}` : `segments ${first}–${last}`;
      const notes = [
        plan.skippedLocked.length > 0 &&
          `Skipped locked ${plan.skippedLocked.length === 1 ? 'segment' : 'segments'} ${listPositions(plan.skippedLocked)}.`,
        plan.unused.length > 0 &&
          `${plan.unused.length} ${plan.unused.length === 1 ? 'image was' : 'images were'} left over: no more unlocked segments.`,
      ].filter((n): n is string => typeof n === 'string');
      toast.success(`${done} ${done === 1 ? 'image' : 'images'} added to ${where}`, {
        id: progress,
        description: notes.length > 0 ? notes.join(' ') : undefined,
        duration: notes.length > 0 ? 8000 : 4000,
      });
    },
    [cache, segmentsNow],
  );
  // The cards call this from a drop handler, which has nothing to await.
  const imagesDropped = useCallback(
    (segmentId: string, files: File[]) => void fillFromDrop(segmentId, files),
    [fillFromDrop],
  );

  return useMemo(
    () => ({ dropAt, moveTo, moveBy, insertAt, deleted, imageRemoved, imagesDropped }),
    [dropAt, moveTo, moveBy, insertAt, deleted, imageRemoved, imagesDropped],
  );
}
