'use client';

import { useId, useState } from 'react';
import { updateSegment } from '@/lib/api';
import { toastError } from '@/lib/notify';
import type { FocusPoint, Motion, Segment } from '@storyflow/contract';

type SegmentMotionProps = {
  segment: Pick<Segment, 'id' | 'motion' | 'focus' | 'is_locked'>;
  /** The segment's image (already cache-busted by the card), or null. */
  imageUrl: string | null;
  onChange: (segment: Segment) => void;
};

export const MOTION_LABELS: Record<Motion, string> = {
  center_center: 'Slow zoom in',
  top_left_bottom_right: 'Pan ↘ top left to bottom right',
  bottom_right_top_left: 'Pan ↖ bottom right to top left',
  top_right_bottom_left: 'Pan ↙ top right to bottom left',
  bottom_left_top_right: 'Pan ↗ bottom left to top right',
  center_top_left: 'Centre to top left',
  center_bottom_right: 'Centre to bottom right',
  still: 'Still (no motion)',
};

/** Where a click lands on the image, in 0–1 of its width and height, rounded to 0.01. */
export function focusFromClick(rect: { left: number; top: number; width: number; height: number }, x: number, y: number): FocusPoint {
  const clamp = (v: number): number => Math.round(Math.min(1, Math.max(0, v)) * 100) / 100;
  return { x: clamp((x - rect.left) / rect.width), y: clamp((y - rect.top) / rect.height) };
}

/** The segment's Ken Burns motion and the focus point every window keeps in view (click the image). */
export function SegmentMotion({ segment, imageUrl, onChange }: SegmentMotionProps) {
  const [busy, setBusy] = useState(false);
  const id = useId();
  const locked = segment.is_locked;

  async function save(change: { motion?: Motion; focus?: FocusPoint | null }) {
    setBusy(true);
    try {
      onChange(await updateSegment(segment.id, change));
    } catch (err) {
      toastError(err, 'Could not change the motion');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="grid gap-1.5" data-testid="segment-motion">
      <label htmlFor={id} className="text-xs font-medium uppercase tracking-wide text-zinc-500">
        Motion
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <select
          id={id}
          value={segment.motion}
          disabled={locked || busy}
          onChange={(e) => void save({ motion: e.target.value as Motion })}
          className="h-9 min-w-0 flex-1 rounded-md border border-zinc-200 bg-white px-2 text-sm text-zinc-900 shadow-xs focus-visible:outline-2 focus-visible:outline-indigo-500"
        >
          {(Object.keys(MOTION_LABELS) as Motion[]).map((m) => (
            <option key={m} value={m}>
              {MOTION_LABELS[m]}
            </option>
          ))}
        </select>
        {imageUrl && (
          <button
            type="button"
            disabled={locked || busy}
            aria-label="Set the focus point: click the part of the image to keep in view"
            title="Click the part of the image to keep in view"
            onClick={(e) => void save({ focus: focusFromClick(e.currentTarget.getBoundingClientRect(), e.clientX, e.clientY) })}
            className="relative h-12 w-20 shrink-0 overflow-hidden rounded-md border border-zinc-200 focus-visible:outline-2 focus-visible:outline-indigo-500"
          >
            {/* eslint-disable-next-line @next/next/no-img-element -- a local media URL, no optimisation wanted */}
            <img src={imageUrl} alt="" className="size-full object-fill" />
            {segment.focus && (
              <span
                data-testid="focus-marker"
                aria-hidden
                className="absolute size-2.5 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-white bg-indigo-600 shadow"
                style={{ left: `${segment.focus.x * 100}%`, top: `${segment.focus.y * 100}%` }}
              />
            )}
          </button>
        )}
        {segment.focus && (
          <button
            type="button"
            disabled={locked || busy}
            onClick={() => void save({ focus: null })}
            className="text-xs text-zinc-500 underline-offset-2 hover:underline"
          >
            Clear focus
          </button>
        )}
      </div>
    </div>
  );
}
