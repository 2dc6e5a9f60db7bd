/**
 * renderVideo: images + narration → one MP4 as a timeline of cached clips (SPEC §7.2,
 * §7.5; DESIGN §7 "Timeline of clips").
 *
 * Pipeline: measure each audio file → plan the timeline (narrations padded to whole
 * frames, pauses, transitions) → key every clip by what affects its pixels and take the
 * intact ones from the cache → encode the others, video-only, one ffmpeg each (frames
 * from a worker thread, several lanes when cores and memory allow) → build the
 * narration soundtrack once (or take it from the cache), alongside the encodes → join the clips by stream copy and mux the soundtrack once
 * into a temp file beside the target → check it with ffprobe → rename it over the target.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CaptionTrack, type ClipCaptions, type RenderCaptions } from './caption-track.js';
import { checkFfmpeg, checkFfprobe } from './check-ffmpeg.js';
import { ClipCache, clipKey, hashFile, type PictureKey } from './clip-cache.js';
import { ClipLane } from './clip-encoder.js';
import { abortReason, RenderError, segmentError } from './errors.js';
import { buildClipEncodeArgs, buildClipList, buildJoinArgs, runProcess } from './ffmpeg.js';
import type { ClipJob, PictureJob } from './frame-protocol.js';
import { joinedVideo, joinKey, recordJoinedVideo, type JoinedVideo } from './joined-video.js';
import { mp4VideoFrameCount } from './mp4-frames.js';
import { joinByCopy } from './mp4-join.js';
import { prepareImage, readImageSize } from './images.js';
import { presetForPosition, type FocusPoint, type Motion } from './ken-burns.js';
import type { SoundtrackMusic, SoundtrackPlan } from './soundtrack.js';
import { cachedSoundtrack, SoundtrackCache, soundtrackKey } from './soundtrack-cache.js';
import { audioDurationSeconds, parseFrameRate, probeFile, ProbeFailedError } from './probe.js';
import { encoderSettings, type EncoderSettings, type QualityMode } from './quality.js';
import { PreparedImages } from './prepared-images.js';
import { ProgressReporter, type RenderProgress } from './render-progress.js';
import { planTimeline, type Timeline, type TransitionKind } from './timeline.js';
import { validateRenderInput } from './validate.js';
import { readWavInfo } from './wav.js';
import type { WordTiming } from './speech/word-timings.js';

export type RenderSegment = {
  imagePath: string;
  audioPath: string;
  /** Default: the preset for the segment's position (SPEC §3). */
  motion?: Motion | undefined;
  focus?: FocusPoint | null | undefined;
  /** The narration's word timings, for burned-in captions; null/absent: this segment has none. */
  words?: readonly WordTiming[] | null | undefined;
};

export type RenderInput = {
  /** The output frame size. */
  width: number;
  height: number;
  fps: number;
  /** 1.0–2.0: the tightest crop window is output size / zoomIntensity. */
  zoomIntensity: number;
  /** Absolute paths, in timeline order. */
  segments: RenderSegment[];
  /** Replaced only by a complete, verified file. */
  outputPath: string;
  ffmpegPath: string;
  ffprobePath: string;
  /** Default 'standard' (quality.ts). */
  quality?: QualityMode | undefined;
  /** Default 'cut'. */
  transition?: TransitionKind | undefined;
  /** Default 0.5. */
  transitionSeconds?: number | undefined;
  /** Silence between narrations; default 0. */
  pauseSeconds?: number | undefined;
  /** Where prepared images may be cached between renders; by default nothing is cached. */
  cacheDir?: string | undefined;
  /** The clip cache; without it clips live in a temp folder that is removed afterwards. */
  clipCache?: { root: string; namespace: string; maxBytes?: number | undefined } | undefined;
  /** At most this many clips encode at once; default from cores and free memory. */
  maxParallelClips?: number | undefined;
  /** A music bed under the narration (SPEC §7.4); none by default. */
  music?: SoundtrackMusic | undefined;
  /** The soundtrack's integrated loudness (SPEC §7.2); default −14 LUFS. */
  loudnessTargetLufs?: -14 | -23;
  /** Replaces the mode's encoder settings (the benchmark's lossless reference); part of every clip key. */
  encoderOverride?: EncoderSettings | undefined;
  /** Captions burned into the picture (SPEC §7.3); none when absent. */
  captions?: RenderCaptions | undefined;
};

/** The finished video's facts (as verified or as recorded with its join) and how it was made. */
export type RenderResult = JoinedVideo & {
  outputPath: string;
  clipsTotal: number;
  clipsCached: number;
  /** Where each segment's narration starts on the video, in frames: captions are placed by it. */
  narrationStartFrames: number[];
};

export type RenderOptions = { onProgress?: (p: RenderProgress) => void; signal?: AbortSignal };

/** x264 at 1080p takes ~0.5–0.85 GB per process (DESIGN §7); scaled by pixel count. */
const ENCODER_BYTES_1080P = 0.8 * 1024 ** 3;

/**
 * Parallel clip encodes: x264 already uses every core, so a second encoder only helps
 * when there are cores to spare (≥ 2 per encoder) and memory for it.
 */
export function defaultClipParallelism(width: number, height: number): number {
  const byCores = Math.floor(os.availableParallelism() / 2);
  const perEncoder = ENCODER_BYTES_1080P * Math.max(0.25, (width * height) / (1920 * 1080));
  const byMemory = Math.floor(os.freemem() / perEncoder);
  return Math.max(1, Math.min(byCores, byMemory));
}

type PicturePlan = { segment: number; spanFrames: number; offset: number };
/** One clip: what it shows and its cache key (the pixels are prepared only if it must be encoded). */
type ClipPlan = {
  key: string;
  /** Its place on the timeline (clips and segments differ once transitions are clips of their own). */
  clipIndex: number;
  /** The segment it shows (a transition: the incoming one), named when the clip fails. */
  segmentIndex: number;
  frameCount: number;
  transition: { kind: TransitionKind; frames: number };
  picture: PicturePlan;
  outgoing: PicturePlan | null;
  captions: ClipCaptions;
};

export async function renderVideo(input: RenderInput, options: RenderOptions = {}): Promise<RenderResult> {
  const signal = options.signal ?? new AbortController().signal;
  if (signal.aborted) throw abortReason(signal);
  validateRenderInput(input);
  const quality = input.quality ?? 'standard';
  const encoder = input.encoderOverride ?? encoderSettings(quality);
  const size = { width: input.width, height: input.height };
  const progress = new ProgressReporter(input.segments.length, options.onProgress);
  // The pid in the name lets a later start-up sweep tell a dead process's folder from a live one's.
  const tempClipRoot = input.clipCache === undefined ? await fs.mkdtemp(path.join(os.tmpdir(), `storyflow-clips-${process.pid}-`)) : null;
  const cache = new ClipCache({
    root: input.clipCache?.root ?? (tempClipRoot as string),
    namespace: input.clipCache?.namespace ?? 'render',
    maxBytes: input.clipCache?.maxBytes,
    countFrames: mp4VideoFrameCount,
  });
  try {
    await requireBinaries(input);
    const durations = await measureAudio(input, signal);
    await checkImages(input, signal);
    const timeline = planTimeline({
      narrationSeconds: durations,
      fps: input.fps,
      pauseSeconds: input.pauseSeconds ?? 0,
      transition: input.transition ?? 'cut',
      transitionSeconds: input.transitionSeconds ?? 0.5,
    });
    // Captions are checked against their font here, before any encoder runs.
    const captions = input.captions === undefined ? null : await CaptionTrack.plan(input.captions, input.segments, timeline.segments.map((s) => s.narrationStartFrame), input.fps);
    const [imageHashes, audioHashes, musicHash] = await Promise.all([
      Promise.all(input.segments.map((s) => hashFile(s.imagePath))),
      Promise.all(input.segments.map((s) => hashFile(s.audioPath))),
      input.music === undefined ? null : hashFile(input.music.audioPath),
    ]);
    const encoderArgs = buildClipEncodeArgs({ ...size, fps: input.fps, encoder, videoSource: '', outputPath: '' });
    const plans = planClips(input, timeline, imageHashes, size, quality, encoderArgs, captions);

    const clipPaths: (string | null)[] = [];
    for (const plan of plans) clipPaths.push(await cache.lookup(plan.key, plan.frameCount));
    const toEncode = plans.filter((_, i) => clipPaths[i] === null);
    const clipsCached = plans.length - toEncode.length;
    progress.startEncoding({
      framesTotal: toEncode.reduce((sum, p) => sum + p.frameCount, 0),
      clipsCached,
      clipsTotal: plans.length,
    });
    const loudnessTargetLufs = input.loudnessTargetLufs ?? -14;
    const key = soundtrackKey({
      fps: input.fps,
      totalFrames: timeline.totalFrames,
      narrations: timeline.segments.map((seg, i) => ({ audioHash: audioHashes[i]!, startFrame: seg.narrationStartFrame, durationSeconds: durations[i]! })),
      music:
        input.music === undefined
          ? null
          : { audioHash: musicHash as string, volumeDb: input.music.volumeDb, loop: input.music.loop, fadeOutSeconds: input.music.fadeOutSeconds },
      loudnessTargetLufs,
    });
    const joined = joinKey(plans.map((p) => p.key), key);
    const finished = { clipsTotal: plans.length, clipsCached, narrationStartFrames: timeline.segments.map((s) => s.narrationStartFrame) };
    if (toEncode.length === 0) {
      // Nothing to encode and the video on disk is this very join: joining again would write the same bytes.
      const kept = await joinedVideo(cache.dir, input.outputPath, joined);
      if (kept !== null) {
        progress.complete();
        return { ...kept, ...finished, outputPath: input.outputPath };
      }
    }

    await fs.mkdir(path.dirname(input.outputPath), { recursive: true });
    const tmpPath = path.join(
      path.dirname(input.outputPath),
      `.${path.basename(input.outputPath)}.${randomBytes(6).toString('hex')}.partial`,
    );
    const builtSoundtrackPath = `${tmpPath}.wav`;
    const listPath = `${tmpPath}.txt`;
    try {
      const lanes = Math.min(input.maxParallelClips ?? defaultClipParallelism(size.width, size.height), toEncode.length);
      // Narrations at their frame-exact starts, silence in the pauses, music under them, one loudness pass.
      const soundtrackPlan: SoundtrackPlan = {
        ffmpegPath: input.ffmpegPath,
        outputPath: builtSoundtrackPath,
        durationSeconds: timeline.totalFrames / input.fps,
        narrations: timeline.segments.map((seg, i) => ({
          audioPath: input.segments[i]!.audioPath,
          startSeconds: seg.narrationStartFrame / input.fps,
          durationSeconds: durations[i]!,
        })),
        music: input.music,
        loudnessTargetLufs,
      };
      const soundtrackPath = await alongside(signal, (work) => cachedSoundtrack(new SoundtrackCache(cache.dir), key, soundtrackPlan, work), (work) =>
        encodeClips({ input, size, encoder, plans: toEncode, lanes, cache, progress, signal: work, clipPaths, captions }),
      );
      if (signal.aborted) throw abortReason(signal);
      progress.phase('Finalizing');
      const clipFiles = plans.map((_, i) => clipPaths[i] as string);
      // Copying the samples in Node is linear in bytes; ffmpeg's concat demuxer (the fallback
      // for clips the copy does not understand) opens and probes every clip.
      if (!(await joinByCopy(clipFiles, soundtrackPath, tmpPath, { fps: input.fps }))) {
        await fs.writeFile(listPath, buildClipList(plans.map((p, i) => ({ path: clipFiles[i]!, frameCount: p.frameCount })), input.fps));
        await joinClips(input.ffmpegPath, listPath, soundtrackPath, tmpPath, signal);
      }
      if (signal.aborted) throw abortReason(signal);
      const result = await verifyOutput({ ...input, ...size }, tmpPath, timeline.totalFrames, timeline.totalFrames / input.fps, signal);
      await fs.rename(tmpPath, input.outputPath);
      await recordJoinedVideo(cache.dir, input.outputPath, joined, result);
      await cache.evict(new Set([...clipPaths.map((p) => p as string), soundtrackPath]));
      progress.complete();
      return { ...result, ...finished, outputPath: input.outputPath };
    } finally {
      await Promise.all([tmpPath, builtSoundtrackPath, listPath].map((p) => fs.rm(p, { force: true })));
    }
  } catch (err) {
    if (signal.aborted) throw abortReason(signal);
    throw err;
  } finally {
    progress.stop();
    if (tempClipRoot !== null) await fs.rm(tempClipRoot, { recursive: true, force: true });
  }
}

/**
 * Runs the soundtrack and the clip encodes at the same time: the soundtrack's ffmpeg
 * passes are mostly single-threaded and fill the gaps the encoders leave (a one-edit
 * re-render waits for one or two clips, not for them and then the soundtrack). The first
 * failure, or the caller's cancel, stops both, and both have stopped when this returns.
 */
async function alongside<T>(
  signal: AbortSignal,
  first: (work: AbortSignal) => Promise<T>,
  second: (work: AbortSignal) => Promise<void>,
): Promise<T> {
  const work = new AbortController();
  const onCallerAbort = (): void => work.abort(abortReason(signal));
  if (signal.aborted) throw abortReason(signal);
  signal.addEventListener('abort', onCallerAbort, { once: true });
  let failure: { err: unknown } | null = null;
  const stopOnFailure = (err: unknown): never => {
    failure ??= { err };
    work.abort(err);
    throw err;
  };
  try {
    const results = await Promise.allSettled([first(work.signal).catch(stopOnFailure), second(work.signal).catch(stopOnFailure)]);
    if (failure !== null) throw (failure as { err: unknown }).err;
    return (results[0] as PromiseFulfilledResult<T>).value;
  } finally {
    signal.removeEventListener('abort', onCallerAbort);
  }
}

/** Each clip's content and its cache key. */
function planClips(
  input: RenderInput,
  timeline: Timeline,
  imageHashes: readonly string[],
  size: { width: number; height: number },
  quality: QualityMode,
  encoderArgs: readonly string[],
  captions: CaptionTrack | null,
): ClipPlan[] {
  const kind = input.transition ?? 'cut';
  const pictureKey = (p: PicturePlan): PictureKey => {
    const s = input.segments[p.segment]!;
    return {
      imageHash: imageHashes[p.segment]!,
      motion: s.motion ?? presetForPosition(p.segment),
      focus: s.focus ?? null,
      spanFrames: p.spanFrames,
      offset: p.offset,
    };
  };
  const seen = (segment: number, clipStart: number): PicturePlan => {
    const s = timeline.segments[segment]!;
    return { segment, spanFrames: s.visibleFrames, offset: clipStart - s.visibleStartFrame };
  };
  return timeline.clips.map((clip, clipIndex) => {
    const i = clip.segmentIndex;
    const picture = seen(i, clip.startFrame);
    const outgoing = clip.kind === 'transition' ? seen(i - 1, clip.startFrame) : null;
    const transition = { kind, frames: outgoing === null ? 0 : clip.frameCount };
    const clipCaptions = captions?.forClip(clip.startFrame, clip.frameCount) ?? { key: null, cues: [] };
    const key = clipKey({
      ...size,
      fps: input.fps,
      zoomIntensity: input.zoomIntensity,
      frameCount: clip.frameCount,
      quality,
      encoderArgs,
      picture: pictureKey(picture),
      transition: outgoing === null ? null : { ...transition, outgoing: pictureKey(outgoing) },
      ...(clipCaptions.key === null ? {} : { captions: clipCaptions.key }),
    });
    return { key, clipIndex, segmentIndex: i, frameCount: clip.frameCount, transition, picture, outgoing, captions: clipCaptions };
  });
}

type EncodeContext = {
  input: RenderInput;
  size: { width: number; height: number };
  encoder: EncoderSettings;
  plans: readonly ClipPlan[];
  lanes: number;
  cache: ClipCache;
  progress: ProgressReporter;
  signal: AbortSignal;
  /** Filled in with each encoded clip's cache path, by clip index. */
  clipPaths: (string | null)[];
  captions: CaptionTrack | null;
};

/**
 * Encodes the clips on `lanes` lanes, each run of consecutive clips by one encoder (see
 * clipRuns). Progress is the sum of frames encoded over all lanes, so it rises
 * monotonically however the runs interleave. The first failure stops every lane (and so
 * every encoder); the clips finished before it are kept in the cache, partial ones removed.
 */
async function encodeClips(ctx: EncodeContext): Promise<void> {
  const { input, size, plans, progress, cache } = ctx;
  if (plans.length === 0) return;
  const stop = new AbortController();
  const onCallerAbort = (): void => stop.abort(abortReason(ctx.signal));
  ctx.signal.addEventListener('abort', onCallerAbort, { once: true });
  const framesByRun = new Map<ClipPlan, number>();
  const report = (run: readonly ClipPlan[], frames: number): void => {
    framesByRun.set(run[0]!, frames);
    let done = 0;
    for (const n of framesByRun.values()) done += n;
    const segment = planAtFrame(run, frames).segmentIndex + 1;
    progress.frames(done, segment, `Applying Ken Burns effect to segment ${segment} of ${input.segments.length}`);
  };
  const images = new PreparedImages(
    plans.map((p) => picturesOf(p).map((picture) => picture.segment)),
    (segment) =>
      prepareImage(input.segments[segment]!.imagePath, size, input.zoomIntensity, input.cacheDir).catch((err: unknown) => {
        throw segmentError(segment, 'prepare-image', 'the image could not be decoded', { cause: err });
      }),
  );
  const queue = clipRuns(plans, ctx.lanes);
  let failure: unknown = null;
  const runLane = async (): Promise<void> => {
    const lane = new ClipLane({
      ffmpegPath: input.ffmpegPath,
      ...size,
      fps: input.fps,
      encoder: ctx.encoder,
      countFrames: mp4VideoFrameCount,
    });
    const fail = (err: unknown): void => {
      failure ??= err;
      stop.abort(err);
    };
    const encodeRun = async (run: readonly ClipPlan[], onFramesSent: () => void): Promise<void> => {
      const folder = await cache.partialFolder();
      // Names the run's first segment until ffmpeg first reports (a short run may report only at its end).
      report(run, 0);
      try {
        await lane.encodeRun(run, (place) => prepareClipJob(input, size, run[place]!, images, ctx.captions), folder, stop.signal, {
          onFramesEncoded: (frames) => report(run, frames),
          onFramesSent,
          onClipEncoded: async (plan, clipPath) => {
            ctx.clipPaths[plan.clipIndex] = await cache.store(plan.key, clipPath, plan.frameCount);
          },
        });
        report(run, run.reduce((sum, p) => sum + p.frameCount, 0));
      } finally {
        await fs.rm(folder, { recursive: true, force: true });
      }
    };
    // Pipelined (DESIGN §7): the next run starts as soon as this one has all its frames, so
    // the worker warps it while x264 drains this one's last frames, instead of both waiting
    // on each other. Within a run the next clip's images are prepared while one is drawn.
    let draining: Promise<void> = Promise.resolve();
    try {
      for (let run = queue.shift(); run !== undefined && !stop.signal.aborted; run = queue.shift()) {
        let framesSent = (): void => undefined;
        const sent = new Promise<void>((resolve) => (framesSent = resolve));
        const encoded = encodeRun(run, framesSent).catch(fail);
        await Promise.race([sent, encoded]);
        // At most two runs per lane: the one taking frames and the one draining before it.
        await draining;
        draining = encoded;
      }
    } catch (err) {
      fail(err);
    } finally {
      await draining;
      await lane.close();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(ctx.lanes, queue.length) }, runLane));
  } finally {
    ctx.signal.removeEventListener('abort', onCallerAbort);
  }
  if (ctx.signal.aborted) throw abortReason(ctx.signal);
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows whatever stopped a clip's encoder
  if (failure !== null) throw failure;
  progress.phase('Encoding video');
}

/**
 * The clips to encode grouped into runs of consecutive clips, one encoder each (a
 * no-change gap between two edits starts a new run). With several lanes the longest runs
 * are halved until every lane has one, so parallel lanes still have work.
 */
export function clipRuns<T extends { clipIndex: number }>(plans: readonly T[], lanes: number): T[][] {
  const runs: T[][] = [];
  for (const plan of plans) {
    const last = runs.at(-1);
    if (last !== undefined && last.at(-1)!.clipIndex + 1 === plan.clipIndex) last.push(plan);
    else runs.push([plan]);
  }
  while (runs.length > 0 && runs.length < lanes) {
    const longest = runs.reduce((a, b) => (b.length > a.length ? b : a));
    if (longest.length < 2) break;
    const at = runs.indexOf(longest);
    runs.splice(at, 1, longest.slice(0, Math.ceil(longest.length / 2)), longest.slice(Math.ceil(longest.length / 2)));
  }
  return runs;
}

/** The clip of a run that frame `frames` (counted from the run's start) falls in. */
function planAtFrame(run: readonly ClipPlan[], frames: number): ClipPlan {
  let end = 0;
  for (const plan of run) {
    end += plan.frameCount;
    if (frames < end) return plan;
  }
  return run.at(-1)!;
}

/** The pictures a clip draws: a transition's outgoing picture first, then the clip's own. */
function picturesOf(plan: ClipPlan): PicturePlan[] {
  return plan.outgoing === null ? [plan.picture] : [plan.outgoing, plan.picture];
}

async function prepareClipJob(
  input: RenderInput,
  size: { width: number; height: number },
  plan: ClipPlan,
  images: PreparedImages,
  captions: CaptionTrack | null,
): Promise<ClipJob> {
  // Every picture the constructor counted for this clip is taken once.
  const pictures = await Promise.all(
    picturesOf(plan).map(async (p): Promise<PictureJob> => {
      const s = input.segments[p.segment]!;
      const image = await images.take(p.segment);
      return { image, motion: s.motion ?? presetForPosition(p.segment), focus: s.focus ?? null, spanFrames: p.spanFrames, offset: p.offset };
    }),
  );
  return {
    clipIndex: plan.clipIndex,
    segmentIndex: plan.segmentIndex,
    frameCount: plan.frameCount,
    output: size,
    zoomIntensity: input.zoomIntensity,
    transition: plan.transition,
    picture: pictures.at(-1)!,
    outgoing: pictures.length === 2 ? pictures[0]! : null,
    captions: captions === null ? [] : await captions.rasterize(plan.captions, size),
  };
}

async function joinClips(ffmpegPath: string, listPath: string, soundtrackPath: string, outputPath: string, signal: AbortSignal): Promise<void> {
  const result = await runProcess(ffmpegPath, buildJoinArgs({ clipListPath: listPath, soundtrackPath, outputPath }), { signal }).done.catch(
    (err: unknown) => {
      throw new RenderError('FFmpeg could not be started', { stage: 'finalize', cause: err });
    },
  );
  if (signal.aborted) throw abortReason(signal);
  if (result.exitCode !== 0) throw new RenderError('The clips could not be joined into one video', { stage: 'finalize', stderrTail: result.stderrTail });
}

async function requireBinaries(input: RenderInput): Promise<void> {
  for (const result of await Promise.all([checkFfmpeg(input.ffmpegPath), checkFfprobe(input.ffprobePath)])) {
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
    let seconds: number | null = await wavDurationSeconds(segment.audioPath);
    try {
      seconds ??= audioDurationSeconds(await probeFile(input.ffprobePath, segment.audioPath, signal));
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

/**
 * The narration WAVs StoryFlow writes carry their length in the header: reading it saves
 * one ffprobe per segment, which is most of a no-change re-render's time. Anything else
 * (or a header that does not add up) goes to ffprobe.
 */
async function wavDurationSeconds(file: string): Promise<number | null> {
  if (!file.toLowerCase().endsWith('.wav')) return null;
  try {
    const info = await readWavInfo(file);
    return info.durationSeconds > 0 ? info.durationSeconds : null;
  } catch {
    return null;
  }
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

async function verifyOutput(
  input: RenderInput,
  tmpPath: string,
  expectedFrames: number,
  audioSeconds: number,
  signal: AbortSignal,
): Promise<JoinedVideo> {
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
    // r_frame_rate is the stream's frame rate; the average drifts by the AAC tail that outlasts the last frame.
    fps: parseFrameRate(video.r_frame_rate) ?? input.fps,
  };
}
