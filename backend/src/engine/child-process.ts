/**
 * The one place the engine starts a program (ffmpeg, ffprobe, espeak-ng, mkfifo), so
 * every child is stopped the same way and keeps the same bounded stderr for the log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createProgressSplitter, type FfmpegProgress } from './parse-ffmpeg-progress.js';

/** SIGTERM first; if the child is still alive after this, SIGKILL (SPEC: stopped within 2 s). */
export const KILL_GRACE_MS = 1000;
const STDERR_TAIL_BYTES = 8192;

export type ProcessResult = { exitCode: number | null; signal: NodeJS.Signals | null; stdout: string; stderrTail: string };

export type ProcessHandle = {
  child: ChildProcess;
  /** Resolves when the process has exited and its pipes are closed; rejects only if it could not start. */
  done: Promise<ProcessResult>;
};

export type RunOptions = {
  signal?: AbortSignal | undefined;
  /** Give the child a writable stdin (raw frames); otherwise stdin is closed. */
  stdin?: boolean;
  /** Text written to stdin, which is then closed (espeak-ng reads its text there). */
  input?: string;
  onProgress?: (progress: FfmpegProgress) => void;
  /** Keep all of stdout (ffprobe JSON, `-encoders`); ffmpeg's progress is parsed instead. */
  collectStdout?: boolean;
};

/**
 * Starts `bin` with an argument array (never a shell). On abort: SIGTERM, then SIGKILL
 * after KILL_GRACE_MS; `done` still resolves only after the process is gone, so callers
 * can then delete partial files.
 */
export function runProcess(bin: string, args: readonly string[], options: RunOptions = {}): ProcessHandle {
  const wantsStdin = options.stdin === true || options.input !== undefined;
  const child = spawn(bin, args, { stdio: [wantsStdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderrTail = '';
  const split = options.onProgress === undefined ? null : createProgressSplitter(options.onProgress);
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    if (options.collectStdout === true) stdout += chunk;
    split?.(chunk);
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
  });
  // A child that dies mid-write makes stdin emit EPIPE; the exit code tells the story.
  child.stdin?.on('error', () => undefined);
  if (options.input !== undefined) child.stdin?.end(options.input);

  let killTimer: NodeJS.Timeout | undefined;
  const onAbort = (): void => {
    child.kill('SIGTERM');
    killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
  };
  if (options.signal?.aborted === true) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  const done = new Promise<ProcessResult>((resolve, reject) => {
    child.once('error', (err) => {
      cleanup();
      reject(err);
    });
    child.once('close', (exitCode, signal) => {
      cleanup();
      resolve({ exitCode, signal, stdout, stderrTail: stderrTail.trim() });
    });
  });
  function cleanup(): void {
    if (killTimer !== undefined) clearTimeout(killTimer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  return { child, done };
}
