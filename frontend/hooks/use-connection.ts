'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { getSettings } from '@/lib/api';
import { onReconnect, useConnectionStore } from '@/lib/connection';

/** First check after the server went away, doubled per failed check up to the cap. */
export const PROBE_FIRST_MS = 1000;
export const PROBE_MAX_MS = 5000;

/**
 * Whether the API answers. While it does not, asks it again with back-off (the settings
 * read is one small row); when it answers, every query on screen is read again, since
 * polling and failed reads stopped while it was away.
 */
export function useConnection(): { reachable: boolean } {
  const reachable = useConnectionStore((state) => state.reachable);
  const client = useQueryClient();

  useEffect(() => onReconnect(() => void client.invalidateQueries()), [client]);

  useEffect(() => {
    if (reachable) return;
    let delay = PROBE_FIRST_MS;
    let timer: ReturnType<typeof setTimeout>;
    let stopped = false;
    const probe = async () => {
      // The answer, or its absence, reaches the connection state through lib/api.ts.
      await getSettings().catch(() => undefined);
      if (stopped || useConnectionStore.getState().reachable) return;
      delay = Math.min(delay * 2, PROBE_MAX_MS);
      timer = setTimeout(() => void probe(), delay);
    };
    timer = setTimeout(() => void probe(), delay);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [reachable]);

  return { reachable };
}
