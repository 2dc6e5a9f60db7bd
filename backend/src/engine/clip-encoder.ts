/**
 * Encodes clips: a lane is one frame worker plus one ffmpeg per run of consecutive clips,
 * fed through a FIFO; the segment muxer writes one file per clip (ffmpeg.ts). A lane may
 * start its next run once the current one has all its frames (the worker then warps the
 * next run while x264 still drains the last one), so up to two ffmpegs of a lane run at
 * once; frames are routed to their run's encoder by clip index. Several lanes run in
 * parallel (video-renderer.ts decides how many).
 * Clips are written into a temporary folder, and a clip is handed on only once ffmpeg has
 * listed it as complete and its frame count checks out, so a half-written clip is never used.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { abortReason, RenderError, segmentError } from './errors.js';
import { buildClipRunEncodeArgs, runProcess, type ProcessResult } from './ffmpeg.js';
import { openFramePipe } from './frame-pipe.js';
import type { ClipJob } from './frame-protocol.js';
import { FrameSource } from './frame-source.js';
import type { EncoderSettings } from './quality.js';

export type ClipEncodeSettings = {
  ffmpegPath: string;
  width: number;
  height: number;
  fps: number;
  encoder: EncoderSettings;
  countFrames: (clipPath: string) => Promise<number | null>;
};

/** What the encoder must know of a clip before its frames exist. */
export type RunClip = { clipIndex: number; segmentIndex: number; frameCount: number };

export type ClipRunEvents<C extends RunClip> = {
  /** ffmpeg's running frame count over the whole run. */
  onFramesEncoded: (frames: number) => void;
  /** Every frame of the run has been handed to ffmpeg. */
  onFramesSent: () => void;
  /**
   * A clip is complete and checked at `clipPath` (inside the run's folder; take it away).
   * Called in order once the encoder has exited — also when a later clip failed, so the
   * finished ones are kept.
   */
  onClipEncoded: (clip: C, clipPath: string) => Promise<void>;
};

type FrameHandler = { onFrame: (frame: Uint8Array, release: () => void) => void; onError: (err: Error, workerDied: boolean) => void };

const CLIP_FILE = 'clip-%d.mp4';
const clipFile = (place: number): string => CLIP_FILE.replace('%d', String(place));

export class ClipLane {
  private readonly source: FrameSource;
  /** The runs being encoded, by the index of each of their clips. */
  private readonly handlers = new Map<number, FrameHandler>();

  constructor(private readonly settings: ClipEncodeSettings) {
    this.source = new FrameSource(settings.width, settings.height, {
      onFrame: (clip, frame, release) => this.handlers.get(clip)?.onFrame(frame, release),
      // A worker that died (clip −1) fails every clip it was drawing.
      onError: (clip, err) => {
        for (const [index, handler] of this.handlers) if (clip < 0 || index === clip) handler.onError(err, clip < 0);
      },
    });
  }

  /**
   * Encodes `clips` (consecutive on the timeline) with one ffmpeg into `folder`. `prepare(i)`
   * makes clip i's job; it is called in order, one clip ahead of the one being drawn, so a
   * long run holds the pictures of two or three clips at a time, not all of them.
   */
  async encodeRun<C extends RunClip>(
    clips: readonly C[],
    prepare: (place: number) => Promise<ClipJob>,
    folder: string,
    signal: AbortSignal,
    events: ClipRunEvents<C>,
  ): Promise<void> {
    const { settings } = this;
    // One controller stops this run: the caller's cancel, a worker failure or a dead ffmpeg.
    const stop = new AbortController();
    let failure: unknown = null;
    const fail = (err: unknown): void => {
      failure ??= err;
      stop.abort(err);
    };
    const onCallerAbort = (): void => fail(abortReason(signal));
    if (signal.aborted) throw abortReason(signal);
    signal.addEventListener('abort', onCallerAbort, { once: true });

    const totalFrames = clips.reduce((sum, c) => sum + c.frameCount, 0);
    const listPath = path.join(folder, 'clips.txt');
    const pipe = await openFramePipe();
    const ffmpeg = runProcess(
      settings.ffmpegPath,
      buildClipRunEncodeArgs({
        ...settings,
        videoSource: pipe?.path ?? 'pipe:0',
        clipFrameCounts: clips.map((c) => c.frameCount),
        clipPathPattern: path.join(folder, CLIP_FILE),
        listPath,
      }),
      {
        stdin: pipe === null,
        signal: stop.signal,
        onProgress: (p) => {
          if (p.frame !== null) events.onFramesEncoded(Math.min(p.frame, totalFrames));
        },
      },
    );
    const sink = pipe?.sink ?? ffmpeg.child.stdin;
    let written = 0;
    for (const clip of clips) {
      this.handlers.set(clip.clipIndex, {
        onFrame: (frame, release) => {
          if (sink === null || sink.destroyed) return;
          sink.write(frame, (err) => {
            if (err === null || err === undefined) release();
          });
          written += 1;
          if (written === totalFrames) {
            sink.end();
            events.onFramesSent();
          }
        },
        onError: (err, workerDied) =>
          fail(
            !workerDied
              ? segmentError(clip.segmentIndex, 'prepare-image', 'the image could not be turned into video frames', { cause: err })
              : new RenderError('The frame renderer stopped unexpectedly', { stage: 'encode', cause: err }),
          ),
      });
    }
    // Stopping the run also stops the feeding (that is not a failure of its own).
    const feeding = this.feed(clips, prepare, stop.signal).catch((err: unknown) => {
      if (!stop.signal.aborted) fail(err);
    });

    let result: ProcessResult;
    try {
      result = await ffmpeg.done;
    } catch (err) {
      fail(new RenderError('FFmpeg could not be started', { stage: 'encode', cause: err }));
      throw failure;
    } finally {
      stop.abort(new Error('encoder exited'));
      await feeding;
      for (const clip of clips) this.handlers.delete(clip.clipIndex);
      await pipe?.close();
      signal.removeEventListener('abort', onCallerAbort);
    }
    const finished = await this.handOnFinished(clips, folder, listPath, events);
    // TypeScript reads `failure` as still null here (the callbacks that set it are invisible to it).
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows whatever stopped the encode
    if (failure !== null) throw failure;
    const unfinished = clips[finished.count];
    if (unfinished === undefined) return;
    if (finished.short !== null) {
      throw segmentError(unfinished.segmentIndex, 'encode', `its clip has ${finished.short} frames instead of ${unfinished.frameCount}`);
    }
    throw segmentError(unfinished.segmentIndex, 'encode', 'the video encoder stopped with an error', { stderrTail: result.stderrTail });
  }

  /** Posts the run's jobs to the worker in order, each once the one before the last is drawn. */
  private async feed(clips: readonly RunClip[], prepare: (place: number) => Promise<ClipJob>, signal: AbortSignal): Promise<void> {
    let next: Promise<ClipJob> | undefined = prepare(0);
    for (let place = 0; next !== undefined; place++) {
      const job = await next;
      if (signal.aborted) return;
      this.source.addClip(job);
      next = place + 1 < clips.length ? prepare(place + 1) : undefined;
      // Awaited in its turn; until then a failure must not count as unhandled.
      next?.catch(() => undefined);
      if (next !== undefined) await this.source.clipDone(job.clipIndex, signal);
    }
  }

  /**
   * Hands on, in order, the clips ffmpeg listed as complete and that have all their frames.
   * A stopped ffmpeg closes and lists the clip it was writing too, so a listed clip that is
   * short ends the list (`short`: its frame count) rather than being kept.
   */
  private async handOnFinished<C extends RunClip>(
    clips: readonly C[],
    folder: string,
    listPath: string,
    events: ClipRunEvents<C>,
  ): Promise<{ count: number; short: number | null }> {
    const listed = new Set((await fs.readFile(listPath, 'utf8').catch(() => '')).split('\n').map((line) => path.basename(line.trim())));
    for (const [place, clip] of clips.entries()) {
      if (!listed.has(clipFile(place))) return { count: place, short: null };
      const clipPath = path.join(folder, clipFile(place));
      const frames = await this.settings.countFrames(clipPath);
      if (frames !== clip.frameCount) return { count: place, short: frames ?? 0 };
      await events.onClipEncoded(clip, clipPath);
    }
    return { count: clips.length, short: null };
  }

  async close(): Promise<void> {
    await this.source.close();
  }
}
