'use client';

import { GripVerticalIcon, ListOrderedIcon } from 'lucide-react';
import dynamic from 'next/dynamic';
import { memo, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { startSegmentDrag } from '@/hooks/use-segment-drag';

// Opened rarely, and from one card: its code (and the dialog's) is loaded when it opens, not with the editor (issue 14).
const MoveToPositionDialog = dynamic(
  () => import('@/components/MoveToPositionDialog').then((m) => m.MoveToPositionDialog),
  { loading: () => null },
);

type SegmentArrangeControlsProps = {
  segmentId: string;
  /** 1-based place in the timeline. */
  position: number;
  total: number;
  /** `position` is 1-based. */
  onMoveTo: (segmentId: string, position: number) => void;
};

/**
 * A card's drag handle (drag the card to a new place) and its keyboard alternative, "Move
 * to position…", which asks for a number (SPEC §7.8).
 */
export const SegmentArrangeControls = memo(function SegmentArrangeControls({
  segmentId,
  position,
  total,
  onMoveTo,
}: SegmentArrangeControlsProps) {
  const [open, setOpen] = useState(false);
  // The dialog is unmounted rather than closed, so Radix has nowhere to return focus to;
  // closing without a move puts it back on whichever of the two buttons opened it.
  const opener = useRef<HTMLElement | null>(null);
  const openFrom = (event: React.MouseEvent<HTMLElement>): void => {
    opener.current = event.currentTarget;
    setOpen(true);
  };
  return (
    <>
      <Tooltip>
        <TooltipTrigger asChild>
          <button
            type="button"
            draggable
            onDragStart={(event) => startSegmentDrag(event, segmentId)}
            // Keyboard users move with "Move to position…"; Enter on the handle opens it too.
            onClick={openFrom}
            aria-label={`Drag to reorder segment ${position}, or press to move it to a position`}
            data-testid="segment-drag-handle"
            className="-ml-1.5 flex size-7 cursor-grab items-center justify-center rounded-md text-zinc-400 outline-none hover:bg-zinc-100 hover:text-zinc-700 focus-visible:ring-2 focus-visible:ring-indigo-500/60 active:cursor-grabbing"
          >
            <GripVerticalIcon className="size-4" />
          </button>
        </TooltipTrigger>
        <TooltipContent>Drag to reorder</TooltipContent>
      </Tooltip>
      <Tooltip>
        <TooltipTrigger asChild>
          <Button
            variant="ghost"
            size="icon-sm"
            aria-label="Move to position…"
            onClick={openFrom}
            disabled={total < 2}
            className="size-7 text-zinc-400 hover:text-zinc-700"
          >
            <ListOrderedIcon />
          </Button>
        </TooltipTrigger>
        <TooltipContent>Move to position…</TooltipContent>
      </Tooltip>
      {open && (
        <MoveToPositionDialog
          position={position}
          total={total}
          onClose={() => {
            setOpen(false);
            requestAnimationFrame(() => opener.current?.focus());
          }}
          onMove={(to) => {
            setOpen(false);
            onMoveTo(segmentId, to);
          }}
        />
      )}
    </>
  );
});
