// Whether the StoryFlow servers answer, as the last requests saw it. The API and the web
// server run as separate processes (SPEC §7.8): when the API stops, the page stays up and
// says "Reconnecting…" until a request gets through again.
import { create } from 'zustand';
import type { ApiError } from './api';

type ConnectionState = {
  /** False from a request that found the server away until one that reached it. */
  reachable: boolean;
};

export const useConnectionStore = create<ConnectionState>()(() => ({ reachable: true }));

/**
 * The failure means the server is away, not that it refused this request: no answer at
 * all (status 0), the web server's forwarder saying `api_unreachable`, or a gateway error
 * without the API's JSON body.
 */
export function meansServerAway(err: ApiError): boolean {
  if (err.aborted) return false;
  if (err.code === 'api_unreachable' || err.status === 0) return true;
  return err.status >= 502 && err.status <= 504 && err.code === null;
}

/** Every API answer reports here (lib/http.ts, as each answer or its absence settles): null for a success. */
export function reportRequestOutcome(err: ApiError | null): void {
  const reachable = err === null || !meansServerAway(err);
  if (useConnectionStore.getState().reachable !== reachable) useConnectionStore.setState({ reachable });
}

/** Calls `listener` each time the server answers again after being away; returns the unsubscribe. */
export function onReconnect(listener: () => void): () => void {
  return useConnectionStore.subscribe((state, previous) => {
    if (state.reachable && !previous.reachable) listener();
  });
}
