'use client';

import { defaultRangeExtractor, useWindowVirtualizer, type Range } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type DragEvent,
  type Ref,
} from 'react';
import { InsertSegmentButton } from '@/components/InsertSegmentButton';
import { JumpToSegment } from '@/components/JumpToSegment';
import { SegmentCard } from '@/components/SegmentCard';
import { useAfterFirstPaint } from '@/hooks/use-after-first-paint';
import type { Segment } from '@storyflow/contract';

/** What the editor asks of the list: bring a segment into view and put the cursor in it. */
export type SegmentListHandle = { revealSegment: (segmentId: string) => void };

type SegmentListProps = {
  segments: Segment[];
  onChange: (segment: Segment) => void;
  onDelete: (segmentId: string) => void;
  onMove: (segmentId: string, direction: -1 | 1) => void;
  arrange?: SegmentListArrange;
  ref?: Ref<SegmentListHandle>;
};

/** Arranging (SPEC §7.8): the cards' extra actions, drag and drop over the rows, the insert gaps. */
export type SegmentListArrange = {
  onMoveTo: (segmentId: string, position: number) => void;
  onImagesDropped: (segmentId: string, files: File[]) => void;
  onImageRemoved: (segmentId: string) => void;
  /** The drag-and-drop handlers of the row at this index (hooks/use-segment-drag.ts). */
  rowProps: (index: number) => {
    onDragOver: (event: DragEvent<HTMLElement>) => void;
    onDrop: (event: DragEvent<HTMLElement>) => void;
  };
  /** The gap a dragged card would land in (0 = before the first), or null. */
  dropGap: number | null;
  onInsert: (position: number) => Promise<unknown>;
};

/** A card's height before it is measured (a card with an image, two text boxes and a player). */
export const ESTIMATED_CARD_HEIGHT = 420;
/** Space between cards, as the `gap-4` of the list before it was virtualised. */
const CARD_GAP = 16;
/**
 * Cards kept mounted beyond each edge of the window: enough for a fast wheel flick to land
 * on painted cards. None on the first render: opening draws only the cards in view, the
 * others follow right after (issue 14: the first card sooner).
 */
const OVERSCAN = 3;
/** Frames to wait for a revealed card to mount before giving up (the list may have changed under it). */
const REVEAL_FRAMES = 60;

/**
 * The timeline of segment cards, virtualised (SPEC §7.8): only the cards in and near the
 * window are mounted, each measured as it renders, so a 500-segment story opens and scrolls
 * like a short one. The card holding the keyboard focus stays mounted when scrolled away,
 * so typing and its autosave carry on; any other card that unmounts flushes its pending
 * edit first (use-segment-autosave.ts). Page scrolling stays the window's own.
 */
export function SegmentList({ segments, onChange, onDelete, onMove, arrange, ref }: SegmentListProps) {
  const listRef = useRef<HTMLOListElement>(null);
  const scrollMargin = useListOffset(listRef);
  const opened = useAfterFirstPaint();
  const focusedId = useRef<string | null>(null);
  const indexById = useRef(new Map<string, number>());
  indexById.current = new Map(segments.map((s, i) => [s.id, i]));

  const keepFocusedMounted = useCallback((range: Range) => {
    const visible = defaultRangeExtractor(range);
    const focused = focusedId.current === null ? undefined : indexById.current.get(focusedId.current);
    if (focused === undefined || visible.includes(focused)) return visible;
    return [...visible, focused].sort((a, b) => a - b);
  }, []);

  const virtualizer = useWindowVirtualizer<HTMLLIElement>({
    count: segments.length,
    estimateSize: () => ESTIMATED_CARD_HEIGHT,
    gap: CARD_GAP,
    overscan: opened ? OVERSCAN : 0,
    scrollMargin,
    getItemKey: (index) => segments[index]?.id ?? index,
    rangeExtractor: keepFocusedMounted,
    // React 19 refuses flushSync inside a commit (where a new row is measured); a normal update is enough.
    useFlushSync: false,
  });

  const [reveal, setReveal] = useState<{ segmentId: string } | null>(null);
  useImperativeHandle(ref, () => ({ revealSegment: (segmentId) => setReveal({ segmentId }) }), []);
  useEffect(() => {
    if (reveal === null) return;
    const index = indexById.current.get(reveal.segmentId);
    if (index === undefined) return; // not in the list yet: runs again when the segments change
    virtualizer.scrollToIndex(index, { align: 'center' });
    // The card mounts once the scroll has moved the window over it; then it is centred
    // from its real size and the cursor goes into it.
    let frame = 0;
    let handle = requestAnimationFrame(function focusWhenMounted() {
      const card = listRef.current?.querySelector<HTMLElement>(`[data-segment-id="${reveal.segmentId}"]`);
      if (card) {
        card.scrollIntoView({ block: 'center' });
        firstFocusable(card)?.focus({ preventScroll: true });
        setReveal(null);
      } else if (++frame < REVEAL_FRAMES) {
        handle = requestAnimationFrame(focusWhenMounted);
      }
    });
    return () => cancelAnimationFrame(handle);
  }, [reveal, segments, virtualizer]);

  const items = virtualizer.getVirtualItems();
  return (
    <div className="grid gap-3">
      {segments.length > 1 && (
        <JumpToSegment count={segments.length} onJump={(n) => setReveal({ segmentId: segments[n - 1]!.id })} />
      )}
      <ol
        ref={listRef}
        aria-label="Timeline"
        className="relative"
        style={{ height: virtualizer.getTotalSize() }}
        onFocus={(e) => {
          focusedId.current = e.target.closest<HTMLElement>('[data-segment-id]')?.dataset.segmentId ?? null;
        }}
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget)) focusedId.current = null;
        }}
      >
        {items.map((item) => {
          const segment = segments[item.index];
          if (segment === undefined) return null;
          return (
            <li
              key={segment.id}
              data-index={item.index}
              ref={virtualizer.measureElement}
              // Only some cards exist in the page: say where each one sits in the whole story.
              aria-posinset={item.index + 1}
              aria-setsize={segments.length}
              className="absolute inset-x-0 top-0"
              style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
              {...arrange?.rowProps(item.index)}
            >
              {arrange && (
                // In the gap above the card (the list's gap is CARD_GAP), also its drop line.
                <div className="absolute inset-x-0 -top-4 z-10">
                  <InsertSegmentButton
                    position={item.index}
                    onInsert={arrange.onInsert}
                    dropTarget={arrange.dropGap === item.index}
                  />
                </div>
              )}
              <SegmentCard
                segment={segment}
                position={item.index + 1}
                isFirst={item.index === 0}
                isLast={item.index === segments.length - 1}
                total={segments.length}
                onChange={onChange}
                onDelete={onDelete}
                onMove={onMove}
                onMoveTo={arrange?.onMoveTo}
                onImagesDropped={arrange?.onImagesDropped}
                onImageRemoved={arrange?.onImageRemoved}
              />
              {arrange && item.index === segments.length - 1 && arrange.dropGap === segments.length && (
                <div
                  aria-hidden
                  className="absolute inset-x-0 -bottom-2 h-0.5 rounded-full bg-indigo-500"
                  data-testid="drop-line-end"
                />
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/**
 * The list's distance from the top of the page, which the window virtualiser needs to map
 * the window's scroll onto cards. Whatever sits above the list (the video, notices) may
 * change size at any time, and then the page's height changes too: measured again then.
 */
function useListOffset(listRef: React.RefObject<HTMLElement | null>): number {
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const measure = () => setOffset(Math.round(list.getBoundingClientRect().top + window.scrollY));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [listRef]);
  return offset;
}

/** Where the cursor goes in a revealed card: the narration, else (a locked card) its first control. */
function firstFocusable(card: HTMLElement): HTMLElement | null {
  // Two queries: one selector list would return the header's buttons, which come first in the card.
  return (
    card.querySelector<HTMLElement>('textarea:not(:disabled)') ??
    card.querySelector<HTMLElement>('button:not(:disabled)')
  );
}
