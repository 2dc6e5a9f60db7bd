import { EARLY_READ_GLOBAL, type EarlyRead } from './early-read-script';
import { readAnswer, type TransportAnswer } from './http';
import { takeSaveSentOnLeaving } from './leaving-saves';

/** Where a project is read, below /api (what the early read asks for too). */
export const projectPath = (id: string) => `/projects/${encodeURIComponent(id)}/`;

/**
 * Older than this, an early read is not used: it answers the page's load, and a first read
 * that comes this late (the page never showed the editor, then navigated to it) must see
 * what the API has now.
 */
const FRESH_MS = 10_000;

type WithEarlyRead = Window & { [EARLY_READ_GLOBAL]?: EarlyRead };

/**
 * The answer of the read the page started before its scripts ran (lib/early-read-script.ts),
 * if it may stand for a read of `path` now: once only, for the same path, while fresh, and
 * not when a save left with the previous page (it may have landed after that read). Every
 * call forgets both, so only the page's first project read can use them.
 */
export function takeEarlyRead(path: string): Promise<TransportAnswer> | null {
  if (typeof window === 'undefined') return null;
  const w = window as WithEarlyRead;
  const early = w[EARLY_READ_GLOBAL];
  w[EARLY_READ_GLOBAL] = undefined;
  const saveWasLeaving = takeSaveSentOnLeaving();
  if (early === undefined || saveWasLeaving || early.path !== path) return null;
  if (performance.now() - early.at > FRESH_MS) return null;
  return early.response.then(readAnswer);
}
