'use client';

import { startTransition, useEffect, useState } from 'react';

/**
 * False for a component's first render, true soon after, in an interruptible (transition)
 * render. What waits for it is drawn after the first paint, and a key typed meanwhile is
 * answered first: the editor opens on its timeline, then fills in the settings around it
 * (SPEC §7.8: a long story interactive in ≤ 1 s).
 */
export function useAfterFirstPaint(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => startTransition(() => setReady(true)), []);
  return ready;
}
