'use client';

import { GripVerticalIcon, ListOrderedIcon } from 'lucide-react';
import { memo, useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { startSegmentDrag } from '@/hooks/use-segment-drag';

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
  return (
    <>
      <Tooltip>
        <TooltipTrigger asChild>
          <button
            type="button"
            draggable
            onDragStart={(event) => startSegmentDrag(event, segmentId)}
            // Keyboard users move with "Move to position…"; Enter on the handle opens it too.
            onClick={() => setOpen(true)}
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
            onClick={() => setOpen(true)}
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
          onClose={() => setOpen(false)}
          onMove={(to) => {
            setOpen(false);
            onMoveTo(segmentId, to);
          }}
        />
      )}
    </>
  );
});

type MoveToPositionDialogProps = {
  position: number;
  total: number;
  onClose: () => void;
  onMove: (position: number) => void;
};

function MoveToPositionDialog({ position, total, onClose, onMove }: MoveToPositionDialogProps) {
  const [value, setValue] = useState(String(position));
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();

  function submit(event: React.SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const to = Number(value);
    if (!Number.isInteger(to) || to < 1 || to > total) {
      setError(`Enter a whole number from 1 to ${total}.`);
      return;
    }
    if (to === position) onClose();
    else onMove(to);
  }

  return (
    <Dialog open onOpenChange={(next) => !next && onClose()}>
      <DialogContent className="sm:max-w-sm">
        <DialogHeader>
          <DialogTitle>Move segment {position}</DialogTitle>
          <DialogDescription>The segments in between shift by one place.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-5" noValidate>
          <div className="grid gap-2">
            <Label htmlFor={inputId}>New position (1–{total})</Label>
            <Input
              id={inputId}
              type="number"
              inputMode="numeric"
              min={1}
              max={total}
              autoFocus
              value={value}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${inputId}-error` : undefined}
              onChange={(e) => {
                setValue(e.target.value);
                setError(null);
              }}
            />
            {error && (
              <p id={`${inputId}-error`} className="text-sm text-red-600">
                {error}
              </p>
            )}
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit">Move</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
