/**
 * Everything that talks to the ffmpeg/ffprobe binaries: pure argument builders that
 * return string[] (one flag or value per element, never a shell string) and the one
 * place that spawns a process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createProgressSplitter, type FfmpegProgress } from './parse-ffmpeg-progress.js';

export const VIDEO_BITRATE_KBPS = 8000;
export const AUDIO_BITRATE_KBPS = 192;
export const AUDIO_SAMPLE_RATE = 48000;
/** SIGTERM first; if ffmpeg is still alive after this, SIGKILL (SPEC: stopped within 2 s). */
export const KILL_GRACE_MS = 1000;
const STDERR_TAIL_BYTES = 8192;

/** Flags every ffmpeg call starts with: quiet, no keyboard, machine-readable progress on stdout. */
export function buildCommonArgs(): string[] {
  return ['-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y'];
}

export type EncodeArgsInput = {
  width: number;
  height: number;
  fps: number;
  /** x264 preset, e.g. 'medium'. */
  preset: string;
  /** Raw yuv420p frames: 'pipe:0' for the renderer, a file path for the benchmark's floor. */
  videoSource: string;
  audioPaths: readonly string[];
  outputPath: string;
};

/**
 * The whole render in one ffmpeg: raw frames in, segment audio concatenated (resampled
 * to one format first, so files from different TTS engines can be joined), encoded once.
 */
export function buildEncodeArgs(input: EncodeArgsInput): string[] {
  const { width, height, fps, preset, videoSource, audioPaths, outputPath } = input;
  const audioInputs = audioPaths.flatMap((p) => ['-i', p]);
  const normalise = audioPaths.map(
    (_, i) =>
      `[${i + 1}:a]aresample=${AUDIO_SAMPLE_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo[a${i}]`,
  );
  const concatInputs = audioPaths.map((_, i) => `[a${i}]`).join('');
  const filter = [...normalise, `${concatInputs}concat=n=${audioPaths.length}:v=0:a=1[aout]`].join(';');
  // prettier-ignore -- one flag and its value per line
  return [
    ...buildCommonArgs(),
    '-f', 'rawvideo',
    '-pix_fmt', 'yuv420p',
    '-video_size', `${width}x${height}`,
    '-framerate', String(fps),
    '-i', videoSource,
    ...audioInputs,
    '-filter_complex', filter,
    '-map', '0:v:0',
    '-map', '[aout]',
    '-c:v', 'libx264',
    '-preset', preset,
    '-b:v', `${VIDEO_BITRATE_KBPS}k`,
    '-pix_fmt', 'yuv420p',
    // Frames are converted with BT.709 (engine/yuv.ts); say so, or players guess.
    '-colorspace', 'bt709',
    '-color_primaries', 'bt709',
    '-color_trc', 'bt709',
    '-color_range', 'tv',
    '-c:a', 'aac',
    '-b:a', `${AUDIO_BITRATE_KBPS}k`,
    '-movflags', '+faststart',
    '-f', 'mp4',
    outputPath,
  ];
}

/**
 * Joins the segment audio into one 48 kHz stereo WAV before the video encode, so the
 * encode has two inputs however many segments there are: ffmpeg keeps a reader thread
 * and buffers per input, which otherwise makes memory grow with the segment count.
 */
export function buildAudioJoinArgs(audioPaths: readonly string[], outputPath: string): string[] {
  const inputs = audioPaths.flatMap((p) => ['-i', p]);
  const normalise = audioPaths.map(
    (_, i) => `[${i}:a]aresample=${AUDIO_SAMPLE_RATE},aformat=sample_fmts=s16:channel_layouts=stereo[a${i}]`,
  );
  const concatInputs = audioPaths.map((_, i) => `[a${i}]`).join('');
  const filter = [...normalise, `${concatInputs}concat=n=${audioPaths.length}:v=0:a=1[aout]`].join(';');
  return [...buildCommonArgs(), ...inputs, '-filter_complex', filter, '-map', '[aout]', '-c:a', 'pcm_s16le', '-f', 'wav', outputPath];
}

export function buildProbeArgs(filePath: string): string[] {
  return ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', filePath];
}

export type ProcessResult = { exitCode: number | null; signal: NodeJS.Signals | null; stdout: string; stderrTail: string };

export type ProcessHandle = {
  child: ChildProcess;
  /** Resolves when the process has exited and its pipes are closed; rejects only if it could not start. */
  done: Promise<ProcessResult>;
};

export type RunOptions = {
  signal?: AbortSignal;
  /** Give the child a writable stdin (raw frames); otherwise stdin is closed. */
  stdin?: boolean;
  onProgress?: (progress: FfmpegProgress) => void;
  /** Keep all of stdout (ffprobe JSON); ffmpeg's progress is parsed instead. */
  collectStdout?: boolean;
};

/**
 * The one spawn site. On abort: SIGTERM, then SIGKILL after KILL_GRACE_MS; `done` still
 * resolves only after the process is gone, so callers can then delete partial files.
 */
export function runProcess(bin: string, args: readonly string[], options: RunOptions = {}): ProcessHandle {
  const child = spawn(bin, args, { stdio: [options.stdin === true ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
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
