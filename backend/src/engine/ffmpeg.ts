/**
 * The arguments StoryFlow gives ffmpeg/ffprobe: pure builders that return string[] (one
 * flag or value per element, never a shell string). Processes start in child-process.ts;
 * the spawn helper is re-exported here for the ffmpeg callers.
 */
export { runProcess, type ProcessResult } from './child-process.js';

export const VIDEO_BITRATE_KBPS = 8000;
export const AUDIO_BITRATE_KBPS = 192;
export const AUDIO_SAMPLE_RATE = 48000;

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
