/**
 * renderVideo: images + narration → one MP4 with Ken Burns motion (SPEC §3).
 *
 * Pipeline: measure each audio file → plan frames from the running sum of durations →
 * the soundtrack (soundtrack.ts: narration, ducked music, one loudness pass) is built as
 * one WAV → one ffmpeg reads raw yuv420p frames (from a named pipe, or stdin where none
 * can be made) plus that WAV and encodes once. Frames come from a worker thread that
 * resamples each prepared image with a fractional (sub-pixel) window per frame; images
 * are prepared with sharp while the segment before them is drawn. Output goes to a temp file beside
 * the target, is checked with ffprobe and only then renamed over it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { checkFfmpeg, checkFfprobe } from './check-ffmpeg.js';
import { abortReason, RenderError, segmentError } from './errors.js';
import { buildEncodeArgs, runProcess, type ProcessResult } from './ffmpeg.js';
import { openFramePipe } from './frame-pipe.js';
import { FrameSource } from './frame-source.js';
import { prepareImage, readImageSize } from './images.js';
import { presetForPosition } from './ken-burns.js';
import { audioDurationSeconds, parseFrameRate, probeFile, ProbeFailedError } from './probe.js';
import { ProgressReporter, type RenderProgress } from './render-progress.js';
import { planSegmentFrames, segmentAtFrame, totalFrames, type SegmentFrames } from './render-plan.js';
import { buildSoundtrack, type SoundtrackMusic } from './soundtrack.js';
import { validateRenderInput } from './validate.js';

export type RenderInput = {
  width: number;
  height: number;
  fps: number;
  /** 1.0–2.0: the tightest crop window is output size / zoomIntensity. */
  zoomIntensity: number;
  /** Absolute paths, in timeline order. */
  segments: { imagePath: string; audioPath: string }[];
  /** Replaced only by a complete, verified file. */
  outputPath: string;
  ffmpegPath: string;
  ffprobePath: string;
  /** x264 preset; default 'medium'. */
  preset?: string;
  /** Where prepared images may be cached between renders; by default nothing is cached. */
  cacheDir?: string;
  /** A music bed under the narration (SPEC §7.4); none by default. */
  music?: SoundtrackMusic | undefined;
  /** The soundtrack's integrated loudness (SPEC §7.2); default −14 LUFS. */
  loudnessTargetLufs?: -14 | -23;
};

export type RenderResult = {
  outputPath: string;
  durationSeconds: number;
  fileSizeBytes: number;
  width: number;
  height: number;
  fps: number;
};

export type RenderOptions = { onProgress?: (p: RenderProgress) => void; signal?: AbortSignal };

export async function renderVideo(input: RenderInput, options: RenderOptions = {}): Promise<RenderResult> {
  const signal = options.signal ?? new AbortController().signal;
  if (signal.aborted) throw abortReason(signal);
  validateRenderInput(input);
  const preset = input.preset ?? 'medium';
  const progress = new ProgressReporter(input.segments.length, options.onProgress);
  try {
    await requireBinaries(input);
    const durations = await measureAudio(input, signal);
    await checkImages(input, signal);
    const frames = planSegmentFrames(durations, input.fps);
    const audioSeconds = durations.reduce((a, b) => a + b, 0);
    await fs.mkdir(path.dirname(input.outputPath), { recursive: true });
    const tmpPath = path.join(
      path.dirname(input.outputPath),
      `.${path.basename(input.outputPath)}.${randomBytes(6).toString('hex')}.partial`,
    );
    const audioPath = `${tmpPath}.wav`;
    try {
      await buildNarrationSoundtrack(input, durations, audioPath, signal);
      await encode({ ...input, audioPath }, preset, frames, tmpPath, progress, signal);
      if (signal.aborted) throw abortReason(signal);
      progress.phase('Finalizing');
      const result = await verifyOutput(input, tmpPath, totalFrames(frames), audioSeconds, signal);
      await fs.rename(tmpPath, input.outputPath);
      progress.complete();
      return { ...result, outputPath: input.outputPath };
    } finally {
      await fs.rm(tmpPath, { force: true });
      await fs.rm(audioPath, { force: true });
    }
  } catch (err) {
    if (signal.aborted) throw abortReason(signal);
    throw err;
  } finally {
    progress.stop();
  }
}

async function requireBinaries(input: RenderInput): Promise<void> {
  for (const check of [checkFfmpeg(input.ffmpegPath), checkFfprobe(input.ffprobePath)]) {
    const result = await check;
    if (!result.ok) throw new RenderError(result.message, { stage: 'check-ffmpeg' });
  }
}

/** The audio files are the truth for timing: each one's duration, measured by ffprobe. */
async function measureAudio(input: RenderInput, signal: AbortSignal): Promise<number[]> {
  const durations: number[] = [];
  for (const [i, segment] of input.segments.entries()) {
    if (signal.aborted) throw abortReason(signal);
    const stat = await fs.stat(segment.audioPath).catch(() => null);
    if (stat === null || !stat.isFile()) throw segmentError(i, 'probe-audio', 'the audio file is missing');
    if (stat.size === 0) throw segmentError(i, 'probe-audio', 'the audio file is empty');
    let seconds: number | null;
    try {
      seconds = audioDurationSeconds(await probeFile(input.ffprobePath, segment.audioPath, signal));
    } catch (err) {
      if (signal.aborted) throw abortReason(signal);
      const stderrTail = err instanceof ProbeFailedError ? err.stderrTail : undefined;
      throw segmentError(i, 'probe-audio', 'the audio file could not be read', { stderrTail, cause: err });
    }
    if (seconds === null) throw segmentError(i, 'probe-audio', 'the audio file contains no audio');
    if (seconds <= 0) throw segmentError(i, 'probe-audio', 'the audio file is empty');
    durations.push(seconds);
  }
  return durations;
}

/** Fail before encoding starts if an image is missing or not an image at all. */
async function checkImages(input: RenderInput, signal: AbortSignal): Promise<void> {
  for (const [i, segment] of input.segments.entries()) {
    if (signal.aborted) throw abortReason(signal);
    const stat = await fs.stat(segment.imagePath).catch(() => null);
    if (stat === null || !stat.isFile()) throw segmentError(i, 'prepare-image', 'the image file is missing');
    await readImageSize(segment.imagePath).catch((err: unknown) => {
      throw segmentError(i, 'prepare-image', 'the image could not be decoded', { cause: err });
    });
  }
}

/** Narrations back to back (SPEC §3's running sum), music under them, loudness-normalised once. */
async function buildNarrationSoundtrack(input: RenderInput, durations: readonly number[], audioPath: string, signal: AbortSignal): Promise<void> {
  let start = 0;
  const narrations = input.segments.map((segment, i) => {
    const durationSeconds = durations[i] ?? 0;
    const narration = { audioPath: segment.audioPath, startSeconds: start, durationSeconds };
    start += durationSeconds;
    return narration;
  });
  await buildSoundtrack(
    {
      outputPath: audioPath,
      durationSeconds: start,
      narrations,
      music: input.music,
      loudnessTargetLufs: input.loudnessTargetLufs ?? -14,
      ffmpegPath: input.ffmpegPath,
    },
    { signal },
  );
}

function kenBurnsPhase(segment: number, total: number): string {
  return `Applying Ken Burns effect to segment ${segment} of ${total}`;
}

async function encode(
  input: RenderInput & { audioPath: string },
  preset: string,
  frames: SegmentFrames[],
  tmpPath: string,
  progress: ProgressReporter,
  signal: AbortSignal,
): Promise<void> {
  const framesTotal = totalFrames(frames);
  const segmentCount = input.segments.length;
  // One controller stops everything: the caller's cancel, a failed image or a dead ffmpeg.
  const stop = new AbortController();
  let failure: unknown = null;
  const fail = (err: unknown): void => {
    failure ??= err;
    stop.abort(err);
  };
  const onCallerAbort = (): void => fail(abortReason(signal));
  signal.addEventListener('abort', onCallerAbort, { once: true });

  let framesWritten = 0;
  let allWritten = false;
  const pipe = await openFramePipe();
  progress.startEncoding(framesTotal);
  const ffmpeg = runProcess(
    input.ffmpegPath,
    buildEncodeArgs({
      width: input.width,
      height: input.height,
      fps: input.fps,
      preset,
      videoSource: pipe?.path ?? 'pipe:0',
      audioPaths: [input.audioPath],
      outputPath: tmpPath,
    }),
    {
      stdin: pipe === null,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.frame === null) return;
        const segment = segmentAtFrame(frames, p.frame) + 1;
        const phase = allWritten && p.frame >= framesTotal - 1 ? 'Encoding video' : kenBurnsPhase(segment, segmentCount);
        progress.frames(p.frame, segment, phase);
      },
    },
  );
  const sink = pipe?.sink ?? ffmpeg.child.stdin;
  const source = new FrameSource(input.width, input.height, {
    onFrame: (segment, frame, release) => {
      if (sink === null || sink.destroyed) return;
      sink.write(frame, (err) => {
        if (err === null || err === undefined) release();
      });
      framesWritten += 1;
      // Older ffmpeg builds (the npm-bundled one) send no progress before a short encode ends.
      if (framesWritten === 1) progress.phase(kenBurnsPhase(segment + 1, segmentCount));
      if (framesWritten === framesTotal) {
        allWritten = true;
        sink.end();
        progress.phase('Encoding video');
      }
    },
    onError: (segmentIndex, err) =>
      fail(
        segmentIndex >= 0
          ? segmentError(segmentIndex, 'prepare-image', 'the image could not be turned into video frames', { cause: err })
          : new RenderError('The frame renderer stopped unexpectedly', { stage: 'encode', cause: err }),
      ),
  });
  if (framesTotal === 0) sink?.end();

  const feeding = feedSegments(input, frames, source, stop.signal).catch(fail);
  let result: ProcessResult;
  try {
    result = await ffmpeg.done;
  } catch (err) {
    fail(new RenderError('FFmpeg could not be started', { stage: 'encode', cause: err }));
    throw failure;
  } finally {
    stop.abort();
    await feeding;
    await source.close();
    await pipe?.close();
    signal.removeEventListener('abort', onCallerAbort);
  }
  // TypeScript reads `failure` as still null here (the callbacks that set it are invisible to it).
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows whatever stopped the render
  if (failure !== null) throw failure;
  if (result.exitCode !== 0 || !allWritten && framesTotal > 0) {
    throw new RenderError('The video encoder stopped with an error', { stage: 'encode', stderrTail: result.stderrTail });
  }
}

/** Prepares each image and queues it, keeping at most one segment waiting behind the one being drawn. */
async function feedSegments(input: RenderInput, frames: SegmentFrames[], source: FrameSource, stop: AbortSignal): Promise<void> {
  const output = { width: input.width, height: input.height };
  for (const [i, segment] of input.segments.entries()) {
    if (stop.aborted) return;
    let image;
    try {
      image = await prepareImage(segment.imagePath, output, input.zoomIntensity, input.cacheDir);
    } catch (err) {
      throw segmentError(i, 'prepare-image', 'the image could not be decoded', { cause: err });
    }
    if (i >= 2) await source.segmentDone(i - 2, stop);
    if (stop.aborted) return;
    source.addSegment({
      segmentIndex: i,
      frameCount: frames[i]?.frameCount ?? 0,
      preset: presetForPosition(i),
      output,
      zoomIntensity: input.zoomIntensity,
      image,
    });
  }
}

async function verifyOutput(
  input: RenderInput,
  tmpPath: string,
  expectedFrames: number,
  audioSeconds: number,
  signal: AbortSignal,
): Promise<Omit<RenderResult, 'outputPath'>> {
  const fail = (what: string, stderrTail?: string): RenderError =>
    new RenderError(`The finished video failed its final check: ${what}`, { stage: 'verify', stderrTail });
  let probe;
  try {
    probe = await probeFile(input.ffprobePath, tmpPath, signal);
  } catch (err) {
    if (signal.aborted) throw abortReason(signal);
    throw fail('it could not be read', err instanceof ProbeFailedError ? err.stderrTail : undefined);
  }
  const video = probe.streams.find((s) => s.codec_type === 'video');
  const audio = probe.streams.find((s) => s.codec_type === 'audio');
  if (video?.codec_name !== 'h264' || audio?.codec_name !== 'aac') throw fail('a video or audio stream is missing');
  if (video.width !== input.width || video.height !== input.height) throw fail('the picture size is wrong');
  const frames = Number.parseInt(video.nb_frames ?? '', 10);
  if (frames !== expectedFrames) throw fail(`it has ${frames} frames instead of ${expectedFrames}`);
  const durationSeconds = Number.parseFloat(probe.format.duration ?? '');
  // The container ends with the longer stream; both are within a frame of the audio.
  if (!(Math.abs(durationSeconds - audioSeconds) <= 1 / input.fps + 0.05)) throw fail('its length is wrong');
  const stat = await fs.stat(tmpPath);
  return {
    durationSeconds,
    fileSizeBytes: stat.size,
    width: input.width,
    height: input.height,
    fps: parseFrameRate(video.avg_frame_rate) ?? input.fps,
  };
}
