// Starts the two StoryFlow servers (production builds) and waits until both answer.
// Used by `npm start` and by the end-to-end tests, so both run the app the same way.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { superviseProcess } from './api-supervisor.mjs';
import { ROOT } from './prepare.mjs';

async function waitForHttp(url, child, name, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not answer at ${url} within ${timeoutMs / 1000}s`);
}

/**
 * The two servers are separate processes: the web server keeps serving while the API is
 * down, and a crashed API is started again (api-supervisor.mjs) until it crashes too often.
 * @param {{dataDir?: string, apiPort?: number, webPort?: number, host?: string, stdio?: 'inherit'|'pipe'|'ignore', env?: Record<string,string>, log?: (line: string) => void, onApiGaveUp?: (code: number | null) => void}} options
 */
export async function launchStoryFlow(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const apiPort = options.apiPort ?? 8000;
  const webPort = options.webPort ?? 3000;
  const stdio = options.stdio ?? 'inherit';
  const env = {
    ...process.env,
    ...options.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    STORYFLOW_HOST: host,
    STORYFLOW_API_PORT: String(apiPort),
    STORYFLOW_API_URL: `http://${host}:${apiPort}`,
    // The web server listens on it; the API allows state changes from its origin only.
    PORT: String(webPort),
  };
  if (options.dataDir) env.STORYFLOW_DATA_DIR = options.dataDir;

  const api = superviseProcess({
    name: 'API server',
    start: () => spawn(process.execPath, [path.join(ROOT, 'backend/dist/server.js')], { cwd: ROOT, env, stdio }),
    log: options.log,
    onGiveUp: options.onApiGaveUp,
  });
  // frontend/server.mjs: Next for the pages plus the streaming /api forwarder.
  const web = spawn(process.execPath, [path.join(ROOT, 'frontend/server.mjs')], {
    cwd: path.join(ROOT, 'frontend'),
    env,
    stdio,
  });
  const stop = async () => {
    const exited = (child) =>
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise((resolve) => child.once('exit', resolve));
    if (web.exitCode === null) web.kill('SIGTERM');
    await Promise.all([exited(web), api.stop()]);
  };
  const apiAnswers = () => waitForHttp(`http://${host}:${apiPort}/api/projects/`, api.child, 'API server');
  try {
    await apiAnswers();
    await waitForHttp(`http://${host}:${webPort}/`, web, 'web server');
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url: `http://${host}:${webPort}`,
    apiUrl: `http://${host}:${apiPort}`,
    /** The API's current process (a new one after each restart). */
    get api() {
      return api.child;
    },
    web,
    /** Stops the API on purpose (no restart) while the web server keeps running. */
    stopApi: () => api.pause(),
    /** Starts the API again after stopApi() and waits until it answers. */
    startApi: async () => {
      api.resume();
      await apiAnswers();
    },
    stop,
  };
}
