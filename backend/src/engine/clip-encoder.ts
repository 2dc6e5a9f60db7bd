/**
 * Encodes clips: a lane is one frame worker plus one ffmpeg per clip, fed through a FIFO.
 * A lane may start its next clip once the current one has all its frames (the worker then
 * warps the next clip while x264 still drains the last one), so up to two ffmpegs of a
 * lane run at once; frames are routed to their clip's encoder by segment index. Several
 * lanes run clips in parallel (video-renderer.ts decides how many).
 * A clip is written under a temporary name and checked (frame count) before the caller
 * moves it into the cache, so a half-written clip is never used.
 */
import fs from 'node:fs/promises';
import { abortReason, RenderError, segmentError } from './errors.js';
import { buildClipEncodeArgs, runProcess, type ProcessResult } from './ffmpeg.js';
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

type FrameHandler = { onFrame: (frame: Uint8Array, release: () => void) => void; onError: (err: Error, workerDied: boolean) => void };

export class ClipLane {
  private readonly source: FrameSource;
  /** The clips being encoded, by clip index. */
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
   * Encodes `job` into `partialPath`; `onFramesEncoded` gets ffmpeg's running frame count,
   * `onFramesSent` is called once every frame has been handed to ffmpeg.
   */
  async encode(
    job: ClipJob,
    partialPath: string,
    signal: AbortSignal,
    onFramesEncoded: (frames: number) => void,
    onFramesSent: () => void = () => undefined,
  ): Promise<void> {
    const { settings } = this;
    // One controller stops this clip: the caller's cancel, a worker failure or a dead ffmpeg.
    const stop = new AbortController();
    let failure: unknown = null;
    const fail = (err: unknown): void => {
      failure ??= err;
      stop.abort(err);
    };
    const onCallerAbort = (): void => fail(abortReason(signal));
    if (signal.aborted) throw abortReason(signal);
    signal.addEventListener('abort', onCallerAbort, { once: true });

    const pipe = await openFramePipe();
    const ffmpeg = runProcess(
      settings.ffmpegPath,
      buildClipEncodeArgs({ ...settings, videoSource: pipe?.path ?? 'pipe:0', outputPath: partialPath }),
      {
        stdin: pipe === null,
        signal: stop.signal,
        onProgress: (p) => {
          if (p.frame !== null) onFramesEncoded(Math.min(p.frame, job.frameCount));
        },
      },
    );
    const sink = pipe?.sink ?? ffmpeg.child.stdin;
    let written = 0;
    this.handlers.set(job.clipIndex, {
      onFrame: (frame, release) => {
        if (sink === null || sink.destroyed) return;
        sink.write(frame, (err) => {
          if (err === null || err === undefined) release();
        });
        written += 1;
        if (written === job.frameCount) {
          sink.end();
          onFramesSent();
        }
      },
      onError: (err, workerDied) =>
        fail(
          !workerDied
            ? segmentError(job.segmentIndex, 'prepare-image', 'the image could not be turned into video frames', { cause: err })
            : new RenderError('The frame renderer stopped unexpectedly', { stage: 'encode', cause: err }),
        ),
    });
    this.source.addClip(job);

    let result: ProcessResult;
    try {
      result = await ffmpeg.done;
    } catch (err) {
      fail(new RenderError('FFmpeg could not be started', { stage: 'encode', cause: err }));
      throw failure;
    } finally {
      this.handlers.delete(job.clipIndex);
      await pipe?.close();
      signal.removeEventListener('abort', onCallerAbort);
    }
    // TypeScript reads `failure` as still null here (the callbacks that set it are invisible to it).
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows whatever stopped the encode
    if (failure !== null) throw failure;
    if (result.exitCode !== 0 || written < job.frameCount) {
      throw segmentError(job.segmentIndex, 'encode', 'the video encoder stopped with an error', { stderrTail: result.stderrTail });
    }
    const frames = await settings.countFrames(partialPath);
    if (frames !== job.frameCount) {
      await fs.rm(partialPath, { force: true });
      throw segmentError(job.segmentIndex, 'encode', `its clip has ${frames ?? 'no'} frames instead of ${job.frameCount}`);
    }
  }

  async close(): Promise<void> {
    await this.source.close();
  }
}
