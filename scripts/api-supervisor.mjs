// Keeps one server process running: the API under `npm start` and in the end-to-end tests.
// A crash is logged and the process started again after a pause that doubles with each
// crash; crashes that come too fast (maxCrashes within windowMs) mean something restarting
// will not fix (a broken build, a port taken), so it gives up instead of looping.

/**
 * @typedef {import('node:child_process').ChildProcess} ChildProcess
 * @param {{
 *   name: string,
 *   start: () => ChildProcess,
 *   log?: (line: string) => void,
 *   baseDelayMs?: number,
 *   maxDelayMs?: number,
 *   maxCrashes?: number,
 *   windowMs?: number,
 *   onRestart?: (child: ChildProcess) => void,
 *   onGiveUp?: (code: number | null) => void,
 * }} options
 */
export function superviseProcess(options) {
  const {
    name,
    start,
    log = (line) => console.error(line),
    baseDelayMs = 500,
    maxDelayMs = 8000,
    maxCrashes = 5,
    windowMs = 60_000,
  } = options;
  /** @type {number[]} */
  let crashes = [];
  let stopped = false; // stop() or pause(): an exit is expected, not a crash
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let child = launch();

  function launch() {
    const proc = start();
    proc.once('exit', (code, signal) => {
      if (stopped || proc !== child) return;
      const now = Date.now();
      crashes = crashes.filter((t) => now - t < windowMs);
      crashes.push(now);
      const how = signal ? `signal ${signal}` : `exit ${code}`;
      if (crashes.length >= maxCrashes) {
        log(`${name} stopped unexpectedly (${how}), ${crashes.length} times within ${windowMs / 1000} s; giving up.`);
        options.onGiveUp?.(code);
        return;
      }
      const delay = Math.min(baseDelayMs * 2 ** (crashes.length - 1), maxDelayMs);
      log(`${name} stopped unexpectedly (${how}); restarting in ${delay} ms.`);
      timer = setTimeout(() => {
        if (stopped) return;
        child = launch();
        options.onRestart?.(child);
      }, delay);
    });
    return proc;
  }

  /** @param {ChildProcess} proc */
  const exited = (proc) =>
    proc.exitCode !== null || proc.signalCode !== null ? Promise.resolve() : new Promise((resolve) => proc.once('exit', resolve));

  /** Ends the process (SIGTERM) and keeps it ended. */
  async function pause() {
    stopped = true;
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
  }

  return {
    get child() {
      return child;
    },
    /** How many unexpected exits fall within the current window. */
    get recentCrashes() {
      return crashes.length;
    },
    pause,
    /** Starts it again after pause(), with a clean crash history. */
    resume() {
      if (!stopped) return child;
      stopped = false;
      crashes = [];
      child = launch();
      return child;
    },
    stop: pause,
  };
}
