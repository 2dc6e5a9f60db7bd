'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { updateSegment } from '@/lib/api';
import { toastError } from '@/lib/notify';
import type { Segment, UpdateSegmentRequest } from '@storyflow/contract';

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

type EditablePatch = Pick<UpdateSegmentRequest, 'text_content' | 'image_prompt'>;

/**
 * Debounced PATCH of a segment's text fields. Edits are merged while waiting, saves run
 * one after another (so an older response never lands after a newer one), and whatever
 * is still pending is sent when the card unmounts.
 */
export function useSegmentAutosave(segmentId: string, onSaved: (segment: Segment) => void, delayMs = 800) {
  const [status, setStatus] = useState<SaveStatus>('idle');
  const pending = useRef<EditablePatch>({});
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const inFlight = useRef(0);
  const onSavedRef = useRef(onSaved);
  onSavedRef.current = onSaved;

  const flush = useCallback((): Promise<void> => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    chain.current = chain.current.then(async () => {
      const patch = pending.current;
      if (Object.keys(patch).length === 0) return;
      pending.current = {};
      inFlight.current += 1;
      setStatus('saving');
      try {
        const saved = await updateSegment(segmentId, patch);
        onSavedRef.current(saved);
        setStatus(Object.keys(pending.current).length > 0 ? 'pending' : 'saved');
      } catch (err) {
        // Keep the failed edit so the next keystroke (or blur) retries it.
        pending.current = { ...patch, ...pending.current };
        setStatus('error');
        toastError(err, 'Could not save the segment');
      } finally {
        inFlight.current -= 1;
      }
    });
    return chain.current;
  }, [segmentId]);

  const queue = useCallback(
    (patch: EditablePatch) => {
      pending.current = { ...pending.current, ...patch };
      setStatus('pending');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), delayMs);
    },
    [delayMs, flush],
  );

  /** True while an edit waits to be sent or is being sent. */
  const hasPending = useCallback(() => inFlight.current > 0 || Object.keys(pending.current).length > 0, []);

  useEffect(
    () => () => {
      if (Object.keys(pending.current).length > 0) void flush();
      else if (timer.current) clearTimeout(timer.current);
    },
    [flush],
  );

  return { status, queue, flush, hasPending };
}
