'use client';

import { PlusIcon } from 'lucide-react';
import { memo, useState } from 'react';
import { cn } from '@/lib/utils';

type InsertSegmentButtonProps = {
  /** The 0-based place the new segment takes (the card after this gap moves down). */
  position: number;
  onInsert: (position: number) => Promise<unknown>;
  /** A segment is being dragged over this gap: the line shows where it lands. */
  dropTarget?: boolean;
};

/**
 * The gap between two cards: "Insert segment here" on hover or focus, and the line that
 * shows where a dragged segment lands (SPEC §7.8).
 */
export const InsertSegmentButton = memo(function InsertSegmentButton({ position, onInsert, dropTarget }: InsertSegmentButtonProps) {
  const [busy, setBusy] = useState(false);
  return (
    <div className="group/gap relative -my-2 flex h-4 items-center" data-testid="segment-gap" data-drop-target={dropTarget || undefined}>
      <div
        aria-hidden
        className={cn(
          'absolute inset-x-0 top-1/2 h-0.5 -translate-y-1/2 rounded-full transition-colors',
          dropTarget ? 'bg-indigo-500' : 'bg-transparent group-hover/gap:bg-indigo-200 group-focus-within/gap:bg-indigo-200',
        )}
      />
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void onInsert(position).finally(() => setBusy(false));
        }}
        aria-label={`Insert segment here, at position ${position + 1}`}
        className="relative mx-auto inline-flex items-center gap-1 rounded-full border border-indigo-200 bg-white px-2.5 py-0.5 text-xs font-medium text-indigo-700 opacity-0 shadow-xs outline-none transition-opacity focus-visible:opacity-100 focus-visible:ring-2 focus-visible:ring-indigo-500/60 group-hover/gap:opacity-100 disabled:opacity-60"
      >
        <PlusIcon className="size-3" />
        Insert segment here
      </button>
    </div>
  );
});
