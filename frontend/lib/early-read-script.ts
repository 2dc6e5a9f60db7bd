import { SAVE_SENT_ON_LEAVING_KEY } from './leaving-saves';

/**
 * The editor's project read, started by the page itself before its scripts have loaded
 * (issue 14, SPEC §7.8: a long story interactive in ≤ 1 s). Without it the request would
 * leave only after hydration, 0.8–1.2 s into the load; with it the answer is usually there
 * by then. An inline script in the root layout's <head> (app/layout.tsx), an async module
 * so that it runs as soon as it is parsed (a classic one would wait for the stylesheet
 * before it): on the editor's URLs only, it leaves the response promise on `window` for
 * the editor's first read to pick up (lib/early-read.ts).
 *
 * Not started when a save left with the previous page of this tab (lib/leaving-saves.ts):
 * the read could overtake it. Nothing here throws: any failure leaves the editor to read
 * the project itself, as it did before.
 */
export const EARLY_READ_GLOBAL = '__storyflowEarlyRead';

/** What the script leaves: the path it read (below /api), when it started, and the response. */
export type EarlyRead = { path: string; at: number; response: Promise<Response> };

// ES5 and self-contained: it runs as written, before any of the app's code. The project
// path is built as lib/early-read.ts's projectPath() builds it, so the two can be matched;
// the headers are the API client's for a GET (lib/http.ts).
export const EARLY_READ_SCRIPT = `(function () {
  try {
    var m = /^\\/projects\\/([^/]+)\\/?$/.exec(location.pathname);
    if (!m || sessionStorage.getItem(${JSON.stringify(SAVE_SENT_ON_LEAVING_KEY)}) !== null) return;
    var path = '/projects/' + encodeURIComponent(decodeURIComponent(m[1])) + '/';
    var response = fetch('/api' + path, { headers: { Accept: 'application/json' } });
    response.catch(function () {});
    window[${JSON.stringify(EARLY_READ_GLOBAL)}] = { path: path, at: performance.now(), response: response };
  } catch (e) {}
})();`;
