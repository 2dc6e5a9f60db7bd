/**
 * The arguments StoryFlow gives ffmpeg/ffprobe: pure builders that return string[] (one
 * flag or value per element, never a shell string). Processes start in child-process.ts;
 * the spawn helper is re-exported here for the ffmpeg callers.
 */
export { runProcess, type ProcessResult } from './child-process.js';
import type { EncoderSettings } from './quality.js';

export const AUDIO_BITRATE_KBPS = 192;
export const AUDIO_SAMPLE_RATE = 48000;

/** Flags every ffmpeg call starts with: quiet, no keyboard, machine-readable progress on stdout. */
export function buildCommonArgs(): string[] {
  return ['-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y'];
}

export type ClipEncodeInput = {
  width: number;
  height: number;
  fps: number;
  encoder: EncoderSettings;
  /** Raw yuv420p frames: a FIFO or 'pipe:0' for the renderer, a file for the benchmark's floor. */
  videoSource: string;
  outputPath: string;
};

/**
 * One clip: raw frames in, H.264 out, no audio (DESIGN §7: A/V clips joined by copy
 * glitch at every join; the soundtrack is muxed once instead). Every clip gets the same
 * arguments, so every clip has the same SPS/PPS and they join by stream copy; a clip is
 * one closed GOP sequence starting with an IDR frame.
 */
export function buildClipEncodeArgs(input: ClipEncodeInput): string[] {
  return [...buildEncoderArgs(input), '-f', 'mp4', input.outputPath];
}

/** Raw frames in, H.264 out: everything of a clip encode but its output. */
function buildEncoderArgs(input: Omit<ClipEncodeInput, 'outputPath'>): string[] {
  const { width, height, fps, encoder, videoSource } = input;
  return [
    ...buildCommonArgs(),
    '-f', 'rawvideo',
    '-pix_fmt', 'yuv420p',
    '-video_size', `${width}x${height}`,
    '-framerate', String(fps),
    '-i', videoSource,
    '-an',
    '-c:v', 'libx264',
    '-preset', encoder.preset,
    '-crf', String(encoder.crf),
    // The VBV buffer bounds how long the encoder may run above the cap; 2 s of it keeps
    // the average at the cap without starving a short clip's first GOP.
    ...(encoder.maxrateKbps === null ? [] : ['-maxrate', `${encoder.maxrateKbps}k`]),
    ...(encoder.bufsizeKbps === null ? [] : ['-bufsize', `${encoder.bufsizeKbps}k`]),
    // Only when set, so the other modes' arguments (and their clips' cache keys) stay as they were.
    ...(encoder.tune === undefined ? [] : ['-tune', encoder.tune]),
    ...(encoder.x264Params === undefined ? [] : ['-x264-params', encoder.x264Params]),
    '-flags', '+cgop',
    '-pix_fmt', 'yuv420p',
    // Frames are converted with BT.709 (engine/yuv.ts); say so, or players guess.
    '-colorspace', 'bt709',
    '-color_primaries', 'bt709',
    '-color_trc', 'bt709',
    '-color_range', 'tv',
  ];
}

export type ClipRunEncodeInput = Omit<ClipEncodeInput, 'outputPath'> & {
  /** Frames of each clip of the run, in order. */
  clipFrameCounts: readonly number[];
  /** Where the clips go: `%d` becomes the clip's place in the run (0, 1, …). */
  clipPathPattern: string;
  /** ffmpeg appends each clip's file name here once that clip is complete. */
  listPath: string;
};

/**
 * Consecutive clips from one encoder: the frames of all of them in, one file per clip out
 * (the segment muxer). Starting x264 costs ~0.3–0.6 CPU s of set-up and pipeline fill on
 * this machine kind, as much as encoding a 15-frame transition, so a run of clips shares
 * one. Each clip still starts with an IDR frame at its first frame (closed GOP) and gets
 * timestamps from 0 exactly like a clip encoded alone (`-avoid_negative_ts disabled`: the
 * segment muxer would otherwise shift the first clip by the B-frame delay), so clips of a
 * run and clips encoded alone join alike.
 */
export function buildClipRunEncodeArgs(input: ClipRunEncodeInput): string[] {
  const ends: number[] = [];
  for (const frames of input.clipFrameCounts) ends.push((ends.at(-1) ?? 0) + frames);
  // The last end is one past the final frame: no split ever happens there.
  const starts = [0, ...ends.slice(0, -1)];
  return [
    ...buildEncoderArgs(input),
    // Times, not an `expr:` (ffmpeg's expression parser gives up at ~100 terms). Each is
    // rounded to the nearest frame of the 1/fps time base, so 6 decimals land on the frame.
    '-force_key_frames', starts.map((n) => (n / input.fps).toFixed(6)).join(','),
    '-f', 'segment',
    '-segment_format', 'mp4',
    '-segment_frames', ends.join(','),
    '-reset_timestamps', '1',
    '-avoid_negative_ts', 'disabled',
    '-segment_list', input.listPath,
    '-segment_list_type', 'flat',
    input.clipPathPattern,
  ];
}

/** `[a][b]concat=n=2:v=0:a=1[out]`: the one builder of concat filters (audio or video). */
export function buildConcatFilter(inputLabels: readonly string[], kind: 'audio' | 'video', outputLabel: string): string {
  const media = kind === 'audio' ? 'v=0:a=1' : 'v=1:a=0';
  return `${inputLabels.map((l) => `[${l}]`).join('')}concat=n=${inputLabels.length}:${media}[${outputLabel}]`;
}

/**
 * The final file: the clips joined by the concat demuxer with stream copy (no re-encode),
 * the soundtrack's AAC (encoded once, cached) copied in, `+faststart` so browsers play at once.
 */
export function buildJoinArgs(input: { clipListPath: string; soundtrackPath: string; outputPath: string }): string[] {
  return [
    ...buildCommonArgs(),
    '-f', 'concat',
    '-safe', '0',
    '-i', input.clipListPath,
    '-i', input.soundtrackPath,
    '-map', '0:v:0',
    '-map', '1:a:0',
    '-c:v', 'copy',
    '-c:a', 'copy',
    '-movflags', '+faststart',
    '-f', 'mp4',
    input.outputPath,
  ];
}

/**
 * The soundtrack WAV to AAC in an audio-only MP4, once per soundtrack (soundtrack-cache.ts);
 * the join copies it. The MP4's edit list carries the encoder's priming, so the copied
 * audio still starts on its first sample (the 0-sample-lag test holds it).
 */
export function buildSoundtrackEncodeArgs(wavPath: string, outputPath: string): string[] {
  return [
    ...buildCommonArgs(),
    '-i', wavPath,
    '-c:a', 'aac',
    // The default two-loop search costs about twice the CPU for no audible gain at 192 kbit/s,
    // and this encode is on the critical path of a re-render after a narration edit.
    '-aac_coder', 'fast',
    '-b:a', `${AUDIO_BITRATE_KBPS}k`,
    '-f', 'mp4',
    outputPath,
  ];
}

/**
 * A concat-demuxer list; quotes in paths are escaped as the demuxer wants ('\''). Each clip
 * states its exact length: without it the demuxer starts the next clip at the previous
 * file's container duration, which x264's B-frame delay can make ~10 ticks longer than its
 * frames, and the output then has one frame of irregular length at that join.
 */
export function buildClipList(clips: readonly { path: string; frameCount: number }[], fps: number): string {
  return clips
    .map((c) => `file '${c.path.replaceAll("'", "'\\''")}'\nduration ${(c.frameCount / fps).toFixed(6)}\n`)
    .join('');
}

export function buildProbeArgs(filePath: string): string[] {
  return ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', filePath];
}
