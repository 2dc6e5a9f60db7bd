// Marks the JavaScript every page needs on load for eager compilation (issue 14, SPEC §7.8).
// Run after `next build` (the frontend's build script). Plain Node: it runs before anything
// else of the app exists.
//
// Why: V8 compiles a function only when it is first called, on the main thread. Turbopack
// wraps every module in a function inside an array, so none is compiled while its chunk
// downloads: opening the editor spent ~250 ms of main-thread time compiling the modules as
// they were instantiated (a CPU profile of the open: self time of the runtime's module
// instantiation). Chromium (136+) compiles every function of a script whose first line is
// `//# allFunctionsCalledOnLoad` on a background thread while the script streams in.
// Only the chunks a route loads up front get the comment: their code runs at load anyway,
// while a chunk loaded later (a dialog, a sidebar panel) may be mostly code never called.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/**
 * The first-load chunks of every route, from the build's own record of them
 * (`.next/diagnostics/route-bundle-stats.json`, paths relative to the frontend directory),
 * or null when the build wrote no such record.
 * @param {string} frontendDir
 * @returns {string[] | null}
 */
export function firstLoadChunks(frontendDir) {
  const stats = path.join(frontendDir, '.next/diagnostics/route-bundle-stats.json');
  if (!fs.existsSync(stats)) return null;
  /** @type {{ firstLoadChunkPaths?: string[] }[]} */
  const routes = JSON.parse(fs.readFileSync(stats, 'utf8'));
  const chunks = routes.flatMap((route) => route.firstLoadChunkPaths ?? []).filter((file) => file.endsWith('.js'));
  return [...new Set(chunks)];
}

/**
 * Puts the compile hint first in each of `files` (relative to `frontendDir`) that lacks it.
 * @param {string} frontendDir
 * @param {readonly string[]} files
 * @returns {number} how many files were changed
 */
export function addCompileHints(frontendDir, files) {
  let changed = 0;
  for (const file of files) {
    const full = path.join(frontendDir, file);
    const code = fs.readFileSync(full, 'utf8');
    if (code.startsWith(COMPILE_HINT)) continue;
    fs.writeFileSync(full, COMPILE_HINT + code);
    changed += 1;
  }
  return changed;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const frontendDir = import.meta.dirname;
  const chunks = firstLoadChunks(frontendDir);
  if (chunks === null) {
    // The app works without the hints, only opens slower: say so rather than fail the build.
    console.warn('! compile-hints: no .next/diagnostics/route-bundle-stats.json; first-load chunks left as built');
  } else {
    const changed = addCompileHints(frontendDir, chunks);
    console.log(`compile-hints: ${changed} of ${chunks.length} first-load chunks marked for eager compilation`);
  }
}
