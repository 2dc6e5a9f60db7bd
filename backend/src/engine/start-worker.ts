import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker module `name` (without extension) that sits beside `moduleUrl`.
 * Compiled builds run the .js file directly. From TypeScript sources (tests, tsx, the
 * benchmark) a worker thread does not inherit the parent's loader, so it loads the .ts
 * file through tsx's API (as frame-source.ts does for the frame worker).
 */
export function startEngineWorker(moduleUrl: string, name: string, options: Pick<WorkerOptions, 'workerData' | 'resourceLimits'> = {}): Worker {
  if (!moduleUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, moduleUrl), options);
  const require = createRequire(moduleUrl);
  const tsxApi = pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const target = new URL(`./${name}.ts`, moduleUrl).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((api) => api.tsImport(${JSON.stringify(target)}, ${JSON.stringify(target)}))`;
  return new Worker(code, { ...options, eval: true });
}
