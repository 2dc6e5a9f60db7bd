'use client';

import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';

/**
 * The drag type of a segment being moved. Image files dragged from the desktop carry
 * "Files" instead, so the timeline's drop targets and a card's image drop zone never take
 * each other's drags.
 */
export const SEGMENT_DRAG_TYPE = 'application/x-storyflow-segment';

/** Starts dragging a segment from its handle; the whole card is the drag picture. */
export function startSegmentDrag(event: DragEvent<HTMLElement>, segmentId: string): void {
  event.dataTransfer.setData(SEGMENT_DRAG_TYPE, segmentId);
  event.dataTransfer.effectAllowed = 'move';
  const card = event.currentTarget.closest('article');
  if (card) event.dataTransfer.setDragImage(card, 24, 24);
}

const isSegmentDrag = (event: DragEvent<HTMLElement>) => event.dataTransfer.types.includes(SEGMENT_DRAG_TYPE);

/**
 * Drag-and-drop reorder of the timeline (HTML5 drag and drop). Each list item reports
 * whether the pointer is over its upper or lower half; `gap` is where the segment would
 * land (0 = before the first, n = after the last) and the editor draws a line there.
 * On drop, `onDrop(segmentId, gap)` decides the new order.
 */
export function useSegmentDrag(onDrop: (segmentId: string, gap: number) => void) {
  const [gap, setGap] = useState<number | null>(null);

  // A drag that ends outside the list (Escape, dropped elsewhere) clears the line.
  useEffect(() => {
    if (gap === null) return;
    const clear = () => setGap(null);
    window.addEventListener('dragend', clear);
    window.addEventListener('drop', clear);
    return () => {
      window.removeEventListener('dragend', clear);
      window.removeEventListener('drop', clear);
    };
  }, [gap]);

  const itemProps = useCallback(
    (index: number) => ({
      onDragOver: (event: DragEvent<HTMLElement>) => {
        if (!isSegmentDrag(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        const rect = event.currentTarget.getBoundingClientRect();
        const next = event.clientY < rect.top + rect.height / 2 ? index : index + 1;
        setGap((current) => (current === next ? current : next));
      },
      onDrop: (event: DragEvent<HTMLElement>) => {
        if (!isSegmentDrag(event)) return;
        event.preventDefault();
        const id = event.dataTransfer.getData(SEGMENT_DRAG_TYPE);
        const rect = event.currentTarget.getBoundingClientRect();
        const at = event.clientY < rect.top + rect.height / 2 ? index : index + 1;
        setGap(null);
        if (id) onDrop(id, at);
      },
    }),
    [onDrop],
  );

  return useMemo(() => ({ gap, itemProps }), [gap, itemProps]);
}
