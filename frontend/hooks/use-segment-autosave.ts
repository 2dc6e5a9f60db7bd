'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, updateSegment, updateSegmentKeepalive } from '@/lib/api';
import { onReconnect } from '@/lib/connection';
import { noteSaveSentOnLeaving } from '@/lib/leaving-saves';
import { toastError } from '@/lib/notify';
import type { Segment, UpdateSegmentRequest } from '@storyflow/contract';

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'retrying' | 'error';

export type SegmentAutosave = ReturnType<typeof useSegmentAutosave>;

type EditablePatch = Pick<UpdateSegmentRequest, 'text_content' | 'image_prompt'>;

/** First retry after a failed save, doubled per attempt up to the cap. */
export const RETRY_BASE_MS = 1000;
export const RETRY_MAX_MS = 30_000;

/** Only "the server is away" failures are worth retrying; a 4xx would fail the same way again. */
function isRetryable(err: unknown): boolean {
  return err instanceof ApiError ? !err.aborted && (err.status === 0 || err.status >= 500) : true;
}

function clearTimer(timer: { current: ReturnType<typeof setTimeout> | null }) {
  if (timer.current) {
    clearTimeout(timer.current);
    timer.current = null;
  }
}

const isEmpty = (patch: EditablePatch) => Object.keys(patch).length === 0;

/**
 * Debounced PATCH of a segment's text fields. Edits are merged while waiting, saves run
 * one after another (so an older response never lands after a newer one), and whatever
 * is still pending is sent on blur (the card calls `flush`), on unmount (in-app
 * navigation) and when the page is hidden or unloaded (with a keepalive request). A save
 * that fails because the server is unreachable is retried with back-off until it lands;
 * leaving the page while text is unsaved asks the browser to warn.
 */
export function useSegmentAutosave(segmentId: string, onSaved: (segment: Segment) => void, delayMs = 800) {
  const [status, setStatus] = useState<SaveStatus>('idle');
  const pending = useRef<EditablePatch>({});
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const inFlight = useRef(0);
  const failures = useRef(0);
  const onSavedRef = useRef(onSaved);
  onSavedRef.current = onSaved;

  const saved = useCallback((segment: Segment) => {
    failures.current = 0;
    onSavedRef.current(segment);
    setStatus(isEmpty(pending.current) ? 'saved' : 'pending');
  }, []);

  // Puts a patch that did not land back under the newer edits and decides what happens next.
  const failed = useCallback((patch: EditablePatch, err: unknown, retry: () => void) => {
    pending.current = { ...patch, ...pending.current };
    if (!isRetryable(err)) {
      setStatus('error');
      toastError(err, 'Could not save the segment');
      return;
    }
    if (failures.current === 0) toastError(err, 'Could not save the segment, retrying');
    const wait = Math.min(RETRY_BASE_MS * 2 ** failures.current, RETRY_MAX_MS);
    failures.current += 1;
    setStatus('retrying');
    clearTimer(timer);
    timer.current = setTimeout(retry, wait);
  }, []);

  // A failed save retries through this ref: flush cannot name itself inside its own callback.
  const retryFlush = useRef<() => void>(() => undefined);
  const flush = useCallback((): Promise<void> => {
    clearTimer(timer);
    chain.current = chain.current.then(async () => {
      const patch = pending.current;
      if (isEmpty(patch)) return;
      pending.current = {};
      inFlight.current += 1;
      setStatus('saving');
      try {
        saved(await updateSegment(segmentId, patch));
      } catch (err) {
        failed(patch, err, () => retryFlush.current());
      } finally {
        inFlight.current -= 1;
      }
    });
    return chain.current;
  }, [segmentId, saved, failed]);
  useEffect(() => {
    retryFlush.current = () => void flush();
  }, [flush]);

  // Back from an outage (hooks/use-connection.ts): send what waited now, not at the end of the back-off.
  useEffect(
    () =>
      onReconnect(() => {
        if (!isEmpty(pending.current)) void flush();
      }),
    [flush],
  );

  const queue = useCallback(
    (patch: EditablePatch) => {
      pending.current = { ...pending.current, ...patch };
      setStatus('pending');
      clearTimer(timer);
      timer.current = setTimeout(() => void flush(), delayMs);
    },
    [delayMs, flush],
  );

  /** True while an edit waits to be sent or is being sent. */
  const hasPending = useCallback(() => inFlight.current > 0 || !isEmpty(pending.current), []);

  useEffect(() => {
    // The page may be gone before a debounced or queued ordinary save runs, so send the
    // pending edit now, outside the queue, with a request the browser finishes on its own.
    const sendBeforeLeaving = () => {
      const patch = pending.current;
      if (isEmpty(patch)) return;
      clearTimer(timer);
      pending.current = {};
      inFlight.current += 1;
      noteSaveSentOnLeaving();
      updateSegmentKeepalive(segmentId, patch)
        .then(saved, (err: unknown) => failed(patch, err, () => void flush()))
        .finally(() => {
          inFlight.current -= 1;
        });
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') sendBeforeLeaving();
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!hasPending()) return;
      event.preventDefault();
    };
    window.addEventListener('pagehide', sendBeforeLeaving);
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('pagehide', sendBeforeLeaving);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [segmentId, saved, failed, flush, hasPending]);

  useEffect(
    () => () => {
      if (!isEmpty(pending.current)) void flush();
      else clearTimer(timer);
    },
    [flush],
  );

  return { status, queue, flush, hasPending };
}
